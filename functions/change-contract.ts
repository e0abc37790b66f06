import { today } from '#shared/clock.ts';
import { changeEffective, changeFee } from '#shared/contract-lifecycle.ts';
import { billable, type ExtraRecord } from '#shared/invoices.ts';
import { monthOf, termsOn } from '#shared/invoicing.ts';
import { contractChangeEmail } from '#shared/messages/contract-change.ts';
import {
  type ContractChange,
  type ContractRecord,
  contractChangeInput,
  describeIssues,
  validCareTerms,
} from '#shared/records.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { conflict, contractOfRequest, invalid, publicContract } from './adapters/contract-request.ts';
import {
  addChange,
  ContractStateError,
  finalSettlement,
  nextOpenInvoiceMonth,
  RequestConflictError,
} from './adapters/contract-store.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { getContract } from './adapters/store.ts';

/**
 * POST /contracts/{id}/changes (admin): CON-4. A reduction takes effect at the latest a month after it is
 * received; the third and later change in a calendar year costs the policy's fee, on the next invoice.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, contractChangeInput);
  const { contract, parent } = await contractOfRequest(event);
  const policy = await loadPolicy();
  const receivedOn = today();
  const when = changeEffective(receivedOn, input.effective);
  if ('problem' in when) throw invalid('effective', when.problem);
  if (when.effective > contract.end)
    throw invalid('effective', `is after the contract's last day, ${contract.end}`);
  // CON-4: the change inherits what it does not change from the terms in force on its effective date.
  const inForce = termsOn(billable(contract), when.effective);
  const after = {
    weeks: input.weeks ?? inForce?.weeks,
    schedule: input.schedule ?? inForce?.schedule,
    hoursPerMonth: input.hoursPerMonth ?? inForce?.hoursPerMonth,
  };
  const checked = validCareTerms.safeParse({
    child: contract.child,
    location: contract.location,
    product: contract.product,
    weeks: after.weeks,
    schedule: after.schedule,
    hoursPerMonth: after.hoursPerMonth,
    start: contract.start,
  });
  if (!checked.success) {
    const [first] = describeIssues(checked.error);
    if (first) throw invalid(first.field, first.problem);
  }

  const { id: _id, effective: _effective, ...content } = input;
  const request = {
    id: input.id ?? `change-${receivedOn}-${when.effective}-${requestFingerprint(content).slice(0, 8)}`,
    fingerprint: requestFingerprint({ ...content, effective: input.effective }),
    settlesFrom: monthOf(when.effective),
  };
  const requestId = request.id;
  const year = receivedOn.slice(0, 4);
  const earlier = (contract.changes ?? []).filter((c) => c.requestedOn.startsWith(year)).length;
  const fee = changeFee(earlier, policy);
  // Only what changes is stored: the rest follows the terms in force, whatever changes come before it.
  const change: ContractChange = {
    requestedOn: receivedOn,
    effective: when.effective,
    ...(input.weeks !== undefined ? { weeks: input.weeks } : {}),
    ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
    ...(input.hoursPerMonth !== undefined ? { hoursPerMonth: input.hoursPerMonth } : {}),
  };
  const feeExtra: ExtraRecord | undefined = fee
    ? {
        type: 'extra',
        id: requestId,
        contractId: contract.id,
        parentId: contract.parentId,
        kind: 'change-fee',
        date: receivedOn,
        description: `Wijzigingskosten overeenkomst ${contract.id}`,
        amount: fee,
        billMonth: await nextOpenInvoiceMonth(receivedOn),
      }
    : undefined;
  // Art. 8.5: a month invoiced already from the effective date on is settled on the next invoice.
  const changed: ContractRecord = { ...contract, changes: [...(contract.changes ?? []), change] };
  const settled = await finalSettlement({
    contract,
    after: changed,
    fromMonth: monthOf(when.effective),
    policy,
    requestId,
    on: receivedOn,
    why: 'wijziging',
  });
  try {
    await addChange(contract, change, request, feeExtra, settled);
  } catch (error) {
    if (error instanceof RequestConflictError) throw conflict(error.message);
    if (error instanceof ContractStateError) throw conflict(`contract ${contract.id} is ${contract.status}`);
    throw error;
  }
  const updated = (await getContract(contract.id)) ?? contract;
  await sendEmailOnce(
    contractChangeEmail(
      parent,
      updated,
      { effective: when.effective, ref: `${contract.id}-${requestId}` },
      fee,
      policy,
    ),
  );
  return json(200, { contract: publicContract(updated), change, fee });
});
