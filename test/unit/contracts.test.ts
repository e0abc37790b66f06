import { describe, expect, it } from 'vitest';
import { ageOn, automaticEndDate, offerLapsesOn } from '#shared/contract-dates.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import { describeIssues, offerInput } from '#shared/records.ts';

const valid = {
  parent: 'p1',
  child: { name: 'Daan', birthDate: '2026-02-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { tue: '08:00-18:00' },
  start: '2027-03-01',
};

function problems(input: unknown): Record<string, string> {
  const parsed = offerInput.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(describeIssues(parsed.error).map((i) => [i.field, i.problem]));
}

describe('CON-3 automatic end', () => {
  it('ends day care the day before the 4th birthday', () => {
    expect(automaticEndDate('KDV', '2026-02-01')).toBe('2030-01-31');
    expect(automaticEndDate('POV', '2024-03-01')).toBe('2028-02-29');
  });

  it('ends out-of-school care the day before the 13th birthday', () => {
    expect(automaticEndDate('BSO', '2021-06-15')).toBe('2034-06-14');
  });

  it('handles a birthday on 29 February', () => {
    expect(automaticEndDate('KDV', '2024-02-29')).toBe('2028-02-28');
    expect(ageOn('2024-02-29', '2027-02-28')).toBe(2);
    expect(ageOn('2024-02-29', '2027-03-01')).toBe(3);
  });
});

describe('CON-2 offer term', () => {
  it('can be accepted for 10 days and lapses on the 11th', () => {
    expect(offerLapsesOn('2027-01-05', ACCRETE_2020)).toBe('2027-01-16');
    expect(offerLapsesOn('2027-02-25', ACCRETE_2020)).toBe('2027-03-08');
  });
});

describe('CON-1 offer validation names the field', () => {
  it('accepts a complete KDV offer', () => {
    expect(problems(valid)).toEqual({});
  });

  it('requires 40–52 weeks for KDV', () => {
    expect(problems({ ...valid, weeks: 30 })).toEqual({ weeks: 'must be between 40 and 52 for KDV' });
  });

  it('requires at least two mornings for toddler care (POV)', () => {
    const pov = { ...valid, product: 'POV', weeks: 40, child: { name: 'Mila', birthDate: '2024-06-01' } };
    expect(problems({ ...pov, schedule: { mon: '08:30-12:00' } })).toEqual({
      schedule: 'needs at least 2 day(s) a week for POV',
    });
  });

  it('rejects a child too old for the product', () => {
    expect(
      problems({ ...valid, child: { name: 'Daan', birthDate: '2022-01-01' } })['child.birthDate'],
    ).toMatch(/the child is 5 on the start date/);
  });

  it('requires the average hours for a flexible product', () => {
    expect(problems({ ...valid, product: 'KDV_FLEX', weeks: undefined })).toEqual({
      hoursPerMonth: 'is required for KDV_FLEX',
    });
  });

  it('names malformed dates, times and unknown fields', () => {
    const result = problems({ ...valid, start: '2027-02-30', schedule: { tue: '8-18' }, colour: 'red' });
    expect(result.start).toBe('must be a date as YYYY-MM-DD');
    expect(result['schedule.tue']).toBe('must be a time range like 08:00-18:00');
    expect(result['(body)']).toMatch(/colour/);
  });

  it('rejects sessions outside the opening hours 06:30–19:30', () => {
    expect(problems({ ...valid, schedule: { tue: '06:00-18:00' } })['schedule.tue']).toMatch(/opening hours/);
  });
});

describe('CON-4, CON-5, CON-6, TAR-2 contract lifecycle', async () => {
  const {
    addMonthsToDate,
    cancellationFee,
    changeEffective,
    changeFee,
    extraCareAmount,
    extraCareProblem,
    terminationEnd,
  } = await import('#shared/contract-lifecycle.ts');

  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonthsToDate('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonthsToDate('2027-02-10', 1)).toBe('2027-03-10');
  });

  it('CON-4: a change takes effect on the date asked, or one month after it is received', () => {
    expect(changeEffective('2027-01-20', undefined)).toEqual({ effective: '2027-02-20' });
    expect(changeEffective('2027-01-20', '2027-03-01')).toEqual({ effective: '2027-03-01' });
    expect(changeEffective('2027-01-20', '2027-01-10')).toEqual({
      problem: 'must not be before the day the change is received',
    });
  });

  it('CON-4: the third change in a calendar year costs € 50', () => {
    expect(changeFee(0, ACCRETE_2020)).toBe(0);
    expect(changeFee(1, ACCRETE_2020)).toBe(0);
    expect(changeFee(2, ACCRETE_2020)).toBe(5000);
  });

  it('CON-6: notice received on 10 February ends care on 9 March at the earliest', () => {
    expect(terminationEnd('2027-02-10', undefined, ACCRETE_2020)).toBe('2027-03-09');
    expect(terminationEnd('2027-02-10', '2027-03-01', ACCRETE_2020)).toBe('2027-03-09');
    expect(terminationEnd('2027-02-10', '2027-04-30', ACCRETE_2020)).toBe('2027-04-30');
  });

  it('TAR-2: extra care 3 weeks ahead, at € 9,97 an hour for day care, per started half hour (TAR-3)', () => {
    expect(extraCareProblem('2027-01-12', '2027-02-03')).toBeUndefined();
    expect(extraCareProblem('2027-01-20', '2027-02-03')).toMatch(/3 weeks/);
    expect(extraCareAmount('KDV', 3, '2027-02-03', ACCRETE_2020)).toBe(2991);
    expect(extraCareAmount('KDV', 0.6, '2027-02-03', ACCRETE_2020)).toBe(997); // 2 started half hours
    expect(extraCareAmount('BSO', 1.5, '2027-02-03', ACCRETE_2020)).toBe(1382); // 3 × € 4,605 = € 13,815 → € 13,82
  });

  it('CON-5: cancelling before the start costs one month', () => {
    const terms = { from: '2027-03-01', weeks: 52, schedule: { mon: '08:00-18:00', thu: '08:00-13:00' } };
    expect(cancellationFee('KDV', terms, '2027-03-01', ACCRETE_2020)).toBe(56030);
  });
});

describe('art. 8.5 final settlement', async () => {
  const { settlements } = await import('#shared/settlement.ts');
  const contract = {
    type: 'contract',
    id: 'c1',
    parentId: 'p1',
    status: 'terminated',
    signedOn: '2026-12-01',
    child: { name: 'Noor', birthDate: '2025-05-10' },
    location: 'De Tol',
    product: 'KDV',
    weeks: 52,
    schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
    start: '2027-01-01',
    end: '2027-03-24',
  } as const;

  it('credits what an invoiced month no longer costs: € 560,30 − € 560,30 × 24/31 = € 126,52', () => {
    expect(settlements({ ...contract }, [{ month: '2027-03', billed: 56030 }], ACCRETE_2020, 'r1')).toEqual([
      { month: '2027-03', amount: -12652, requestId: 'r1' },
    ]);
  });

  it('counts earlier settlements, so the same month is never credited twice', () => {
    const settled = { ...contract, settlements: [{ month: '2027-03', amount: -12652, requestId: 'r1' }] };
    expect(settlements(settled, [{ month: '2027-03', billed: 56030 }], ACCRETE_2020, 'r2')).toEqual([]);
  });
});
