import type { Policy } from '../policy.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

/**
 * INV-8: the annual statement for the childcare allowance, the PDF attached; and, while the parent has
 * arrears (art. 14.11), the notice that it is withheld until they are paid.
 */
export interface AnnualStatementFacts {
  year: number;
  /** The statement's id: the e-mail's idempotency key. */
  ref: string;
  child: string;
  location: string;
}

export interface WithheldFacts {
  year: number;
  ref: string;
  children: string[];
  /** What is owed today, in cents. */
  owed: number;
}

type Values = AnnualStatementFacts & { organisation: string };

const ISSUED: Texts<Values> = {
  nl: (v) => ({
    subject: `Jaaropgave kinderopvang ${v.year} voor ${v.child}`,
    lines: [
      `In de bijlage vindt u de jaaropgave ${v.year} van de opvang van ${v.child} bij ${v.location}. U heeft deze nodig voor de definitieve berekening van uw kinderopvangtoeslag: bewaar hem goed.`,
      'Klopt er iets niet, laat het ons dan weten door op deze e-mail te antwoorden.',
    ],
  }),
  en: (v) => ({
    subject: `Annual childcare statement ${v.year} for ${v.child}`,
    lines: [
      `Attached is the ${v.year} statement of the care of ${v.child} at ${v.location}. You need it when your childcare allowance is settled: please keep it.`,
      'If anything is wrong, let us know by replying to this e-mail.',
    ],
  }),
};

const WITHHELD: Texts<WithheldFacts & { creditorIban: string; creditorName: string }> = {
  nl: (v, say) => ({
    subject: `Uw jaaropgave kinderopvang ${v.year} wacht op betaling`,
    lines: [
      `De jaaropgave ${v.year} voor ${v.children.join(' en ')} houden wij aan zolang er een betalingsachterstand is (artikel 14.11 van onze leveringsvoorwaarden). Op dit moment staat er ${say.euro(v.owed)} open.`,
      `Zodra de achterstand is betaald, ontvangt u de jaaropgave dezelfde dag per e-mail. Maak het bedrag over naar ${v.creditorIban} ten name van ${v.creditorName}, of neem contact met ons op voor een betalingsregeling.`,
    ],
  }),
  en: (v, say) => ({
    subject: `Your ${v.year} childcare statement awaits payment`,
    lines: [
      `We hold back the ${v.year} statement for ${v.children.join(' and ')} while there are arrears (article 14.11 of our terms of delivery). At present ${say.euro(v.owed)} is outstanding.`,
      `As soon as the arrears are paid, you receive the statement by e-mail the same day. Please transfer the amount to ${v.creditorIban} in the name of ${v.creditorName}, or contact us to agree a payment plan.`,
    ],
  }),
};

export function annualStatementEmail(
  parent: ParentRecord,
  facts: AnnualStatementFacts,
  pdf: Uint8Array,
  policy: Pick<Policy, 'teams' | 'organisation'>,
): Email {
  const email = emailTo(
    parent,
    { kind: 'annual-statement', ref: facts.ref },
    ISSUED,
    { ...facts, organisation: policy.organisation.name },
    { team: policy.teams.finance, organisation: policy.organisation.name },
  );
  const file = `${parent.language === 'nl' ? 'jaaropgave' : 'annual-statement'}-${facts.year}-${facts.ref}.pdf`;
  return { ...email, attachments: [{ filename: file, contentType: 'application/pdf', content: pdf }] };
}

export function annualStatementWithheldEmail(
  parent: ParentRecord,
  facts: WithheldFacts,
  policy: Pick<Policy, 'teams' | 'organisation' | 'creditor'>,
): Email {
  return emailTo(
    parent,
    { kind: 'annual-statement-withheld', ref: facts.ref },
    WITHHELD,
    { ...facts, creditorIban: policy.creditor.iban, creditorName: policy.creditor.name },
    { team: policy.teams.finance, organisation: policy.organisation.name },
  );
}
