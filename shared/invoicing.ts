import {
  addDays,
  daysBetween,
  daysInMonth,
  type IsoDate,
  nextWorkingDay,
  workingDayOnOrAfter,
} from './calendar.ts';
import { type Cents, roundHalfUp } from './money.ts';
import { type Policy, tariffOn } from './policy.ts';
import { PRODUCT_RULES, type Product, WEEKDAYS } from './products.ts';
import { minutesOf } from './records.ts';

/** INV-1 to INV-5: what a contract costs in a month, and the invoice a parent gets for it. */
export type Month = string; // YYYY-MM

export interface TermsVersion {
  /** The first day these terms apply (the start date, or a change's effective date). */
  from: IsoDate;
  weeks?: number;
  schedule?: Partial<Record<(typeof WEEKDAYS)[number], string>>;
  hoursPerMonth?: number;
}

export interface BillableContract {
  id: string;
  product: Product;
  /** TAR-5: the monthly parent contribution of subsidised toddler care, and who pays the rest. */
  subsidy?: { municipality: string; parentContribution: Cents };
  childName: string;
  start: IsoDate;
  /** The last day of care (inclusive): the automatic end (CON-3) or an earlier termination. */
  end: IsoDate;
  /** Ordered by `from`; the first applies from the start. */
  terms: TermsVersion[];
}

export type LineKind =
  | 'contract'
  | 'extra-care'
  | 'change-fee'
  | 'cancellation-fee'
  | 'flex-overage'
  | 'settlement'
  /** DUN-7: money received beyond what was owed, used by this invoice (negative). */
  | 'credit';

/** Hours of care at one hourly rate (issue 8 item 9): what parents quote to claim the childcare allowance. */
export interface HoursAtRate {
  /** Hours, rounded half-up to the hundredth. */
  hours: number;
  rate: Cents;
}

export interface InvoiceLine {
  kind: LineKind;
  contract: string;
  description: string;
  amount: Cents;
  /**
   * The hours and hourly rate behind the amount, computed with it and stored with it so that the e-mail,
   * the PDF and any later letter quote the same numbers: one entry per rate (a tariff change within the
   * month gives two). Absent where the amount is not hours at a rate (a fee, a settlement, TAR-5's
   * parent contribution).
   */
  hoursAtRates?: HoursAtRate[];
  /** A settlement (art. 8.5): the month of care it corrects (INV-8 counts it there). */
  month?: Month;
}

export function monthOf(date: IsoDate): Month {
  return date.slice(0, 7);
}

export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function firstDay(month: Month): IsoDate {
  return `${month}-01`;
}

export function lastDay(month: Month): IsoDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

const halfHoursUp = (minutes: number) => Math.ceil(minutes / 30) * 30;

/**
 * The minutes a session bills. TAR-4: out-of-school sessions are rounded up to half hours, with a
 * minimum per session. TAR-1: extended opening before or after the regular day-care hours is billed at
 * the product's own rate in half hours, each side rounded up on its own.
 */
export function sessionMinutes(product: Product, session: string): number {
  const [from, to] = session.split('-').map(minutesOf) as [number, number];
  const rules = PRODUCT_RULES[product];
  if (rules.careType === 'out-of-school') {
    const minimum = product === 'VSO' ? 30 : 60;
    return Math.max(minimum, halfHoursUp(to - from));
  }
  if (!rules.regular) return to - from;
  const [open, close] = [minutesOf(rules.regular.from), minutesOf(rules.regular.to)];
  const early = Math.max(0, Math.min(to, open) - from);
  const late = Math.max(0, to - Math.max(from, close));
  const regular = Math.max(0, Math.min(to, close) - Math.max(from, open));
  return regular + halfHoursUp(early) + halfHoursUp(late);
}

export function weeklyMinutes(product: Product, schedule: TermsVersion['schedule']): number {
  let total = 0;
  for (const day of WEEKDAYS) {
    const session = schedule?.[day];
    if (session) total += sessionMinutes(product, session);
  }
  return total;
}

/**
 * INV-1: fixed contracts: annual = weekly hours × weeks × rate; the monthly amount is a twelfth, and
 * December carries the rounding difference so that the year adds up exactly.
 * INV-3: flexible contracts: the agreed average hours per month × the flexible rate.
 */
