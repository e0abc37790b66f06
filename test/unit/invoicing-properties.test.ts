import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, type IsoDate } from '#shared/calendar.ts';
import { terminationEnd } from '#shared/contract-lifecycle.ts';
import { billable, invoiceLines } from '#shared/invoices.ts';
import {
  addMonths,
  annualAmount,
  type BillableContract,
  contractLine,
  type Month,
  monthlyAmount,
  monthOf,
  sessionMinutes,
  type TermsVersion,
  termsOn,
} from '#shared/invoicing.ts';
import { type Cents, roundHalfUp } from '#shared/money.ts';
import { ACCRETE_2020, type Policy, tariffVersion } from '#shared/policy.ts';
import { PRODUCT_RULES, PRODUCTS, type Product, WEEKDAYS } from '#shared/products.ts';
import type { ContractChange, ContractRecord } from '#shared/records.ts';
import { settlements } from '#shared/settlement.ts';

/**
 * Issue 8 item 8: property-based tests of the invoicing invariants (INV-1, INV-2, CON-4 to CON-6, art. 8.5),
 * offline, on the pure domain functions. Every amount is compared exactly, in integer cents. A fixed seed
 * keeps the runs the same on every machine; FAST_CHECK_SEED and FAST_CHECK_RUNS explore further.
 */
const SEED = Number(process.env.FAST_CHECK_SEED ?? 20270808);
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 300);
const settings = { seed: SEED, numRuns: RUNS };

const CHILD = 'Nguyễn Thị Minh Khai';
const FIXED = PRODUCTS.filter((p) => !PRODUCT_RULES[p].flexible);
const FLEXIBLE = PRODUCTS.filter((p) => PRODUCT_RULES[p].flexible);

