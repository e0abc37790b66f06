import { today } from '#shared/clock.ts';
import { reviseNumbers } from '#shared/invoice-numbering.ts';
import {
  type InvoicePlan,
  type InvoiceRecord,
  invoiceId,
  invoiceNumber,
  type SkippedParent,
} from '#shared/invoices.ts';
import { debitDate } from '#shared/invoicing.ts';
import { keys } from '#shared/keys.ts';
import {
  getLatePass,
  getPage,
  invoicedParents,
  type PageRecord,
  putVoidInvoices,
  type ReservationRecord,
  reserveLatePass,
  reservePage,
  reviseReservation,
} from './invoice-store.ts';

/**
 * Numbers for planned invoices (INV-4): the group of parents (a page of the run, or a month's supplementary
 * passes) reserves its numbers in one transaction with its record before anything is written; a group run
 * again finds its record, and its reservation is revised when its parents changed meanwhile, so that every
 * parent is invoiced or listed as skipped with the reason, and no number is given twice (issue 8 item 5).
 */
export type NumberGroup =
  | {
      kind: 'page';
      month: string;
      page: number;
      lastParent?: string;
      contracts: number;
      firstRun: boolean;
      /** The page's record as the caller just read it (given as undefined: none yet): spares a read. */
      reserved?: PageRecord;
    }
  | { kind: 'late'; month: string; contracts: number };

export interface NumberedInvoices {
  /** The invoices still to write, each with its number. */
  invoices: InvoiceRecord[];
  skipped: SkippedParent[];
}

function loadGroup(group: NumberGroup): Promise<ReservationRecord | undefined> {
  return group.kind === 'page' ? getPage(group.month, group.page) : getLatePass(group.month);
}

function reserveGroup(
  group: NumberGroup,
  outcome: Omit<ReservationRecord, 'assignments' | 'month' | 'year'>,
  year: string,
  parents: string[],
): Promise<ReservationRecord & { fresh: boolean }> {
  const record = { month: group.month, year, ...outcome };
  return group.kind === 'page'
    ? reservePage(
        {
          ...record,
          page: group.page,
          ...(group.lastParent === undefined ? {} : { lastParent: group.lastParent }),
        } as Omit<PageRecord, 'assignments'>,
        parents,
      )
    : reserveLatePass(record, parents);
}

function groupKey(group: NumberGroup) {
  return group.kind === 'page'
    ? keys.invoiceRunPage(group.month, group.page)
    : keys.invoiceRunLatePass(group.month);
}

export async function numberPlannedInvoices(
  group: NumberGroup,
  plan: InvoicePlan,
): Promise<NumberedInvoices> {
  const year = group.month.slice(0, 4);
  const planned = plan.invoices.map((p) => p.parentId);
  const outcome = {
    contracts: group.contracts,
    issued: plan.invoices.length,
    total: plan.invoices.reduce((sum, i) => sum + i.total, 0),
    skipped: plan.skipped,
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing =
      attempt === 0 && group.kind === 'page' && 'reserved' in group ? group.reserved : await loadGroup(group);
    if (!existing) {
      // A page read for the first time in the month's first run cannot have invoices written before: only
      // a run repeated, or a supplementary pass, reads which exist already, and numbers only the others.
      const invoiced =
        group.kind === 'page' && group.firstRun
          ? new Set<string>()
          : await invoicedParents(planned, group.month);
      const unnumbered = planned.filter((p) => !invoiced.has(p));
      if (!unnumbered.length && group.kind === 'late') return { invoices: [], skipped: plan.skipped };
      const reserved = await reserveGroup(group, outcome, year, unnumbered);
      if (!reserved.fresh) continue; // another writer reserved it first: revise theirs
      return numbered(plan, reserved.assignments, invoiced, year, plan.skipped);
    }
    const invoiced = await invoicedParents(
      [...new Set([...planned, ...Object.keys(existing.assignments)])],
      group.month,
    );
    const revision = reviseNumbers(existing.assignments, planned, invoiced);
    // INV-4: a number whose parent no longer gets an invoice is not given to another (an earlier attempt may
    // still write it): it is recorded as a void invoice, so the year's series has no gap, and said so.
    await putVoidInvoices(
      revision.unused.map(({ parent, number }) =>
        voidInvoice(parent, group.month, invoiceNumber(year, number)),
      ),
    );
    const skipped = plan.skipped.map((s) => {
      const unused = revision.unused.find((u) => u.parent === s.parent);
      return unused
        ? { ...s, reason: `${s.reason} (its number ${invoiceNumber(year, unused.number)} is a void invoice)` }
        : s;
    });
    const current = { ...outcome, skipped };
    const same =
      !revision.changed &&
      existing.issued === current.issued &&
      existing.total === current.total &&
      existing.contracts === current.contracts &&
      JSON.stringify(existing.skipped) === JSON.stringify(current.skipped);
    if (same) return numbered(plan, existing.assignments, invoiced, year, skipped);
    const revised = await reviseReservation(groupKey(group), existing, {
      ...current,
      assignments: revision.assignments,
      unnumbered: revision.unnumbered,
    });
    if (revised) return numbered(plan, revised.assignments, invoiced, year, skipped);
    // Another writer revised it, or moved the counter, first: read it again after a short, growing pause.
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, 10 * 2 ** attempt)));
  }
  throw new Error(`could not number the invoices of ${group.month} (${group.kind})`);
}

/** A number reserved for a parent who no longer gets an invoice: void, nothing to pay, never e-mailed. */
function voidInvoice(parentId: string, month: string, number: string): InvoiceRecord {
  return {
    type: 'invoice',
    id: invoiceId(parentId, month),
    number,
    parentId,
    month,
    issuedOn: today(),
    debitOn: debitDate(month),
    lines: [],
    total: 0,
    status: 'void',
    paid: 0,
  };
}

function numbered(
  plan: InvoicePlan,
  assignments: Record<string, number>,
  invoiced: ReadonlySet<string>,
  year: string,
  skipped: SkippedParent[],
): NumberedInvoices {
  const invoices: InvoiceRecord[] = [];
  for (const p of plan.invoices) {
    const sequence = assignments[p.parentId];
    if (invoiced.has(p.parentId) || sequence === undefined) continue;
    invoices.push({ ...p, number: invoiceNumber(year, sequence) });
  }
  return { invoices, skipped };
}
