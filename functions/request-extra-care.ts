import { today } from '#shared/clock.ts';
import { extraCareCharge, extraCareProblem } from '#shared/contract-lifecycle.ts';
import type { ExtraRecord } from '#shared/invoices.ts';
import { extraCareEmail } from '#shared/messages/extra-care.ts';
import { extraCareInput } from '#shared/records.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { conflict, contractOfRequest, invalid, refuseWhileSuspended } from './adapters/contract-request.ts';
import {
  addExtraCare,
  ContractStateError,
  nextOpenInvoiceMonth,
  RequestConflictError,
} from './adapters/contract-store.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { loadPolicy } from './adapters/policy-store.ts';

/**
 * POST /contracts/{id}/extra-care (admin): TAR-2/TAR-3. Requested at least 3 weeks ahead, billed at the
 * flexible rate of the care type per started half hour, on the next month's invoice.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, extraCareInput);
  const { contract, parent } = await contractOfRequest(event);
  refuseWhileSuspended(contract);
  const requestedOn = today();
  const problem = extraCareProblem(requestedOn, input.date);
  if (problem) throw invalid('date', problem);
  if (input.date < contract.start || input.date > contract.end)
    throw invalid('date', `is outside the contract (${contract.start} – ${contract.end})`);
  const policy = await loadPolicy();
  const { amount, hoursAtRate } = extraCareCharge(contract.product, input.hours, input.date, policy);
  const extra: ExtraRecord = {
    type: 'extra',
    // The default id derives from the content: a corrected request is a new one, not a dropped duplicate.
    id: input.id ?? `extra-care-${input.date}-${input.hours}h`,
    contractId: contract.id,
    parentId: contract.parentId,
    kind: 'extra-care',
    date: input.date,
    // The hours and the rate are on the line itself (hoursAtRates): the PDF and e-mail print them once.
    description: `Extra opvang ${contract.child.name} ${input.date}`,
    amount,
    hoursAtRates: [hoursAtRate],
    billMonth: await nextOpenInvoiceMonth(input.date),
  };
  let stored: ExtraRecord;
  try {
    const request = {
      id: extra.id,
      fingerprint: requestFingerprint({ date: input.date, hours: input.hours }),
    };
    const result = await addExtraCare(contract, extra, request);
    // A run that started meanwhile moves the charge to the next month: say the month it is billed in.
    stored = result.extras[0] ?? extra;
  } catch (error) {
    if (error instanceof RequestConflictError) throw conflict(error.message);
    if (error instanceof ContractStateError) throw conflict(`contract ${contract.id} is ${contract.status}`);
    throw error;
  }
  await sendEmailOnce(
    extraCareEmail(
      parent,
      contract,
      {
        id: `${contract.id}-${extra.id}`,
        date: stored.date,
        hours: input.hours,
        amount,
        billMonth: stored.billMonth,
      },
      policy,
    ),
  );
  return json(201, { extra: stored });
});
