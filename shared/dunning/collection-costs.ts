import { addDays, isPublicHoliday, weekday } from '../calendar.ts';
import { type Cents, roundHalfUp } from '../money.ts';
import { type DunningStep, type DunningTerms, payBy } from './ladder.ts';

/**
 * DUN-6, DUN-12: the collection costs a dunning step charges, by the policy's terms. Under
 * `statutory-scale` the first reminder is the cost-free letter of art. 6:96 lid 6 BW and the costs are
 * those of the statutory scale (Besluit vergoeding voor buitengerechtelijke incassokosten, BIK art. 2),
 * charged once, with the second reminder: the first step after the letter's fourteen days (the policy's
 * ladder puts it after them: `legalConflicts` checks that), and the first the parent reads the amount in,
 * so a claim is never handed over with costs no letter named. A collection agency adds nothing to them:
 * the scale is the whole compensation for collecting out of court.
 */

/** BIK art. 2 lid 1: the least and the most the scale gives. */
export const BIK_MINIMUM: Cents = 4_000;
export const BIK_MAXIMUM: Cents = 677_500;

/**
 * BIK art. 2 lid 1: 15% of the first € 2.500 of the principal, 10% of the next € 2.500, 5% of the next
 * € 5.000, 1% of the next € 190.000 and 0,5% of the rest; rates in basis points (1/10.000).
 */
const BIK_BRACKETS: { upTo: Cents; basisPoints: bigint }[] = [
  { upTo: 250_000, basisPoints: 1_500n },
  { upTo: 500_000, basisPoints: 1_000n },
  { upTo: 1_000_000, basisPoints: 500n },
  { upTo: 20_000_000, basisPoints: 100n },
  { upTo: Number.POSITIVE_INFINITY, basisPoints: 50n },
];

/**
 * BIK art. 2: the collection costs for a principal, in cents: the brackets summed exactly and rounded
 * half-up to the cent once, at least € 40 and at most € 6.775.
 */
export function bikScale(principal: Cents): Cents {
  if (!Number.isInteger(principal) || principal < 0)
    throw new Error(`a principal is whole cents, not below 0: ${principal}`);
  let sum = 0n;
  let from = 0;
  for (const { upTo, basisPoints } of BIK_BRACKETS) {
    if (principal <= from) break;
    sum += BigInt(Math.min(principal, upTo) - from) * basisPoints;
    from = upTo;
  }
  return Math.min(BIK_MAXIMUM, Math.max(BIK_MINIMUM, roundHalfUp(sum, 10_000n)));
}

/** DUN-12: under the statutory scale the costs fall due with this step, once. */
export const STATUTORY_COSTS_STEP: DunningStep = 'reminder-2';

/**
 * DUN-6, DUN-12: the collection costs charged with a step, for the principal still open when it is taken.
 * `fee-per-reminder`: the fee with each reminder, none with the hand-over (accrete-2020, as DUN-6 says).
 * `statutory-scale`: nothing with the cost-free first letter, the scale with the second reminder, nothing
 * after; nothing when no principal is open (the costs are for collecting a principal).
 */
export function collectionCosts(terms: DunningTerms, step: DunningStep, principal: Cents): Cents {
  const costs = terms.costs;
  switch (costs.kind) {
    case 'fee-per-reminder':
      return step === 'hand-over' ? 0 : costs.fee;
    case 'statutory-scale':
      return step === STATUTORY_COSTS_STEP && principal > 0 ? bikScale(principal) : 0;
  }
}

/**
 * DUN-12: the costs the first reminder must announce, exactly: what the later steps charge for the
 * principal open when it is sent. (A payment meanwhile only lowers them.)
 */
export function costsAfterFirstReminder(terms: DunningTerms, principal: Cents): Cents {
  return collectionCosts(terms, 'reminder-2', principal) + collectionCosts(terms, 'hand-over', principal);
}

/**
 * Algemene termijnenwet art. 1 and 3: a statutory term that ends on a Saturday, a Sunday or a generally
 * recognised holiday runs on to the next day that is none. Its holidays are the calendar's (CAL-1) and
 * also 5 May in every year, not only in lustrum years.
 */
export function lastDayUnderAtw(date: string): string {
  let day = date;
  while (weekday(day) === 0 || weekday(day) === 6 || isPublicHoliday(day) || day.endsWith('-05-05'))
    day = addDays(day, 1);
  return day;
}

/**
 * DUN-12: the last day of the first reminder's term as the parent may count it: the day it states (days
 * after receipt, or after its date), moved on past a weekend or holiday (Algemene termijnenwet).
 */
export function costFreeTermEnds(terms: DunningTerms, firstReminderSentOn: string): string {
  return lastDayUnderAtw(payBy('reminder-1', firstReminderSentOn, terms));
}

/** DUN-12: costs may be charged on a day only once the first reminder's term has passed unpaid. */
export function costsMayBeChargedOn(terms: DunningTerms, firstReminderSentOn: string, on: string): boolean {
  return on > costFreeTermEnds(terms, firstReminderSentOn);
}

const NUMBER_WORDS = {
  nl: [
    'nul',
    'een',
    'twee',
    'drie',
    'vier',
    'vijf',
    'zes',
    'zeven',
    'acht',
    'negen',
    'tien',
    'elf',
    'twaalf',
    'dertien',
    'veertien',
    'vijftien',
    'zestien',
    'zeventien',
    'achttien',
    'negentien',
    'twintig',
    'eenentwintig',
    'tweeëntwintig',
    'drieëntwintig',
    'vierentwintig',
    'vijfentwintig',
    'zesentwintig',
    'zevenentwintig',
    'achtentwintig',
    'negenentwintig',
    'dertig',
    'eenendertig',
  ],
  en: [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
    'twenty',
    'twenty-one',
    'twenty-two',
    'twenty-three',
    'twenty-four',
    'twenty-five',
    'twenty-six',
    'twenty-seven',
    'twenty-eight',
    'twenty-nine',
    'thirty',
    'thirty-one',
  ],
};

/**
 * DUN-12: the first reminder's pay term in the words the law is safe with: "binnen veertien dagen na de
 * dag van ontvangst van deze brief" (HR 25-11-2016, ECLI:NL:HR:2016:2704), or "na dagtekening" when a
 * policy counts from the date (which `legalConflicts` names unless the days leave 14 after receipt).
 */
export function firstReminderTermWords(terms: DunningTerms, language: 'nl' | 'en'): string {
  const days = terms.firstReminderPayDays;
  const count = NUMBER_WORDS[language][days] ?? String(days);
  if (language === 'nl')
    return terms.firstReminderPayCounted === 'after-receipt'
      ? `binnen ${count} dagen na de dag van ontvangst van deze brief`
      : `binnen ${count} dagen na dagtekening van deze brief`;
  return terms.firstReminderPayCounted === 'after-receipt'
    ? `within ${count} days after the day you receive this letter`
    : `within ${count} days of the date of this letter`;
}
