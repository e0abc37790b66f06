import { today } from '#shared/clock.ts';
import { overageMonth, planInvoices, type SkippedParent } from '#shared/invoices.ts';
import { debitDateFor } from '#shared/invoicing.ts';
import { httpHandler, json, pathParameter } from './adapters/http.ts';
import {
  bookingsFor,
  cursorParent,
  extrasFor,
  invoicedParents,
  runContractsPage,
} from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { creditsBetween } from './payments/account-store.ts';

/**
 * GET /invoice-runs/{month}/preview (admin): the run as a dry run, writing nothing. Issue 8 item 7: each
 * page is planned by `planInvoices`, the function the run issues by, so the preview cannot drift from it.
 */
export const handler = httpHandler(async (event) => {
  const month = pathParameter(event, 'month');
  const policy = await loadPolicy();
  const issuedOn = today();
  let cursor: Record<string, unknown> | null = null;
  let invoices = 0;
  let total = 0;
  let contracts = 0;
  let alreadyIssued = 0;
  const skipped: SkippedParent[] = [];
  for (;;) {
    const page = await runContractsPage({ after: cursorParent(cursor), cursor }, 500);
    const parents = [...page.byParent.keys()];
    contracts += page.contracts;
    if (parents.length) {
      const [first, last] = [parents[0] as string, parents.at(-1) as string];
      const [extras, bookings, existing, credits] = await Promise.all([
        extrasFor(month, first, last),
        bookingsFor(overageMonth(month), first, last),
        invoicedParents(parents, month),
        creditsBetween(first, last),
      ]);
      const plan = planInvoices({
        month,
        issuedOn,
        policy,
        parents,
        contracts: page.byParent,
        extras,
        bookings,
        credits,
        // What the preview shows does not depend on how each invoice will be paid.
        collectable: new Set(),
      });
      skipped.push(...plan.skipped);
      for (const invoice of plan.invoices) {
        if (existing.has(invoice.parentId)) alreadyIssued++;
        else {
          invoices++;
          total += invoice.total;
        }
      }
    }
    if (!page.more) break;
    cursor = page.cursor;
  }
  return json(200, {
    month,
    dryRun: true,
    contracts,
    invoices,
    total,
    // INV-5: the debit date the run would promise if it ran today.
    debitOn: debitDateFor(month, issuedOn),
    alreadyIssued,
    skipped,
  });
});
