import {
  addDays,
  CARE_OPENS,
  careClosesAt,
  daysBetween,
  daysInMonth,
  type IsoDate,
  isPublicHoliday,
  isWorkingDay,
  weekday,
} from './calendar.ts';
import {
  addMonths as addInvoiceMonths,
  type BillableContract,
  type HoursAtRate,
  invoiceRunDate,
  monthlyAmount,
  monthOf,
  type TermsVersion,
  termsOn,
} from './invoicing.ts';
import { type Cents, roundHalfUp } from './money.ts';
import { type Policy, tariffOn } from './policy.ts';
import { PRODUCT_RULES, type Product, WEEKDAYS } from './products.ts';
import { minutesOf as minutesOfDay } from './records.ts';

/** CON-4, CON-5, CON-6, TAR-2, TAR-3: what a change, a cancellation, a termination or extra care means. */

/** The same day n months later, or the month's last day when it has no such day. */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const month = addInvoiceMonths(monthOf(date), months);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = Math.min(Number(date.slice(8)), daysInMonth(y, m));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * CON-4: a change that reduces hours takes effect at the latest one month after it is received, or sooner;
 * a date the parent asks for is honoured. Without a date, the month after receipt.
 */
export function changeEffective(
  receivedOn: IsoDate,
  requested: IsoDate | undefined,
): { effective: IsoDate } | { problem: string } {
  if (requested && requested < receivedOn)
    return { problem: 'must not be before the day the change is received' };
  return { effective: requested ?? addMonthsToDate(receivedOn, 1) };
}

/** CON-4: two changes per calendar year are free; the third and later cost the policy's fee. */
export function changeFee(changesEarlierThisYear: number, policy: Policy): Cents {
  return changesEarlierThisYear + 1 > policy.freeChangesPerYear ? policy.changeFee : 0;
}

/** CON-6: one month's notice, counted from the day the notice is received; the last day of care. */
export function terminationEnd(
  receivedOn: IsoDate,
  requestedEnd: IsoDate | undefined,
  policy: Policy,
): IsoDate {
  const earliest = addDays(addMonthsToDate(receivedOn, policy.noticeMonths), -1);
  return requestedEnd && requestedEnd > earliest ? requestedEnd : earliest;
}

/** TAR-2: extra care must be requested at least 3 weeks ahead. */
export function extraCareProblem(requestedOn: IsoDate, date: IsoDate): string | undefined {
  return daysBetween(requestedOn, date) < 21
    ? 'extra care must be requested at least 3 weeks ahead'
    : undefined;
}

/** TAR-2/TAR-3: extra care and late pick-up at the flexible rate of the care type, per started half hour. */
export function extraCareAmount(product: Product, hours: number, date: IsoDate, policy: Policy): Cents {
  return extraCareCharge(product, hours, date, policy).amount;
}

/**
 * The same charge with the hours it bills (the started half hours) and the rate, which the invoice line
 * states (issue 8 item 9).
 */
export function extraCareCharge(
  product: Product,
  hours: number,
  date: IsoDate,
  policy: Policy,
): { amount: Cents; hoursAtRate: HoursAtRate } {
  const halfHours = Math.ceil(Math.round(hours * 100) / 50);
  const rate = tariffOn(policy, date).extraCare[PRODUCT_RULES[product].careType];
  return {
    amount: roundHalfUp(BigInt(halfHours) * BigInt(rate), 2n),
    hoursAtRate: { hours: halfHours / 2, rate },
  };
}

/** CON-5: cancelling between signing and the start costs the policy's monthly amounts (one: the maximum). */
export function cancellationFee(
  product: Product,
  terms: TermsVersion,
  start: IsoDate,
  policy: Policy,
): Cents {
  return (
    policy.cancellationFeeMonths *
    monthlyAmount(product, terms, tariffOn(policy, start).hourly[product], monthOf(start))
  );
}

/**
 * TAR-6: a price change is announced at least one notice period (CON-6) before it takes effect, and
 * comes after the versions already in force or announced.
 */
export function priceChangeProblem(announcedOn: IsoDate, from: IsoDate, policy: Policy): string | undefined {
  const earliest = addMonthsToDate(announcedOn, policy.noticeMonths);
  if (from < earliest)
    return `must be at least the notice period (${policy.noticeMonths === 1 ? 'one month' : `${policy.noticeMonths} months`}) after the announcement (TAR-6): on or after ${earliest}`;
  // Invoices are issued in advance (INV-5): a month already invoiced cannot take a new rate any more.
  const month = monthOf(from);
  if (invoiceRunDate(month, policy) <= announcedOn) {
    let open = addInvoiceMonths(month, 1);
    while (invoiceRunDate(open, policy) <= announcedOn) open = addInvoiceMonths(open, 1);
    return `falls in ${month}, whose invoices are issued already (INV-5): on or after ${open}-01`;
  }
  const latest = policy.tariffs.at(-1)?.from;
  if (latest && from <= latest) return `must be after the latest tariff version (${latest})`;
  const furthest = addMonthsToDate(announcedOn, 12 * MAX_YEARS_AHEAD);
  if (from > furthest)
    return `must be at most ${MAX_YEARS_AHEAD} years ahead (on or before ${furthest}): a price so far ahead is a guess, not a notice`;
  return undefined;
}

