import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANNE } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * The admin routes for price changes (TAR-6), swap days (CON-9) and flexible bookings (INV-3) through the
 * local runtime: the rules refuse with the field named, a repeated request changes and sends nothing twice.
 */
let rt: TestRuntime;

const child = (name: string, birthDate: string) => ({ name, birthDate });
const RATES = { KDV: 900, POV: 900, KDV_FLEX: 1040, BSO: 820, VSO: 820, BSO_FLEX: 960 };

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04' });
  await rt.goTo('2027-01-04');
  expect((await rt.call('PUT', '/parents/p1', SANNE)).status).toBe(200);
  const base = { parent: 'p1', location: 'Kindcentrum De Tol', start: '2027-01-01' };
  const contracts = [
    {
      ...base,
      id: 'kdv',
      child: child('Noor', '2025-05-10'),
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
    },
    {
      ...base,
      id: 'pov',
      child: child('Daan', '2024-09-01'),
      product: 'POV',
      weeks: 40,
      schedule: { tue: '08:30-12:00', wed: '08:30-12:00' },
    },
    { ...base, id: 'flex', child: child('Mila', '2025-06-01'), product: 'KDV_FLEX', hoursPerMonth: 40 },
  ];
  for (const contract of contracts) expect((await rt.call('POST', '/contracts', contract)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await rt?.shutdown();
});

const kinds = async (kind: string) => (await rt.emails()).filter((e) => e.kind === kind);

describe('TAR-5: subsidised toddler care', () => {
  it('is for POV only, and its contract keeps the municipality and the parent contribution', async () => {
    const base = { parent: 'p1', location: 'Kindcentrum De Tol', start: '2027-02-01' };
    const subsidy = { municipality: 'Steenwijkerland', parentContribution: 4500 };
    const kdv = await rt.call('POST', '/contracts', {
      ...base,
      id: 'kdv-sub',
      child: child('Sem', '2025-01-01'),
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-13:00' },
      subsidy,
    });
    expect(kdv.status).toBe(400);
    expect(kdv.body.issues).toEqual([
      { field: 'subsidy', problem: 'the municipality subsidises toddler care (POV) only, not KDV (TAR-5)' },
    ]);
    const pov = await rt.call('POST', '/contracts', {
      ...base,
      id: 'pov-sub',
      child: child('Sem', '2024-10-01'),
      product: 'POV',
      weeks: 40,
      schedule: { mon: '08:30-12:00', fri: '08:30-12:00' },
      subsidy,
    });
    expect(pov.status).toBe(201);
    expect((await rt.call('GET', '/contracts/pov-sub')).body.contract.subsidy).toEqual(subsidy);
  });
});

