import { describe, expect, it } from 'vitest';
import {
  bookingProblem,
  cancellationIsLate,
  priceChangeProblem,
  sessionOn,
  swapDayProblem,
} from '#shared/contract-lifecycle.ts';
import { type BookingRecord, billedHours, overageLine } from '#shared/flex.ts';
import { invoiceLines, overageMonth, overageSettledOn } from '#shared/invoices.ts';
import type { BillableContract } from '#shared/invoicing.ts';
import { ACCRETE_2020, tariffOn, tariffVersion, withTariffs } from '#shared/policy.ts';
import { priceChangeLines } from '#shared/price-change.ts';
import type { ContractRecord } from '#shared/records.ts';

const RATES = { KDV: 900, POV: 900, KDV_FLEX: 1040, BSO: 820, VSO: 820, BSO_FLEX: 960 };
const april = withTariffs(ACCRETE_2020, [tariffVersion('2027-04-01', RATES)]);

const flex: BillableContract = {
  id: 'f1',
  product: 'KDV_FLEX',
  childName: 'Mila',
  start: '2027-01-01',
  end: '2029-05-31',
  terms: [{ from: '2027-01-01', hoursPerMonth: 40 }],
};
const fixed: BillableContract = {
  id: 'k1',
  product: 'KDV',
  childName: 'Noor',
  start: '2027-01-01',
  end: '2029-05-09',
  terms: [{ from: '2027-01-01', weeks: 52, schedule: { mon: '08:00-18:00', thu: '08:00-13:00' } }],
};

function booking(date: string, hours: number, status: BookingRecord['status'] = 'booked'): BookingRecord {
  return {
    type: 'booking',
    contractId: 'f1',
    parentId: 'p1',
    date,
    hours,
    status,
    bookedOn: '2027-01-02',
    seq: 1,
  };
}

describe('TAR-6 tariff versions', () => {
  it('a new version applies from its date; extra care follows the flexible rates (TAR-2)', () => {
    expect(tariffOn(april, '2027-03-31').hourly.KDV).toBe(862);
    expect(tariffOn(april, '2027-04-01').hourly.KDV).toBe(900);
    expect(tariffOn(april, '2027-04-01').extraCare).toEqual({ 'day-care': 1040, 'out-of-school': 960 });
  });

  it('is announced at least one notice period (a month) ahead, after the latest version', () => {
    expect(priceChangeProblem('2027-01-15', '2027-02-14', ACCRETE_2020)).toContain('on or after 2027-02-15');
    expect(priceChangeProblem('2027-01-15', '2027-02-15', ACCRETE_2020)).toBeUndefined();
    // 31 January + 1 month = 28 February (the month's last day).
    expect(priceChangeProblem('2027-01-31', '2027-02-27', ACCRETE_2020)).toContain('on or after 2027-02-28');
    // Announced 25 March for 25 April: April's invoices went out on 22 March (INV-5), so May at the earliest.
    expect(priceChangeProblem('2027-03-25', '2027-04-25', ACCRETE_2020)).toBe(
      'falls in 2027-04, whose invoices are issued already (INV-5): on or after 2027-05-01',
    );
    expect(priceChangeProblem('2027-03-19', '2027-04-25', ACCRETE_2020)).toBeUndefined();
    expect(priceChangeProblem('2027-01-25', '2027-04-01', april)).toBe(
      'must be after the latest tariff version (2027-04-01)',
    );
  });

  it('tells each parent the old and new rate and the new monthly amount of the contracts it touches', () => {
    const contract = (id: string, product: ContractRecord['product'], extra: Partial<ContractRecord>) =>
      ({
        type: 'contract',
        id,
        parentId: 'p1',
        status: 'active',
        signedOn: '2026-12-01',
        child: { name: id, birthDate: '2025-05-10' },
        location: 'De Tol',
        product,
        start: '2027-01-01',
        end: '2029-05-09',
        ...extra,
      }) as ContractRecord;
    const lines = priceChangeLines(
      [
        contract('k1', 'KDV', { weeks: 52, schedule: { mon: '08:00-18:00', thu: '08:00-13:00' } }),
        contract('f1', 'KDV_FLEX', { hoursPerMonth: 40 }),
        contract('old', 'KDV', { weeks: 52, schedule: { mon: '08:00-18:00' }, end: '2027-03-31' }),
        contract('gone', 'KDV', { weeks: 52, schedule: { mon: '08:00-18:00' }, status: 'cancelled' }),
      ],
      '2027-04-01',
      april,
    );
    // 15 h × 52 × € 9,00 = € 7.020,00 a year → € 585,00 a month; 40 h × € 10,40 = € 416,00.
    expect(lines.map((l) => [l.contract, l.oldRate, l.newRate, l.newMonthly])).toEqual([
      ['f1', 997, 1040, 41600],
      ['k1', 862, 900, 58500],
    ]);
  });
});

