import { today } from '#shared/clock.ts';
import { cancellationFee } from '#shared/contract-lifecycle.ts';
import { billable, type ExtraRecord } from '#shared/invoices.ts';
import { monthOf } from '#shared/invoicing.ts';
import { cancellationEmail } from '#shared/messages/cancellation.ts';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';
import { conflict, contractOfRequest, publicContract } from './adapters/contract-request.ts';
import {
  ContractStateError,
  cancel,
  finalSettlement,
  nextOpenInvoiceMonth,
} from './adapters/contract-store.ts';
import { httpHandler, json } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { getContract } from './adapters/store.ts';

/** POST /contracts/{id}/cancellation (admin): CON-5, cancelled before the start, at the cost of one month. */
export const handler = httpHandler(async (event) => {
  const { contract, parent } = await contractOfRequest(event);
  const on = today();
  if (contract.start <= on)
    throw conflict(`contract ${contract.id} started on ${contract.start}: give notice instead (CON-6)`);
  const { updated, fee } = await cancelBeforeStart(contract, parent, on);
  return json(200, { contract: publicContract(updated), fee });
});

/**
 * CON-5: a contract ended between signing and its start (by cancellation, or by a notice that reaches it
 * before it starts) costs one month's amount, and nothing else: months invoiced in advance already are
 * taken back by the final settlement on the next invoice (art. 8.5, issue 8 item 3).
 */
export async function cancelBeforeStart(
  contract: ContractRecord,
  parent: ParentRecord,
  on: string,
): Promise<{ updated: ContractRecord; fee: number }> {
  const policy = await loadPolicy();
  const terms = billable(contract).terms[0];
  const fee = terms ? cancellationFee(contract.product, terms, contract.start, policy) : 0;
  const requestId = `cancellation-${contract.id}`;
  const extra: ExtraRecord = {
    type: 'extra',
    id: requestId,
    contractId: contract.id,
    parentId: contract.parentId,
    kind: 'cancellation-fee',
    date: on,
    description: `Annuleringskosten overeenkomst ${contract.id}`,
    amount: fee,
    billMonth: await nextOpenInvoiceMonth(on),
  };
  const settled = await finalSettlement({
    contract,
    after: { ...contract, status: 'cancelled' },
    fromMonth: monthOf(contract.start),
    policy,
    requestId,
    on,
    why: 'annulering',
  });
  try {
    await cancel(
      contract,
      on,
      { id: requestId, fingerprint: 'cancellation', settlesFrom: monthOf(contract.start) },
      extra,
      settled,
    );
  } catch (error) {
    if (error instanceof ContractStateError) throw conflict(`contract ${contract.id} is ${contract.status}`);
    throw error;
  }
  const updated = (await getContract(contract.id)) ?? contract;
  await sendEmailOnce(cancellationEmail(parent, updated, fee, policy));
  return { updated, fee };
}