describe('TAR-6: a price change', () => {
  it('refuses a version that takes effect within one notice period, naming the earliest date', async () => {
    const response = await rt.call('POST', '/tariffs', { from: '2027-01-20', hourly: RATES });
    expect(response.status).toBe(422);
    expect(response.body.issues).toEqual([
      {
        field: 'from',
        problem:
          'must be at least the notice period (one month) after the announcement (TAR-6): on or after 2027-02-04',
      },
    ]);
  });

  it('refuses rates that are missing or not whole cents', async () => {
    const { KDV: _missing, ...rest } = RATES;
    const response = await rt.call('POST', '/tariffs', { from: '2027-03-01', hourly: { ...rest, POV: 9.5 } });
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual([
      { field: 'hourly.KDV', problem: 'is required' },
      { field: 'hourly.POV', problem: 'must be whole cents' },
    ]);
  });

  it('stores the version once, lists it, and announces it to the parent once', async () => {
    const created = await rt.call('POST', '/tariffs', { from: '2027-03-01', hourly: RATES });
    expect(created.status).toBe(201);
    expect(created.body.tariff).toMatchObject({
      from: '2027-03-01',
      announcedOn: '2027-01-04',
      extraCare: { 'day-care': 1040, 'out-of-school': 960 }, // TAR-2: the flexible rates
    });
    expect((await rt.call('POST', '/tariffs', { from: '2027-03-01', hourly: RATES })).status).toBe(200);
    const different = await rt.call('POST', '/tariffs', {
      from: '2027-03-01',
      hourly: { ...RATES, KDV: 950 },
    });
    expect(different.status).toBe(409);
    const listed = await rt.call('GET', '/tariffs');
    expect(
      listed.body.tariffs.map((t: { from: string; hourly: { KDV: number } }) => [t.from, t.hourly.KDV]),
    ).toEqual([
      ['2020-01-01', 862],
      ['2027-03-01', 900],
    ]);
    await rt.settle();
    const announced = await kinds('price-change');
    expect(announced).toHaveLength(1);
    // All three contracts run past 1 March; each line names the old and new rate and the new monthly amount:
    // KDV 10 h × 52 × € 9,00 / 12 = € 390,00; POV 7 h × 40 × € 9,00 / 12 = € 210,00; flexible 40 h × € 10,40.
    expect(announced[0]?.subject).toBe('Nieuwe tarieven per 1 maart 2027');
    expect(announced[0]?.text).toContain(
      'Noor, Dagopvang (vaste dagen) (kdv): €\u00a08,62 → €\u00a09,00 per uur; nieuw maandbedrag €\u00a0390,00',
    );
    expect(announced[0]?.text).toContain(
      '€\u00a08,62 → €\u00a09,00 per uur; nieuw maandbedrag €\u00a0210,00',
    );
    expect(announced[0]?.text).toContain(
      '€\u00a09,97 → €\u00a010,40 per uur; nieuw maandbedrag €\u00a0416,00',
    );
  });

  it('refuses a version before the latest one', async () => {
    const response = await rt.call('POST', '/tariffs', { from: '2027-02-15', hourly: RATES });
    expect(response.status).toBe(422);
    expect(response.body.issues[0]).toEqual({
      field: 'from',
      problem: 'must be after the latest tariff version (2027-03-01)',
    });
  });
});

describe('CON-9: swap days', () => {
  const swap = (contract: string, missed: string, day: string) =>
    rt.call('POST', `/contracts/${contract}/swap-days`, { missed, swap: day });

  it('has none for toddler care, nor for a flexible contract', async () => {
    expect((await swap('pov', '2027-02-02', '2027-02-04')).body.issues[0]).toEqual({
      field: 'id',
      problem: 'toddler care (POV) has no swap days (CON-9)',
    });
    expect((await swap('flex', '2027-02-02', '2027-02-04')).status).toBe(422);
  });

  it('names the rule a request breaks', async () => {
    const problems = async (missed: string, day: string) => (await swap('kdv', missed, day)).body.issues[0];
    // Requested on 4 January: both days must be 25 January or later.
    expect(await problems('2027-01-18', '2027-01-20')).toEqual({
      field: 'missed',
      problem: 'must be requested at least 3 weeks ahead (CON-9): on or after 2027-01-25',
    });
    expect(await problems('2027-02-02', '2027-02-03')).toMatchObject({ field: 'missed' }); // a Tuesday: no care
    expect(await problems('2027-02-01', '2027-02-08')).toEqual({
      field: 'swap',
      problem: 'is a contract day already',
    });
    expect(await problems('2027-02-01', '2027-03-03')).toEqual({
      field: 'swap',
      problem: 'must be within one month of the missed day (2027-01-01 – 2027-03-01, CON-9)',
    });
    expect(await problems('2027-04-26', '2027-04-27')).toMatchObject({ field: 'swap' }); // King's Day: closed
  });

  it('records a swap once and confirms it once', async () => {
    expect((await swap('kdv', '2027-02-01', '2027-02-03')).status).toBe(201);
    expect((await swap('kdv', '2027-02-01', '2027-02-03')).status).toBe(200);
    const other = await swap('kdv', '2027-02-01', '2027-02-04');
    expect(other.status).toBe(409);
    expect(other.body.issues[0].problem).toBe('2027-02-01 is swapped for 2027-02-03 already');
    expect((await rt.call('GET', '/contracts/kdv')).body.contract.swapDays).toEqual([
      { missed: '2027-02-01', swap: '2027-02-03', requestedOn: '2027-01-04' },
    ]);
    const confirmations = await kinds('swap-day');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.text).toContain('in plaats van 1 februari 2027 komt Noor op 3 februari 2027');
  });
});

