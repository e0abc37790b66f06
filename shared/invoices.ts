import { type BookingRecord, overageLine } from './flex.ts';
import { addMonths, type BillableContract, contractLine, type InvoiceLine, type Month } from './invoicing.ts';
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
  status: 'open' | 'paid' | 'in-dunning' | 'plan' | 'handed-over' | 'written-off';
  paid: Cents;
}

export function invoiceId(parentId: string, month: Month): string {
  return `${parentId}#${month}`;
}

export function invoiceNumber(year: string, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/** The contract as invoicing sees it: its terms over time and its last day of care. */
export function billable(contract: ContractRecord): BillableContract {
  return {
    id: contract.id,
    product: contract.product,
    childName: contract.child.name,
    subsidy: contract.subsidy,
    start: contract.start,
    end: contract.end,
    terms: [
      {
        from: contract.start,
        weeks: contract.weeks,
        schedule: contract.schedule,
        hoursPerMonth: contract.hoursPerMonth,
      },
      ...(contract.changes ?? []).map((c) => ({
        from: c.effective,
        weeks: c.weeks ?? contract.weeks,
        schedule: c.schedule,
        hoursPerMonth: c.hoursPerMonth,
      })),
    ],
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
    });
  if (!lines.length) return { skip: 'no care and no extras in the month' };
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  // A negative total is a credit invoice (a final settlement): issued, never collected (INV-6).
  if (total === 0) return { skip: 'nothing to pay' };
  return { lines, total };
}
