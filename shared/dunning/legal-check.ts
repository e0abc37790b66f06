import { addDays, daysBetween } from '../calendar.ts';
import { longDate } from '../messages/common.ts';
import { firstReminderLetter } from '../messages/dunning-letters.ts';
import { firstReminderEmail } from '../messages/dunning-reminders.ts';
import { type Cents, formatEuro } from '../money.ts';
import type { Policy } from '../policy.ts';
import {
  BIK_MAXIMUM,
  BIK_MINIMUM,
  bikScale,
  collectionCosts,
  costFreeTermEnds,
  costsAfterFirstReminder,
  costsMayBeChargedOn,
  firstReminderTermWords,
} from './collection-costs.ts';
import {
  DUNNING_STEPS,
  type DunningStep,
  type DunningTerms,
  dunningSchedule,
  firstReminderReceivedOn,
  payBy,
} from './ladder.ts';

/**
 * DUN-12, issue 10 item 7: every conflict of a policy's dunning with Dutch consumer law, in plain words.
 * A parent is a consumer, so collection costs are owed only after a cost-free letter, received, that gives
 * 14 days counted from the day after receipt and states what not paying costs (art. 6:96 lid 6 BW; HR
 * 25-11-2016, ECLI:NL:HR:2016:2704), and never more than the statutory scale (BIK art. 2, binding for
 * consumers by art. 6:96 lid 5 BW). The check reads the policy's data, runs its ladder over years of
 * calendar days, and reads its first reminder as a parent would.
 */
export interface LegalConflict {
  /** The rule broken, cited. */
  rule: string;
  /** What in this policy breaks it, and why, in plain words. */
  problem: string;
}

const RULES = {
  costFreeLetter: 'art. 6:96 lid 6 BW: collection costs only after a cost-free letter',
  fourteenDays: 'art. 6:96 lid 6 BW, HR 25-11-2016 ECLI:NL:HR:2016:2704: 14 days after receipt',
  scale: 'BIK art. 2, art. 6:96 lid 5 BW: at most the statutory scale',
  termPassed: 'art. 6:96 lid 6 BW: costs only once the 14 days have passed',
  letterStates: 'art. 6:96 lid 6 BW, HR 25-11-2016 ECLI:NL:HR:2016:2704: the letter states term and costs',
};

/** Principals the checks try: the scale's bracket edges and the amounts around its minimum and cap. */
const PRINCIPALS: Cents[] = [
  1, 10_000, 26_666, 26_667, 74_707, 250_000, 250_001, 500_000, 1_000_000, 20_000_000, 100_000_000,
  200_000_000,
];

/** Found-unpaid days the ladder is run from: six years of calendar, a lustrum year (2030) among them. */
const FIRST_DAY = '2026-01-01';
const DAYS = 6 * 366;

const STEP_NAMES: Record<DunningStep, string> = {
  'reminder-1': 'The first reminder',
  'reminder-2': 'The second reminder',
  'hand-over': 'The hand-over',
};

const date = (day: string) => longDate(day, 'en');

function ladderCosts(terms: DunningTerms, principal: Cents): Cents {
  return DUNNING_STEPS.reduce((sum, step) => sum + collectionCosts(terms, step, principal), 0);
}

/** The days from sending the first reminder to its receipt (DUN-12: a letter by post, the second day). */
function receiptDays(terms: DunningTerms): number {
  const sentOn = FIRST_DAY;
  return daysBetween(sentOn, firstReminderReceivedOn(sentOn, terms));
}

/** art. 6:96 lid 6 BW: the first reminder must not charge: there is no cost-free letter before it. */
function costsOnFirstReminder(terms: DunningTerms): LegalConflict[] {
  const first = Math.max(...PRINCIPALS.map((p) => collectionCosts(terms, 'reminder-1', p)));
  if (first <= 0) return [];
  const every = PRINCIPALS.every((p) => collectionCosts(terms, 'reminder-2', p) === first);
  return [
    {
      rule: RULES.costFreeLetter,
      problem: `The first reminder already charges ${formatEuro(first)}${every ? ` (a fee of ${formatEuro(first)} on every reminder)` : ''}. A consumer owes collection costs only after a cost-free reminder that gives 14 days, counted from the day after receipt, to pay and states the costs of not paying; this policy sends no such letter before charging, so none of its fees is owed.`,
    },
  ];
}

/** BIK art. 2: what the whole ladder charges for a principal is at most the scale gives for it. */
function costsAboveScale(terms: DunningTerms): LegalConflict[] {
  const costs = terms.costs;
  switch (costs.kind) {
    case 'statutory-scale':
      // The scale itself, once (collectionCosts): never above it.
      return [];
    case 'fee-per-reminder': {
      const total = ladderCosts(terms, 1);
      if (total <= BIK_MINIMUM) return [];
      const fees = `The fees add up to ${formatEuro(total)} per unpaid invoice (${formatEuro(costs.fee)} with each reminder)`;
      if (total > BIK_MAXIMUM)
        return [
          {
            rule: RULES.scale,
            problem: `${fees}: more than the statutory scale allows for any invoice (at most ${formatEuro(BIK_MAXIMUM)}).`,
          },
        ];
      // The least principal for which the scale reaches the total: the scale only rises with it.
      let [low, high] = [1, 200_000_000];
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if (bikScale(mid) >= total) high = mid;
        else low = mid + 1;
      }
      return [
        {
          rule: RULES.scale,
          problem: `${fees}: more than the statutory scale allows for an invoice below ${formatEuro(low)} (the scale of BIK art. 2: at least ${formatEuro(BIK_MINIMUM)}, 15% of the first € 2.500 and less above). For a consumer the scale is the most that collecting out of court may cost, whatever the costs are called.`,
        },
      ];
    }
  }
}