describe('INV-3: bookings of a flexible contract', () => {
  const book = (contract: string, date: string, hours: number) =>
    rt.call('POST', `/contracts/${contract}/bookings`, { date, hours });

  it('are for flexible contracts, on open days, in half hours', async () => {
    expect((await book('kdv', '2027-02-02', 5)).body.issues[0]).toMatchObject({ field: 'id' });
    expect((await book('flex', '2027-02-06', 5)).body.issues[0]).toMatchObject({ field: 'date' }); // a Saturday
    expect((await book('flex', '2027-02-02', 2.25)).body.issues[0]).toEqual({
      field: 'hours',
      problem: 'must be in half hours',
    });
    expect((await book('flex', '2027-02-02', 14)).status).toBe(400);
  });

  it('books a day once, and a cancellation less than a week ahead stays billed', async () => {
    expect((await book('flex', '2027-01-08', 10)).status).toBe(201);
    expect((await book('flex', '2027-01-08', 10)).status).toBe(200);
    expect((await book('flex', '2027-01-08', 8)).status).toBe(409);
    expect((await book('flex', '2027-01-15', 10)).status).toBe(201);

    const late = await rt.call('POST', '/contracts/flex/bookings/2027-01-08/cancellation');
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ billed: true, booking: { status: 'cancelled-late' } });
    const again = await rt.call('POST', '/contracts/flex/bookings/2027-01-08/cancellation');
    expect(again.body).toMatchObject({ billed: true, booking: { status: 'cancelled-late' } });

    const timely = await rt.call('POST', '/contracts/flex/bookings/2027-01-15/cancellation');
    expect(timely.body).toMatchObject({ billed: false, booking: { status: 'cancelled' } });
    // A day cancelled in time can be booked again.
    const rebooked = await book('flex', '2027-01-15', 6);
    expect(rebooked.status).toBe(201);
    expect(rebooked.body.booking).toMatchObject({ hours: 6, status: 'booked', seq: 2 });

    const missing = await rt.call('POST', '/contracts/flex/bookings/2027-01-22/cancellation');
    expect(missing.status).toBe(404);
    const bad = await rt.call('POST', '/contracts/flex/bookings/22-01-2027/cancellation');
    expect(bad.body.issues[0]).toEqual({ field: 'date', problem: 'must be a date as YYYY-MM-DD' });

    expect(await kinds('booking')).toHaveLength(3);
    const cancellations = await kinds('booking-cancellation');
    expect(cancellations).toHaveLength(2);
    expect(cancellations.map((e) => e.text).join('\n')).toContain('de 10 uur blijven verschuldigd');

    // What counts against January's average: the late-cancelled 10 h and the 6 h booked again.
    const month = await rt.call('GET', '/contracts/flex/bookings?month=2027-01');
    expect(month.body).toMatchObject({ hoursPerMonth: 40, billedHours: 16, settledOnInvoiceFor: '2027-03' });
    expect(month.body.bookings.map((b: { date: string; status: string }) => [b.date, b.status])).toEqual([
      ['2027-01-08', 'cancelled-late'],
      ['2027-01-15', 'booked'],
    ]);
    expect((await rt.call('GET', '/contracts/flex/bookings')).body.issues).toEqual([
      { field: 'month', problem: 'is required' },
    ]);
  });
});
