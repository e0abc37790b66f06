import {
  collectionCosts,
  costsAfterFirstReminder,
  firstReminderTermWords,
} from '../dunning/collection-costs.ts';
import { type DunningAmounts, type DunningTerms, payBy } from '../dunning/ladder.ts';
import type { Policy } from '../policy.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts, type Wording } from './common.ts';

/**
 * DUN-2, DUN-3, DUN-4: the reminders and the hand-over notice of one unpaid invoice, with the amounts
 * after the payments received: principal, fees (the reminder's own included, DUN-6) and statutory
 * interest to the day (DUN-5). Every term (days, fee, the account to pay to) comes from the policy.
 */
export interface ReminderFacts {
  invoice: string;
  month: string;
  /** The case's id part: a second case of the same invoice is a second e-mail. */
  caseRef: string;
  sentOn: string;
  amounts: DunningAmounts;
}

type DunningPolicy = Pick<Policy, 'teams' | 'creditor'> & { dunning: DunningTerms };

interface Values extends ReminderFacts {
  payBy: string;
  terms: DunningTerms;
  creditor: Policy['creditor'];
}

/** DUN-6, DUN-12: a fee per reminder is an administration fee; the statutory scale's are collection costs. */
function amountLines(a: DunningAmounts, say: Wording, terms: DunningTerms): string[] {
  const scale = terms.costs.kind === 'statutory-scale';
  return say.language === 'nl'
    ? [
        `  Openstaand factuurbedrag: ${say.euro(a.principal)}`,
        `  ${scale ? 'Incassokosten:      ' : 'Administratiekosten:'}      ${say.euro(a.fees)}`,
        `  Wettelijke rente:         ${say.euro(a.interest)}`,
        `  Totaal te betalen:        ${say.euro(a.total)}`,
      ]
    : [
        `  Invoice amount open:  ${say.euro(a.principal)}`,
        `  ${scale ? 'Collection costs:   ' : 'Administration fees:'}  ${say.euro(a.fees)}`,
        `  Statutory interest:   ${say.euro(a.interest)}`,
        `  Total to pay:         ${say.euro(a.total)}`,
      ];
}

const transfer = {
  nl: (v: Values) =>
    `Maak het bedrag over naar ${v.creditor.iban} ten name van ${v.creditor.name}, onder vermelding van factuurnummer ${v.invoice}.`,
  en: (v: Values) =>
    `Please transfer the amount to ${v.creditor.iban} in the name of ${v.creditor.name}, quoting invoice number ${v.invoice}.`,
};

const FIRST: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Herinnering: factuur ${v.invoice} is nog niet betaald`,
    lines: [
      `Wij hebben de betaling van factuur ${v.invoice} nog niet (volledig) ontvangen. Wilt u het openstaande bedrag binnen ${say.days(v.terms.firstReminderPayDays)} na ontvangst van deze herinnering betalen, uiterlijk ${say.date(v.payBy)}?`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.nl(v),
      `De administratiekosten zijn ${say.euro(collectionCosts(v.terms, 'reminder-1', v.amounts.principal))} per herinnering (artikel 14.8 van onze leveringsvoorwaarden); over het te laat betaalde bedrag is de wettelijke rente verschuldigd (artikel 14.7).`,
      'Heeft u inmiddels betaald, dan kunt u deze herinnering als niet verzonden beschouwen. Kunt u niet in één keer betalen, neem dan contact met ons op voor een betalingsregeling.',
    ],
  }),
  en: (v, say) => ({
    subject: `Reminder: invoice ${v.invoice} has not been paid`,
    lines: [
      `We have not (fully) received the payment of invoice ${v.invoice}. Please pay the amount due within ${say.days(v.terms.firstReminderPayDays)} of receiving this reminder, by ${say.date(v.payBy)} at the latest.`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.en(v),
      `The administration fee is ${say.euro(collectionCosts(v.terms, 'reminder-1', v.amounts.principal))} per reminder (article 14.8 of our terms of delivery); statutory interest is due on the amount paid late (article 14.7).`,
      'If you have paid in the meantime, please disregard this reminder. If you cannot pay in one go, please contact us about a payment plan.',
    ],
  }),
};

/**
 * DUN-12: the first reminder as the cost-free letter of art. 6:96 lid 6 BW: it costs nothing, gives
 * fourteen days counted from the day after receipt in the words the law is safe with, and states what not
 * paying costs, to the cent (the statutory scale over the principal open), and that the claim may be
 * handed over (HR 25-11-2016, ECLI:NL:HR:2016:2704).
 */
const COST_FREE_FIRST: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Herinnering: factuur ${v.invoice} is nog niet betaald`,
    lines: [
      `Wij hebben de betaling van factuur ${v.invoice} nog niet (volledig) ontvangen. Wilt u het openstaande bedrag ${firstReminderTermWords(v.terms, 'nl')} betalen, uiterlijk op ${say.date(v.payBy)}?${v.terms.firstReminderBy === 'email-and-post' ? ' Deze brief ontvangt u ook per post.' : ''}`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.nl(v),
      `Aan deze herinnering zijn geen kosten verbonden. Betaalt u niet binnen deze termijn, dan bent u buitengerechtelijke incassokosten verschuldigd van ${say.euro(costsAfterFirstReminder(v.terms, v.amounts.principal))}, berekend volgens het Besluit vergoeding voor buitengerechtelijke incassokosten over het openstaande factuurbedrag, en kunnen wij de vordering uit handen geven aan een incassobureau. Over het te laat betaalde bedrag is de wettelijke rente verschuldigd (artikel 14.7 van onze leveringsvoorwaarden).`,
      'Heeft u inmiddels betaald, dan kunt u deze herinnering als niet verzonden beschouwen. Kunt u niet in één keer betalen, neem dan contact met ons op voor een betalingsregeling.',
    ],
  }),
  en: (v, say) => ({
    subject: `Reminder: invoice ${v.invoice} has not been paid`,
    lines: [
      `We have not (fully) received the payment of invoice ${v.invoice}. Please pay the amount due ${firstReminderTermWords(v.terms, 'en')}, by ${say.date(v.payBy)} at the latest.${v.terms.firstReminderBy === 'email-and-post' ? ' You will also receive this letter by post.' : ''}`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.en(v),
      `This reminder costs you nothing. If you do not pay within this term, you will owe collection costs of ${say.euro(costsAfterFirstReminder(v.terms, v.amounts.principal))}, computed by the Dutch statutory scale (Besluit vergoeding voor buitengerechtelijke incassokosten) over the invoice amount open, and we may hand the claim to a collection agency. Statutory interest is due on the amount paid late (article 14.7 of our terms of delivery).`,
      'If you have paid in the meantime, please disregard this reminder. If you cannot pay in one go, please contact us about a payment plan.',
    ],
  }),
};

