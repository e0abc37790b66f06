import { type BookingRecord, overageLine } from './flex.ts';
import {
  addMonths,
  type BillableContract,
  contractLine,
  debitDateFor,
  type InvoiceLine,
  type Month,
  type TermsVersion,
} from './invoicing.ts';
import type { Cents } from './money.ts';
import type { Policy } from './policy.ts';
import type { ContractRecord } from './records.ts';

/** INV-4: one invoice per parent per month, a line per contract and one per extra. */
export interface ExtraRecord {
  type: 'extra';
  id: string;
  contractId: string;
  parentId: string;
  kind: Exclude<InvoiceLine['kind'], 'contract'>;
  /** The day it concerns (the care day, the change's date). */
  date: string;
  description: string;
  amount: Cents;
  /** Issue 8 item 9: extra care's hours and rate, computed with the amount; copied onto the line. */
  hoursAtRates?: InvoiceLine['hoursAtRates'];
  /** The month whose invoice carries it. */
  billMonth: Month;
}

export interface InvoiceRecord {
  type: 'invoice';
  /** parent#month: never two invoices for the same parent and month (INV-4). */
  id: string;
  /** Unique and consecutive per year: 2027-000001. */
  number: string;
  parentId: string;
  month: Month;
  issuedOn: string;
  /** INV-5: the debit date, which is also the due date. */
  debitOn: string;
  lines: InvoiceLine[];
  total: Cents;
  /** `void`: a reserved number whose parent no longer gets an invoice (INV-4: no gap in the series). */
  status: 'open' | 'paid' | 'in-dunning' | 'plan' | 'handed-over' | 'written-off' | 'void';
  paid: Cents;
  /**
   * INV-5, INV-6, issue 8 item 6: how it is paid, decided once when it is issued (a valid IBAN and mandate
   * then: `debit`; otherwise `transfer`), so that the e-mail and the SEPA export never disagree (a parent
   * told to transfer is never debited as well). Absent on a credit, and on invoices issued before.
   */
  collect?: 'debit' | 'transfer';
  /** Issue 9, DUN-1: derived from the parent's account: the day it was found unpaid, while it is. */
  foundUnpaidOn?: string;
  /** INV-7: the return or reject that re-opened it. */
  returned?: { on: string; reason: string };
  /** How many account entries and invoices the projected `paid`/`status` were derived from. */
  accountVersion?: number;
  /** DUN-11: disputed (a complaint about it runs): not dunned until resolved. */
  dispute?: { since: string; reason?: string; complaint?: string };
  disputeResolvedOn?: string;
}

export function invoiceId(parentId: string, month: Month): string {
  return `${parentId}#${month}`;
}

export function invoiceNumber(year: string, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The contract as invoicing sees it: its terms over time and its last day of care. CON-4: a change states
 * only what it changes; it inherits the rest from the terms in force on its effective date, and changes
 * apply in effective-date order (the later request first when two take effect the same day), so a second
 * change never undoes the first, whichever order they were made in.
 */
export function billable(contract: ContractRecord): BillableContract {
  let terms: TermsVersion = {
    from: contract.start,
    weeks: contract.weeks,
    schedule: contract.schedule,
    hoursPerMonth: contract.hoursPerMonth,
  };
  const versions = [terms];
  const changes = [...(contract.changes ?? [])].sort((a, b) => a.effective.localeCompare(b.effective));
  for (const change of changes) {
    terms = {
      from: change.effective < contract.start ? contract.start : change.effective,
      weeks: change.weeks ?? terms.weeks,
      schedule: change.schedule ?? terms.schedule,
      hoursPerMonth: change.hoursPerMonth ?? terms.hoursPerMonth,
    };
    versions.push(terms);
  }
  return {
    id: contract.id,
    product: contract.product,
    childName: contract.child.name,
    subsidy: contract.subsidy,
    start: contract.start,
    end: contract.end,
    terms: versions,
  };
}

/**
 * INV-3: the invoice for a month is issued in the month before, so the last whole month of care it can
 * settle flexible hours for is the one before that.
 */
export function overageMonth(month: Month): Month {
  return addMonths(month, -2);
}

/** The inverse of `overageMonth`: the invoice that settles a month's flexible hours. */
export function overageSettledOn(careMonth: Month): Month {
  return addMonths(careMonth, 2);
}

/**
 * The lines and total of a parent's invoice for a month, or why there is none. `bookings` are the
 * parent's flexible bookings in `overageMonth(month)`.
 */
export function invoiceLines(
  contracts: ContractRecord[],
  extras: ExtraRecord[],
  month: Month,
  policy: Policy,
  bookings: BookingRecord[] = [],
): { lines: InvoiceLine[]; total: Cents } | { skip: string } {
  const lines: InvoiceLine[] = [];
  for (const contract of [...contracts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (contract.status === 'cancelled') continue;
    const care = billable(contract);
    const line = contractLine(care, month, policy);
    if (line) lines.push(line);
    const overage = overageLine(
      care,
      bookings.filter((b) => b.contractId === contract.id),
      overageMonth(month),
      policy,
    );
    if (overage) lines.push(overage);
  }
  for (const extra of [...extras].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id)))
    lines.push({
      kind: extra.kind,
      contract: extra.contractId,
      description: extra.description,
      amount: extra.amount,
      ...(extra.hoursAtRates ? { hoursAtRates: extra.hoursAtRates } : {}),
      // INV-8: the month of care a settlement corrects, for the annual statement.
      ...(extra.kind === 'settlement' ? { month: extra.date.slice(0, 7) } : {}),
    });
  if (!lines.length) return { skip: 'no care and no extras in the month' };
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  // A negative total is a credit invoice (a final settlement): issued, never collected (INV-6).
  if (total === 0) return { skip: 'nothing to pay' };
  return { lines, total };
}

