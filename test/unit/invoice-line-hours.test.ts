import { describe, expect, it } from 'vitest';
import { extraCareCharge } from '#shared/contract-lifecycle.ts';
import { overageLine } from '#shared/flex.ts';
import { type ExtraRecord, invoiceLines } from '#shared/invoices.ts';
import { type BillableContract, contractLine } from '#shared/invoicing.ts';
import { ACCRETE_2020, type Policy } from '#shared/policy.ts';
import type { ContractRecord } from '#shared/records.ts';

/**
 * Issue 8 item 9: each line states the hours of care and the hourly rate behind its amount (what parents
 * quote for the childcare allowance), computed with the amount and stored on the line. DOMAIN.md rates:
 * KDV € 8,62, KDV_FLEX € 9,97, extra day care € 9,97 (TAR-2).
 */
const noor: BillableContract = {
  id: 'c1',
  product: 'KDV',
  childName: 'Şükrü Yılmaz',
  start: '2027-01-01',
  end: '2029-05-09',
  // Monday 10 h and Thursday 5 h: 15 h a week.
  terms: [{ from: '2027-01-01', weeks: 52, schedule: { mon: '08:00-18:00', thu: '08:00-13:00' } }],
};

describe('issue 8 item 9: hours and hourly rate on each invoice line', () => {
  it('INV-1: 15 h a week × 52 weeks ÷ 12 = 65 h a month at € 8,62, which is the € 560,30 billed', () => {
    const line = contractLine(noor, '2027-02', ACCRETE_2020);
    expect(line?.amount).toBe(56030);
    expect(line?.hoursAtRates).toEqual([{ hours: 65, rate: 862 }]);
  });

  it('INV-2: a start on 11 January bills 65 h × 21/31 = 44,03 h (€ 379,56)', () => {
    const line = contractLine({ ...noor, start: '2027-01-11' }, '2027-01', ACCRETE_2020);
    expect(line?.amount).toBe(37956);
    // 65 × 21 / 31 = 44,032… → 44,03
    expect(line?.hoursAtRates).toEqual([{ hours: 44.03, rate: 862 }]);
  });

  it('CON-4/INV-2: a change on 15 March sums both parts at one rate: 65 × 14/31 + 43⅓ × 17/31 = 53,12 h', () => {
    const changed = {
      ...noor,
      terms: [...noor.terms, { from: '2027-03-15', weeks: 52, schedule: { mon: '08:00-18:00' } }],
    };
    const line = contractLine(changed, '2027-03', ACCRETE_2020);
    expect(line?.amount).toBe(25304 + 20484);
    // (65 × 14 + 10 × 52 / 12 × 17) / 31 = (910 + 736,67) / 31 = 53,118… → 53,12
    expect(line?.hoursAtRates).toEqual([{ hours: 53.12, rate: 862 }]);
  });

  it('TAR-6: a price change on 16 June gives two rates, 32,5 h at € 8,62 and 32,5 h at € 9,00', () => {
    const policy: Policy = {
      ...ACCRETE_2020,
      tariffs: [
        ...ACCRETE_2020.tariffs,
        {
          ...(ACCRETE_2020.tariffs[0] as Policy['tariffs'][number]),
          from: '2027-06-16',
          hourly: { ...(ACCRETE_2020.tariffs[0] as Policy['tariffs'][number]).hourly, KDV: 900 },
        },
      ],
    };
    const line = contractLine(noor, '2027-06', policy);
    // 32,5 × € 8,62 = € 280,15 and 32,5 × € 9,00 = € 292,50: the amount, part by part.
    expect(line?.amount).toBe(28015 + 29250);
    expect(line?.hoursAtRates).toEqual([
      { hours: 32.5, rate: 862 },
      { hours: 32.5, rate: 900 },
    ]);
  });

  it('INV-3: a flexible contract states its agreed 40 h at € 9,97 (€ 398,80)', () => {
    const flex: BillableContract = {
      ...noor,
      product: 'KDV_FLEX',
      terms: [{ from: '2027-01-01', hoursPerMonth: 40 }],
    };
    const line = contractLine(flex, '2027-05', ACCRETE_2020);
    expect(line?.amount).toBe(39880);
    expect(line?.hoursAtRates).toEqual([{ hours: 40, rate: 997 }]);
  });

  it('TAR-5: a subsidised parent contribution is not hours at a rate, and says none', () => {
    const pov: BillableContract = {
      ...noor,
      product: 'POV',
      subsidy: { municipality: 'Steenwijkerland', parentContribution: 4500 },
      terms: [{ from: '2027-01-01', weeks: 40, schedule: { tue: '08:30-12:00' } }],
    };
    expect(contractLine(pov, '2027-03', ACCRETE_2020)?.hoursAtRates).toBeUndefined();
  });

  it('TAR-2/TAR-3: extra care of 3 h is 3 h at € 9,97 (€ 29,91); 0,6 h bills 2 started half hours', () => {
    expect(extraCareCharge('KDV', 3, '2027-02-03', ACCRETE_2020)).toEqual({
      amount: 2991,
      hoursAtRate: { hours: 3, rate: 997 },
    });
    expect(extraCareCharge('KDV', 0.6, '2027-02-03', ACCRETE_2020)).toEqual({
      amount: 997,
      hoursAtRate: { hours: 1, rate: 997 },
    });
  });

  it('INV-3: 50 h booked against 40 h agreed bills 10 h at € 9,97 (€ 99,70) the month after', () => {
    const flex: BillableContract = {
      ...noor,
      product: 'KDV_FLEX',
      terms: [{ from: '2027-01-01', hoursPerMonth: 40 }],
    };
    const bookings = [3, 4, 5, 8, 9].map((day) => ({
      type: 'booking' as const,
      contractId: 'c1',
      parentId: 'p1',
      date: `2027-02-0${day}`,
      hours: 10,
      status: 'booked' as const,
      bookedOn: '2027-01-10',
      seq: 1,
    }));
    const line = overageLine(flex, bookings, '2027-02', ACCRETE_2020);
    expect(line?.amount).toBe(9970);
    expect(line?.hoursAtRates).toEqual([{ hours: 10, rate: 997 }]);
  });

  it('INV-4: the invoice carries the extra care line with its hours and rate as stored on the extra', () => {
    const contract: ContractRecord = {
      type: 'contract',
      id: 'c1',
      parentId: 'p1',
      status: 'active',
      signedOn: '2026-12-01',
      child: { name: 'Şükrü Yılmaz', birthDate: '2025-05-10' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
      start: '2027-01-01',
      end: '2029-05-09',
    };
    const extra: ExtraRecord = {
      type: 'extra',
      id: 'extra-care-2027-02-03',
      contractId: 'c1',
      parentId: 'p1',
      kind: 'extra-care',
      date: '2027-02-03',
      description: 'Extra opvang Şükrü Yılmaz 2027-02-03 (3 uur)',
      amount: 2991,
      hoursAtRates: [{ hours: 3, rate: 997 }],
      billMonth: '2027-03',
    };
    const result = invoiceLines([contract], [extra], '2027-03', ACCRETE_2020);
    expect(result).toMatchObject({
      lines: [
        { kind: 'contract', amount: 56030, hoursAtRates: [{ hours: 65, rate: 862 }] },
        { kind: 'extra-care', amount: 2991, hoursAtRates: [{ hours: 3, rate: 997 }] },
      ],
      total: 59021,
    });
  });
});
