import { today } from '#shared/clock.ts';
import { wakeCases } from '../dunning/dunning-store.ts';
import { setDispute } from '../dunning/plan-store.ts';
import { invoiceByNumber, invoicesOfParent } from '../payments/account-store.ts';

/**
 * DUN-11: a complaint about an invoice disputes it (not dunned) while the complaint runs; the answer, or
 * closing it, resolves the dispute (dunning resumes on the next working day with the step that was next).
 * Only the complaint that disputed an invoice resolves it. Waiting dunning cases are told at once.
 */
export async function disputeForComplaint(
  number: string,
  complaintId: string,
): Promise<'disputed' | 'unknown'> {
  const invoice = await invoiceByNumber(number, { whole: true });
  if (!invoice || invoice.status === 'void') return 'unknown';
  if (await setDispute(invoice, { since: today(), reason: `klacht ${complaintId}`, complaint: complaintId }))
    await wake(invoice.parentId, number, 'disputed');
  return 'disputed';
}

export async function resolveComplaintDispute(number: string, complaintId: string): Promise<void> {
  const invoice = await invoiceByNumber(number, { whole: true });
  if (invoice?.dispute?.complaint !== complaintId) return;
  if (await setDispute(invoice, { resolvedOn: today() }))
    await wake(invoice.parentId, number, 'dispute resolved');
}

async function wake(parentId: string, number: string, why: string): Promise<void> {
  const records = await invoicesOfParent(parentId);
  await wakeCases(
    records.filter((r) => r.number === number),
    why,
  );
}