/** Why a parent of a run gets no invoice. */
export interface SkippedParent {
  parent: string;
  reason: string;
}

/** What a run (or its preview) issues for a group of parents: the invoices without their numbers, and who is skipped and why. */
export interface InvoicePlan {
  invoices: Omit<InvoiceRecord, 'number'>[];
  skipped: SkippedParent[];
}

/**
 * Issue 8 item 7: the one plan of a month's invoices for a group of parents, used by the run, its
 * supplementary pass and the preview alike, so that what the preview shows is what the run issues.
 * INV-4: one invoice per parent; INV-5: issued today, debited on the month's debit date or, when that
 * leaves fewer than 2 working days, on the first date that does. Parents are planned in the order given.
 */
export function planInvoices(input: {
  month: Month;
  issuedOn: string;
  policy: Policy;
  parents: string[];
  contracts: ReadonlyMap<string, ContractRecord[]>;
  /** The month's extras of these parents. */
  extras: ExtraRecord[];
  /** Their flexible bookings in `overageMonth(month)`. */
  bookings: BookingRecord[];
  /** A later debit date the caller needs (INV-6: one whose SEPA batch is not written yet). */
  debitOn?: string;
  /** The parents with a valid IBAN and mandate now: their invoices are collected by direct debit. */
  collectable: ReadonlySet<string>;
  /** DUN-7: the parents' credit (money received beyond what they owed), used by this invoice. */
  credits?: ReadonlyMap<string, Cents>;
}): InvoicePlan {
  const { month, issuedOn, policy } = input;
  const extras = groupByParent(input.extras);
  const bookings = groupByParent(input.bookings);
  const earliest = debitDateFor(month, issuedOn);
  const debitOn = input.debitOn && input.debitOn > earliest ? input.debitOn : earliest;
  const plan: InvoicePlan = { invoices: [], skipped: [] };
  for (const parentId of input.parents) {
    const result = invoiceLines(
      input.contracts.get(parentId) ?? [],
      extras.get(parentId) ?? [],
      month,
      policy,
      bookings.get(parentId) ?? [],
    );
    if ('skip' in result) {
      plan.skipped.push({ parent: parentId, reason: result.skip });
      continue;
    }
    withCredit(result, input.credits?.get(parentId) ?? 0);
    plan.invoices.push({
      type: 'invoice',
      id: invoiceId(parentId, month),
      parentId,
      month,
      issuedOn,
      debitOn,
      lines: result.lines,
      total: result.total,
      status: 'open',
      paid: 0,
      ...(result.total > 0 ? { collect: input.collectable.has(parentId) ? 'debit' : 'transfer' } : {}),
    });
  }
  return plan;
}

/**
 * DUN-7, issue 9 item 2: a credit pays as much of the invoice as it can, as a `credit` line, so that what
 * is collected is what is left (never a negative collection); what it does not use waits for the next.
 */
export const CREDIT_DESCRIPTION = 'Tegoed uit eerdere betalingen';

function withCredit(invoice: { lines: InvoiceLine[]; total: Cents }, credit: Cents): void {
  const used = Math.min(credit, invoice.total);
  if (used <= 0) return;
  invoice.lines.push({ kind: 'credit', contract: '', description: CREDIT_DESCRIPTION, amount: -used });
  invoice.total -= used;
}

function groupByParent<T extends { parentId: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.parentId);
    if (group) group.push(item);
    else groups.set(item.parentId, [item]);
  }
  return groups;
}

/**
 * The skipped parents as the run's record keeps them: all of them up to SKIPPED_KEPT, then the first ones and
 * a count per reason (every parent with an ended contract is skipped each month, and the record must stay
 * far below DynamoDB's 400 KB per item). The full list stays on the page records.
 */
const SKIPPED_KEPT = 500;

export function summarizeSkipped(all: SkippedParent[]): {
  skipped: SkippedParent[];
  skippedCount?: number;
  skippedByReason?: Record<string, number>;
} {
  if (all.length <= SKIPPED_KEPT) return { skipped: all };
  const byReason: Record<string, number> = {};
  for (const s of all) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  return { skipped: all.slice(0, SKIPPED_KEPT), skippedCount: all.length, skippedByReason: byReason };
}
