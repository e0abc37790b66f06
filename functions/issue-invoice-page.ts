import { today } from '#shared/clock.ts';
import { overageMonth, planInvoices } from '#shared/invoices.ts';
import { openDebitDate } from '#shared/invoicing.ts';
import type { Policy } from '#shared/policy.ts';
import { type NumberedInvoices, numberPlannedInvoices } from './adapters/invoice-issuing.ts';
import {
  bookingsFor,
  collectableParents,
  cursorParent,
  extrasFor,
  getPage,
  putInvoices,
  runContractsPage,
  sepaExports,
} from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { pageStep, parseStepInput } from './adapters/step-input.ts';
import { creditsBetween } from './payments/account-store.ts';

/** How many contracts a page holds. */
const PAGE_SIZE = Number(process.env.INVOICE_PAGE_SIZE ?? 1000);

type Cursor = Record<string, unknown> | null;
type Progress = { page: number; cursor: Cursor; done: boolean; firstRun: boolean; attempt?: number };

/**
 * Invoice run, one step: up to INVOICE_PAGES_PER_CALL pages (default 5), each the contracts of a page of
 * parents, their extras and bookings, one invoice per parent (INV-4) as planned by `planInvoices`. Numbers
 * are reserved with the page, invoices written in batches, and the next page is read while the last one is
 * written. A page that runs again covers the same parents and writes only what is missing, with the numbers
 * it reserved the first time; a parent it has no number for yet (a contract added since) gets one.
 */
export async function handler(input: unknown): Promise<Progress> {
  const { month, page, cursor, firstRun, attempt } = parseStepInput(pageStep, input);
  const pagesPerCall = Number(process.env.INVOICE_PAGES_PER_CALL ?? 5);
  const policy = await loadPolicy();
  let progress: Progress = { page, cursor: cursor ?? null, done: false, firstRun, attempt };
  let writing: Promise<unknown> = Promise.resolve();
  try {
    for (let n = 0; n < pagesPerCall && !progress.done; n++) {
      const prepared = await preparePage(month, progress, policy);
      // At most one page's writes in flight: they overlap the next page's reads, not each other.
      await writing;
      writing = putInvoices(prepared.numbered.invoices);
      writing.catch(() => {}); // handled: awaited before the next page's writes, or at the end
      progress = prepared.next;
    }
  } finally {
    await writing;
  }
  return progress;
}

/** Reads a page, reserves its numbers, and returns the invoices it still has to write. */
async function preparePage(
  month: string,
  progress: Progress,
  policy: Policy,
): Promise<{ numbered: NumberedInvoices; next: Progress }> {
  const { page, cursor } = progress;
  // A page reserved before covers the parents it covered then (issue 8 item 5).
  const reserved = await getPage(month, page);
  const batch = await runContractsPage(
    { after: cursorParent(cursor), through: reserved?.lastParent, cursor },
    PAGE_SIZE,
  );
  const parents = [...batch.byParent.keys()];
  const next: Progress = { ...progress, page: page + 1, cursor: batch.cursor, done: !batch.more };
  if (!parents.length) return { numbered: { invoices: [], skipped: [] }, next };
  const [first, last] = [parents[0] as string, parents.at(-1) as string];
  // A month's first run has no batch written; a run finished after a failure may (issue 8 item 5).
  const [extras, bookings, exported, collectable, credits] = await Promise.all([
    extrasFor(month, first, last),
    bookingsFor(overageMonth(month), first, last),
    progress.firstRun ? [] : sepaExports(month),
    collectableParents(parents),
    creditsBetween(first, last),
  ]);
  const plan = planInvoices({
    month,
    issuedOn: today(),
    debitOn: openDebitDate(month, today(), new Set(exported.map((e) => e.collection))),
    collectable,
    credits,
    policy,
    parents,
    contracts: batch.byParent,
    extras,
    bookings,
  });
  const numbered = await numberPlannedInvoices(
    {
      kind: 'page',
      month,
      page,
      lastParent: reserved ? reserved.lastParent : batch.lastParent,
      contracts: batch.contracts,
      firstRun: progress.firstRun,
      reserved,
    },
    plan,
  );
  return { numbered, next };
}
