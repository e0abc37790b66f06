import { z } from 'zod';
import { describeIssues, plainText } from '../records.ts';

/**
 * KLA-1: a complaint as the back office knows it, whichever form it came from. The form providers'
 * bodies are mapped onto this shape (./providers.ts); the raw submission is kept beside it by the store.
 */

/** Who complains: a parent, or the parents' committee (*oudercommissie*, the parents' elected body). */
export const SUBMITTERS = ['parent', 'parents-committee'] as const;
export type Submitter = (typeof SUBMITTERS)[number];

/**
 * KLA-1, KLA-3: the nature of a complaint, which also decides its route: `care` (care or conduct) to the
 * location manager; `money` (contract, price, invoice or opening hours) to management (finance); `other`.
 */
export const COMPLAINT_CATEGORIES = ['care', 'money', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** The longest complaint text we take: about four printed pages, well inside the webhook's 64 KB. */
export const COMPLAINT_TEXT_MAX = 10_000;

const requiredLine = (max: number) => plainText(max).min(1, { message: 'is required' });
/** One of `values`; a missing one "is required", as every missing field reads. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${values.join(', ')}`),
  });

/**
 * INV-4 as printed on the invoice, `2027-000123`, taken as a parent types it: `2027 000123`, `2027000123`,
 * `2027–000123` (an en dash from a PDF); stored in our own form.
 */
const PRINTED_INVOICE_NUMBER = /^(\d{4})(?:\s*[-–]\s*|\s+)?(\d{6})$/;
export const lenientInvoiceNumber = z
  .string()
  .trim()
  .regex(PRINTED_INVOICE_NUMBER, { message: 'must be an invoice number like 2027-000123' })
  .transform((s) => s.replace(PRINTED_INVOICE_NUMBER, '$1-$2'));

/**
 * The provider's id of the submission (Typeform's response token, Tally's submission id, the sender's own
 * id for `generic`): a delivery retried carries the same id, so it is the complaint's idempotency key.
 * Restricted to characters that cannot address another record when put in a key.
 */
export const submissionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, {
  message: 'must be 1–128 letters, digits, - _ . or :',
});

/** When the form was submitted, as an instant with its offset; stored in UTC (`…Z`). */
export const submittedAt = z.iso
  .datetime({ offset: true, message: 'must be a date and time like 2027-02-03T09:15:00Z' })
  .transform((s) => new Date(s).toISOString());

const contact = z.strictObject({
  name: requiredLine(140),
  email: plainText(254).pipe(z.email({ message: 'must be an e-mail address' })),
  phone: plainText(30).optional(),
});

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

export const complaintIntake = z
  .strictObject({
    submittedBy: oneOf(SUBMITTERS),
    /** The parent; for a complaint of the parents' committee, the committee's contact person. */
    parent: contact,
    /** KLA-1: the committee, for a complaint of the parents' committee instead of a parent. */
    committee: z.strictObject({ name: requiredLine(140) }).optional(),
    child: z.strictObject({ name: requiredLine(100) }).optional(),
    location: requiredLine(100),
    category: oneOf(COMPLAINT_CATEGORIES),
    // The parent's own words, kept as typed: no markup is stripped or interpreted here; whatever shows
    // the text (e-mail, PDF, API) renders it as text (issue 11 item 1).
    complaint: plainText(COMPLAINT_TEXT_MAX, { lines: 'many' }).min(1, { message: 'is required' }),
    desiredOutcome: plainText(COMPLAINT_TEXT_MAX, { lines: 'many' }).optional(),
    /** DUN-11: an invoice the complaint is about; it is disputed while the complaint runs. */
    invoiceNumber: lenientInvoiceNumber.optional(),
    submissionId,
    submittedAt,
  })
  // KLA-1: the committee complains instead of a parent, so it must say which committee it is. Checked
  // also when other fields have problems (`when`), so that all of them are named in one answer.
  .refine((intake) => intake.submittedBy !== 'parents-committee' || intake.committee !== undefined, {
    path: ['committee', 'name'],
    message: "is required for a complaint of the parents' committee",
    when: (payload) => isObject(payload.value),
  })
  .refine((intake) => intake.submittedBy !== 'parent' || intake.committee === undefined, {
    path: ['committee'],
    message: "is given only for a complaint of the parents' committee",
    when: (payload) => isObject(payload.value),
  });
/** What the schema takes in (before trimming and normalising). */
export type ComplaintIntakeInput = z.input<typeof complaintIntake>;
/** A complaint as accepted: trimmed, invoice number and time normalised. */
export type ComplaintIntake = z.output<typeof complaintIntake>;

export type IntakeIssue = { field: string; problem: string };
export type IntakeResult = { intake: ComplaintIntake } | { issues: IntakeIssue[] };

/** The complaint, or each problem named by its field (`parent.email: must be an e-mail address`). */
export function parseComplaintIntake(input: unknown): IntakeResult {
  const parsed = complaintIntake.safeParse(input);
  return parsed.success ? { intake: parsed.data } : { issues: describeIssues(parsed.error) };
}
