import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysBetween, type IsoDate } from '#shared/calendar.ts';
import {
  accruedInterest,
  type InterestRate,
  interestCents,
  type PrincipalStep,
  rateOn,
  STATUTORY_INTEREST_RATES,
} from '#shared/dunning/statutory-interest.ts';
import { roundHalfUp } from '#shared/money.ts';

/**
 * DUN-5 (issue 10 item 2): statutory interest, art. 6:119 BW. Each worked example is written so a finance
 * administrator can redo it by hand: principal in cents × rate × days / 365, rounded half-up once, at the end.
 */

const SEED = Number(process.env.FAST_CHECK_SEED ?? 20260302);
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 200);
const settings = { seed: SEED, numRuns: RUNS };

/** The same amount owed the whole time. */
const owed = (from: IsoDate, principal: number): PrincipalStep[] => [{ from, principal }];

describe('DUN-5 statutory interest rates are dated data', () => {
  it('DUN-5: the rate in force on each day follows the table, and the last one entered continues', () => {
    const r = STATUTORY_INTEREST_RATES;
    expect(rateOn(r, '2015-07-01')).toBe(200);
    expect(rateOn(r, '2022-12-31')).toBe(200);
    expect(rateOn(r, '2023-01-01')).toBe(400);
    expect(rateOn(r, '2023-06-30')).toBe(400);
    expect(rateOn(r, '2023-07-01')).toBe(600);
    expect(rateOn(r, '2024-02-29')).toBe(700);
    expect(rateOn(r, '2025-12-31')).toBe(600);
    expect(rateOn(r, '2026-01-01')).toBe(400);
    expect(rateOn(r, '2031-08-15')).toBe(400);
  });

  it('DUN-5: a new rate entered as data is used from its date on, in rateOn and in the interest', () => {
    const rates: InterestRate[] = [...STATUTORY_INTEREST_RATES, { from: '2027-07-01', basisPoints: 500 }];
    expect(rateOn(rates, '2027-06-30')).toBe(400);
    expect(rateOn(rates, '2027-07-01')).toBe(500);
    // € 1.000,00 for June (30 days at 4%) and July (31 days at 5%):
    // 100000 × (0.04 × 30 + 0.05 × 31) / 365 = (120000 + 155000) / 365 = 753.4 cents → 753.
    const input = {
      start: '2027-06-01',
      through: '2027-07-31',
      principal: owed('2027-06-01', 100000),
      rates,
    };
    expect(interestCents(input)).toBe(753);
  });

  it('DUN-5: a day before the first rate has no rate, so it is an error rather than 0%', () => {
    expect(() => rateOn(STATUTORY_INTEREST_RATES, '2015-06-30')).toThrow(/no statutory interest rate/);
    expect(() =>
      interestCents({ start: '2015-06-30', through: '2015-07-31', principal: owed('2015-06-30', 100) }),
    ).toThrow(/no statutory interest rate/);
  });
});

