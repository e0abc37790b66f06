import { describe, expect, it } from 'vitest';
import { complaintDeadlines, routedTo } from '#shared/complaints/deadlines.ts';

describe('KLA-4..7: the days a complaint turns on', () => {
  it('counts 4 and 6 weeks in calendar days and the filing date as the same date a year later', () => {
    expect(complaintDeadlines('2027-02-03')).toEqual({
      nextStepsOn: '2027-03-03', // KLA-5: 28 days
      answerBy: '2027-03-17', // KLA-4: 6 weeks
      escalationOn: '2027-03-17', // KLA-7: that day without an answer
      externalBy: '2028-02-03', // KLA-6: 12 months
    });
  });

  it('KLA-6: a complaint of 29 February may be filed until 28 February the year after', () => {
    expect(complaintDeadlines('2028-02-29').externalBy).toBe('2029-02-28');
  });

  it('KLA-5, KLA-7: counts across the year end and weekends without moving to a working day', () => {
    expect(complaintDeadlines('2027-12-10')).toMatchObject({
      nextStepsOn: '2028-01-07',
      escalationOn: '2028-01-21',
    });
  });

  it('KLA-3: care and conduct to the location manager, money matters to finance', () => {
    expect(routedTo('care')).toBe('location-manager');
    expect(routedTo('other')).toBe('location-manager');
    expect(routedTo('money')).toBe('finance');
  });
});
