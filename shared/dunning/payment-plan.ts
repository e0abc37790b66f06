import { addDays, nextWorkingDay, workingDayOnOrAfter } from '../calendar.ts';
import type { Cents } from '../money.ts';
import type { AccountEntry } from '../payments/account.ts';
import { DUNNING_STEPS, type DunningSchedule, type DunningStep, type DunningTerms } from './ladder.ts';

/**
 * DUN-9: a payment plan (art. 14.9) pauses the parent's dunning; an instalment not paid in full by the
 * end of its due date resumes it on the next working day, with the step that was next.
 */
export interface Instalment {
  due: string;
  amount: Cents;
}

export interface PaymentPlan {
  type: 'payment-plan';
  parentId: string;
  agreedOn: string;
  instalments: Instalment[];
  status: 'active' | 'broken' | 'completed';
  /** The arrears it covers when agreed, and the invoices they are. */
  arrears: Cents;
  invoices: string[];
  /** The day it was broken (the check day of the instalment missed) or completed. */
  endedOn?: string;
}

/** Money in on or after the day the plan was agreed, net of what went back: what pays the instalments. */
export function paidSince(entries: AccountEntry[], since: string): Cents {
  let paid = 0;
  for (const e of entries) {
    if (e.on < since) continue;
    if (e.kind === 'payment' || e.kind === 'collection') paid += e.amount;
    if (e.kind === 'return') paid -= e.amount;
  }
  return paid;
}

/**
 * Where the plan stands on a day: `kept` until the next day it must be checked (the first working day
 * after an instalment's due date), or `broken` on the check day of the first instalment not paid in full
 * (cumulatively: paying ahead counts).
 */
export function planStanding(
  plan: PaymentPlan,
  paid: Cents,
  today: string,
): { standing: 'kept'; nextCheck?: string } | { standing: 'broken'; on: string } {
  let due = 0;
  for (const instalment of plan.instalments) {
    due += instalment.amount;
    const check = nextWorkingDay(instalment.due);
    if (check > today) return { standing: 'kept', nextCheck: check };
    if (paid < due) return { standing: 'broken', on: check };
  }
  return { standing: 'kept' };
}

/**
 * The remaining steps of a case moved to a resume day (DUN-9: the step that was next, on the next working
 * day; DUN-11: after a dispute is resolved), the later ones at their usual distances from it. Never before
 * the day the step was due anyway: a pause does not shorten the term the last letter gave, and under the
 * statutory scale no costs may be charged inside the cost-free letter's fourteen days (DUN-12).
 */
export function resumedSchedule(
  schedule: DunningSchedule,
  done: Partial<Record<DunningStep, unknown>>,
  resumeOn: string,
  terms: DunningTerms,
): DunningSchedule {
  const next = DUNNING_STEPS.find((s) => !done[s]);
  if (!next) return schedule;
  const moved = { ...schedule };
  const resumed = workingDayOnOrAfter(resumeOn);
  let day = resumed > schedule[next] ? resumed : schedule[next];
  for (const step of DUNNING_STEPS.slice(DUNNING_STEPS.indexOf(next))) {
    if (step === 'reminder-2' && next !== 'reminder-2')
      day = workingDayOnOrAfter(addDays(moved['reminder-1'], terms.secondReminderAfterDays));
    if (step === 'hand-over' && next !== 'hand-over')
      day = nextWorkingDay(addDays(moved['reminder-2'], terms.secondReminderPayDays));
    moved[step] = day;
  }
  return moved;
}
