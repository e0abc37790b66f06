import { today } from '#shared/clock.ts';
import { addMonths, latestRunMonth, monthInvoicedOn, monthOf, monthsRunBetween } from '#shared/invoicing.ts';
import { requestRun } from './adapters/invoice-runs.ts';
import {
  getRun,
  type LateInvoiceSummary,
  recordScheduleCheck,
  scheduleCheckedThrough,
} from './adapters/invoice-store.ts';
import { billLateContracts } from './adapters/late-contracts.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { recordFailure } from './adapters/task-store.ts';

/**
 * Daily at 06:00 (Europe/Amsterdam; EventBridge Scheduler in AWS, the runtime's scheduler locally).
 * INV-5: starts the run of every month whose run date has come since the last day it checked, so a day it
 * missed is caught up the next (issue 8 item 5), and the latest month's run again while it has failed or
 * not finished. Then the supplementary pass of this month and the next: late contracts are invoiced on the
 * next working day (issue 8 item 2). Starting a run twice is harmless.
 */
export async function handler(): Promise<{ started: string[]; late: LateInvoiceSummary[] }> {
  const policy = await loadPolicy();
  const day = today();
  const checkedThrough = await scheduleCheckedThrough();
  // The first day it ever runs, it looks at that day only: a new installation does not bill the past.
  const due = new Set(
    checkedThrough
      ? monthsRunBetween(checkedThrough, day, policy)
      : [monthInvoicedOn(day, policy)].filter((m) => m !== undefined),
  );
  const latest = latestRunMonth(day, policy);
  const latestRun = await getRun(latest);
  if (latestRun && latestRun.status !== 'succeeded') due.add(latest);
  const started: string[] = [];
  const late: LateInvoiceSummary[] = [];
  // One month that fails must not hold back the others, nor go unseen: each failure is a staff task.
  for (const month of [...due].sort())
    await orTask(`start ${month}`, month, async () => {
      if ((await requestRun(month)).started) started.push(month);
    });
  for (const month of [monthOf(day), addMonths(monthOf(day), 1)])
    await orTask(`late ${month}`, month, async () => {
      late.push(...(await billLateContracts(month, day, policy)));
    });
  await recordScheduleCheck(day);
  return { started, late };
}

async function orTask(what: string, month: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await recordFailure({
      what: 'workflow',
      subject: `scheduled-invoice-run#${what}#${today()}`,
      error: `the 06:00 invoicing schedule could not ${what.startsWith('start') ? 'start the run of' : 'bill the late contracts of'} ${month}: ${(error as Error).name}: ${(error as Error).message}`,
      month,
    });
  }
}