/** DUN-12: the second reminder under the statutory scale says why it now charges the costs. */
const costsNowDue = {
  nl: (v: Values) =>
    v.terms.costs.kind === 'statutory-scale'
      ? ' Omdat u niet binnen de termijn van onze eerste herinnering heeft betaald, zijn de daarin genoemde buitengerechtelijke incassokosten nu verschuldigd.'
      : '',
  en: (v: Values) =>
    v.terms.costs.kind === 'statutory-scale'
      ? ' As you did not pay within the term of our first reminder, the collection costs it stated are now due.'
      : '',
};

const SECOND: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Tweede herinnering: factuur ${v.invoice}`,
    lines: [
      `Ondanks onze eerdere herinnering hebben wij de betaling van factuur ${v.invoice} nog niet (volledig) ontvangen, en er is geen betalingsregeling getroffen.${costsNowDue.nl(v)} Wilt u het openstaande bedrag binnen ${say.days(v.terms.secondReminderPayDays)} betalen, uiterlijk ${say.date(v.payBy)}? Deze herinnering ontvangt u ook per post.`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.nl(v),
      'Betaalt u niet of treft u geen betalingsregeling, dan kunnen wij de opvang stopzetten en de vordering uit handen geven aan een incassobureau. Ook kan de jeugdconsulent worden ingeschakeld.',
    ],
  }),
  en: (v, say) => ({
    subject: `Second reminder: invoice ${v.invoice}`,
    lines: [
      `Despite our earlier reminder we have not (fully) received the payment of invoice ${v.invoice}, and no payment plan has been agreed.${costsNowDue.en(v)} Please pay the amount due within ${say.days(v.terms.secondReminderPayDays)}, by ${say.date(v.payBy)} at the latest. You will also receive this reminder by post.`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.en(v),
      'If you do not pay or agree a payment plan, we may stop the care and hand the claim to a collection agency. The youth consultant may also be involved.',
    ],
  }),
};

const HANDOVER: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Vordering uit handen gegeven: factuur ${v.invoice}`,
    lines: [
      `Wij hebben de betaling van factuur ${v.invoice} na twee herinneringen niet ontvangen. Wij geven de vordering daarom uit handen en stoppen de opvang tijdelijk. Uw overeenkomst loopt door en wordt gewoon gefactureerd; de opvang wordt hervat zodra de achterstand is betaald.`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.nl(v),
    ],
  }),
  en: (v, say) => ({
    subject: `Claim handed over: invoice ${v.invoice}`,
    lines: [
      `We have not received the payment of invoice ${v.invoice} after two reminders. We are therefore handing the claim to a collection agency and suspending the care. Your contract continues and is invoiced as before; care resumes once the arrears are paid.`,
      '',
      ...amountLines(v.amounts, say, v.terms),
      '',
      transfer.en(v),
    ],
  }),
};

function render(
  kind: 'reminder-1' | 'reminder-2' | 'handover',
  texts: Texts<Values>,
  parent: ParentRecord,
  facts: ReminderFacts,
  policy: DunningPolicy,
): Email {
  const step = kind === 'reminder-2' ? 'reminder-2' : 'reminder-1';
  return emailTo(
    parent,
    { kind, ref: `${facts.invoice}#${facts.caseRef}` },
    texts,
    {
      ...facts,
      payBy: payBy(step, facts.sentOn, policy.dunning),
      terms: policy.dunning,
      creditor: policy.creditor,
    },
    { team: policy.teams.finance },
  );
}

/**
 * DUN-2: the first reminder (aanmaning), by e-mail: pay within the policy's days after receipt. DUN-12:
 * under the statutory scale it is the cost-free letter, stating the costs that follow.
 */
export const firstReminderEmail = (
  parent: ParentRecord,
  facts: ReminderFacts,
  policy: DunningPolicy,
): Email =>
  render(
    'reminder-1',
    policy.dunning.costs.kind === 'statutory-scale' ? COST_FREE_FIRST : FIRST,
    parent,
    facts,
    policy,
  );

/** DUN-3: the second reminder, by e-mail and by post: pay within the policy's days, or care may stop. */
export const secondReminderEmail = (
  parent: ParentRecord,
  facts: ReminderFacts,
  policy: DunningPolicy,
): Email => render('reminder-2', SECOND, parent, facts, policy);

/** DUN-4: the claim is handed over and care suspended; the contract is still invoiced. */
export const handOverEmail = (parent: ParentRecord, facts: ReminderFacts, policy: DunningPolicy): Email =>
  render('handover', HANDOVER, parent, facts, policy);