describe('CON-9 swap days', () => {
  const ok = { missed: '2027-02-01', swap: '2027-02-03' }; // a Monday for a Wednesday

  it('are requested 3 weeks ahead of the first of the two days', () => {
    expect(swapDayProblem(fixed, '2027-01-11', ok)).toBeUndefined(); // 21 days before 1 February
    expect(swapDayProblem(fixed, '2027-01-12', ok)).toEqual({
      field: 'missed',
      problem: 'must be requested at least 3 weeks ahead (CON-9): on or after 2027-02-02',
    });
    // Swapping to an earlier day: the swap day is the first of the two.
    expect(swapDayProblem(fixed, '2027-01-13', { missed: '2027-02-08', swap: '2027-02-02' })?.field).toBe(
      'swap',
    );
  });

  it('never swap a public holiday: closing days are billed (CAL-2)', () => {
    // Easter Monday 2027 is a Monday, a contract day.
    expect(swapDayProblem(fixed, '2027-01-04', { missed: '2027-03-29', swap: '2027-03-31' })).toEqual({
      field: 'missed',
      problem: 'is a public holiday: closing days are billed and cannot be swapped (CAL-2, CON-9)',
    });
  });

  it('swap a contract day for a day the care is open, within one month', () => {
    expect(sessionOn(fixed, '2027-02-04')).toBe('08:00-13:00');
    expect(swapDayProblem(fixed, '2027-01-04', { missed: '2027-02-02', swap: '2027-02-03' })?.field).toBe(
      'missed',
    );
    expect(swapDayProblem(fixed, '2027-01-04', { missed: '2027-02-01', swap: '2027-02-04' })?.problem).toBe(
      'is a contract day already',
    );
    expect(swapDayProblem(fixed, '2027-01-04', { missed: '2027-02-01', swap: '2027-02-06' })?.field).toBe(
      'swap',
    ); // Saturday
    expect(
      swapDayProblem(fixed, '2027-01-04', { missed: '2027-02-01', swap: '2027-03-02' })?.problem,
    ).toContain('within one month');
    expect(swapDayProblem(fixed, '2027-01-04', { missed: '2027-02-01', swap: '2027-03-01' })?.problem).toBe(
      'is a contract day already',
    );
    expect(swapDayProblem(fixed, '2027-01-04', { missed: '2027-02-08', swap: '2027-01-27' })).toBeUndefined();
  });

  it('do not exist for toddler care (POV) or flexible contracts', () => {
    expect(swapDayProblem({ ...fixed, product: 'POV' }, '2027-01-04', ok)?.problem).toContain('POV');
    expect(swapDayProblem(flex, '2027-01-04', ok)?.field).toBe('id');
  });
});