describe('DUN-5 statutory interest, worked examples', () => {
  it('DUN-5: € 747,07 unpaid by Şükrü Yılmaz from 2026-03-02 for 30 days at 4% is € 2,46', () => {
    // 74707 × 0.04 × 30 / 365 = 245.61 cents → 246.
    const input = { start: '2026-03-02', through: '2026-03-31', principal: owed('2026-03-02', 74707) };
    expect(accruedInterest(input)).toEqual(reduced(74707n * 400n * 30n, 3_650_000n));
    expect(interestCents(input)).toBe(246);
  });

  it('DUN-5: across the rate change of 2023-07-01, each day is at its own rate', () => {
    // € 1.000,00 from 2023-06-01 through 2023-07-31: June 30 days at 4%, July 31 days at 6%.
    // 100000 × 0.04 × 30 / 365 = 328.77; 100000 × 0.06 × 31 / 365 = 509.59; together 838.36 → 838.
    const input = { start: '2023-06-01', through: '2023-07-31', principal: owed('2023-06-01', 100000) };
    expect(interestCents(input)).toBe(838);
    // Not the rate of the first or of the last day for the whole period:
    expect(interestCents(input)).not.toBe(Math.round((100000 * 0.04 * 61) / 365)); // 668
    expect(interestCents(input)).not.toBe(Math.round((100000 * 0.06 * 61) / 365)); // 1003
  });

  it('DUN-5: across the turn of 2024 to 2025 the rate goes from 7% to 6%', () => {
    // € 2.500,00 from 2024-12-17 through 2025-01-15: 15 days at 7%, 15 days at 6%.
    // 250000 × (0.07 + 0.06) × 15 / 365 = 1335.62 → 1336.
    const input = { start: '2024-12-17', through: '2025-01-15', principal: owed('2024-12-17', 250000) };
    expect(interestCents(input)).toBe(1336);
  });

  it('DUN-5: after a partial payment the interest runs on what is still outstanding at the end of each day', () => {
    // Łucja Wiśniewska owes € 500,00 from 2026-01-01 and pays € 200,00 on 2026-01-11.
    // 1–10 January on 50000: 50000 × 0.04 × 10 / 365 = 54.79;
    // 11–31 January on 30000 (the payment day counts at its end-of-day principal): 30000 × 0.04 × 21 / 365 = 69.04;
    // together 123.84 → 124.
    const principal = [
      { from: '2026-01-01', principal: 50000 },
      { from: '2026-01-11', principal: 30000 },
    ];
    expect(interestCents({ start: '2026-01-01', through: '2026-01-31', principal })).toBe(124);
  });

  it('DUN-5: paid in full, the interest stops on the payment day', () => {
    // € 300,00 from 2026-04-01, paid in full on 2026-04-11: 10 days, 30000 × 0.04 × 10 / 365 = 32.88 → 33,
    // whether the reckoning ends on the payment day or months later.
    const principal = [
      { from: '2026-04-01', principal: 30000 },
      { from: '2026-04-11', principal: 0 },
    ];
    expect(interestCents({ start: '2026-04-01', through: '2026-04-11', principal })).toBe(33);
    expect(interestCents({ start: '2026-04-01', through: '2026-12-31', principal })).toBe(33);
  });

  it('DUN-5, art. 6:119 lid 2: after a full year the interest of that year is added to the principal', () => {
    // € 1.000,00 from 2026-01-01 at 4%. Year 1 (2026): 100000 × 0.04 = 4000.
    // Year 2 (2027) on 100000 + 4000: 104000 × 0.04 = 4160. Together 8160 (simple interest would be 8000).
    const principal = owed('2026-01-01', 100000);
    expect(interestCents({ start: '2026-01-01', through: '2026-12-31', principal })).toBe(4000);
    expect(interestCents({ start: '2026-01-01', through: '2027-12-31', principal })).toBe(8160);
    // One month into year 2: 4000 + 104000 × 0.04 × 31 / 365 = 4000 + 353.32 = 4353.32 → 4353.
    expect(interestCents({ start: '2026-01-01', through: '2027-01-31', principal })).toBe(4353);
  });

  it('DUN-5: the year is counted from the day interest starts, not the calendar year', () => {
    // Nguyễn Thị Minh Khai owes € 1.000,00 from 2026-07-01 at 4%: the first year ends 2027-06-30 (4000),
    // and 2027-07-01 is on 104000: 4000 + 104000 × 0.04 / 365 = 4011.40 → 4011.
    const principal = owed('2026-07-01', 100000);
    expect(interestCents({ start: '2026-07-01', through: '2027-06-30', principal })).toBe(4000);
    expect(interestCents({ start: '2026-07-01', through: '2027-07-01', principal })).toBe(4011);
    // A calendar-year compounding would have capitalised on 2027-01-01 and given a different 2027-06-30:
    // 100000 × 0.04 × 184/365 = 2016.44; then 102016.44 × 0.04 × 181/365 = 2023.56; 4040 ≠ 4000.
  });

  it('DUN-5: a leap year (2028) is still divided by 365, so its 366 days earn more than the yearly rate', () => {
    // € 1.000,00 through all of 2028: 100000 × 0.04 × 366 / 365 = 4010.96 → 4011.
    const input = { start: '2028-01-01', through: '2028-12-31', principal: owed('2028-01-01', 100000) };
    expect(accruedInterest(input)).toEqual(reduced(100000n * 400n * 366n, 3_650_000n));
    expect(interestCents(input)).toBe(4011);
    // 29 February itself earns a day: 100000 × 0.04 / 365 = 10.96 → 11.
    expect(interestCents({ ...input, start: '2028-02-29', through: '2028-02-29' })).toBe(11);
  });

  it('DUN-5: no principal, no interest', () => {
    expect(
      interestCents({ start: '2026-01-01', through: '2027-12-31', principal: owed('2026-01-01', 0) }),
    ).toBe(0);
    expect(interestCents({ start: '2026-01-01', through: '2027-12-31', principal: [] })).toBe(0);
  });

  it('DUN-5: a period that ends before it starts has no interest', () => {
    const input = { start: '2026-03-02', through: '2026-03-01', principal: owed('2026-03-02', 74707) };
    expect(accruedInterest(input)).toEqual({ numerator: 0n, denominator: 1n });
    expect(interestCents(input)).toBe(0);
  });

  it('DUN-5: the exact interest is rounded once, at the end, not per day', () => {
    // € 10,00 for 30 days at 4%: each day 1000 × 0.04 / 365 = 0.11 cents, which per-day rounding makes 0;
    // exactly, 30 days are 3.29 cents → 3.
    const input = { start: '2026-05-01', through: '2026-05-30', principal: owed('2026-05-01', 1000) };
    expect(interestCents(input)).toBe(3);
  });

  it('DUN-5: invalid input is refused rather than guessed', () => {
    const base = { start: '2026-01-01', through: '2026-01-31' };
    expect(() => interestCents({ ...base, principal: owed('2026-01-01', -100) })).toThrow(/non-negative/);
    expect(() => interestCents({ ...base, principal: owed('2026-01-01', 10.5) })).toThrow(/whole/);
    expect(() =>
      interestCents({
        ...base,
        principal: [
          { from: '2026-01-10', principal: 1 },
          { from: '2026-01-01', principal: 2 },
        ],
      }),
    ).toThrow(/oldest first/);
    expect(() => interestCents({ ...base, start: '2026-02-30', principal: [] })).toThrow(
      /invalid start date/,
    );
  });
});

