import { z } from 'zod';
import { invoiceNumber, isoDate, plainText } from '../records.ts';

/** KLA-4: the answer, in writing and with reasons; a concrete term for any measures. */
export const complaintAnswerInput = z
  .strictObject({
    answer: plainText(10_000, { lines: 'many' }).min(1, { message: 'is required' }),
    reasons: plainText(10_000, { lines: 'many' }).min(1, {
      message: 'is required: an answer gives its reasons (KLA-4)',
    }),
    measures: plainText(5_000, { lines: 'many' }).optional(),
    measuresBy: isoDate.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.measures && !input.measuresBy)
      ctx.addIssue({
        code: 'custom',
        path: ['measuresBy'],
        message: 'is required with measures: a concrete term (KLA-4)',
      });
    if (input.measuresBy && !input.measures)
      ctx.addIssue({ code: 'custom', path: ['measures'], message: 'is required with measuresBy' });
  });
export type ComplaintAnswerInput = z.infer<typeof complaintAnswerInput>;

/** KLA-8: an external stage of the complaint. */
export const STAGES = ['klachtenloket', 'mediation', 'dispute-filed', 'binding-advice', 'closed'] as const;
export const complaintStageInput = z.strictObject({
  stage: z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` }),
  on: isoDate,
  note: plainText(2_000, { lines: 'many' }).optional(),
  /** What a binding advice orders (refund the complaint fee within 14 days…), each with its term. */
  orders: z
    .array(
      z.strictObject({ what: plainText(500).min(1, { message: 'is required' }), by: isoDate.optional() }),
    )
    .max(20)
    .optional(),
});
export type ComplaintStageInput = z.infer<typeof complaintStageInput>;

/** DUN-11: staff link a complaint to the invoice it is about. */
export const complaintInvoiceInput = z.strictObject({ invoice: invoiceNumber });
