import { addYears, daysInMonth, type IsoDate } from '../calendar.ts';
import { type Cents, roundHalfUp } from '../money.ts';

/**
 * DUN-5: statutory interest (wettelijke rente, art. 6:119 BW) on an unpaid principal. Simple daily
 * interest, actual/365 (also in a leap year), at the rate in force each day, on the principal outstanding
 * at the end of each day, compounded yearly (art. 6:119 lid 2). The amount is kept as an exact fraction and
 * rounded half-up to the cent only where it is stated or paid.
 */

/** A statutory interest rate in force from a day on, until the next entry. */
export interface InterestRate {
  from: IsoDate;
  /** 400 = 4% a year. */
  basisPoints: number;
}

/**
 * DUN-5: the rates for non-commercial transactions (art. 6:119 BW), oldest first. The table starts on
 * 2015-07-01 because that is when the 2% rate took effect (before it, from 2012, the rate was 3%); it
 * reaches back further than any claim this organisation can have open, so every day of default has a
 * rate. The 2023 and 2024 rates are confirmed from the Staatsblad; 2025 and 2026 come from secondary
 * sources. Rates are data: the last one entered continues until a new one is added here.
 */
export const STATUTORY_INTEREST_RATES: InterestRate[] = [
  { from: '2015-07-01', basisPoints: 200 },
  { from: '2023-01-01', basisPoints: 400 },
  { from: '2023-07-01', basisPoints: 600 },
  { from: '2024-01-01', basisPoints: 700 },
  { from: '2025-01-01', basisPoints: 600 },
  { from: '2026-01-01', basisPoints: 400 },
];

/** A principal that changes over time: from that day (its end) on, the principal is this, until the next step. */
export interface PrincipalStep {
  from: IsoDate;
  principal: Cents;
}

export interface InterestInput {
  /** The first day interest runs: the day after the due date (DUN-1, DUN-5). */
  start: IsoDate;
  /** The last day counted, inclusive. Before `start`: no interest. */
  through: IsoDate;
  /** Oldest first; before the first step the principal is 0. */
  principal: PrincipalStep[];
  /** Defaults to STATUTORY_INTEREST_RATES. */
  rates?: InterestRate[];
}

/** An exact amount of cents, numerator / denominator (denominator > 0, reduced). */
export interface ExactCents {
  numerator: bigint;
  denominator: bigint;
}

/** DUN-5: actual/365 with rates in basis points: a day's interest is principal × bp / (10 000 × 365). */
const DAY_DIVISOR = 10_000n * 365n;

/** DUN-5: the rate in basis points in force on a date; the last one entered continues until a new one is. */
export function rateOn(rates: InterestRate[], date: IsoDate): number {
  const table = rateTable(rates);
  const day = dayNumber(date, 'date');
  const index = lastIndexFrom(table, day);
  if (index < 0)
    throw new Error(`no statutory interest rate known for ${date} (the first is from ${rates[0]!.from})`);
  return rates[index]!.basisPoints;
}

/**
 * DUN-5: the exact statutory interest (not rounded) from `start` through `through` inclusive, on the
 * principal at the end of each day, at each day's rate, actual/365, compounded yearly from `start`.
 *
 * Works by segments, not days: within each interest year the days are split where the principal or the
 * rate changes, and each segment adds principal × rate × days at once. Dates become day numbers once, so
 * a year with monthly payments is a few dozen integer steps.
 */