// ---- Properties ------------------------------------------------------------------------------------

const FIRST_DAY = '2015-07-01';
const LAST_DAY = '2031-12-31';
const dayOffset = (max = daysBetween(FIRST_DAY, LAST_DAY)) => fc.integer({ min: 0, max });

/** An unpaid amount from `start`, then changes (payments, a further invoice) on later days. */
function principalSteps(start: IsoDate, spanDays: number): fc.Arbitrary<PrincipalStep[]> {
  return fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: spanDays }),
        principal: fc.integer({ min: 0, max: 2_000_000 }),
      }),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((raw) => {
      const byDay = new Map<IsoDate, number>();
      for (const { offset, principal } of raw) byDay.set(addDays(start, offset), principal);
      return [...byDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([from, principal]) => ({ from, principal }));
    });
}

function reduced(numerator: bigint, denominator: bigint) {
  let [x, y] = [numerator, denominator];
  while (y !== 0n) [x, y] = [y, x % y];
  return { numerator: numerator / x, denominator: denominator / x };
}

const compare = (
  a: { numerator: bigint; denominator: bigint },
  b: { numerator: bigint; denominator: bigint },
) => a.numerator * b.denominator - b.numerator * a.denominator;

/** DUN-5 spelled out day by day, for comparison: the dumbest correct version. */
function dayByDayInterest(start: IsoDate, through: IsoDate, steps: PrincipalStep[]) {
  let total = { numerator: 0n, denominator: 1n };
  let base = { numerator: 0n, denominator: 1n }; // interest capitalised at the anniversaries
  let year = 1;
  for (let day = start; day <= through; day = addDays(day, 1)) {
    if (day === addYears(start, year)) {
      base = total;
      year++;
    }
    const principal = BigInt(steps.filter((s) => s.from <= day).at(-1)?.principal ?? 0);
    const bp = BigInt(rateOn(STATUTORY_INTEREST_RATES, day));
    // total += (principal + base) × bp / 3 650 000
    const dayNumerator = (principal * base.denominator + base.numerator) * bp;
    const dayDenominator = base.denominator * 3_650_000n;
    total = reduced(
      total.numerator * dayDenominator + dayNumerator * total.denominator,
      total.denominator * dayDenominator,
    );
  }
  return total;
}