export function monthlyAmount(product: Product, terms: TermsVersion, hourlyRate: Cents, month: Month): Cents {
  if (PRODUCT_RULES[product].flexible) {
    // hoursPerMonth may have a fraction: count in hundredths of an hour.
    return roundHalfUp(BigInt(Math.round((terms.hoursPerMonth ?? 0) * 100)) * BigInt(hourlyRate), 100n);
  }
  const annual = annualAmount(product, terms, hourlyRate);
  const twelfth = roundHalfUp(BigInt(annual), 12n);
  return month.endsWith('-12') ? annual - 11 * twelfth : twelfth;
}

export function annualAmount(product: Product, terms: TermsVersion, hourlyRate: Cents): Cents {
  return roundHalfUp(BigInt(annualMinutes(product, terms)) * BigInt(hourlyRate), 60n);
}

/** INV-1: the minutes of care a fixed contract bills in a year: weekly minutes × contract weeks. */
export function annualMinutes(product: Product, terms: TermsVersion): number {
  return weeklyMinutes(product, terms.schedule) * (terms.weeks ?? 0);
}

/**
 * The hours of care a whole month of these terms bills, in hundredths of an hour as an exact fraction:
 * a twelfth of the annual minutes (INV-1: minutes × 100 ÷ 60 ÷ 12), or the agreed average of a flexible
 * contract (INV-3). The same terms and minutes that `monthlyAmount` bills.
 */
export function monthlyHundredthHours(
  product: Product,
  terms: TermsVersion,
): { numerator: bigint; denominator: bigint } {
  if (PRODUCT_RULES[product].flexible)
    return { numerator: BigInt(Math.round((terms.hoursPerMonth ?? 0) * 100)), denominator: 1n };
  return { numerator: BigInt(annualMinutes(product, terms)) * 100n, denominator: 720n };
}

/** The contract's terms in force on a date (CON-4 changes from their effective date). */
export function termsOn(contract: BillableContract, date: IsoDate): TermsVersion | undefined {
  let current: TermsVersion | undefined;
  for (const version of contract.terms) if (version.from <= date) current = version;
  return current;
}

/**
 * The contract's line on a month's invoice. INV-2: a month in which the contract runs part of the time,
 * or its terms or tariff change, is split into runs of days, each billed pro rata by calendar days.
 */
export function contractLine(
  contract: BillableContract,
  month: Month,
  policy: Policy,
): InvoiceLine | undefined {
  const first = firstDay(month);
  const last = lastDay(month);
  if (contract.end < first || contract.start > last) return undefined;
  const days = Number(last.slice(8));
  // The days where anything can change: the contract's first day and the day after its last, each
  // change of terms, each tariff version. Between two of them, terms and rate are the same.
  const from = contract.start > first ? contract.start : first;
  const until = contract.end < last ? addDays(contract.end, 1) : addDays(last, 1);
  const cuts = new Set([from, until]);
  for (const version of contract.terms)
    if (version.from > from && version.from < until) cuts.add(version.from);
  for (const tariff of policy.tariffs) if (tariff.from > from && tariff.from < until) cuts.add(tariff.from);
  const bounds = [...cuts].sort();
  const segments: { terms: TermsVersion; rate: Cents; days: number }[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i] as IsoDate;
    const terms = termsOn(contract, start);
    if (!terms) continue;
    const rate = tariffOn(policy, start).hourly[contract.product];
    const length = daysBetween(start, bounds[i + 1] as IsoDate);
    const current = segments.at(-1);
    if (current && current.terms === terms && current.rate === rate) current.days += length;
    else segments.push({ terms, rate, days: length });
  }
  if (!segments.length) return undefined;
  const active = segments.reduce((n, s) => n + s.days, 0);
  if (contract.subsidy) {
    // TAR-5: the parent's invoice shows the parent contribution only, pro rata like any month (INV-2).
    const { municipality, parentContribution } = contract.subsidy;
    return {
      kind: 'contract',
      contract: contract.id,
      description: `${PRODUCT_RULES[contract.product].label.nl} ${contract.childName}: ouderbijdrage (gesubsidieerd door gemeente ${municipality})${active < days ? ' (deel van de maand)' : ''}`,
      amount:
        active === days
          ? parentContribution
          : roundHalfUp(BigInt(parentContribution) * BigInt(active), BigInt(days)),
    };
  }
  // INV-2: each part is the monthly amount of its terms and rate × its days ÷ the month's days; the parts
  // are added exactly and rounded once (half-up), so a month split into parts that cost the same costs
  // what the whole month does (issue 8 item 8 found the cent a part-by-part rounding added or lost).
  let exact = 0n;
  // Issue 8 item 9: the hours beside the amount, from the same segments: per rate, the month's hours of
  // each segment's terms pro rata by its days (INV-2), summed exactly and rounded once.
  // The product, and so the fraction's denominator, is the same in every segment.
  const hoursByRate = new Map<Cents, bigint>();
  let denominator = 1n;
  for (const segment of segments) {
    const monthly = monthlyAmount(contract.product, segment.terms, segment.rate, month);
    exact += BigInt(monthly) * BigInt(segment.days);
    const hours = monthlyHundredthHours(contract.product, segment.terms);
    denominator = hours.denominator;
    hoursByRate.set(
      segment.rate,
      (hoursByRate.get(segment.rate) ?? 0n) + hours.numerator * BigInt(segment.days),
    );
  }
  const partial = active < days;
  return {
    kind: 'contract',
    contract: contract.id,
    description: `${PRODUCT_RULES[contract.product].label.nl} ${contract.childName}${partial ? ' (deel van de maand)' : ''}`,
    amount: roundHalfUp(exact, BigInt(days)),
    hoursAtRates: [...hoursByRate].map(([rate, hours]) => ({
      hours: roundHalfUp(hours, denominator * BigInt(days)) / 100,
      rate,
    })),
  };
}

