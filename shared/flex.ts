import { addDays, daysBetween } from './calendar.ts';
import {
  type BillableContract,
  firstDay,
  type InvoiceLine,
  lastDay,
  type Month,
  termsOn,
} from './invoicing.ts';
import { type Cents, roundHalfUp } from './money.ts';
import { type Policy, tariffOn } from './policy.ts';
import { PRODUCT_RULES } from './products.ts';

/** INV-3: a day of flexible care booked, and what became of it. */
export interface BookingRecord {
  type: 'booking';
  contractId: string;
  parentId: string;
  date: string;
  hours: number;
  /** `cancelled-late`: cancelled less than a week ahead, billed all the same. */
  status: 'booked' | 'cancelled' | 'cancelled-late';
  bookedOn: string;
  /** 1 for the day's first booking, 2 after it was cancelled in time and booked again… (its e-mails' subject). */
  seq: number;
  cancelledOn?: string;
}

/** Hours that count against the monthly average: booked, or cancelled too late (INV-3). */
export function billedHours(bookings: BookingRecord[]): number {
  return bookings.filter((b) => b.status !== 'cancelled').reduce((sum, b) => sum + b.hours, 0);
}

/**
 * INV-3: a flexible contract pays its agreed average in advance; hours booked beyond it in a month are
 * billed the month after, at the flexible rate in force at the end of that month. In a month the
 * contract runs only part of, the average counts pro rata by calendar days (INV-2).
 */
export function overageLine(
  contract: BillableContract,
  bookings: BookingRecord[],
  careMonth: Month,
  policy: Policy,
): InvoiceLine | undefined {
  if (!PRODUCT_RULES[contract.product].flexible) return undefined;
  const first = firstDay(careMonth);
  const last = lastDay(careMonth);
  const from = contract.start > first ? contract.start : first;
  const to = contract.end < last ? contract.end : last;
  if (from > to) return undefined;
  const terms = termsOn(contract, to);
  if (!terms) return undefined;
  // Hundredths of an hour keep the arithmetic whole.
  const booked = Math.round(billedHours(bookings.filter((b) => b.date >= from && b.date <= to)) * 100);
  const activeDays = daysBetween(from, addDays(to, 1));
  const monthDays = Number(last.slice(8));
  const allowance = roundHalfUp(
    BigInt(Math.round((terms.hoursPerMonth ?? 0) * 100)) * BigInt(activeDays),
    BigInt(monthDays),
  );
  const over = booked - allowance;
  if (over <= 0) return undefined;
  const rate: Cents = tariffOn(policy, to).hourly[contract.product];
  const hours = (over / 100).toLocaleString('nl-NL');
  return {
    kind: 'flex-overage',
    contract: contract.id,
    description: `Uren boven het gemiddelde ${contract.childName} ${careMonth} (${hours} uur)`,
    amount: roundHalfUp(BigInt(over) * BigInt(rate), 100n),
    hoursAtRates: [{ hours: over / 100, rate }],
  };
}
