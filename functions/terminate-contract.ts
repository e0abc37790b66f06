import { today } from '#shared/clock.ts';
import { terminationEnd } from '#shared/contract-lifecycle.ts';
import { monthOf } from '#shared/invoicing.ts';
import { terminationConfirmationEmail } from '#shared/messages/termination-confirmation.ts';
import { type ContractRecord, terminationInput } from '#shared/records.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { conflict, contractOfRequest, publicContract } from './adapters/contract-request.ts';
import {
  ContractStateError,
  finalSettlement,
  RequestConflictError,
  terminate,
} from './adapters/contract-store.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { getContract } from './adapters/store.ts';
import { cancelBeforeStart } from './cancel-contract.ts';

/**
 * POST /contracts/{id}/termination (admin): CON-6, notice with one month's notice period. Care and
 * invoicing end on the last day; the last month is billed pro rata (INV-2), which is the final settlement.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, terminationInput);
  const { contract, parent } = await contractOfRequest(event);
  const receivedOn = today();
  // CON-5: notice on a contract that has not started yet is a cancellation, with its fee.
  if (contract.status === 'active' && contract.start > receivedOn) {
    const { updated, fee } = await cancelBeforeStart(contract, parent, receivedOn);
    return json(200, { contract: publicContract(updated), cancelled: true, fee });
  }
  const policy = await loadPolicy();
  const end = terminationEnd(receivedOn, input.end, policy);
  const lastDay = end < contract.end ? end : contract.end;
  const requestId = `termination-${contract.id}`;
  const request = {
    id: requestId,
    fingerprint: requestFingerprint({ end: input.end, by: input.by }),
    settlesFrom: monthOf(lastDay),
  };
  // Art. 8.5: a month invoiced already beyond the last day is settled on the next invoice.
  const after: ContractRecord = { ...contract, end: lastDay, status: 'terminated' };
  const settled = await finalSettlement({
    contract,
    after,
    fromMonth: monthOf(lastDay),
    policy,
    requestId,
    on: receivedOn,
    why: 'opzegging',
  });
  try {
    await terminate(contract, lastDay, receivedOn, request, settled);
  } catch (error) {
    if (error instanceof RequestConflictError) throw conflict(error.message);
    if (error instanceof ContractStateError) throw conflict(`contract ${contract.id} is ${contract.status}`);
    throw error;
  }
  const updated = (await getContract(contract.id)) ?? contract;
  await sendEmailOnce(terminationConfirmationEmail(parent, updated, policy));
  return json(200, { contract: publicContract(updated) });
});
