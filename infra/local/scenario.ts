import { z } from 'zod';
import { complaintAnswerInput } from '#shared/complaints/inputs.ts';
import { paymentPlanInput } from '#shared/dunning/inputs.ts';
import { invoiceRunDate } from '#shared/invoicing.ts';
import { paymentInput } from '#shared/payments/inputs.ts';
import { POLICIES as POLICY_PRESETS, policyNamed } from '#shared/policy.ts';
import {
  bookingInput,
  careTerms,
  checkCareTerms,
  describeIssues,
  isoDate,
  month,
  parentInput,
  schedule,
  swapDayInput,
  tariffInput,
} from '#shared/records.ts';

/**
 * The `simulate` scenario (see ../shared/SCENARIOS.md): parents, offers and contracts, and dated events.
 * Every problem is reported with the path of the field, e.g. `offers.0.parent`.
 */
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'must be 1–64 letters, digits, - or _' });

/** The policy presets a scenario can run under (`--policy`): accrete-2020, wik-compliant (DUN-12). */
export const POLICIES = Object.keys(POLICY_PRESETS) as [string, ...string[]];

/** Event types of SCENARIOS.md that this version replays; the others are named as not supported yet. */
const SUPPORTED_EVENTS = [
  'accept-offer',
  'contract-change',
  'termination',
  'extra-care',
  'cancellation',
  'price-change',
  'swap-day',
  'booking',
  'booking-cancellation',
  'payment',
  'bank-return',
  'payment-plan',
  'complaint',
  'complaint-answer',
] as const;
const PLANNED_EVENTS = [] as const;

const acceptOffer = z.strictObject({
  on: isoDate,
  type: z.literal('accept-offer'),
  offer: id,
  contract: id.optional(),
});

const contractChange = z.strictObject({
  on: isoDate,
  type: z.literal('contract-change'),
  contract: id,
  schedule: schedule.optional(),
  weeks: z.number().int().optional(),
  hoursPerMonth: z.number().positive().optional(),
  effective: isoDate.optional(),
});
const termination = z.strictObject({
  on: isoDate,
  type: z.literal('termination'),
  contract: id,
  by: z.enum(['parent', 'organisation']).default('parent'),
  end: isoDate.optional(),
});
const extraCare = z.strictObject({
  on: isoDate,
  type: z.literal('extra-care'),
  contract: id,
  date: isoDate,
  hours: z.number().positive(),
});
const cancellation = z.strictObject({ on: isoDate, type: z.literal('cancellation'), contract: id });
/** TAR-6: a new tariff version, posted (announced) on `on`, in force from `from`. */
const priceChange = tariffInput.extend({ on: isoDate, type: z.literal('price-change') });
const swapDay = swapDayInput.extend({ on: isoDate, type: z.literal('swap-day'), contract: id });
const booking = bookingInput.extend({ on: isoDate, type: z.literal('booking'), contract: id });
const bookingCancellation = z.strictObject({
  on: isoDate,
  type: z.literal('booking-cancellation'),
  contract: id,
  date: isoDate,
});
/**
 * Issue 9 item 5: money from a parent on `on`: a transfer on that day's bank statement from the parent's
 * IBAN, or, for a parent without one in the scenario, a payment a staff member books by hand.
 */
const payment = z.strictObject({
  on: isoDate,
  type: z.literal('payment'),
  parent: id,
  amount: paymentInput.shape.amount,
  /** What the payer writes as the remittance information (by hand: the staff member's reference). */
  reference: paymentInput.shape.reference,
  /** The invoice the payer names, if any. */
  invoice: paymentInput.shape.invoice,
});
/** INV-7: the direct debit of the parent's invoice for `month` comes back on `on`, with an ISO reason code. */
const bankReturn = z.strictObject({
  on: isoDate,
  type: z.literal('bank-return'),
  parent: id,
  month,
  reason: z.string().regex(/^[A-Z0-9]{4}$/, { message: 'must be an ISO reason code like AM04 or MS02' }),
});
/** DUN-9: staff agree a payment plan with the parent on `on` (instalments adding up to the arrears). */
const paymentPlan = paymentPlanInput.safeExtend({
  on: isoDate,
  type: z.literal('payment-plan'),
  parent: id,
});
/**
 * KLA-1: a complaint from the website's form: the provider's own webhook body, which the simulator signs
 * with the configured secret and posts as the provider would. `complaint` names it in the scenario (the
 * report's `complaints[].id`, and what a `complaint-answer` refers to).
 */
const complaint = z.strictObject({
  on: isoDate,
  type: z.literal('complaint'),
  provider: z.enum(['typeform', 'tally', 'generic'], { message: 'must be one of typeform, tally, generic' }),
  body: z.record(z.string(), z.unknown(), { message: "must be the provider's webhook body (a JSON object)" }),
  complaint: id,
});
/** KLA-4: staff answer the complaint, in writing with reasons (and a term for any measures). */
const complaintAnswer = complaintAnswerInput.safeExtend({
  on: isoDate,
  type: z.literal('complaint-answer'),
  complaint: id,
});
const supported = z.discriminatedUnion('type', [
  acceptOffer,
  contractChange,
  termination,
  extraCare,
  cancellation,
  priceChange,
  swapDay,
  booking,
  bookingCancellation,
  payment,
  bankReturn,
  paymentPlan,
  complaint,
  complaintAnswer,
]);
export type ScenarioEvent = z.infer<typeof supported>;