/** TAR-6: how far ahead a price change may be announced (issue 7 item 13: a typo in the year stays out). */
const MAX_YEARS_AHEAD = 2;

/**
 * TAR-6: an announced version can be withdrawn while it is not in force and no invoice uses it yet: before
 * its date and before the run of its month (INV-5) has issued invoices at the new rate.
 */
export function withdrawalProblem(on: IsoDate, from: IsoDate, policy: Policy): string | undefined {
  if (from <= on) return `is in force since ${from}: announce a new version instead`;
  const runDate = invoiceRunDate(monthOf(from), policy);
  if (runDate <= on)
    return `is used by the invoices issued on ${runDate} already: announce a new version instead`;
  return undefined;
}

/** CON-9: swap days are requested 3 weeks ahead of the swap day. */
export const SWAP_NOTICE_DAYS = 21;

export interface SwapRequest {
  /** A contract day the child will not come. */
  missed: IsoDate;
  /** The day the child comes instead. */
  swap: IsoDate;
}

/**
 * CON-9: a swap day exchanges a contract day for another day of care: requested at least 3 weeks before
 * the first of the two days, used within one month of the missed day, never for a public holiday, on a
 * day the care is open and the child does not come anyway; not for toddler care (POV), and not for
 * flexible contracts, which book their days.
 */
export function swapDayProblem(
  contract: BillableContract,
  requestedOn: IsoDate,
  request: SwapRequest,
): { field: string; problem: string } | undefined {
  const rules = PRODUCT_RULES[contract.product];
  if (contract.product === 'POV')
    return { field: 'id', problem: 'toddler care (POV) has no swap days (CON-9)' };
  if (rules.flexible)
    return {
      field: 'id',
      problem: 'a flexible contract books its days; swap days are for fixed days (CON-9)',
    };
  // Asked in advance (the delivery terms: "alleen vooraf … minimaal 3 weken van te voren"): 3 weeks
  // before the first of the two days, so a day of sickness cannot be swapped afterwards.
  const earliest = addDays(requestedOn, SWAP_NOTICE_DAYS);
  const field = request.missed <= request.swap ? 'missed' : 'swap';
  if (request[field] < earliest)
    return {
      field,
      problem: `must be requested at least 3 weeks ahead (CON-9): on or after ${earliest}`,
    };
  for (const field of ['missed', 'swap'] as const) {
    const date = request[field];
    if (date < contract.start || date > contract.end)
      return { field, problem: `is outside the contract (${contract.start} – ${contract.end})` };
  }
  if (!sessionOn(contract, request.missed))
    return { field: 'missed', problem: 'is not a contract day: there is no care to swap on it' };
  if (isPublicHoliday(request.missed))
    return {
      field: 'missed',
      problem: 'is a public holiday: closing days are billed and cannot be swapped (CAL-2, CON-9)',
    };
  if (!isWorkingDay(request.swap))
    return { field: 'swap', problem: 'is not a day the care is open (weekend or public holiday, CAL-2)' };
  if (sessionOn(contract, request.swap)) return { field: 'swap', problem: 'is a contract day already' };
  const [first, last] = [addMonthsToDate(request.missed, -1), addMonthsToDate(request.missed, 1)];
  if (request.swap < first || request.swap > last)
    return {
      field: 'swap',
      problem: `must be within one month of the missed day (${first} – ${last}, CON-9)`,
    };
  return undefined;
}

/** The session ("08:00-18:00") of a fixed contract on a date, if the child comes that day. */
export function sessionOn(contract: BillableContract, date: IsoDate): string | undefined {
  const terms = termsOn(contract, date);
  const day = WEEKDAYS[weekday(date) - 1];
  return day ? terms?.schedule?.[day] : undefined;
}

/** INV-3: a booked day cancelled less than the policy's days (one week) ahead is billed all the same. */
export function cancellationIsLate(
  cancelledOn: IsoDate,
  date: IsoDate,
  policy: Pick<Policy, 'lateCancellationDays'>,
): boolean {
  return daysBetween(cancelledOn, date) < policy.lateCancellationDays;
}

/** INV-3: bookings of a flexible contract, on days the care is open, in half hours, not in the past. */
export function bookingProblem(
  contract: BillableContract,
  bookedOn: IsoDate,
  booking: { date: IsoDate; hours: number },
): { field: string; problem: string } | undefined {
  if (!PRODUCT_RULES[contract.product].flexible)
    return {
      field: 'id',
      problem: `a ${contract.product} contract has fixed days; only flexible contracts book hours (INV-3)`,
    };
  if (booking.date < bookedOn) return { field: 'date', problem: 'must not be in the past' };
  if (booking.date < contract.start || booking.date > contract.end)
    return { field: 'date', problem: `is outside the contract (${contract.start} – ${contract.end})` };
  const closes = careClosesAt(booking.date);
  if (!closes)
    return { field: 'date', problem: 'is not a day the care is open (weekend or public holiday, CAL-2)' };
  if (!Number.isInteger(booking.hours * 2)) return { field: 'hours', problem: 'must be in half hours' };
  const open = (minutesOfDay(closes) - minutesOfDay(CARE_OPENS)) / 60;
  if (booking.hours > open)
    return {
      field: 'hours',
      problem: `must be at most ${open}: care is open ${CARE_OPENS}–${closes} that day (CAL-2)`,
    };
  return undefined;
}
