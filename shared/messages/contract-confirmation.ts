import type { Policy } from '../policy.ts';
import { PRODUCT_RULES } from '../products.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { careTermLines } from './care-terms.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  contract: ContractRecord;
  /** CON-3: the birthday before which the contract ends by itself. */
  endsAtAge: number;
  noticeMonths: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Bevestiging overeenkomst kinderopvang ${v.contract.child.name}`,
    lines: [
      `Hartelijk dank voor het aanvaarden van ons aanbod. Hierbij bevestigen wij de overeenkomst (nummer ${v.contract.id}):`,
      '',
      ...careTermLines(v.contract, say),
      `Einddatum: ${say.date(v.contract.end)} (de dag voor de ${say.nth(v.endsAtAge)} verjaardag), tenzij anders overeengekomen.`,
      '',
      `De opzegtermijn is ${say.months(v.noticeMonths)}. Betaling gaat maandelijks vooraf via automatische incasso.`,
    ],
  }),
  en: (v, say) => ({
    subject: `Childcare agreement confirmed for ${v.contract.child.name}`,
    lines: [
      `Thank you for accepting our offer. We confirm the agreement (number ${v.contract.id}):`,
      '',
      ...careTermLines(v.contract, say),
      `End date: ${say.date(v.contract.end)} (the day before the ${say.nth(v.endsAtAge)} birthday), unless agreed otherwise.`,
      '',
      `The notice period is ${say.months(v.noticeMonths)}. Payment is monthly in advance by direct debit.`,
    ],
  }),
};

/** Art. 7.3: the agreement confirmed in writing, with its automatic end (CON-3) and notice period (CON-6). */
export function contractConfirmationEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  policy: Pick<Policy, 'noticeMonths' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'contract-confirmation', ref: contract.id },
    TEXT,
    { contract, endsAtAge: PRODUCT_RULES[contract.product].endsAtAge, noticeMonths: policy.noticeMonths },
    { team: policy.teams.placement },
  );
}
