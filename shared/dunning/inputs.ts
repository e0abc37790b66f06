import { z } from 'zod';
import { isoDate, plainText } from '../records.ts';

/** DUN-9: a payment plan: instalments on increasing days, each a positive amount in whole cents. */
export const paymentPlanInput = z
  .strictObject({
    instalments: z
      .array(
        z.strictObject({
          due: isoDate,
          amount: z.number().int({ message: 'must be whole cents' }).positive().max(10_000_000),
        }),
      )
      .min(1, { message: 'must hold at least one instalment' })
      .max(24, { message: 'must hold at most 24 instalments' }),
  })
  .superRefine((plan, ctx) => {
    plan.instalments.forEach((instalment, i) => {
      const before = plan.instalments[i - 1];
      if (before && instalment.due <= before.due)
        ctx.addIssue({
          code: 'custom',
          path: ['instalments', i, 'due'],
          message: `must be after the instalment before it (${before.due})`,
        });
    });
  });

/** DUN-11: an invoice disputed (the complaints issue sets it from a complaint about it). */
export const disputeInput = z.strictObject({
  reason: plainText(500, { lines: 'many' }).optional(),
  complaint: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
    .optional(),
});
