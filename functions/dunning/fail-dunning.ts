import { z } from 'zod';
import { isoDate } from '#shared/records.ts';
import { parseStepInput } from '../adapters/step-input.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { failureReason } from '../fail-invoice-run.ts';

const input = z.object({
  invoice: z.string().min(1),
  foundUnpaidOn: isoDate,
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }),
});

/**
 * Dunning workflow, when its step failed for good (the Catch): a staff task names the invoice and the
 * reason, so that a case that stopped is seen (GET /tasks, simulate's failures), never only a failed
 * execution in a console. The execution then fails, as it did.
 */
export async function handler(event: unknown): Promise<void> {
  const { invoice, foundUnpaidOn, failure } = parseStepInput(input, event);
  await recordFailure({
    what: 'workflow',
    subject: `dunning#${invoice}#${foundUnpaidOn}`,
    error: `the dunning of invoice ${invoice} (found unpaid on ${foundUnpaidOn}) stopped: ${failureReason(failure)}; look at it and start it again`,
  });
}
