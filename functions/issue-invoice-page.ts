import { today } from '#shared/clock.ts';
import {
  type InvoiceRecord,
  invoiceId,
  invoiceLines,
  invoiceNumber,
  overageMonth,
} from '#shared/invoices.ts';
import { debitDate } from '#shared/invoicing.ts';
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

/** How many contracts one step reads: a page is one Lambda call, well within its time. */
const PAGE_SIZE = Number(process.env.INVOICE_PAGE_SIZE ?? 1000);

/**
 * Invoice run, one page: the contracts of a page of parents, their extras, one invoice per parent
 * (INV-4). Numbers are reserved with the page, invoices written in batches; a page that runs again
 * writes only what is missing, with the numbers it reserved the first time.
 */
export async function handler(
  input: unknown,
): Promise<{ page: number; cursor: Record<string, unknown> | null; done: boolean }> {
  const { month, page, cursor } = parseStepInput(pageStep, input);
  const policy = await loadPolicy();
  const batch = await contractsPage(cursor ?? undefined, PAGE_SIZE);
  const parents = [...batch.byParent.keys()];
  const next = batch.next
    ? { page: page + 1, cursor: batch.next, done: false }
    : { page: page + 1, cursor: null, done: true };
  if (!parents.length) return next;

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
  // The reservation and the check for invoices written by an earlier attempt do not depend on each other.
  const [reserved, existing] = await Promise.all([
    reservePage(
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
    ),
    invoicedParents(
      planned.map((p) => p.parentId),
      month,
    ),
  ]);
  const missing = planned.filter(
    (p) => !existing.has(p.parentId) && reserved.assignments[p.parentId] !== undefined,
  );
  await putInvoices(
    missing.map((p) => ({ ...p, number: invoiceNumber(year, reserved.assignments[p.parentId] as number) })),
  );
  return next;
}
