import { invoiceLines, overageMonth } from '#shared/invoices.ts';
import { httpHandler, json, monthParameter } from './adapters/http.ts';
import { bookingsFor, contractsPage, extrasFor, invoicedParents } from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';

/** GET /invoice-runs/{month}/preview (admin): the run as a dry run: what it would issue, writing nothing. */
export const handler = httpHandler(async (event) => {
  const month = monthParameter(event.pathParameters?.month);
  let cursor: Record<string, unknown> | undefined;
  let invoices = 0;
  let total = 0;
  let contracts = 0;
  let alreadyIssued = 0;
  const skipped: { parent: string; reason: string }[] = [];
  const policy = await loadPolicy();
  do {
    const page = await contractsPage(cursor, 500);
    const parents = [...page.byParent.keys()];
    contracts += page.contracts;
    if (parents.length) {
      const [first, last] = [parents[0] as string, parents.at(-1) as string];
      const [extras, bookings] = await Promise.all([
        extrasFor(month, first, last),
        bookingsFor(overageMonth(month), first, last),
      ]);
      const existing = await invoicedParents(parents, month);
      for (const parentId of parents) {
        const result = invoiceLines(
          page.byParent.get(parentId) ?? [],
          extras.filter((e) => e.parentId === parentId),
          month,
          policy,
          bookings.filter((b) => b.parentId === parentId),
        );
        if ('skip' in result) skipped.push({ parent: parentId, reason: result.skip });
        else if (existing.has(parentId)) alreadyIssued++;
        else {
          invoices++;
          total += result.total;
        }
      }
    }
    cursor = page.next;
  } while (cursor);
  return json(200, { month, dryRun: true, contracts, invoices, total, alreadyIssued, skipped });
});
