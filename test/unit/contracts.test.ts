import { describe, expect, it } from 'vitest';
import { ageOn, automaticEndDate, offerLapsesOn } from '#shared/contract-dates.ts';
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
    expect(offerLapsesOn('2027-01-05')).toBe('2027-01-16');
    expect(offerLapsesOn('2027-02-25')).toBe('2027-03-08');
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
