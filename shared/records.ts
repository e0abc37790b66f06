import { isValidIBAN } from 'ibantools';
import { z } from 'zod';
import { bsnProblem, normalBsn } from './bsn.ts';
import { isIsoDate } from './calendar.ts';
import { ageOn } from './contract-dates.ts';
import { PRODUCT_RULES, PRODUCTS, WEEKDAYS } from './products.ts';

/** Zod schemas of every input the back office accepts, and the records it stores. */

// A missing field reads "is required" wherever it is reported (API responses, simulate's messages).
z.config({ customError: (issue) => (issue.input === undefined ? 'is required' : undefined) });

export const isoDate = z.string().refine(isIsoDate, { message: 'must be a date as YYYY-MM-DD' });

/** A calendar month, YYYY-MM: what an invoice or a run is for. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}
export const month = z.string().refine(isMonth, { message: 'must be a month as YYYY-MM' });
/** An id we store under a key (`OFFER#<id>`): no `#`, `/` or `.` that could address another record. */
export const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'must be 1–64 letters, digits, - or _' });

/**
 * Issue 7 item 11: the schema of each path parameter of the API (`/contracts/{id}/bookings/{date}/…`),
 * so that a path id is held to the same rule as the same id in a body before it reaches the store.
 */
/** An invoice number as we issue them (INV-4): `2027-000123`. */
export const invoiceNumber = z
  .string()
  .regex(/^\d{4}-\d{6}$/, { message: 'must be an invoice number like 2027-000123' });

/** A staff task's id: `<what>#<subject>` (e.g. `dunning#hand-over#2027-000001`). */
export const taskId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9#_.:-]{0,299}$/, { message: 'must be a task id as GET /tasks gives it' });

export const pathParameters = {
  id,
  month,
  date: isoDate,
  from: isoDate,
  number: invoiceNumber,
  task: taskId,
  /** KLA-1: the complaint form's provider (shared/complaints/providers.ts). */
  provider: z.enum(['typeform', 'tally', 'generic'], { message: 'must be one of typeform, tally, generic' }),
} as const;
export type PathParameter = keyof typeof pathParameters;

/**
 * Issue 7 item 12: characters no text we store may carry. Controls (U+0000–U+001F, U+007F–U+009F) and
 * the Unicode line and paragraph separators: a CR or LF in a name that reaches an e-mail's subject adds a
 * header. Bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they make a name or an
 * address read otherwise than it is. A lone surrogate is no character at all. Free text may keep its line
 * breaks and tabs.
 */
function forbiddenCharacterProblem(text: string, lineBreaks: boolean): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (lineBreaks && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029)
      return lineBreaks
        ? 'must not contain control characters'
        : 'must not contain control characters (line breaks, tabs)';
    if (
      code === 0x061c ||
      code === 0x200e ||
      code === 0x200f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    )
      return 'must not contain direction marks or overrides (bidi controls)';
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return 'must be valid Unicode text';
      i++;
    }
  }
  return undefined;
}

/**
 * Issue 7 item 12: text as we accept it anywhere: one line (names, e-mail addresses, places: what can
 * reach an e-mail header), or `lines: 'many'` for free text that may keep line breaks; trimmed, at most
 * `max` long.
 */
export function plainText(max: number, options: { lines: 'one' | 'many' } = { lines: 'one' }) {
  return z
    .string()
    .check((ctx) => {
      const problem = forbiddenCharacterProblem(ctx.value, options.lines === 'many');
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, abort: true });
    })
    .trim()
    .max(max, { message: `must be at most ${max} characters` });
}

/** A required name or place: one line, not blank. */
const requiredText = (max: number) => plainText(max).min(1, { message: 'is required' });

/**
 * Issue 7 item 2: a SEPA mandate reference (EPC AT-01, `MndtId`): 1–35 characters of the SEPA character
 * set, no `/` at its start or end and no `//`; the bank refuses the whole batch otherwise.
 */
export const mandateId = z
  .string()
  .regex(/^[A-Za-z0-9/?:().,'+ -]{1,35}$/, {
    message: "must be 1–35 characters: letters, digits, spaces and / - ? : ( ) . , ' + (SEPA)",
    abort: true,
  })
  .refine((s) => !s.startsWith('/') && !s.endsWith('/') && !s.includes('//'), {
    message: 'must not start or end with / nor contain // (SEPA)',
  });