describe('DUN-5 statutory interest, properties', () => {
  it('DUN-5: without compounding the exact interest is additive: a..c = a..b + (b+1)..c within one year', () => {
    const arb = dayOffset(daysBetween(FIRST_DAY, '2030-12-31')).chain((startOffset) => {
      const start = addDays(FIRST_DAY, startOffset);
      const yearLength = daysBetween(start, addYears(start, 1)) - 1; // c stays within the first year
      return fc.tuple(
        fc.constant(start),
        fc
          .integer({ min: 0, max: yearLength })
          .chain((c) => fc.tuple(fc.integer({ min: 0, max: c }), fc.constant(c))),
        principalSteps(start, yearLength),
      );
    });
    fc.assert(
      fc.property(arb, ([start, [b, c], principal]) => {
        const whole = accruedInterest({ start, through: addDays(start, c), principal });
        const first = accruedInterest({ start, through: addDays(start, b), principal });
        const second = accruedInterest({
          start: addDays(start, b + 1),
          through: addDays(start, c),
          principal,
        });
        const sum = reduced(
          first.numerator * second.denominator + second.numerator * first.denominator,
          first.denominator * second.denominator,
        );
        expect(compare(whole, sum)).toBe(0n);
      }),
      settings,
    );
  });

  it('DUN-5: more principal on any day never gives less interest, also when compounded', () => {
    const arb = dayOffset(daysBetween(FIRST_DAY, '2028-12-31')).chain((startOffset) => {
      const start = addDays(FIRST_DAY, startOffset);
      return fc
        .tuple(fc.constant(start), fc.integer({ min: 0, max: 3 * 366 }), principalSteps(start, 3 * 366))
        .chain(([s, span, steps]) =>
          fc.tuple(
            fc.constant(s),
            fc.constant(span),
            fc.constant(steps),
            fc.array(fc.integer({ min: 0, max: 500_000 }), {
              minLength: steps.length,
              maxLength: steps.length,
            }),
          ),
        );
    });
    fc.assert(
      fc.property(arb, ([start, span, steps, extra]) => {
        const through = addDays(start, span);
        const more = steps.map((s, i) => ({ from: s.from, principal: s.principal + extra[i]! }));
        const less = accruedInterest({ start, through, principal: steps });
        const greater = accruedInterest({ start, through, principal: more });
        expect(compare(greater, less) >= 0n).toBe(true);
        expect(interestCents({ start, through, principal: more })).toBeGreaterThanOrEqual(
          interestCents({ start, through, principal: steps }),
        );
      }),
      settings,
    );
  });

  it('DUN-5: the segment-wise sum equals the day-by-day definition, across rate changes and anniversaries', () => {
    const arb = dayOffset(daysBetween(FIRST_DAY, '2029-12-31')).chain((startOffset) => {
      const start = addDays(FIRST_DAY, startOffset);
      return fc.tuple(
        fc.constant(start),
        fc.integer({ min: -3, max: 3 * 366 }),
        principalSteps(start, 3 * 366),
      );
    });
    fc.assert(
      fc.property(arb, ([start, span, principal]) => {
        const through = addDays(start, span);
        const exact = accruedInterest({ start, through, principal });
        expect(compare(exact, dayByDayInterest(start, through, principal))).toBe(0n);
        expect(interestCents({ start, through, principal })).toBe(
          roundHalfUp(exact.numerator, exact.denominator),
        );
      }),
      { ...settings, numRuns: Math.min(RUNS, 60) },
    );
  });
});