const event = z
  .looseObject({
    on: isoDate,
    type: z.enum([...SUPPORTED_EVENTS, ...PLANNED_EVENTS], {
      message: `must be one of ${[...SUPPORTED_EVENTS, ...PLANNED_EVENTS].join(', ')}`,
    }),
  })
  .superRefine((value, ctx) => {
    if ((PLANNED_EVENTS as readonly string[]).includes(value.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `'${value.type}' is not supported yet by this version of simulate (supported: ${SUPPORTED_EVENTS.join(', ')})`,
      });
      return;
    }
    const parsed = supported.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom' } as never);
  })
  .transform((value) => supported.parse(value));

const offer = careTerms.extend({ id, on: isoDate, parent: id }).superRefine(checkCareTerms);
const contract = careTerms
  .extend({ id, parent: id, signedOn: isoDate.optional(), end: isoDate.optional() })
  .superRefine(checkCareTerms);

export const scenarioSchema = z
  .strictObject({
    policy: z.enum(POLICIES, { message: `must be one of ${POLICIES.join(', ')}` }).default('accrete-2020'),
    start: isoDate,
    end: isoDate,
    parents: z.array(parentInput.extend({ id })).default([]),
    offers: z.array(offer).default([]),
    contracts: z.array(contract).default([]),
    events: z.array(event).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.end < s.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
    const parents = new Set(s.parents.map((p) => p.id));
    const offers = new Set(s.offers.map((o) => o.id));
    const inRange = (date: string) => date >= s.start && date <= s.end;
    const unique = (list: { id: string }[], field: string) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', path: [field, i, 'id'], message: `${item.id} is used twice` });
        seen.add(item.id);
      });
    };
    unique(s.parents, 'parents');
    unique(s.offers, 'offers');
    unique(s.contracts, 'contracts');
    s.offers.forEach((o, i) => {
      if (!parents.has(o.parent))
        ctx.addIssue({ code: 'custom', path: ['offers', i, 'parent'], message: `no parent ${o.parent}` });
      if (!inRange(o.on))
        ctx.addIssue({
          code: 'custom',
          path: ['offers', i, 'on'],
          message: 'must lie between start and end',
        });
      if (o.start < o.on)
        ctx.addIssue({
          code: 'custom',
          path: ['offers', i, 'start'],
          message: 'must not be before the offer date',
        });
    });
    s.contracts.forEach((c, i) => {
      if (!parents.has(c.parent))
        ctx.addIssue({ code: 'custom', path: ['contracts', i, 'parent'], message: `no parent ${c.parent}` });
    });
    const parentsById = new Map(s.parents.map((p) => [p.id, p]));
    const returned = new Set<string>();
    const references = new Set<string>();
    const complaints = new Map<string, string>();
    // In date order, as the simulator plays them: an answer must come after its complaint.
    [...s.events.entries()]
      .sort(([, a], [, b]) => a.on.localeCompare(b.on))
      .forEach(([i, e]) => {
        if ((e.type === 'payment' || e.type === 'bank-return') && !parents.has(e.parent))
          ctx.addIssue({ code: 'custom', path: ['events', i, 'parent'], message: `no parent ${e.parent}` });
        if (e.type === 'payment') {
          // By hand, the reference is the payment's identity (POST /payments): twice is one payment.
          const key = `${e.parent}#${e.reference}`;
          if (references.has(key))
            ctx.addIssue({
              code: 'custom',
              path: ['events', i, 'reference'],
              message: `is the reference of another payment of ${e.parent}`,
            });
          references.add(key);
        }
        if (e.type === 'bank-return') {
          const parent = parentsById.get(e.parent);
          // Only a parent with a mandate is collected from: there is nothing else to return.
          if (parent && !(parent.mandate && parent.iban))
            ctx.addIssue({
              code: 'custom',
              path: ['events', i, 'parent'],
              message: `${e.parent} has no mandate and IBAN: none of their invoices is collected`,
            });
          const runOn = invoiceRunDate(e.month, policyNamed(s.policy));
          if (e.on < runOn)
            ctx.addIssue({
              code: 'custom',
              path: ['events', i, 'on'],
              message: `is before ${e.month} is invoiced (${runOn}): there is no collection to return yet`,
            });
          const key = `${e.parent}#${e.month}`;
          if (returned.has(key))
            ctx.addIssue({
              code: 'custom',
              path: ['events', i, 'month'],
              message: `the collection of ${e.parent} for ${e.month} comes back once only`,
            });
          returned.add(key);
        }
        if (!inRange(e.on))
          ctx.addIssue({
            code: 'custom',
            path: ['events', i, 'on'],
            message: 'must lie between start and end',
          });
        if (e.type === 'complaint') {
          if (complaints.has(e.complaint))
            ctx.addIssue({
              code: 'custom',
              path: ['events', i, 'complaint'],
              message: `${e.complaint} names another complaint already`,
            });
          complaints.set(e.complaint, e.on);
        }
        if (e.type === 'complaint-answer') {
          const made = complaints.get(e.complaint);
          if (!made || made > e.on)
            ctx.addIssue({
              code: 'custom',
              path: ['events', i, 'complaint'],
              message: `no complaint ${e.complaint} made before ${e.on}`,
            });
        }
        if (e.type === 'accept-offer' && !offers.has(e.offer))
          ctx.addIssue({ code: 'custom', path: ['events', i, 'offer'], message: `no offer ${e.offer}` });
      });
  });

export type Scenario = z.infer<typeof scenarioSchema>;

export class ScenarioError extends Error {
  constructor(readonly issues: { field: string; problem: string }[]) {
    super(issues.map((i) => `${i.field}: ${i.problem}`).join('\n'));
  }
}

export function parseScenario(text: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError([{ field: '(file)', problem: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(describeIssues(parsed.error));
  return parsed.data;
}
