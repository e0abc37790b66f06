import { addDays, addYears, type IsoDate } from './calendar.ts';
import type { Policy } from './policy.ts';
import { PRODUCT_RULES, type Product } from './products.ts';

/** CON-3: KDV and POV end the day before the 4th birthday, BSO the day before the 13th. */
export function automaticEndDate(product: Product, birthDate: IsoDate): IsoDate {
  return addDays(addYears(birthDate, PRODUCT_RULES[product].endsAtAge), -1);
}

/** The child's age in whole years on a date. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** CON-2: an offer must be accepted within the policy's days (10); it lapses at the start of the day after. */
export function offerLapsesOn(offeredOn: IsoDate, policy: Pick<Policy, 'offerAcceptanceDays'>): IsoDate {
  return addDays(offeredOn, policy.offerAcceptanceDays + 1);
}