/** Issue 7 item 13: hours of care as requested or agreed: positive, in half hours (2.5, not 2.4). */
export const careHours = (max: number) =>
  z
    .number()
    .positive()
    .max(max)
    .refine((h) => Number.isInteger(h * 2), { message: 'must be in half hours' });

/** A session like "08:00-18:00": half hours, within the extended opening hours 06:30–19:30 (TAR-1). */
const session = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'must be a time range like 08:00-18:00',
    abort: true,
  })
  .refine(
    (s) => {
      const [from, to] = s.split('-').map(minutesOf) as [number, number];
      return from < to && from >= 6 * 60 + 30 && to <= 19 * 60 + 30;
    },
    { message: 'must start before it ends, within the opening hours 06:30-19:30' },
  );

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

// An empty schedule is no schedule: never stored as an empty map (DynamoDB Local writes `{}` into stream
// images, which unmarshall rejects; issue 7 item 5), and a fixed product without days is refused as such.
export const schedule = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, session.optional()])))
  .transform((days) =>
    Object.values(days).some((v) => v !== undefined) ? days : undefined,
  ) as unknown as z.ZodType<Partial<Record<(typeof WEEKDAYS)[number], string>> | undefined>;

export const mandate = z.strictObject({
  id: mandateId,
  signed: isoDate,
});

/**
 * Issue 10 item 3: a Dutch postcode (PostNL): four digits, the first not 0, an optional space and two
 * letters, never SA, SD or SS (not issued); written as PostNL prints it, `1234 AB`.
 */
const POSTCODE = /^([1-9][0-9]{3}) ?([A-Z]{2})$/;
export const dutchPostcode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(POSTCODE, { message: 'must be a Dutch postcode like 1234 AB', abort: true })
  .refine((s) => !/(SA|SD|SS)$/.test(s), { message: 'must not end in SA, SD or SS (never issued)' })
  .transform((s) => s.replace(POSTCODE, '$1 $2'));

/** Issue 10 item 3 (DUN-3, DUN-8): where a letter to the parent goes, in a window envelope. */
export const postalAddress = z.strictObject({
  street: requiredText(100),
  postcode: dutchPostcode,
  city: requiredText(60),
});
export type PostalAddress = z.infer<typeof postalAddress>;

export const parentInput = z.strictObject({
  id: id.optional(),
  name: requiredText(140),
  email: plainText(254).pipe(z.email({ message: 'must be an e-mail address' })),
  phone: plainText(30).optional(),
  language: z.enum(['nl', 'en']).default('nl'),
  iban: z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .refine(isValidIBAN, { message: 'must be a valid IBAN' })
    .optional(),
  mandate: mandate.optional(),
  address: postalAddress.optional(),
  /** INV-8: the parent's BSN, for the annual statement; stored encrypted, shown masked. */
  bsn: z
    .string()
    .superRefine((s, ctx) => {
      const problem = bsnProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform(normalBsn)
    .optional(),
});
export type ParentInput = z.infer<typeof parentInput>;
/** A parent's details given with an offer: a BSN is given with PUT /parents/{id} only. */
export const offerParentInput = parentInput.omit({ bsn: true });

export const child = z.strictObject({
  name: requiredText(100),
  birthDate: isoDate,
});

/** CON-1: what an offer (and the contract it becomes) agrees on. */
export const careTerms = z.strictObject({
  child,
  location: requiredText(100),
  product: z.enum(PRODUCTS, { message: `must be one of ${PRODUCTS.join(', ')}` }),
  weeks: z.number().int().optional(),
  schedule: schedule.optional(),
  hoursPerMonth: careHours(300).optional(),
  start: isoDate,
  /** CON-8: a trial period of up to 2 months, recorded with the contract (art. 9). */
  trialMonths: z
    .number()
    .int({ message: 'must be whole months' })
    .min(1)
    .max(2, { message: 'must be at most 2 (CON-8)' })
    .optional(),
  /** TAR-5: subsidised toddler care: the parent pays the contribution, the municipality the rest. */
  subsidy: z
    .strictObject({
      municipality: requiredText(100),
      parentContribution: z.number().int({ message: 'must be whole cents' }).min(0).max(1_000_000),
    })
    .optional(),
});
export type CareTerms = z.infer<typeof careTerms>;

/** Product rules (TAR, CON-1) on the terms, each problem named by its field. */
export function checkCareTerms(terms: CareTerms, ctx: z.RefinementCtx): void {
  const rules = PRODUCT_RULES[terms.product];
  const sessions = Object.values(terms.schedule ?? {}).filter(Boolean).length;
  if (rules.flexible) {
    if (terms.hoursPerMonth === undefined)
      ctx.addIssue({ code: 'custom', path: ['hoursPerMonth'], message: `is required for ${terms.product}` });
  } else {
    if (terms.weeks === undefined || terms.weeks < rules.weeks.min || terms.weeks > rules.weeks.max)
      ctx.addIssue({
        code: 'custom',
        path: ['weeks'],
        message:
          rules.weeks.min === rules.weeks.max
            ? `must be ${rules.weeks.min} for ${terms.product}`
            : `must be between ${rules.weeks.min} and ${rules.weeks.max} for ${terms.product}`,
      });
    if (sessions < rules.minimumSessions)
      ctx.addIssue({
        code: 'custom',
        path: ['schedule'],
        message: `needs at least ${rules.minimumSessions} day(s) a week for ${terms.product}`,
      });
  }
  if (terms.subsidy && terms.product !== 'POV')
    ctx.addIssue({
      code: 'custom',
      path: ['subsidy'],
      message: `the municipality subsidises toddler care (POV) only, not ${terms.product} (TAR-5)`,
    });
  if (isIsoDate(terms.child.birthDate) && isIsoDate(terms.start)) {
    const age = ageOn(terms.child.birthDate, terms.start);
    if (age < rules.minimumAge || age >= rules.endsAtAge)
      ctx.addIssue({
        code: 'custom',
        path: ['child', 'birthDate'],
        message: `the child is ${age} on the start date; ${terms.product} is for ages ${rules.minimumAge} to ${rules.endsAtAge}`,
      });
    if (terms.start < terms.child.birthDate)
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'must not be before the birth date' });
  }
}