export function accruedInterest(input: InterestInput): ExactCents {
  const rates = rateTable(input.rates ?? STATUTORY_INTEREST_RATES);
  const steps = principalTable(input.principal);
  const first = dayNumber(input.start, 'start');
  const through = dayNumber(input.through, 'through');
  if (through < first) return { numerator: 0n, denominator: 1n };
  if (first < rates[0]!.from) {
    throw new Error(
      `no statutory interest rate known for ${input.start} (the first is from ${rateDate(rates[0]!)})`,
    );
  }

  // Interest so far, exactly: at the end of each year it is all capitalised (art. 6:119 lid 2), so the
  // base of a day is the day's principal plus every earlier year's interest.
  let capitalised: ExactCents = { numerator: 0n, denominator: 1n };
  let day = first;
  let stepIndex = -1;
  let rateIndex = -1;
  for (let year = 1; ; year++) {
    // Years are counted from the start each time (not year on year), so a default from 29 February keeps
    // its anniversaries on 28 February without drifting.
    const yearEnd = dayNumber(addYears(input.start, year), 'anniversary') - 1;
    const last = Math.min(through, yearEnd);

    // Σ principal × bp × days and Σ bp × days over the year's segments; the year's interest is
    // (Σ P·bp·days + capitalised × Σ bp·days) / (10 000 × 365).
    let principalSum = 0n;
    let rateDays = 0n;
    while (day <= last) {
      while (stepIndex + 1 < steps.length && steps[stepIndex + 1]!.from <= day) stepIndex++;
      while (rateIndex + 1 < rates.length && rates[rateIndex + 1]!.from <= day) rateIndex++;
      const next = Math.min(
        last + 1,
        steps[stepIndex + 1]?.from ?? Number.POSITIVE_INFINITY,
        rates[rateIndex + 1]?.from ?? Number.POSITIVE_INFINITY,
      );
      const days = BigInt(next - day);
      const bp = rates[rateIndex]!.basisPoints;
      principalSum += (stepIndex < 0 ? 0n : steps[stepIndex]!.principal) * bp * days;
      rateDays += bp * days;
      day = next;
    }
    const { numerator: cn, denominator: cd } = capitalised;
    capitalised = reduced(cn * DAY_DIVISOR + principalSum * cd + cn * rateDays, DAY_DIVISOR * cd);
    if (last === through) return capitalised;
  }
}

/** DUN-5: the statutory interest in cents as stated or paid: the exact amount, rounded half-up once. */
export function interestCents(input: InterestInput): Cents {
  const { numerator, denominator } = accruedInterest(input);
  return roundHalfUp(numerator, denominator);
}

/** A date as whole days since 1970-01-01, so segment lengths are subtractions. */
type DayNumber = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: IsoDate, what: string): DayNumber {
  const m = ISO_DATE.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
    throw new Error(`invalid ${what} date ${date}`);
  return Date.UTC(y, mo - 1, d) / 86_400_000;
}

interface RateFrom {
  from: DayNumber;
  basisPoints: bigint;
}

function rateTable(rates: InterestRate[]): RateFrom[] {
  if (rates.length === 0) throw new Error('no statutory interest rates');
  return rates.map((rate, i) => {
    if (!Number.isInteger(rate.basisPoints) || rate.basisPoints < 0) {
      throw new Error(`invalid rate ${rate.basisPoints} basis points from ${rate.from}`);
    }
    if (i > 0 && rate.from <= rates[i - 1]!.from) throw new Error('interest rates must be oldest first');
    return { from: dayNumber(rate.from, 'rate'), basisPoints: BigInt(rate.basisPoints) };
  });
}

function rateDate(rate: RateFrom): IsoDate {
  return new Date(rate.from * 86_400_000).toISOString().slice(0, 10);
}

interface PrincipalFrom {
  from: DayNumber;
  principal: bigint;
}

function principalTable(steps: PrincipalStep[]): PrincipalFrom[] {
  return steps.map((step, i) => {
    if (!Number.isInteger(step.principal) || step.principal < 0) {
      throw new Error(`principal ${step.principal} from ${step.from} is not whole, non-negative cents`);
    }
    if (i > 0 && step.from <= steps[i - 1]!.from) throw new Error('principal steps must be oldest first');
    return { from: dayNumber(step.from, 'principal'), principal: BigInt(step.principal) };
  });
}

/** The index of the last entry whose `from` is on or before the day (entries oldest first), or -1. */
function lastIndexFrom(entries: { from: DayNumber }[], day: DayNumber): number {
  let found = -1;
  for (let i = 0; i < entries.length && entries[i]!.from <= day; i++) found = i;
  return found;
}

function reduced(numerator: bigint, denominator: bigint): ExactCents {
  const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
