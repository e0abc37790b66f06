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

export const runStep = z.object({ month });
export const pageStep = z.object({
  month,
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
});