/** Just the care terms of an input or record that carries them (offer → contract, input → record). */
export function careTermsOf(source: CareTerms): CareTerms {
  const { child, location, product, weeks, schedule, hoursPerMonth, start, trialMonths, subsidy } = source;
  return { child, location, product, weeks, schedule, hoursPerMonth, start, trialMonths, subsidy };
}

/** Care terms with the product's rules checked. */
export const validCareTerms = careTerms.superRefine(checkCareTerms);

export const offerInput = careTerms
  .extend({
    id: id.optional(),
    /** An existing parent's id, or the parent's details (created or updated with the offer). */
    parent: z.union([id, offerParentInput], { message: "must be a parent's id or the parent's details" }),
  })
  .superRefine(checkCareTerms);
export type OfferInput = z.infer<typeof offerInput>;

/** A contract agreed outside the offer workflow, registered as it stands. */
export const importContractInput = careTerms
  .extend({
    id,
    parent: id,
    signedOn: isoDate.optional(),
    /** When agreed otherwise than CON-3's automatic end. */
    end: isoDate.optional(),
  })
  .superRefine(checkCareTerms)
  .superRefine((input, ctx) => {
    // Issue 7 item 13: a contract ends after it starts.
    if (input.end && input.end <= input.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after the start, ${input.start}` });
  });

/** CON-4: a change of the schedule (or weeks, or average hours), from a date. */
export const contractChangeInput = z
  .strictObject({
    id: id.optional(),
    schedule: schedule.optional(),
    weeks: z.number().int().min(1).max(52).optional(),
    hoursPerMonth: careHours(300).optional(),
    effective: isoDate.optional(),
  })
  .refine((c) => c.schedule || c.weeks || c.hoursPerMonth, {
    message: 'give the new schedule, weeks or hoursPerMonth',
    path: ['schedule'],
  });

/** CON-6: notice, in writing, by the parent or the organisation; optionally a later end than the notice gives. */
export const terminationInput = z.strictObject({
  by: z.enum(['parent', 'organisation']).default('parent'),
  end: isoDate.optional(),
  reason: plainText(500, { lines: 'many' }).optional(),
});

/** TAR-2: extra care on a day, in hours. */
export const extraCareInput = z.strictObject({
  id: id.optional(),
  date: isoDate,
  hours: careHours(13),
});

/** TAR-6: a new tariff version: the hourly rate of every product in cents, from a date. */
const cents = z.number().int({ message: 'must be whole cents' }).positive().max(100_000);
export const tariffInput = z.strictObject({
  from: isoDate,
  hourly: z.strictObject({
    KDV: cents,
    POV: cents,
    KDV_FLEX: cents,
    BSO: cents,
    VSO: cents,
    BSO_FLEX: cents,
  }),
});
export type TariffInput = z.infer<typeof tariffInput>;

/** CON-9: a swap day: the contract day missed and the day taken instead. */
export const swapDayInput = z.strictObject({ missed: isoDate, swap: isoDate });

/** INV-3: a day of flexible care booked. */
export const bookingInput = z.strictObject({ date: isoDate, hours: careHours(13) });

export const acceptOfferInput = z.strictObject({
  contractId: id.optional(),
});

/** Stored records. */
export interface ParentRecord {
  type: 'parent';
  id: string;
  name: string;
  email: string;
  phone?: string;
  language: 'nl' | 'en';
  iban?: string;
  mandate?: {
    id: string;
    signed: string;
    /** INV-7: a return said the mandate is gone (AC04, AC06, MD01): not collected again until renewed. */
    gone?: { on: string; reason: string };
  };
  /** Issue 10 item 3: where letters go (DUN-3, DUN-8); without it a letter is a staff task. */
  address?: PostalAddress;
  /** INV-8: the BSN, encrypted; its masked form for display. */
  bsn?: SealedBsn;
}

export interface SealedBsn {
  sealed: string;
  masked: string;
}

export interface OfferRecord extends CareTerms {
  type: 'offer';
  id: string;
  parentId: string;
  status: 'offered' | 'accepted' | 'lapsed';
  offeredOn: string;
  /** CON-2: the first day on which the offer has lapsed. */
  lapsesOn: string;
  /** The instant the offer lapses (start of `lapsesOn`, Europe/Amsterdam). */
  expiresAt: string;
  contractId: string;
  acceptedOn?: string;
  taskToken?: string;
}

export interface ContractRecord extends CareTerms {
  type: 'contract';
  id: string;
  parentId: string;
  offerId?: string;
  status: 'active' | 'ended' | 'terminated' | 'cancelled';
  signedOn: string;
  /** The last day of care: CON-3's automatic end, or earlier after a termination (CON-6). */
  end: string;
  /** CON-4: changes of the terms, each from its effective date. */
  changes?: ContractChange[];
  terminatedOn?: string;
  cancelledOn?: string;
  /** CON-3: the day the contract was found past its last day. */
  endedOn?: string;
  /** CON-9: days swapped for others; the hours stay billed as contracted. */
  swapDays?: SwapDay[];
  /** Art. 8.5: corrections of months invoiced before a notice or a change reached them. */
  settlements?: { month: string; amount: number; requestId: string }[];
  /**
   * DUN-4: care suspended since the hand-over of these invoices (number → the day it was handed over);
   * the contract stays `active` for invoicing and is shown as `suspended`.
   */
  suspension?: ContractSuspension;
  /** DUN-4: suspensions that ended, each with the day care was active again. */
  suspensions?: (ContractSuspension & { until: string })[];
}

export interface ContractSuspension {
  since: string;
  invoices: Record<string, string>;
}

export interface SwapDay {
  missed: string;
  swap: string;
  requestedOn: string;
}

export interface ContractChange {
  requestedOn: string;
  effective: string;
  weeks?: number;
  schedule?: Partial<Record<(typeof WEEKDAYS)[number], string>>;
  hoursPerMonth?: number;
}

/** Turns zod issues into `field: problem` lines a user can act on. */
export function describeIssues(error: z.ZodError): { field: string; problem: string }[] {
  return meantIssues(error.issues, []).map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : '(body)',
    problem: issue.message,
  }));
}

/**
 * The issues of the alternative a union's input was meant for: an offer's `parent` given as details
 * reports `parent.mandate.id`, not only "must be an id or details". When no or several alternatives
 * match the input's type, the union's own message stands.
 */
function meantIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[],
): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const meant = issue.errors.filter(
        (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (meant.length === 1) return meantIssues(meant[0] as z.core.$ZodIssue[], path);
    }
    return [{ path, message: issue.message }];
  });
}
