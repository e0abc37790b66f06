import { now } from '#shared/clock.ts';
import { startRun } from './adapters/invoice-store.ts';
import { parseStepInput, runStep } from './adapters/step-input.ts';

/**
 * Invoice run, step 1: the run's record (kept when the run starts again), and the first page to issue.
 * `firstRun`: no earlier run of the month can have written an invoice, which spares the pages a check.
 * `attempt`: which attempt of the month this execution is (issue 8 item 5), carried to every later step.
 */
export async function handler(input: unknown): Promise<{
  page: number;
  cursor: null;
  done: boolean;
  firstRun: boolean;
  attempt: number;
}> {
  const { month, attempt } = parseStepInput(runStep, input);
  const { run, created } = await startRun(month, now().toISOString(), attempt);
  return { page: 0, cursor: null, done: false, firstRun: created, attempt: run.attempt };
}
