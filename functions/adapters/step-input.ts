import { z } from 'zod';
import { describeIssues } from '#shared/records.ts';

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
