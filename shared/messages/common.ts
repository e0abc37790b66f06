import type { IsoDate } from '../calendar.ts';
import { type Cents, formatEuro } from '../money.ts';
import { PRODUCT_RULES, type Product, type Weekday } from '../products.ts';
import type { ParentRecord } from '../records.ts';

/**
 * What every message to a parent shares: the e-mail it becomes, the greeting and the sign-off, and how
 * each language writes a date, a month, an amount or a period. A message's own module holds its Dutch
 * and English texts side by side (a `Texts` object) and passes in the values, the policy's among them:
 * "één maand" is the policy's notice period, never a word of the template (issue 10 item 0).
 */
export type Language = 'nl' | 'en';

/** An e-mail's `kind` and `ref` (the subject's id) make its idempotency key: one e-mail per kind and subject. */
export type EmailKind =
  | 'offer'
  | 'contract-confirmation'
  | 'offer-lapsed'
  | 'invoice'
  | 'contract-change'
  | 'termination-confirmation'
  | 'cancellation'
  | 'extra-care'
  | 'price-change'
  | 'price-change-withdrawn'
  | 'swap-day'
  | 'booking'
  | 'booking-cancellation'
  | 'contract-end'
  | 'reminder-1'
  | 'reminder-2'
  | 'handover'
  | 'termination'
  | 'payment-plan'
  | 'annual-statement'
  | 'annual-statement-withheld'
  | 'complaint-received'
  | 'complaint-answer'
  | 'complaint-next-steps'
  | 'complaint-overdue';

export interface Email {
  kind: EmailKind;
  ref: string;
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; contentType: string; content: Uint8Array }[];
}

/** How one language writes the values a message states. */
export interface Wording {
  language: Language;
  /** "5 januari 2027" */
  date(date: IsoDate): string;
  /** "maart 2027", never "2027-03" */
  month(month: string): string;
  /** "€ 1.234,56" in both languages: the one money formatter (issue 8 item 7). */
  euro(cents: Cents): string;
  /** "80", "67,5": hours as the language writes a number. */
  hours(hours: number): string;
  /** "één maand", "2 maanden" */
  months(count: number): string;
  /** "één maandbedrag", "2 maandbedragen" */
  monthlyAmounts(count: number): string;
  /** "10 dagen", "een week", "3 weken" */
  days(count: number): string;
  /** "derde": the word for an ordinal */
  ordinal(count: number): string;
  /** "4e", "4th": an ordinal in digits */
  nth(count: number): string;
  product(product: Product): string;
  weekday(day: Weekday): string;
}

const MONTHS: Record<Language, string[]> = {
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

const DAY_NAMES: Record<Language, Record<Weekday, string>> = {
  nl: { mon: 'maandag', tue: 'dinsdag', wed: 'woensdag', thu: 'donderdag', fri: 'vrijdag' },
  en: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday' },
};

const ORDINALS: Record<Language, string[]> = {
  nl: [
    'nulde',
    'eerste',
    'tweede',
    'derde',
    'vierde',
    'vijfde',
    'zesde',
    'zevende',
    'achtste',
    'negende',
    'tiende',
  ],
  en: [
    'zeroth',
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
  ],
};

const HOURS: Record<Language, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** "5 januari 2027" */
export function longDate(date: IsoDate, language: Language): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[language][m - 1]} ${y}`;
}

/** "maart 2027": a calendar month (YYYY-MM) in a sentence. */
export function monthName(month: string, language: Language): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[language][m - 1]} ${y}`;
}

/** "67,5" (nl), "67.5" (en): hours of care as the language writes a number. */
export function hoursNumber(hours: number, language: Language): string {
  return HOURS[language].format(hours);
}

function englishNth(count: number): string {
  const teen = count % 100 >= 11 && count % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[count % 10];
  return `${count}${suffix ?? 'th'}`;
}

export const WORDING: Record<Language, Wording> = {
  nl: {
    language: 'nl',
    date: (date) => longDate(date, 'nl'),
    month: (month) => monthName(month, 'nl'),
    euro: formatEuro,
    hours: (hours) => hoursNumber(hours, 'nl'),
    months: (count) => (count === 1 ? 'één maand' : `${count} maanden`),
    monthlyAmounts: (count) => (count === 1 ? 'één maandbedrag' : `${count} maandbedragen`),
    days: (count) =>
      count === 1
        ? 'één dag'
        : count === 7
          ? 'een week'
          : count % 7 === 0
            ? `${count / 7} weken`
            : `${count} dagen`,
    ordinal: (count) => ORDINALS.nl[count] ?? `${count}e`,
    nth: (count) => `${count}e`,
    product: (product) => PRODUCT_RULES[product].label.nl,
    weekday: (day) => DAY_NAMES.nl[day],
  },
  en: {
    language: 'en',
    date: (date) => longDate(date, 'en'),
    month: (month) => monthName(month, 'en'),
    euro: formatEuro,
    hours: (hours) => hoursNumber(hours, 'en'),
    months: (count) => (count === 1 ? 'one month' : `${count} months`),
    monthlyAmounts: (count) => (count === 1 ? 'one monthly amount' : `${count} monthly amounts`),
    days: (count) =>
      count === 1
        ? 'one day'
        : count === 7
          ? 'a week'
          : count % 7 === 0
            ? `${count / 7} weeks`
            : `${count} days`,
    ordinal: (count) => ORDINALS.en[count] ?? englishNth(count),
    nth: englishNth,
    product: (product) => PRODUCT_RULES[product].label.en,
    weekday: (day) => DAY_NAMES.en[day],
  },
};

/** A message in one language: its subject, and its body's lines between the greeting and the sign-off. */
export interface MessageText {
  subject: string;
  lines: string[];
}

/** One message's Dutch and English texts, side by side, written from the same values. */
export type Texts<Values> = Record<Language, (values: Values, say: Wording) => MessageText>;

/**
 * Who signs: a team of the organisation, named by the policy, and the organisation's own name where the
 * message carries it (the invoice does).
 */
export interface Signatory {
  team: { nl: string; en: string };
  organisation?: string;
}

const FRAME: Record<Language, { greeting: (name: string) => string; signOff: string }> = {
  nl: { greeting: (name) => `Beste ${name},`, signOff: 'Met vriendelijke groet,' },
  en: { greeting: (name) => `Dear ${name},`, signOff: 'Kind regards,' },
};

/**
 * The e-mail to a parent, in the parent's language: greeting, the message's lines, sign-off. `kind` and
 * `ref` make its idempotency key.
 */
export function emailTo<Values>(
  parent: ParentRecord,
  id: { kind: EmailKind; ref: string },
  texts: Texts<Values>,
  values: Values,
  signatory: Signatory,
): Email {
  const language = parent.language;
  const { subject, lines } = texts[language](values, WORDING[language]);
  const frame = FRAME[language];
  const signature = [frame.signOff, signatory.team[language]];
  if (signatory.organisation) signature.push(signatory.organisation);
  return {
    kind: id.kind,
    ref: id.ref,
    to: parent.email,
    subject,
    text: [frame.greeting(parent.name), '', ...lines, '', ...signature].join('\n'),
  };
}