/** HR 25-11-2016: 14 days counted from the day after receipt; a term counted from the date must be longer. */
function termTooShort(terms: DunningTerms): LegalConflict[] {
  const days = terms.firstReminderPayDays;
  const receipt = receiptDays(terms);
  if (terms.firstReminderPayCounted === 'after-receipt')
    return days >= 14
      ? []
      : [
          {
            rule: RULES.fourteenDays,
            problem: `The first reminder, the letter before any costs, gives ${days} days after receipt to pay: the law asks for 14 days, counted from the day after the parent receives it.`,
          },
        ];
  // "Na dagtekening": the parent receives the letter at the earliest the day after its date, a letter by
  // post on the second day after posting (DUN-12), so the days must cover that as well.
  const least = 14 + Math.max(1, receipt);
  return days >= least
    ? []
    : [
        {
          rule: RULES.fourteenDays,
          problem: `The first reminder gives ${days} days "na dagtekening" (from its date): counted from its date, a term leaves fewer than 14 days after receipt, and such a letter does not allow any costs; only a new letter mends it. Write "binnen veertien dagen na de dag van ontvangst van deze brief", or give at least ${least} days from the date${receipt > 1 ? ' (a letter by post is received on the second day after posting)' : ''}.`,
        },
      ];
}

/** Algemene termijnenwet art. 1: how a term that ends on a weekend or holiday runs on, in words. */
function extended(terms: DunningTerms, sentOn: string): string {
  const stated = payBy('reminder-1', sentOn, terms);
  const ends = costFreeTermEnds(terms, sentOn);
  return ends === stated
    ? ''
    : `, and as that is a weekend or holiday, until ${date(ends)} (Algemene termijnenwet art. 1)`;
}

/**
 * art. 6:96 lid 6 BW: no step after the first reminder charges before its term has passed, on any day the
 * ladder can start (the Algemene termijnenwet moves a last day on a weekend or holiday to the next day).
 */
function costsBeforeTermPassed(terms: DunningTerms): LegalConflict[] {
  const charging = DUNNING_STEPS.filter(
    (step) => step !== 'reminder-1' && PRINCIPALS.some((p) => collectionCosts(terms, step, p) > 0),
  );
  for (let i = 0; i < DAYS; i++) {
    const schedule = dunningSchedule(addDays(FIRST_DAY, i), terms);
    const sentOn = schedule['reminder-1'];
    for (const step of charging)
      if (!costsMayBeChargedOn(terms, sentOn, schedule[step]))
        return [
          {
            rule: RULES.termPassed,
            problem: `${STEP_NAMES[step]} charges costs on ${date(schedule[step])}, but the first reminder, sent on ${date(sentOn)}, gives until ${date(payBy('reminder-1', sentOn, terms))}${extended(terms, sentOn)}: costs may only be charged once that term has passed unpaid.`,
          },
        ];
  }
  return [];
}

/** A parent to read the first reminder as; the letter says the same to anyone. */
const READER = {
  type: 'parent' as const,
  id: 'legal-check',
  name: 'Nguyễn Thị Minh Khai',
  email: 'legal-check@example.nl',
  language: 'nl' as const,
};
const SAMPLE = {
  invoice: '2027-000001',
  month: '2027-03',
  caseRef: '2027-03-01',
  sentOn: '2027-03-02',
  amounts: { principal: 74_707, fees: 0, interest: 8, total: 74_715 },
};

/**
 * HR 25-11-2016: the cost-free letter states its term in words that give 14 days after receipt, and the
 * exact costs of not paying. Read in Dutch, by post and by e-mail as the policy sends it.
 */
function letterSaysTooLittle(policy: Policy): LegalConflict[] {
  const terms = policy.dunning;
  const costs = costsAfterFirstReminder(terms, SAMPLE.amounts.principal);
  const texts = [firstReminderEmail(READER, SAMPLE, policy).text];
  if (terms.firstReminderBy === 'email-and-post')
    texts.push(firstReminderLetter(READER.name, SAMPLE, policy).lines.join('\n'));
  const conflicts: LegalConflict[] = [];
  const term = firstReminderTermWords(terms, 'nl');
  if (!texts.every((t) => t.includes(term)))
    conflicts.push({
      rule: RULES.letterStates,
      problem: `The first reminder does not state its term as "${term}".`,
    });
  if (!texts.every((t) => t.includes(formatEuro(costs))))
    conflicts.push({
      rule: RULES.letterStates,
      problem: `The first reminder does not state the exact costs of not paying (${formatEuro(costs)} for an invoice of ${formatEuro(SAMPLE.amounts.principal)}).`,
    });
  return conflicts;
}

/** DUN-12: the policy's conflicts with Dutch consumer law; none for a policy that charges no costs. */
export function legalConflicts(policy: Policy): LegalConflict[] {
  const terms = policy.dunning;
  if (!PRINCIPALS.some((p) => ladderCosts(terms, p) > 0)) return [];
  const conflicts = [...costsOnFirstReminder(terms), ...costsAboveScale(terms), ...termTooShort(terms)];
  // When and how the costs follow matter for a first reminder meant as the cost-free letter; one that
  // charges is none, which the first conflict says.
  if (PRINCIPALS.every((p) => collectionCosts(terms, 'reminder-1', p) === 0))
    conflicts.push(...costsBeforeTermPassed(terms), ...letterSaysTooLittle(policy));
  return conflicts;
}
