import { z } from 'zod';
import { parseStepInput } from '../adapters/step-input.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { failureReason } from '../fail-invoice-run.ts';

const input = z.object({
  complaint: z.string().min(1),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }),
});

/**
 * Complaint workflow, when its step failed for good (the Catch): a staff task names the complaint and the
 * reason: a complaint whose deadlines nobody watches any more must be seen, never only a failed execution.
 */
export async function handler(event: unknown): Promise<void> {
  const { complaint, failure } = parseStepInput(input, event);
  await recordFailure({
    what: 'workflow',
    subject: `complaint#${complaint}`,
    error: `the procedure of complaint ${complaint} stopped: ${failureReason(failure)}; its deadlines are no longer watched: look at it and start it again`,
  });
}
