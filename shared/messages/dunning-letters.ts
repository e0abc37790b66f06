import type { IsoDate } from '../calendar.ts';
import { costsAfterFirstReminder, firstReminderTermWords } from '../dunning/collection-costs.ts';
import { type DunningAmounts, payBy } from '../dunning/ladder.ts';
import { printedIban } from '../invoice-payment.ts';
import type { Policy } from '../policy.ts';
import { WORDING } from './common.ts';

/**
 * The letters of dunning (issue 10 item 3): the second reminder by post (DUN-3) and the termination for
 * non-payment by registered post (DUN-8, CON-7). Letters are in Dutch (the issue: "A4 PDFs in Dutch");
 * the e-mail that goes with each is in the parent's language. Every term is the policy's (its dunning
 * terms among them), passed in, never written into a sentence. The amounts are not in the text: the
 * letter sets them as a table after the line `amountsAfter` points at (shared/letters/letter-pdf.ts).
 */
export interface LetterText {
  /** After "Betreft:". */
  subject: string;
  /** Paragraphs in order, the greeting and the sign-off included; '' is a blank line. */
  lines: string[];
  /** The index of the line after which the amounts table stands. */
  amountsAfter: number;
}

/** What a reminder letter states: the same facts as the reminder e-mail of the same step. */
export interface ReminderLetterFacts {
  invoice: string;
  /** The invoice's month, YYYY-MM. */
  month: string;
  sentOn: IsoDate;
  amounts: DunningAmounts;
}

const say = WORDING.nl;

function signOff(policy: Policy): string[] {
  return ['Met vriendelijke groet,', '', policy.teams.finance.nl, policy.organisation.name];
}

function transferSentence(policy: Policy, reference: string): string {
  const { iban, name } = policy.creditor;
  return `Maak het bedrag over naar ${printedIban(iban)} ten name van ${name}, onder vermelding van ${reference}.`;
}

/**
 * DUN-12: the first reminder by post, for a policy that sends it as the cost-free letter of art. 6:96
 * lid 6 BW (`firstReminderBy: 'email-and-post'`): no costs; fourteen days counted from the day after
 * receipt, in the words the law is safe with; what not paying costs, to the cent, and that the claim may
 * then be handed over (HR 25-11-2016, ECLI:NL:HR:2016:2704).
 */
export function firstReminderLetter(
  parentName: string,
  facts: ReminderLetterFacts,
  policy: Policy,
): LetterText {
  const terms = policy.dunning;
  const by = payBy('reminder-1', facts.sentOn, terms);
  const costs = costsAfterFirstReminder(terms, facts.amounts.principal);
  return {
    subject: `Herinnering factuur ${facts.invoice} (${say.month(facts.month)})`,
    lines: [
      `Beste ${parentName},`,
      '',
      `Wij hebben de betaling van factuur ${facts.invoice} over ${say.month(facts.month)} nog niet (volledig) ontvangen. Op ${say.date(facts.sentOn)} staat open:`,
      '',
      `Wilt u dit bedrag ${firstReminderTermWords(terms, 'nl')} betalen, uiterlijk op ${say.date(by)}? ${transferSentence(policy, `factuurnummer ${facts.invoice}`)} Deze brief ontvangt u ook per e-mail.`,
      '',
      `Aan deze brief zijn geen kosten verbonden. Betaalt u niet binnen deze termijn, dan bent u buitengerechtelijke incassokosten verschuldigd van ${say.euro(costs)}, berekend volgens het Besluit vergoeding voor buitengerechtelijke incassokosten over het openstaande factuurbedrag, en kunnen wij de vordering uit handen geven aan een incassobureau. Over het te laat betaalde bedrag is de wettelijke rente verschuldigd.`,
      '',
      'Heeft u inmiddels betaald, dan kunt u deze brief als niet verzonden beschouwen. Kunt u niet in één keer betalen, neem dan contact met ons op voor een betalingsregeling.',
      '',
      ...signOff(policy),
    ],
    amountsAfter: 2,
  };
}

