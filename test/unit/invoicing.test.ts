import { describe, expect, it } from 'vitest';
import {
  annualAmount,
  type BillableContract,
  contractLine,
  debitDate,
  invoiceRunDate,
  leavesTwoWorkingDays,
  monthInvoicedOn,
  monthlyAmount,
  sessionMinutes,
} from '#shared/invoicing.ts';
import { formatEuro, roundHalfUp } from '#shared/money.ts';
import { ACCRETE_2020, type Policy } from '#shared/policy.ts';

const c1: BillableContract = {
  id: 'c1',
  product: 'KDV',
  childName: 'Noor',
  start: '2027-01-01',
  end: '2029-05-09',
  terms: [{ from: '2027-01-01', weeks: 52, schedule: { mon: '08:00-18:00', thu: '08:00-13:00' } }],
};

describe('money', () => {
  it('rounds half-up once, on an exact fraction', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3);
    expect(roundHalfUp(431000n, 12n)).toBe(35917);
    expect(roundHalfUp(1176630n, 31n)).toBe(37956);
    // Issue 8 item 7: the one formatter, with a no-break space after the euro sign.
    expect(formatEuro(672360)).toBe('€\u00a06.723,60');
    expect(formatEuro(5)).toBe('€\u00a00,05');
  });
});

