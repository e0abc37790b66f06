import { addDays, nextWorkingDay, workingDayOnOrAfter } from '../calendar.ts';
import type { Cents } from '../money.ts';

/**
 * The dunning ladder of one unpaid invoice (DUN-2, DUN-3, DUN-4): the day of each step, computed from
 * the day the invoice was found unpaid and stored on the case, so that a workflow started again waits
 * until the same day.
 */
export const DUNNING_STEPS = ['reminder-1', 'reminder-2', 'hand-over'] as const;
export type DunningStep = (typeof DUNNING_STEPS)[number];

/**
 * How collection costs are charged (DUN-6, DUN-12); `collectionCosts` in collection-costs.ts says what
 * each step charges. `fee-per-reminder`: a fixed fee with each reminder (accrete-2020, art. 14.8).
 * `statutory-scale`: the first reminder is the cost-free letter of art. 6:96 lid 6 BW; after its term the
 * costs of the statutory scale (BIK art. 2), charged once.
 */
export type CollectionCostTerms =
  | { kind: 'fee-per-reminder'; fee: Cents }
  | { kind: 'statutory-scale'; afterCostFreeLetter: true };

/**
 * DUN-12: how the first reminder's days are counted, and so worded: from the day after its receipt
 * ("binnen veertien dagen na de dag van ontvangst van deze brief") or from its date ("na dagtekening").
 */
export type PayTermCounted = 'after-receipt' | 'after-date';

/** How the first reminder goes out: by e-mail (DUN-2), or by e-mail and a letter by post. */
export type FirstReminderDelivery = 'email' | 'email-and-post';

export interface DunningTerms {
  /** DUN-2: the first reminder asks for payment within this many days. */
  firstReminderPayDays: number;
  /** DUN-12: counted from the day after receipt, or from the reminder's date. */
  firstReminderPayCounted: PayTermCounted;
  /** DUN-2, DUN-12: e-mail only, or e-mail and post (a posted letter is received two days later). */
  firstReminderBy: FirstReminderDelivery;
  /** DUN-3: the second reminder comes this many days after the first. */
  secondReminderAfterDays: number;
  /** DUN-3: and asks for payment within this many days. */
  secondReminderPayDays: number;
  /** DUN-6, DUN-12: what collection costs are charged, and when (`collectionCosts`). */
  costs: CollectionCostTerms;
  /** The local time of day at which a step is taken (office hours). */
  stepTime: string;
}

/** DUN-8: a case whose invoice is the second monthly one unpaid also holds the termination's day. */
export type DunningSchedule = Record<DunningStep, string> & { termination?: string };
export type CaseStep = DunningStep | 'termination';

/**
 * DUN-2: the first reminder on the first working day after the day it was found unpaid; DUN-3: the
 * second on the 14th day after the first (the next working day if that is none); DUN-4: the hand-over on
 * the first working day after the second reminder's 7 days.
 */
export function dunningSchedule(foundUnpaidOn: string, terms: DunningTerms): DunningSchedule {
  const first = nextWorkingDay(foundUnpaidOn);
  const second = workingDayOnOrAfter(addDays(first, terms.secondReminderAfterDays));
  const handOver = nextWorkingDay(addDays(second, terms.secondReminderPayDays));
  return { 'reminder-1': first, 'reminder-2': second, 'hand-over': handOver };
}

/**
 * DUN-12: the day the first reminder counts as received. A posted letter on the second day after posting;
 * an e-mail the day it is sent (art. 3:37 lid 3 BW: when it reaches the parent). Sent both ways, the
 * letter's day counts: the later one, and the one the organisation can prove.
 */
export function firstReminderReceivedOn(sentOn: string, terms: DunningTerms): string {
  return addDays(sentOn, terms.firstReminderBy === 'email-and-post' ? 2 : 0);
}

/**
 * The day by which a reminder asks for payment: the first one's days counted from the day after its
 * receipt, or from its date (DUN-12); the second one's from its date (DUN-3).
 */
export function payBy(step: 'reminder-1' | 'reminder-2', sentOn: string, terms: DunningTerms): string {
  if (step === 'reminder-2') return addDays(sentOn, terms.secondReminderPayDays);
  const from =
    terms.firstReminderPayCounted === 'after-receipt' ? firstReminderReceivedOn(sentOn, terms) : sentOn;
  return addDays(from, terms.firstReminderPayDays);
}

/** What a reminder states (DUN-6, DUN-5, DUN-7): after the payments received, its own fee included. */
export interface DunningAmounts {
  principal: Cents;
  fees: Cents;
  interest: Cents;
  total: Cents;
}