describe('INV-3 flexible contracts', () => {
  it('a booking cancelled less than a week ahead stays billed', () => {
    expect(cancellationIsLate('2027-02-10', '2027-02-16', ACCRETE_2020)).toBe(true); // 6 days
    expect(cancellationIsLate('2027-02-09', '2027-02-16', ACCRETE_2020)).toBe(false); // 7 days
    expect(
      billedHours([
        booking('2027-02-02', 10),
        booking('2027-02-03', 4.5, 'cancelled-late'),
        booking('2027-02-04', 8, 'cancelled'),
      ]),
    ).toBe(14.5);
  });

  it('bills the hours beyond the average after the month, at the rate then in force', () => {
    const feb = ['02', '03', '04', '09', '10'].map((d) => booking(`2027-02-${d}`, 10));
    // 50 h booked, 40 h agreed: 10 h × € 9,97 = € 99,70.
    expect(overageLine(flex, feb, '2027-02', april)?.amount).toBe(9970);
    // 42,5 h in April at the new rate: 2,5 h × € 10,40 = € 26,00.
    const apr = [
      booking('2027-04-06', 10),
      booking('2027-04-07', 10),
      booking('2027-04-08', 10),
      booking('2027-04-13', 12.5),
    ];
    expect(overageLine(flex, apr, '2027-04', april)).toMatchObject({ kind: 'flex-overage', amount: 2600 });
    expect(overageLine(flex, feb.slice(0, 4), '2027-02', april)).toBeUndefined(); // 40 h: nothing beyond
  });

  it('counts the average pro rata in a month the contract runs part of (INV-2)', () => {
    // From 15 February: 14 of 28 days → an allowance of 20 h; 25 h booked → 5 h × € 9,97 = € 49,85.
    const late = { ...flex, start: '2027-02-15' };
    const bookings = [booking('2027-02-16', 10), booking('2027-02-17', 10), booking('2027-02-18', 5)];
    expect(overageLine(late, bookings, '2027-02', april)?.amount).toBe(4985);
  });

  it('puts the overage on the invoice issued after the month: February on April’s', () => {
    expect(overageMonth('2027-04')).toBe('2027-02');
    expect(overageSettledOn('2027-02')).toBe('2027-04');
    const contract = {
      type: 'contract',
      id: 'f1',
      parentId: 'p1',
      status: 'active',
      signedOn: '2026-12-01',
      child: { name: 'Mila', birthDate: '2025-06-01' },
      location: 'De Tol',
      product: 'KDV_FLEX',
      hoursPerMonth: 40,
      start: '2027-01-01',
      end: '2029-05-31',
    } as ContractRecord;
    const feb = ['02', '03', '04', '09', '10', '16'].map((d) => booking(`2027-02-${d}`, 10));
    const result = invoiceLines([contract], [], '2027-04', april, feb);
    // 40 h × € 10,40 = € 416,00 in advance, and February's 20 h beyond the average × € 9,97 = € 199,40.
    expect(result).toMatchObject({ total: 41600 + 19940 });
  });

  it('books only flexible contracts, on open days, in half hours, not in the past', () => {
    expect(bookingProblem(fixed, '2027-01-04', { date: '2027-02-02', hours: 5 })?.field).toBe('id');
    expect(bookingProblem(flex, '2027-01-04', { date: '2027-01-03', hours: 5 })?.problem).toBe(
      'must not be in the past',
    );
    expect(bookingProblem(flex, '2027-01-04', { date: '2027-03-29', hours: 5 })?.field).toBe('date'); // Easter Monday
    expect(bookingProblem(flex, '2027-01-04', { date: '2027-04-06', hours: 5.5 })).toBeUndefined();
    // CAL-2: open 06:30–17:00 on New Year's Eve: 10,5 h at most; 13 h on an ordinary day.
    expect(bookingProblem(flex, '2027-01-04', { date: '2027-12-31', hours: 11 })).toEqual({
      field: 'hours',
      problem: 'must be at most 10.5: care is open 06:30–17:00 that day (CAL-2)',
    });
    expect(bookingProblem(flex, '2027-01-04', { date: '2027-12-30', hours: 13 })).toBeUndefined();
  });
});
