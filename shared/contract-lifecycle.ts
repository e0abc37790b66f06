import { addDays, daysBetween, daysInMonth, type IsoDate } from './calendar.ts';
import { addMonths as addInvoiceMonths, monthlyAmount, monthOf, type TermsVersion } from './invoicing.ts';
import { type Cents, roundHalfUp } from './money.ts';
import { type Policy, tariffOn } from './policy.ts';
import { PRODUCT_RULES, type Product } from './products.ts';

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
  const halfHours = Math.ceil(Math.round(hours * 100) / 50);
  const rate = tariffOn(policy, date).extraCare[PRODUCT_RULES[product].careType];
  return roundHalfUp(BigInt(halfHours) * BigInt(rate), 2n);
}

/** CON-5: cancelling between signing and the start costs one month's amount (the policy's maximum). */
export function cancellationFee(
  product: Product,
  terms: TermsVersion,
  start: IsoDate,
  policy: Policy,
): Cents {
  return monthlyAmount(product, terms, tariffOn(policy, start).hourly[product], monthOf(start));
}
