import { describe, expect, it } from 'vitest';
import { dunningSchedule } from '#shared/dunning/ladder.ts';
import { resumedSchedule } from '#shared/dunning/payment-plan.ts';
import { ACCRETE_2020, WIK_COMPLIANT } from '#shared/policy.ts';

/**
 * DUN-9, DUN-11, DUN-12: where the remaining steps of a paused case fall when it resumes. March 2027 is
 * found unpaid on Monday 1 March; the first reminder went out on Tuesday 2 March.
 */
describe('DUN-9: the steps of a case resumed after a payment plan is broken', () => {
  it('resumes with the step that was next on the next working day, the later steps at their distances', () => {
    const terms = ACCRETE_2020.dunning;
    const schedule = dunningSchedule('2027-03-01', terms);
    expect(schedule).toEqual({
      'reminder-1': '2027-03-02',
      'reminder-2': '2027-03-16',
      'hand-over': '2027-03-24',
    });
    // Broken on Monday 5 April (an instalment due Friday 2 April): reminder 2 on 5 April, hand-over 7 days on.
    expect(resumedSchedule(schedule, { 'reminder-1': true }, '2027-04-05', terms)).toEqual({
      'reminder-1': '2027-03-02',
      'reminder-2': '2027-04-05',
      'hand-over': '2027-04-13',
    });
  });

  it('DUN-12: never puts the second reminder, and its costs, inside the cost-free letter’s term', () => {
    const terms = WIK_COMPLIANT.dunning;
    const schedule = dunningSchedule('2027-03-01', terms);
    // The cost-free letter of 2 March: received 4 March, 14 days after that end on 18 March; reminder 2
    // (with the statutory costs) 21 days after the letter, Tuesday 23 March.
    expect(schedule['reminder-2']).toBe('2027-03-23');
    // A plan agreed on 3 March and broken on Monday 8 March: the second reminder still waits for 23 March.
    const resumed = resumedSchedule(schedule, { 'reminder-1': true }, '2027-03-08', terms);
    expect(resumed['reminder-2']).toBe('2027-03-23');
    expect(resumed['hand-over']).toBe(schedule['hand-over']);
  });

  it('DUN-11: a dispute resolved before the first reminder resumes the whole ladder from the resume day', () => {
    const terms = ACCRETE_2020.dunning;
    const schedule = dunningSchedule('2027-03-01', terms);
    expect(resumedSchedule(schedule, {}, '2027-04-12', terms)).toEqual({
      'reminder-1': '2027-04-12',
      'reminder-2': '2027-04-26',
      'hand-over': '2027-05-04',
    });
  });
});
