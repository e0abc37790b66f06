import { z } from 'zod';
import { describeIssues, isoDate, month } from '#shared/records.ts';

/** Validates a workflow step's input; a bad one fails the step with the field named. */
export function parseStepInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error).map((i) => `${i.field} ${i.problem}`);
    const error = new Error(`invalid step input: ${problems.join('; ')}`);
    error.name = 'InvalidStepInput';
    throw error;
  }
  return parsed.data;
}

export const offerStep = z.object({ offerId: z.string().min(1) });
export const awaitStep = offerStep.extend({ taskToken: z.string().min(1) });
export const contractStep = z.object({ contractId: z.string().min(1) });

/** `attempt`: which attempt of the month's run the execution is (issue 8 item 5); absent is the first. */
const attempt = z.number().int().min(1).optional();
export const runStep = z.object({ month, attempt });
/** The failed run's state, as the workflow's Catch hands it on: `failure` is `{Error, Cause}`. */
export const failedRunStep = z.object({
  month,
  attempt,
  progress: z
    .object({ page: z.number().int().min(0), done: z.boolean(), attempt })
    .partial()
    .optional(),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }),
});
export const pageStep = z.object({
  month,
  attempt,
  page: z.number().int().min(0),
  cursor: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Set by StartInvoiceRun when this is the month's first run; absent (false) is always safe. */
  firstRun: z.boolean().default(false),
});
export const priceChangeStep = z.object({
  from: isoDate,
  page: z.number().int().min(0).default(0),
  cursor: z.record(z.string(), z.unknown()).nullable().optional(),
  announced: z.number().int().min(0).default(0),
  /** TAR-6: tell the parents the version is withdrawn, instead of announcing it. */
  withdrawn: z.boolean().default(false),
});
