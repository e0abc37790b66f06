import { now } from '#shared/clock.ts';
import { summarizeRun } from './adapters/invoice-runs.ts';
import { finishRun, type RunSummary } from './adapters/invoice-store.ts';
import { parseStepInput, runStep } from './adapters/step-input.ts';

/** Invoice run, last step: the run succeeded, with its summary (invoices, total, skipped and why, SEPA files). */
export async function handler(input: unknown): Promise<RunSummary> {
  const { month } = parseStepInput(runStep, input);
  const summary = await summarizeRun(month);
  await finishRun(month, summary, now().toISOString());
  return summary;
}
