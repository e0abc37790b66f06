import { today } from '#shared/clock.ts';
import { cancellationFee } from '#shared/contract-lifecycle.ts';
import { cancellationEmail } from '#shared/emails.ts';
import { billable, type ExtraRecord } from '#shared/invoices.ts';
import { conflict, contractOfRequest, publicContract } from './adapters/contract-request.ts';
import { ContractStateError, cancel, nextOpenInvoiceMonth } from './adapters/contract-store.ts';
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
  const terms = billable(contract).terms[0];
  const fee = terms ? cancellationFee(contract.product, terms, contract.start, await loadPolicy()) : 0;
  const extra: ExtraRecord = {
    type: 'extra',
    id: `cancellation-${contract.id}`,
    contractId: contract.id,
    parentId: contract.parentId,
    kind: 'cancellation-fee',
    date: on,
    description: `Annuleringskosten overeenkomst ${contract.id}`,
    amount: fee,
    billMonth: await nextOpenInvoiceMonth(contract.parentId, on),
  };
  try {
    await cancel(contract, on, extra.id, extra);
  } catch (error) {
    if (error instanceof ContractStateError) throw conflict(`contract ${contract.id} is ${contract.status}`);
    throw error;
  }
  const updated = (await getContract(contract.id)) ?? contract;
  await sendEmailOnce(cancellationEmail(parent, updated, fee));
  return json(200, { contract: publicContract(updated), fee });
});