describe('INV-1 fixed contracts', () => {
  it('bills 15 h a week × 52 weeks × € 8,62 = € 6.723,60 a year, € 560,30 a month', () => {
    expect(annualAmount('KDV', c1.terms[0]!, 862)).toBe(672360);
    expect(monthlyAmount('KDV', c1.terms[0]!, 862, '2027-02')).toBe(56030);
  });

  it('lets December carry the rounding difference so the year adds up exactly', () => {
    const terms = { from: '2027-01-01', weeks: 50, schedule: { tue: '08:00-18:00' } };
    // 10 h × 50 weeks × € 8,62 = € 4.310,00; a twelfth is € 359,1666… → € 359,17; December € 359,13.
    expect(monthlyAmount('KDV', terms, 862, '2027-01')).toBe(35917);
    expect(monthlyAmount('KDV', terms, 862, '2027-12')).toBe(35913);
    const year = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}`);
    expect(year.reduce((sum, m) => sum + monthlyAmount('KDV', terms, 862, m), 0)).toBe(431000);
  });

  it('TAR-4: rounds BSO sessions up to half hours, at least one hour a session', () => {
    // Mon 15:00–17:10 → 2,5 h; Thu 15:00–15:40 → 1 h: 3,5 h × 40 weeks × € 7,86 = € 1.100,40 a year.
    const terms = { from: '2027-01-01', weeks: 40, schedule: { mon: '15:00-17:10', thu: '15:00-15:40' } };
    expect(annualAmount('BSO', terms, 786)).toBe(110040);
    expect(monthlyAmount('BSO', terms, 786, '2027-03')).toBe(9170);
  });
});

describe('INV-3 flexible contracts', () => {
  it('bills the agreed average hours × the flexible rate', () => {
    expect(monthlyAmount('KDV_FLEX', { from: '2027-01-01', hoursPerMonth: 40 }, 997, '2027-05')).toBe(39880);
    expect(monthlyAmount('KDV_FLEX', { from: '2027-01-01', hoursPerMonth: 12.5 }, 997, '2027-05')).toBe(
      12463,
    );
  });
});

describe('INV-2 pro rata by calendar days', () => {
  it('bills a contract starting on 11 January for 21 of 31 days', () => {
    const line = contractLine({ ...c1, start: '2027-01-11' }, '2027-01', ACCRETE_2020);
    // € 560,30 × 21 / 31 = € 379,558… → € 379,56
    expect(line?.amount).toBe(37956);
    expect(line?.description).toContain('deel van de maand');
  });

  it('bills a whole month at exactly the monthly amount', () => {
    expect(contractLine(c1, '2027-02', ACCRETE_2020)?.amount).toBe(56030);
  });

  it('splits a month in which the schedule changes (CON-4)', () => {
    const changed = {
      ...c1,
      terms: [...c1.terms, { from: '2027-03-15', weeks: 52, schedule: { mon: '08:00-18:00' } }],
    };
    // 1–14 March: € 560,30 × 14/31 = € 253,04; 15–31 March: € 373,53 × 17/31 = € 204,84.
    expect(contractLine(changed, '2027-03', ACCRETE_2020)?.amount).toBe(25304 + 20484);
  });

  it('ends with the contract and bills nothing after it', () => {
    const ending = { ...c1, end: '2027-04-15' };
    // € 560,30 × 15/30 = € 280,15
    expect(contractLine(ending, '2027-04', ACCRETE_2020)?.amount).toBe(28015);
    expect(contractLine(ending, '2027-05', ACCRETE_2020)).toBeUndefined();
  });

  it('TAR-6: splits a month at a price change', () => {
    const policy: Policy = {
      ...ACCRETE_2020,
      tariffs: [
        ...ACCRETE_2020.tariffs,
        {
          ...ACCRETE_2020.tariffs[0]!,
          from: '2027-06-16',
          hourly: { ...ACCRETE_2020.tariffs[0]!.hourly, KDV: 900 },
        },
      ],
    };
    // new: 15 h × 52 × € 9,00 = € 7.020,00 → € 585,00 a month.
    // 1–15 June: € 560,30 × 15/30 = € 280,15; 16–30 June: € 585,00 × 15/30 = € 292,50.
    expect(contractLine(c1, '2027-06', policy)?.amount).toBe(28015 + 29250);
  });
});

describe('INV-5 run and debit dates', () => {
  it('issues on the 20th of the month before, or the next working day', () => {
    expect(invoiceRunDate('2027-02', ACCRETE_2020)).toBe('2027-01-20');
    expect(invoiceRunDate('2027-03', ACCRETE_2020)).toBe('2027-02-22'); // 20 Feb 2027 is a Saturday
    expect(monthInvoicedOn('2027-02-22', ACCRETE_2020)).toBe('2027-03');
    expect(monthInvoicedOn('2027-02-20', ACCRETE_2020)).toBeUndefined();
  });

  it('debits on the first working day of the month, at least 2 working days after the e-mail', () => {
    expect(debitDate('2027-02')).toBe('2027-02-01');
    expect(debitDate('2027-01')).toBe('2027-01-04'); // 1 January is a holiday, then a weekend
    expect(leavesTwoWorkingDays('2027-01-20', '2027-02-01')).toBe(true);
    expect(leavesTwoWorkingDays('2027-01-28', '2027-02-01')).toBe(true);
    expect(leavesTwoWorkingDays('2027-01-29', '2027-02-01')).toBe(false);
  });
});

describe('TAR-1 extended opening', () => {
  it('bills time before 08:00 and after 18:00 at the product rate, in half hours rounded up on each side', () => {
    // 07:15–18:15: 10 h regular, 45 min early → 1 h, 15 min late → 30 min: 11,5 h.
    expect(sessionMinutes('KDV', '07:15-18:15')).toBe(690);
    expect(sessionMinutes('KDV', '06:30-13:00')).toBe(390);
    // One such day a week, 52 weeks × 11,5 h × € 8,62 = € 5.154,76 a year, € 429,56 a month.
    const extended = { from: '2027-01-01', weeks: 52, schedule: { tue: '07:15-18:15' } };
    expect(annualAmount('KDV', extended, 862)).toBe(515476);
    expect(monthlyAmount('KDV', extended, 862, '2027-02')).toBe(42956);
  });

  it('extends toddler mornings (08:30–12:00) the same way', () => {
    // 08:00–12:00: 30 min early + 3,5 h = 4 h; two mornings × 40 weeks × € 8,62 = € 1.379,20 a year.
    expect(sessionMinutes('POV', '08:00-12:00')).toBe(240);
    const pov = { from: '2027-01-01', weeks: 40, schedule: { tue: '08:00-12:00', thu: '08:30-12:00' } };
    expect(annualAmount('POV', pov, 862)).toBe((240 * 40 * 862) / 60 + (210 * 40 * 862) / 60);
  });
});

describe('CAL-2, CON-9 closing days are billed', () => {
  it('bills April 2027 (Easter Monday, King’s Day) the same monthly amount as February', () => {
    expect(contractLine(c1, '2027-04', ACCRETE_2020)?.amount).toBe(
      contractLine(c1, '2027-02', ACCRETE_2020)?.amount,
    );
  });
});

describe('TAR-5 subsidised toddler care', () => {
  const pov: BillableContract = {
    id: 'p1',
    product: 'POV',
    childName: 'Daan',
    start: '2027-02-15',
    end: '2028-08-31',
    subsidy: { municipality: 'Steenwijkerland', parentContribution: 4500 },
    terms: [{ from: '2027-02-15', weeks: 40, schedule: { tue: '08:30-12:00', thu: '08:30-12:00' } }],
  };

  it('bills the parent contribution only, pro rata in a month of partial care (INV-2)', () => {
    // 14 of February's 28 days: € 45,00 × 14/28 = € 22,50; a whole month: € 45,00.
    expect(contractLine(pov, '2027-02', ACCRETE_2020)).toMatchObject({ amount: 2250 });
    expect(contractLine(pov, '2027-03', ACCRETE_2020)).toMatchObject({
      amount: 4500,
      description: 'Peuteropvang Daan: ouderbijdrage (gesubsidieerd door gemeente Steenwijkerland)',
    });
  });

  it('does not follow a price change; the same care unsubsidised does: 7 h × 40 × € 8,62 / 12 = € 201,13', () => {
    expect(contractLine({ ...pov, subsidy: undefined }, '2027-03', ACCRETE_2020)?.amount).toBe(20113);
  });
});