/** DUN-12: under the statutory scale the second reminder says why it now charges the costs. */
function costsNowDue(policy: Policy): string {
  return policy.dunning.costs.kind === 'statutory-scale'
    ? ' Omdat u niet binnen de termijn van onze eerste herinnering heeft betaald, zijn de daarin genoemde buitengerechtelijke incassokosten nu verschuldigd.'
    : '';
}

/**
 * DUN-3: the second reminder, by post as well as by e-mail: pay within the terms' days; otherwise care can
 * be stopped and the claim handed to a collection agency, and the youth consultant may be involved.
 */
export function secondReminderLetter(
  parentName: string,
  facts: ReminderLetterFacts,
  policy: Policy,
): LetterText {
  const terms = policy.dunning;
  const by = payBy('reminder-2', facts.sentOn, terms);
  return {
    subject: `Tweede herinnering factuur ${facts.invoice} (${say.month(facts.month)})`,
    lines: [
      `Beste ${parentName},`,
      '',
      `Ondanks onze eerdere herinnering hebben wij de betaling van factuur ${facts.invoice} over ${say.month(facts.month)} nog niet (volledig) ontvangen, en er is geen betalingsregeling getroffen.${costsNowDue(policy)} Op ${say.date(facts.sentOn)} staat open:`,
      '',
      `Wilt u dit bedrag binnen ${say.days(terms.secondReminderPayDays)} betalen, uiterlijk ${say.date(by)}? ${transferSentence(policy, `factuurnummer ${facts.invoice}`)} Deze herinnering ontvangt u ook per e-mail.`,
      '',
      'Betaalt u niet of treft u geen betalingsregeling, dan kunnen wij de opvang stopzetten en de vordering uit handen geven aan een incassobureau. Ook kan de jeugdconsulent worden ingeschakeld.',
      '',
      'Heeft u inmiddels betaald, dan kunt u deze brief als niet verzonden beschouwen. Kunt u niet in één keer betalen, neem dan contact met ons op voor een betalingsregeling.',
      '',
      ...signOff(policy),
    ],
    amountsAfter: 2,
  };
}

/** What a termination for non-payment states (DUN-8, CON-7). */
export interface TerminationLetterFacts {
  /** The contract ended, and the child it is for. */
  contract: { id: string; child: string };
  /** The monthly invoices unpaid, oldest first: at least two (CON-7). */
  invoices: { number: string; month: string }[];
  /** The day the letter is sent, and the contract ends. */
  sentOn: IsoDate;
  /** All the arrears: the invoices' principal open, fees and statutory interest to `sentOn`. */
  amounts: DunningAmounts;
}

function listed(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}

/**
 * DUN-8, CON-7: the contract is terminated at once because a second monthly invoice is unpaid while an
 * earlier one still is; by registered post (and e-mail). The parent can undo it by paying the arrears
 * at once.
 */
export function terminationLetter(
  parentName: string,
  facts: TerminationLetterFacts,
  policy: Policy,
): LetterText {
  const invoices = facts.invoices.map((i) => `${i.number} (${say.month(i.month)})`);
  const numbers = facts.invoices.map((i) => i.number);
  return {
    subject: `Beëindiging overeenkomst ${facts.contract.id} (${facts.contract.child}) wegens betalingsachterstand`,
    lines: [
      `Beste ${parentName},`,
      '',
      `Wij hebben de betaling van de facturen ${listed(invoices)} niet (volledig) ontvangen, ook niet na onze herinneringen. Er staan daarmee ${say.monthlyAmounts(facts.invoices.length)} open. Op grond van onze leveringsvoorwaarden beëindigen wij daarom de overeenkomst ${facts.contract.id} voor de opvang van ${facts.contract.child} met ingang van ${say.date(facts.sentOn)}.`,
      '',
      `U kunt deze beëindiging ongedaan maken door de hele achterstand direct te betalen; de overeenkomst loopt dan door zoals voorheen. ${transferSentence(policy, `factuurnummers ${listed(numbers)}`)} De achterstand op ${say.date(facts.sentOn)}:`,
      '',
      'Deze brief sturen wij u aangetekend; u ontvangt hem ook per e-mail. Heeft u vragen, of heeft u inmiddels betaald, neem dan direct contact met ons op.',
      '',
      ...signOff(policy),
    ],
    amountsAfter: 4,
  };
}