/**
 * INV-5: the run issues a month's invoices on the policy's day of the month before (the next working day
 * when that is not one); the debit date, also the due date, is the first working day of the month.
 */
export function invoiceRunDate(month: Month, policy: Policy): IsoDate {
  const previous = addMonths(month, -1);
  return workingDayOnOrAfter(`${previous}-${String(policy.invoiceRunDay).padStart(2, '0')}`);
}

export function debitDate(month: Month): IsoDate {
  return workingDayOnOrAfter(firstDay(month));
}

/** INV-5: at least 2 working days between the e-mail and the debit. */
export function leavesTwoWorkingDays(issuedOn: IsoDate, debitOn: IsoDate): boolean {
  return earliestDebitDate(issuedOn) <= debitOn;
}

/** INV-5: the first debit date an invoice e-mailed on `issuedOn` may promise (2 working days later). */
export function earliestDebitDate(issuedOn: IsoDate): IsoDate {
  return nextWorkingDay(nextWorkingDay(issuedOn));
}

/**
 * INV-5: the debit date of a month's invoice issued on a date: the month's debit date, or, when that would
 * leave fewer than 2 working days after the e-mail (a late run, a late contract), the first date that does.
 */
export function debitDateFor(month: Month, issuedOn: IsoDate): IsoDate {
  const planned = debitDate(month);
  const earliest = earliestDebitDate(issuedOn);
  return planned >= earliest ? planned : earliest;
}

/**
 * INV-5, INV-6: the debit date for invoices of a month issued `today` when the batches of `written` dates
 * are out already: a batch once written is never rewritten, so an invoice promised for such a date would
 * never be collected; it moves to the next working day without one.
 */
export function openDebitDate(month: Month, today: IsoDate, written: ReadonlySet<IsoDate>): IsoDate {
  let debitOn = debitDateFor(month, today);
  while (written.has(debitOn)) debitOn = nextWorkingDay(debitOn);
  return debitOn;
}

/**
 * INV-5: the months whose run date falls after `after` and on or before `through`: the runs the daily
 * scheduler starts, catching up on any day it missed (at most a year back).
 */
export function monthsRunBetween(after: IsoDate, through: IsoDate, policy: Policy): Month[] {
  const months: Month[] = [];
  if (after >= through) return months;
  const floor = addMonths(monthOf(through), -12);
  const last = addMonths(monthOf(through), 2);
  for (
    let month = monthOf(after) < floor ? floor : monthOf(after);
    month <= last;
    month = addMonths(month, 1)
  ) {
    const runOn = invoiceRunDate(month, policy);
    if (runOn > after && runOn <= through) months.push(month);
  }
  return months;
}

/** INV-5: the last month whose run date is on or before `date` (the month the latest run was for). */
export function latestRunMonth(date: IsoDate, policy: Policy): Month {
  let month = addMonths(monthOf(date), 2);
  while (invoiceRunDate(month, policy) > date) month = addMonths(month, -1);
  return month;
}

/** The month whose invoice the run issues on a date, if the date is a run date. */
export function monthInvoicedOn(date: IsoDate, policy: Policy): Month | undefined {
  const next = addMonths(monthOf(date), 1);
  return invoiceRunDate(next, policy) === date ? next : undefined;
}
