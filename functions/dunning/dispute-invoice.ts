import { today } from '#shared/clock.ts';
import { disputeInput } from '#shared/dunning/inputs.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from '../adapters/http.ts';
import { invoiceByNumber, invoicesOfParent } from '../payments/account-store.ts';
import { wakeCases } from './dunning-store.ts';
import { setDispute } from './plan-store.ts';

/**
 * POST /invoices/{number}/dispute and POST /invoices/{number}/dispute/resolved (admin), DUN-11: an invoice
 * that is the subject of an open complaint is not dunned while it runs; resolved, its dunning resumes on
 * the next working day with the step that was next. Waiting cases are told at once.
 */
async function disputed(number: string) {
  const invoice = await invoiceByNumber(number, { whole: true });
  if (!invoice || invoice.status === 'void')
    throw new HttpError(404, { error: `invoice ${number} not found` });
  return invoice;
}

export const handler = httpHandler(async (event) => {
  const number = pathParameter(event, 'number');
  const resolving = event.rawPath?.endsWith('/resolved') ?? false;
  const input = resolving ? {} : parseJsonBody(event, disputeInput);
  const invoice = await disputed(number);
  const changed = await setDispute(
    invoice,
    resolving ? { resolvedOn: today() } : { since: today(), ...input },
  );
  if (!changed && resolving && !invoice.disputeResolvedOn)
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'number', problem: `invoice ${number} is not disputed` }],
    });
  const records = await invoicesOfParent(invoice.parentId);
  await wakeCases(
    records.filter((r) => r.number === number),
    resolving ? 'dispute resolved' : 'disputed',
  );
  const now = records.find((r) => r.number === number);
  return json(200, {
    invoice: number,
    disputed: !resolving,
    ...(now?.dispute ? { dispute: now.dispute } : {}),
    ...(now?.disputeResolvedOn ? { resolvedOn: now.disputeResolvedOn } : {}),
    repeated: !changed,
  });
});
