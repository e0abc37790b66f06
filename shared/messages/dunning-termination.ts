import type { DunningAmounts } from '../dunning/ladder.ts';
import type { Policy } from '../policy.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

/**
 * DUN-8, CON-7: the contracts are terminated at once because a second monthly invoice is unpaid while an
 * earlier one still is; the same by registered post. Paying the arrears at once undoes it (art. 8.8).
 */
export interface TerminationFacts {
  /** The later invoice whose finding triggered it: the e-mail's subject. */
  invoice: string;
  caseRef: string;
  sentOn: string;
  contracts: { id: string; child: string }[];
  invoices: string[];
  amounts: DunningAmounts;
}

interface Values extends TerminationFacts {
  creditor: Policy['creditor'];
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: 'Beëindiging van uw opvangovereenkomst wegens betalingsachterstand',
    lines: [
      `Wij hebben de facturen ${v.invoices.join(', ')} niet (volledig) ontvangen, ook niet na onze herinneringen. Op grond van onze leveringsvoorwaarden (artikel 8.8) beëindigen wij daarom met ingang van ${say.date(v.sentOn)} de overeenkomst(en):`,
      '',
      ...v.contracts.map((c) => `  ${c.id}: de opvang van ${c.child}`),
      '',
      `De achterstand bedraagt ${say.euro(v.amounts.total)} (facturen ${say.euro(v.amounts.principal)}, kosten ${say.euro(v.amounts.fees)}, wettelijke rente ${say.euro(v.amounts.interest)}). Betaalt u dit bedrag per omgaande, dan maken wij de beëindiging ongedaan. Maak het over naar ${v.creditor.iban} ten name van ${v.creditor.name}.`,
      'Deze brief ontvangt u ook aangetekend per post.',
    ],
  }),
  en: (v, say) => ({
    subject: 'Termination of your childcare contract for non-payment',
    lines: [
      `We have not (fully) received the invoices ${v.invoices.join(', ')}, also not after our reminders. Under our terms of delivery (article 8.8) we therefore terminate, as of ${say.date(v.sentOn)}, the contract(s):`,
      '',
      ...v.contracts.map((c) => `  ${c.id}: the care of ${c.child}`),
      '',
      `The arrears are ${say.euro(v.amounts.total)} (invoices ${say.euro(v.amounts.principal)}, costs ${say.euro(v.amounts.fees)}, statutory interest ${say.euro(v.amounts.interest)}). If you pay this amount at once, we undo the termination. Please transfer it to ${v.creditor.iban} in the name of ${v.creditor.name}.`,
      'You will also receive this letter by registered post.',
    ],
  }),
};

export function terminationEmail(
  parent: ParentRecord,
  facts: TerminationFacts,
  policy: Pick<Policy, 'teams' | 'creditor'>,
): Email {
  return emailTo(
    parent,
    { kind: 'termination', ref: `${facts.invoice}#${facts.caseRef}` },
    TEXT,
    { ...facts, creditor: policy.creditor },
    { team: policy.teams.finance },
  );
}