type Terms = Omit<TermsVersion, 'from'>;
type Schedule = NonNullable<TermsVersion['schedule']>;

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const sum = (amounts: Cents[]) => amounts.reduce((total, a) => total + a, 0);
const monthsOfYear = (year: number): Month[] => Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`);

// --- Values within the rules (records.ts, products.ts) ---

/** TAR-1: a session within the opening hours 06:30–19:30, to the minute, as the API accepts it. */
const session = fc
  .uniqueArray(fc.integer({ min: 6 * 60 + 30, max: 19 * 60 + 30 }), { minLength: 2, maxLength: 2 })
  .map(([a, b]) => `${hhmm(Math.min(a!, b!))}-${hhmm(Math.max(a!, b!))}`);

function scheduleArb(minimumSessions: number): fc.Arbitrary<Schedule> {
  return fc
    .subarray([...WEEKDAYS], { minLength: Math.max(1, minimumSessions) })
    .chain((days) =>
      fc
        .array(session, { minLength: days.length, maxLength: days.length })
        .map((sessions) => Object.fromEntries(days.map((day, i) => [day, sessions[i]])) as Schedule),
    );
}

/** Hours per month of a flexible contract: positive, in half hours, at most 300 (records.ts). */
const hoursPerMonth = fc.integer({ min: 1, max: 600 }).map((halves) => halves / 2);

/** A contract's terms as the product's rules allow them: weeks and weekly schedule, or average hours. */
function termsArb(product: Product): fc.Arbitrary<Terms> {
  const rules = PRODUCT_RULES[product];
  if (rules.flexible) return hoursPerMonth.map((hours) => ({ hoursPerMonth: hours }));
  return fc.record({
    weeks: fc.integer({ min: rules.weeks.min, max: rules.weeks.max }),
    schedule: scheduleArb(rules.minimumSessions),
  });
}

/** TAR-6: an hourly rate in whole cents, as a tariff version accepts it (records.ts: 1 to 100.000). */
const rate = fc.integer({ min: 1, max: 100_000 });
const hourlyArb = (cents: fc.Arbitrary<Cents>) =>
  fc.record(Object.fromEntries(PRODUCTS.map((p) => [p, cents])) as Record<Product, fc.Arbitrary<Cents>>);

function policyOf(versions: { from: IsoDate; hourly: Record<Product, Cents> }[]): Policy {
  const sorted = [...versions].sort((a, b) => a.from.localeCompare(b.from));
  return { ...ACCRETE_2020, tariffs: sorted.map((v) => tariffVersion(v.from, v.hourly)) };
}

const ONE_CENT = Object.fromEntries(PRODUCTS.map((p) => [p, 1])) as Record<Product, Cents>;

const yearArb = fc.integer({ min: 2000, max: 2199 });

/** The rule itself (INV-1): weekly minutes × contract weeks × hourly rate, rounded half-up to the cent once. */
function annualByRule(product: Product, terms: Terms, hourly: Cents): Cents {
  let weekly = 0;
  for (const day of WEEKDAYS) {
    const s = terms.schedule?.[day];
    if (s) weekly += sessionMinutes(product, s);
  }
  return roundHalfUp(BigInt(weekly) * BigInt(terms.weeks ?? 0) * BigInt(hourly), 60n);
}

describe('INV-1: the twelve months of an unchanged calendar year', () => {
  const fixedYear = fc.record({
    product: fc.constantFrom(...FIXED),
    year: yearArb,
    hourly: rate,
    // An earlier price, and a later one, outside the year: the year itself is unchanged.
    before: rate,
    after: rate,
  });

  it('INV-1: a fixed contract (KDV, POV, BSO, VSO) bills twelve months that add up exactly to the annual amount, December carrying the rounding difference', () => {
    fc.assert(
      fc.property(
        fixedYear.chain((y) => termsArb(y.product).map((terms) => ({ ...y, terms }))),
        fc.integer({ min: 1, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        ({ product, year, hourly, before, after, terms }, daysBefore, daysAfter) => {
          const annual = annualByRule(product, terms, hourly);
          expect(annualAmount(product, { from: `${year}-01-01`, ...terms }, hourly)).toBe(annual);
          const months = monthsOfYear(year);
          const amounts = months.map((m) =>
            monthlyAmount(product, { from: `${year}-01-01`, ...terms }, hourly, m),
          );
          expect(sum(amounts)).toBe(annual);
          // Monthly amount = annual ÷ 12, rounded half-up; December = the annual amount less the other eleven.
          const twelfth = roundHalfUp(BigInt(annual), 12n);
          expect(amounts.slice(0, 11)).toEqual(Array(11).fill(twelfth));
          expect(amounts[11]).toBe(annual - 11 * twelfth);

          // The same year through the invoice line of a contract that runs before, through and after it.
          const start = addDays(`${year}-01-01`, -daysBefore);
          const contract: BillableContract = {
            id: 'contract-1',
            product,
            childName: CHILD,
            start,
            end: addDays(`${year}-12-31`, daysAfter),
            terms: [{ from: start, ...terms }],
          };
          const policy = policyOf([
            { from: '1990-01-01', hourly: { ...ACCRETE_2020.tariffs[0]!.hourly, [product]: before } },
            { from: `${year}-01-01`, hourly: { ...ACCRETE_2020.tariffs[0]!.hourly, [product]: hourly } },
            { from: `${year + 1}-01-01`, hourly: { ...ACCRETE_2020.tariffs[0]!.hourly, [product]: after } },
          ]);
          const lines = months.map((m) => contractLine(contract, m, policy)?.amount ?? 0);
          expect(lines).toEqual(amounts);
          expect(sum(lines)).toBe(annual);
        },
      ),
      settings,
    );
  });

  it('INV-1, INV-3: a flexible contract (KDV_FLEX, BSO_FLEX) bills every month of the year the agreed hours × the rate, rounded half-up once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FLEXIBLE),
        yearArb,
        hoursPerMonth,
        rate,
        (product, year, hours, hourly) => {
          const month = roundHalfUp(BigInt(hours * 100) * BigInt(hourly), 100n);
          const contract: BillableContract = {
            id: 'flex-1',
            product,
            childName: CHILD,
            start: `${year - 1}-11-15`,
            end: `${year + 1}-02-10`,
            terms: [{ from: `${year - 1}-11-15`, hoursPerMonth: hours }],
          };
          const policy = policyOf([
            { from: '1990-01-01', hourly: { ...ACCRETE_2020.tariffs[0]!.hourly, [product]: hourly } },
          ]);
          const lines = monthsOfYear(year).map((m) => contractLine(contract, m, policy)?.amount);
          expect(lines).toEqual(Array(12).fill(month));
          expect(sum(lines as Cents[])).toBe(12 * month);
        },
      ),
      settings,
    );
  });
});

// --- INV-2: one month, split ---

interface SplitMonth {
  product: Product;
  month: Month;
  contract: BillableContract;
  policy: Policy;
}

/** The days of a month from the 1st, as dates. */
function daysOf(month: Month): IsoDate[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: daysInMonth(y, m) }, (_, i) => `${month}-${pad(i + 1)}`);
}

/**
 * What the month costs computed at once: for each day of care, the monthly amount of the terms and rate in
 * force that day, summed exactly and divided by the days of the month, rounded half-up once (INV-2).
 */
function monthComputedAtOnce({ product, month, contract, policy }: SplitMonth): Cents | undefined {
  const days = daysOf(month);
  let numerator = 0n;
  let active = 0;
  for (const day of days) {
    if (day < contract.start || day > contract.end) continue;
    let terms: TermsVersion | undefined;
    for (const version of contract.terms) if (version.from <= day) terms = version;
    let hourly: Cents | undefined;
    for (const version of policy.tariffs) if (version.from <= day) hourly = version.hourly[product];
    numerator += BigInt(monthlyAmount(product, terms!, hourly!, month));
    active++;
  }
  return active ? roundHalfUp(numerator, BigInt(days.length)) : undefined;
}

/**
 * A month of a contract that may start or end within it, split by changes of terms (CON-4) and tariff
 * versions (TAR-6) on random days. `same`: every change and version keeps the monthly amount as it was.
 */
function splitMonthArb(same: boolean): fc.Arbitrary<SplitMonth> {
  return fc
    .record({ product: fc.constantFrom(...PRODUCTS), year: yearArb, m: fc.integer({ min: 1, max: 12 }) })
    .chain(({ product, year, m }) => {
      const month = `${year}-${pad(m)}`;
      const length = daysInMonth(year, m);
      const splitDay = fc.integer({ min: 2, max: length });
      return fc.record({
        product: fc.constant(product),
        month: fc.constant(month),
        initial: termsArb(product),
        hourly: hourlyArb(rate),
        // The first and last day of care: within the month, or before or after it.
        first: fc.option(fc.integer({ min: 1, max: length }), { nil: undefined }),
        last: fc.option(fc.integer({ min: 1, max: length }), { nil: undefined }),
        changes: fc.array(
          fc.record({
            day: splitDay,
            terms: termsArb(product),
            // Same weekly hours on other days (Monday becomes Tuesday), or the same hours re-stated.
            days: fc.shuffledSubarray([...WEEKDAYS]),
          }),
          { maxLength: 3 },
        ),
        tariffs: fc.uniqueArray(fc.record({ day: splitDay, hourly: hourlyArb(rate) }), {
          maxLength: 2,
          selector: (t) => t.day,
        }),
      });
    })
    .map(({ product, month, initial, hourly, first, last, changes, tariffs }) => {
      const [a, b] = [first ?? 0, last ?? 99];
      const start = a ? `${month}-${pad(Math.min(a, b))}` : addDays(`${month}-01`, -40);
      const end = b !== 99 ? `${month}-${pad(Math.max(a, b))}` : addDays(`${month}-01`, 70);
      const versions: TermsVersion[] = [{ from: start, ...initial }];
      for (const change of [...changes].sort((x, y) => x.day - y.day)) {
        const from = `${month}-${pad(change.day)}`;
        versions.push({
          from: from < start ? start : from,
          ...(same ? restated(initial, change.days) : change.terms),
        });
      }
      versions.sort((x, y) => x.from.localeCompare(y.from));
      const policy = policyOf([
        { from: '1990-01-01', hourly },
        ...tariffs.map((t) => ({
          from: `${month}-${pad(t.day)}`,
          hourly: same ? { ...t.hourly, [product]: hourly[product] } : t.hourly,
        })),
      ]);
      const contract: BillableContract = {
        id: 'contract-1',
        product,
        childName: CHILD,
        start,
        end,
        terms: versions,
      };
      return { product, month, contract, policy };
    });
}

/** The same terms as a new version: the same sessions moved to other weekdays where there are enough. */
function restated(terms: Terms, days: (typeof WEEKDAYS)[number][]): Terms {
  const sessions = Object.values(terms.schedule ?? {});
  if (!terms.schedule || days.length < sessions.length) return { ...terms };
  return { ...terms, schedule: Object.fromEntries(sessions.map((s, i) => [days[i], s])) as Schedule };
}

describe('INV-2: a month billed pro rata by calendar days', () => {
  it('INV-2: a contract that runs part of a month is billed monthly × active days ÷ days in the month, rounded half-up once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRODUCTS).chain((product) =>
          fc.record({
            product: fc.constant(product),
            terms: termsArb(product),
            year: yearArb,
            m: fc.integer({ min: 1, max: 12 }),
            hourly: rate,
            a: fc.integer({ min: 1, max: 31 }),
            b: fc.integer({ min: 1, max: 31 }),
          }),
        ),
        ({ product, terms, year, m, hourly, a, b }) => {
          const month = `${year}-${pad(m)}`;
          const length = daysInMonth(year, m);
          const [first, last] = [Math.min(a, b, length), Math.min(Math.max(a, b), length)];
          const contract: BillableContract = {
            id: 'contract-1',
            product,
            childName: CHILD,
            start: `${month}-${pad(first)}`,
            end: `${month}-${pad(last)}`,
            terms: [{ from: `${month}-${pad(first)}`, ...terms }],
          };
          const policy = policyOf([
            { from: '1990-01-01', hourly: { ...ACCRETE_2020.tariffs[0]!.hourly, [product]: hourly } },
          ]);
          const monthly = monthlyAmount(product, contract.terms[0]!, hourly, month);
          const active = last - first + 1;
          expect(contractLine(contract, month, policy)?.amount).toBe(
            roundHalfUp(BigInt(monthly) * BigInt(active), BigInt(length)),
          );
        },
      ),
      settings,
    );
  });

  /*
   * Fails today (issue 8 item 8 found it): contractLine rounds each part of a split month on its own, so
   * a split that changes nothing can cost a cent more or less than the month. By hand: KDV on Tuesdays
   * 08:00-18:00, 50 weeks, € 8,62: € 359,17 a month; moved to Wednesdays from 16 June 2027, June is billed
   * 15/30 + 15/30 of it, each half rounded up: € 359,18. Below, the smallest case fast-check found.
   */
  const unchangedSplit: SplitMonth = {
    product: 'BSO',
    month: '2128-11',
    contract: {
      id: 'bso-1',
      product: 'BSO',
      childName: CHILD,
      start: '2128-11-13',
      end: '2129-01-10',
      terms: [
        { from: '2128-11-13', weeks: 40, schedule: { wed: '06:51-18:52' } },
        { from: '2128-11-26', weeks: 40, schedule: { wed: '06:51-18:52' } },
      ],
    },
    policy: policyOf([{ from: '1990-01-01', hourly: { ...ONE_CENT, BSO: 89683 } }]),
  };

  it('INV-2, CON-4, TAR-6: a month split by a change or a price version that keeps the monthly amount costs exactly what the unsplit month costs', () => {
    fc.assert(
      fc.property(splitMonthArb(true), (split) => {
        const { product, month, contract, policy } = split;
        const unsplit: BillableContract = { ...contract, terms: [contract.terms[0]!] };
        const once = policyOf([{ from: '1990-01-01', hourly: policy.tariffs[0]!.hourly }]);
        const expected = contractLine(unsplit, month, once)?.amount;
        expect(
          monthlyAmount(product, contract.terms.at(-1)!, policy.tariffs.at(-1)!.hourly[product], month),
        ).toBe(monthlyAmount(product, contract.terms[0]!, policy.tariffs[0]!.hourly[product], month));
        expect(contractLine(contract, month, policy)?.amount).toBe(expected);
      }),
      { ...settings, examples: [[unchangedSplit]] },
    );
  });

  /*
   * Fails today, for the same reason. The smallest case fast-check found: care on 1 and 2 February 2000 (a
   * month of 29 days) at € 0,03 and, changed, € 0,71 a month; billed apart 0,03 × 1/29 → € 0,00 and
   * 0,71 × 1/29 → € 0,02; at once (0,03 + 0,71) × 1/29 = 0,0255 → € 0,03.
   */
  const changedSplit: SplitMonth = {
    product: 'POV',
    month: '2000-02',
    contract: {
      id: 'pov-1',
      product: 'POV',
      childName: CHILD,
      start: '1999-12-23',
      end: '2000-02-02',
      terms: [
        { from: '1999-12-23', weeks: 40, schedule: { thu: '06:30-06:31', fri: '06:30-06:31' } },
        {
          from: '2000-02-02',
          weeks: 40,
          schedule: { tue: '06:30-08:41', thu: '06:30-17:01', fri: '07:00-14:31' },
        },
      ],
    },
    policy: policyOf([{ from: '1990-01-01', hourly: ONE_CENT }]),
  };

  it('INV-2, CON-4, TAR-6: the pro-rata parts of a month split by changes and price versions add up to the month computed at once, rounded half-up once', () => {
    fc.assert(
      fc.property(splitMonthArb(false), (split) => {
        expect(contractLine(split.contract, split.month, split.policy)?.amount).toBe(
          monthComputedAtOnce(split),
        );
      }),
      { ...settings, examples: [[changedSplit]] },
    );
  });
});

// --- CON-4, CON-6, art. 8.5: a contract's life, invoiced in advance ---

type LifeEvent =
  | { kind: 'change'; receivedOn: IsoDate; change: ContractChange }
  | { kind: 'notice'; receivedOn: IsoDate; requestedEnd?: IsoDate };

interface Life {
  contract: ContractRecord;
  policy: Policy;
  /**
   * In the order they happen. Before each, the runs have invoiced the months up to `invoiced` months from
   * the month it is received in (-2: two months behind, a late run; 3: three months ahead), or more.
   */
  steps: { invoiced: number; event: LifeEvent }[];
}

/** A change states only what it changes (change-contract.ts): some of weeks and schedule, or the hours. */
function changeArb(product: Product): fc.Arbitrary<Omit<ContractChange, 'requestedOn' | 'effective'>> {
  const rules = PRODUCT_RULES[product];
  if (rules.flexible) return hoursPerMonth.map((hours) => ({ hoursPerMonth: hours }));
  return fc
    .record(
      {
        weeks: fc.integer({ min: rules.weeks.min, max: rules.weeks.max }),
        schedule: scheduleArb(rules.minimumSessions),
      },
      { requiredKeys: [] },
    )
    .filter((c) => c.weeks !== undefined || c.schedule !== undefined);
}

/** How far the runs have invoiced when an event is received, from its month: late runs to far ahead. */
const invoicedArb = fc.integer({ min: -2, max: 3 });

const lifeArb: fc.Arbitrary<Life> = fc
  .record({
    product: fc.constantFrom(...PRODUCTS),
    // Realistic rates (€ 1 to € 20 an hour), so that even one day of the smallest contract costs a cent.
    hourly: hourlyArb(fc.integer({ min: 100, max: 2000 })),
    startDay: fc.integer({ min: 0, max: 730 }),
    length: fc.integer({ min: 30, max: 900 }),
  })
  .chain(({ product, hourly, startDay, length }) => {
    const start = addDays('2027-01-01', startDay);
    const end = addDays(start, length);
    return fc.record({
      product: fc.constant(product),
      start: fc.constant(start),
      end: fc.constant(end),
      hourly: fc.constant(hourly),
      initial: termsArb(product),
      prices: fc.uniqueArray(
        fc.record({
          day: fc.integer({ min: 1, max: length }),
          hourly: hourlyArb(fc.integer({ min: 100, max: 2000 })),
        }),
        { maxLength: 2, selector: (p) => p.day },
      ),
      // Changes in the order they are received; each takes effect on or after that day (CON-4), so a later
      // change may take effect before an earlier one.
      changes: fc.array(
        fc.record({
          after: fc.integer({ min: 0, max: 60 }),
          effectiveIn: fc.integer({ min: 0, max: 120 }),
          change: changeArb(product),
          invoiced: invoicedArb,
        }),
        { maxLength: 4 },
      ),
      notice: fc.option(
        fc.record({
          after: fc.integer({ min: 0, max: 300 }),
          later: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
          invoiced: invoicedArb,
        }),
        { nil: undefined, freq: 5 },
      ),
      firstReceived: fc.integer({ min: -120, max: 150 }),
    });
  })
  .map(({ product, start, end, hourly, initial, prices, changes, notice, firstReceived }) => {
    const contract: ContractRecord = {
      type: 'contract',
      id: 'contract-1',
      parentId: 'sukru-yilmaz',
      status: 'active',
      signedOn: addDays(start, -100),
      child: { name: CHILD, birthDate: addDays(start, -400) },
      location: 'Kindcentrum De Tol',
      product,
      start,
      end,
      ...initial,
    };
    const steps: Life['steps'] = [];
    let receivedOn = addDays(start, firstReceived);
    for (const c of changes) {
      receivedOn = addDays(receivedOn, c.after);
      const effective = addDays(receivedOn, c.effectiveIn);
      // change-contract.ts: a change takes effect on or before the contract's last day.
      if (effective > end) continue;
      steps.push({
        invoiced: c.invoiced,
        event: { kind: 'change', receivedOn, change: { requestedOn: receivedOn, effective, ...c.change } },
      });
    }
    if (notice) {
      const on = addDays(receivedOn, notice.after);
      // A contract past its last day has ended (CON-3): no notice any more.
      if (on <= end)
        steps.push({
          invoiced: notice.invoiced,
          event: {
            kind: 'notice',
            receivedOn: on,
            ...(notice.later === undefined ? {} : { requestedEnd: addDays(on, 30 + notice.later) }),
          },
        });
    }
    const policy = policyOf([
      { from: '2020-01-01', hourly },
      ...prices.map((p) => ({ from: addDays(start, p.day), hourly: p.hourly })),
    ]);
    return { contract, policy, steps };
  });

/**
 * The contract's life as the handlers live it: the runs invoice months in advance (each with the contract as
 * it stands then, invoices.ts), and each change (change-contract.ts), notice (terminate-contract.ts) or
 * cancellation (cancel-contract.ts, CON-5) settles the months invoiced already that it reaches (art. 8.5),
 * recording the settlements on the contract. In the end every month up to the last day is invoiced.
 */
function live(life: Life) {
  const { policy } = life;
  let contract = life.contract;
  /** The contract line on each month's invoice, as issued. */
  const billed = new Map<Month, Cents>();
  let invoicedThrough = addMonths(monthOf(contract.start), -1);
  const lastMonth = monthOf(contract.end);
  const invoiceThrough = (through: Month) => {
    for (let m = addMonths(invoicedThrough, 1); m <= through && m <= lastMonth; m = addMonths(m, 1)) {
      const invoice = invoiceLines([contract], [], m, policy);
      const line = 'skip' in invoice ? undefined : invoice.lines.find((l) => l.kind === 'contract');
      if (line) billed.set(m, line.amount);
      invoicedThrough = m;
    }
  };
  /** billedForContract (contract-store.ts): the contract's lines on the invoices from a month on. */
  const billedFrom = (from: Month) =>
    [...billed].filter(([m]) => m >= from).map(([month, amount]) => ({ month, billed: amount }));
  const settle = (after: ContractRecord, from: Month, requestId: string) => {
    const found = settlements(after, billedFrom(from), policy, requestId);
    contract = {
      ...after,
      settlements: [
        ...(contract.settlements ?? []),
        ...found.map((s) => ({ month: s.month, amount: s.amount, requestId })),
      ],
    };
  };

  life.steps.forEach(({ invoiced, event }, i) => {
    invoiceThrough(addMonths(monthOf(event.receivedOn), invoiced));
    if (event.kind === 'change') {
      const changed = { ...contract, changes: [...(contract.changes ?? []), event.change] };
      settle(changed, monthOf(event.change.effective), `change-${i}`);
    } else if (event.receivedOn < contract.start) {
      // CON-5: notice before the start is a cancellation; what was invoiced for it is taken back.
      settle({ ...contract, status: 'cancelled' }, monthOf(contract.start), 'cancellation');
    } else {
      const end = terminationEnd(event.receivedOn, event.requestedEnd, policy);
      const lastDay = end < contract.end ? end : contract.end;
      settle({ ...contract, end: lastDay, status: 'terminated' }, monthOf(lastDay), 'termination');
    }
  });
  invoiceThrough(lastMonth);
  return { contract, billed };
}

describe('CON-4, CON-6, art. 8.5: every day of care billed once across changes, notice and settlements', () => {
  it('CON-4, CON-5, CON-6, art. 8.5: per month and over the whole contract, the invoice lines plus the settlements equal what the final terms cost', () => {
    fc.assert(
      fc.property(lifeArb, (life) => {
        const { contract, billed } = live(life);
        const care = billable(contract);
        const costs = (m: Month) =>
          contract.status === 'cancelled' ? 0 : (contractLine(care, m, life.policy)?.amount ?? 0);
        const months: Month[] = [];
        for (let m = monthOf(contract.start); m <= monthOf(life.contract.end); m = addMonths(m, 1))
          months.push(m);
        const paid = (m: Month) =>
          (billed.get(m) ?? 0) +
          sum((contract.settlements ?? []).filter((s) => s.month === m).map((s) => s.amount));
        expect(months.map((m) => [m, paid(m)])).toEqual(months.map((m) => [m, costs(m)]));
        expect(sum(months.map(paid))).toBe(sum(months.map(costs)));
      }),
      settings,
    );
  });

  it('CON-4: whatever order changes are made in, the terms in force on a day are, field by field, those of the last change effective by then that states the field', () => {
    fc.assert(
      fc.property(lifeArb, ({ contract, steps }) => {
        const changes = steps.flatMap((s) => (s.event.kind === 'change' ? [s.event.change] : []));
        const care = billable({ ...contract, changes });
        // The rule, written out: among the changes effective by the day that state the field, the one with the
        // latest effective date wins; of two on the same day, the one made later.
        const inForce = <K extends 'weeks' | 'schedule' | 'hoursPerMonth'>(field: K, day: IsoDate) => {
          let value = contract[field];
          let latest: IsoDate | undefined;
          // In the order they were made: of two effective the same day, the later one comes last and wins.
          for (const change of changes) {
            if (change[field] === undefined || change.effective > day) continue;
            if (latest === undefined || change.effective >= latest) {
              latest = change.effective;
              value = change[field] as ContractRecord[K];
            }
          }
          return value;
        };
        const days = [contract.start, ...changes.flatMap((c) => [addDays(c.effective, -1), c.effective])];
        for (let d = contract.start; d <= contract.end; d = addDays(d, 17)) days.push(d);
        for (const day of days.filter((d) => d >= contract.start && d <= contract.end)) {
          const terms = termsOn(care, day);
          expect({
            day,
            weeks: terms?.weeks,
            schedule: terms?.schedule,
            hours: terms?.hoursPerMonth,
          }).toEqual({
            day,
            weeks: inForce('weeks', day),
            schedule: inForce('schedule', day),
            hours: inForce('hoursPerMonth', day),
          });
        }
      }),
      settings,
    );
  });
});
