import { addDays, daysInMonth, type IsoDate } from '../calendar.ts';

/**
 * KLA-4..7: the days a complaint's procedure turns on, counted from the day it was submitted (calendar
 * days, as the law counts weeks): the next-steps message after 4 weeks (KLA-5), the answer due within
 * 6 weeks and the escalation that day without one (KLA-4, KLA-7), and the last day to file with the
 * Geschillencommissie, 12 months after the complaint: the same date a year later, or the month's last
 * day when it has none (29 February → 28 February) (KLA-6).
 */
export interface ComplaintDeadlines {
  /** KLA-5: without an answer by then, the parent is told of the Klachtenloket and the Geschillencommissie. */
  nextStepsOn: IsoDate;
  /** KLA-4: the answer is due by this day. */
  answerBy: IsoDate;
  /** KLA-7: without an answer that day, the complaint escalates to management. */
  escalationOn: IsoDate;
  /** KLA-6: the last day to file with the Geschillencommissie. */
  externalBy: IsoDate;
}

export const NEXT_STEPS_AFTER_DAYS = 28;
export const ANSWER_WITHIN_DAYS = 42;

export function complaintDeadlines(submittedOn: IsoDate): ComplaintDeadlines {
  const [y, m, d] = submittedOn.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, daysInMonth(y + 1, m));
  return {
    nextStepsOn: addDays(submittedOn, NEXT_STEPS_AFTER_DAYS),
    answerBy: addDays(submittedOn, ANSWER_WITHIN_DAYS),
    escalationOn: addDays(submittedOn, ANSWER_WITHIN_DAYS),
    externalBy: `${y + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** KLA-3: who answers: care and conduct the location's manager; money matters finance (management). */
export type ComplaintCategory = 'care' | 'money' | 'other';

export function routedTo(category: ComplaintCategory): 'location-manager' | 'finance' {
  return category === 'money' ? 'finance' : 'location-manager';
}
