import { isValidIBAN } from 'ibantools';
import { z } from 'zod';
import { id, invoiceNumber, isoDate, plainText } from '../records.ts';

/**
 * Issue 9 item 2: a transfer a staff member saw (on the bank's website, a paper statement), booked by
 * hand. The reference is the staff member's own for it (the bank's transaction reference, a receipt
 * number): the same reference is the same payment.
 */
export const paymentInput = z.strictObject({
  parent: id,
  amount: z
    .number()
    .int({ message: 'must be whole cents' })
    .positive({ message: 'must be more than 0' })
    .max(10_000_000, { message: 'must be at most 10000000 cents (€ 100.000)' }),
  date: isoDate,
  reference: plainText(140).min(1, { message: 'is required' }),
  iban: z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .refine(isValidIBAN, { message: 'must be a valid IBAN' })
    .optional(),
  /** The invoice the payer named, if any: it is paid first (DUN-7). */
  invoice: invoiceNumber.optional(),
});
export type PaymentInput = z.infer<typeof paymentInput>;

/** Issue 9 item 3: a bank entry on the review list matched to the invoice it pays or returns. */
export const matchInput = z.strictObject({ invoice: invoiceNumber });

export const BANK_ENTRY_STATUSES = ['booked', 'returned', 'unmatched', 'other'] as const;
