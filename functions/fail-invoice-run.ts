import { now } from '#shared/clock.ts';
import { failRun } from './adapters/invoice-store.ts';
import { logger } from './adapters/logger.ts';
import { failedRunStep, parseStepInput } from './adapters/step-input.ts';

/**
 * Invoice run, when a step has failed for good (the workflow's Catch): the run is `failed`, with its
 * reason, in GET /invoice-runs/{month} and the CLI, and POST /invoice-runs finishes it (issue 8 item 5).
 */
export async function handler(input: unknown): Promise<{ reason: string }> {
  const { month, attempt, progress, failure } = parseStepInput(failedRunStep, input);
  const reason = failureReason(failure, progress?.done ? undefined : progress?.page);
  const recorded = await failRun(month, progress?.attempt ?? attempt ?? 1, reason, now().toISOString());
  logger.error('invoice run failed', { month, attempt: progress?.attempt ?? attempt, reason, recorded });
  return { reason };
}

/**
 * The reason in words: the error's message (Lambda's Cause is a JSON document with `errorMessage`; the
 * local runner's is the message itself), and the page the run had reached.
 */
export function failureReason(failure: { Error?: string; Cause?: string }, page?: number): string {
  let message = failure.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorMessage?: string };
    if (typeof cause.errorMessage === 'string') message = cause.errorMessage;
  } catch {
    // not JSON: the message itself
  }
  const error = failure.Error ?? 'Error';
  const what =
    error === 'States.Timeout' ? 'a step took longer than its time limit' : message || 'no message';
  const where = page === undefined ? '' : ` (at page ${page})`;
  return `${error}: ${what}${where}`.slice(0, 1000);
}
