import { today } from '#shared/clock.ts';
import {
  type InvoiceRecord,
  invoiceId,
  invoiceLines,
  invoiceNumber,
  overageMonth,
} from '#shared/invoices.ts';
import { debitDate } from '#shared/invoicing.ts';
import type { Policy } from '#shared/policy.ts';
import {
  bookingsFor,
  contractsPage,
  extrasFor,
  invoicedParents,
  putInvoices,
  reservePage,
} from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { pageStep, parseStepInput } from './adapters/step-input.ts';

/** How many contracts a page holds. */
const PAGE_SIZE = Number(process.env.INVOICE_PAGE_SIZE ?? 1000);

type Cursor = Record<string, unknown> | null;
type Progress = { page: number; cursor: Cursor; done: boolean; firstRun: boolean };

/**
 * Invoice run, one step: up to INVOICE_PAGES_PER_CALL pages (default 5), each the contracts of a page of
 * parents, their extras and bookings, one invoice per parent (INV-4). Numbers are reserved with the page,
 * invoices written in batches, and the next page is read while the last one is written. A page that runs
 * again writes only what is missing, with the numbers it reserved the first time.
 */
export async function handler(input: unknown): Promise<Progress> {
  const { month, page, cursor, firstRun } = parseStepInput(pageStep, input);
  const pagesPerCall = Number(process.env.INVOICE_PAGES_PER_CALL ?? 5);
  const policy = await loadPolicy();
  let progress: Progress = { page, cursor: cursor ?? null, done: false, firstRun };
  let writing: Promise<unknown> = Promise.resolve();
  try {
    for (let n = 0; n < pagesPerCall && !progress.done; n++) {
      const prepared = await preparePage(month, progress, policy);
      // At most one page's writes in flight: they overlap the next page's reads, not each other.
      await writing;
      writing = putInvoices(prepared.invoices);
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
  { page, cursor, firstRun }: Progress,
  policy: Policy,
): Promise<{ invoices: InvoiceRecord[]; next: Progress }> {
  const batch = await contractsPage(cursor ?? undefined, PAGE_SIZE);
  const parents = [...batch.byParent.keys()];
  const next: Progress = batch.next
    ? { page: page + 1, cursor: batch.next, done: false, firstRun }
    : { page: page + 1, cursor: null, done: true, firstRun };
  if (!parents.length) return { invoices: [], next };
  const [first, last] = [parents[0] as string, parents.at(-1) as string];
  const [extras, bookings] = await Promise.all([
    extrasFor(month, first, last),
    bookingsFor(overageMonth(month), first, last),
  ]);
  const issuedOn = today();
  const planned: Omit<InvoiceRecord, 'number'>[] = [];
  const skipped: { parent: string; reason: string }[] = [];
  for (const parentId of parents) {
    const result = invoiceLines(
      batch.byParent.get(parentId) ?? [],
      extras.filter((e) => e.parentId === parentId),
      month,
      policy,
      bookings.filter((b) => b.parentId === parentId),
    );
    if ('skip' in result) {
      skipped.push({ parent: parentId, reason: result.skip });
      continue;
    }
    planned.push({
      type: 'invoice',
      id: invoiceId(parentId, month),
      parentId,
      month,
      issuedOn,
      debitOn: debitDate(month),
      lines: result.lines,
      total: result.total,
      status: 'open',
      paid: 0,
    });
  }
  const year = month.slice(0, 4);
  const reserved = await reservePage(
    {
      month,
      page,
      year,
      contracts: batch.contracts,
      issued: planned.length,
      total: planned.reduce((sum, i) => sum + i.total, 0),
      skipped,
    },
    planned.map((p) => p.parentId),
  );
  // A page reserved just now, in the month's first run, cannot have invoices written before: only a
  // page that runs again, or a run repeated, reads which of its invoices exist already.
  const existing =
    firstRun && reserved.fresh
      ? new Set<string>()
      : await invoicedParents(
          planned.map((p) => p.parentId),
          month,
        );
  const missing = planned.filter(
    (p) => !existing.has(p.parentId) && reserved.assignments[p.parentId] !== undefined,
  );
  return {
    invoices: missing.map((p) => ({
      ...p,
      number: invoiceNumber(year, reserved.assignments[p.parentId] as number),
    })),
    next,
  };
}
