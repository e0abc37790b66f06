import { now, today } from '#shared/clock.ts';
import type { AccountEntry } from '#shared/payments/account.ts';
import { paymentInput } from '#shared/payments/inputs.ts';
import { HttpError, httpHandler, json, parseJsonBody } from '../adapters/http.ts';
import { getParent } from '../adapters/store.ts';
import { appendEntry, EntryConflictError, invoiceByNumber, parentAccount } from './account-store.ts';
import { accountView } from './account-view.ts';

function invalid(field: string, problem: string): HttpError {
  return new HttpError(400, { error: 'invalid request', issues: [{ field, problem }] });
}

/**
 * POST /payments (admin), issue 9 item 2: a transfer a staff member saw, booked on the parent's account
 * and allocated by DUN-7 (costs, interest, the oldest invoice; what is left a credit for the next
 * invoice). Idempotent by its reference: 201 booked, 200 the same payment again, 409 the reference
 * already used for another payment.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, paymentInput);
  if (input.date > today()) throw invalid('date', `must not be after today, ${today()}`);
  if (!(await getParent(input.parent)))
    throw new HttpError(404, { error: `parent ${input.parent} not found` });
  if (input.invoice) {
    const invoice = await invoiceByNumber(input.invoice);
    if (!invoice || invoice.status === 'void' || invoice.parentId !== input.parent)
      throw invalid('invoice', `is not an invoice of parent ${input.parent}`);
  }
  const entry: AccountEntry = {
    type: 'account-entry',
    parentId: input.parent,
    id: `staff#${input.reference}`,
    kind: 'payment',
    on: input.date,
    amount: input.amount,
    ...(input.invoice ? { invoice: input.invoice } : {}),
    source: { kind: 'staff', ref: input.reference },
    recordedAt: now().toISOString(),
  };
  let added: boolean;
  try {
    added = await appendEntry(entry);
  } catch (error) {
    if (!(error instanceof EntryConflictError)) throw error;
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'reference', problem: 'is already the reference of another payment' }],
    });
  }
  const account = await parentAccount(input.parent);
  return json(added ? 201 : 200, { payment: entry, repeated: !added, account: accountView(account) });
});
