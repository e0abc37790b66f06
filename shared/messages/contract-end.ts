import type { Policy } from '../policy.ts';
import { PRODUCT_RULES } from '../products.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  contract: ContractRecord;
  /** CON-3: the birthday before which the contract ends by itself. */
  endsAtAge: number;
  /** Day care ends where out-of-school care can begin: the parent is pointed to a new offer. */
  dayCare: boolean;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Einde overeenkomst ${v.contract.child.name} op ${say.date(v.contract.end)}`,
    lines: [
      `De overeenkomst ${v.contract.id} (${v.contract.child.name}, ${say.product(v.contract.product)}) eindigt vanzelf op ${say.date(v.contract.end)}, de dag vóór de ${say.nth(v.endsAtAge)} verjaardag. U hoeft niets op te zeggen.`,
      v.dayCare
        ? 'Wilt u dat uw kind na de dagopvang naar de buitenschoolse opvang gaat? Vraag dan tijdig een nieuw aanbod aan.'
        : 'Wij danken u voor het vertrouwen.',
    ],
  }),
  en: (v, say) => ({
    subject: `Agreement for ${v.contract.child.name} ends on ${say.date(v.contract.end)}`,
    lines: [
      `Agreement ${v.contract.id} (${v.contract.child.name}, ${say.product(v.contract.product)}) ends by itself on ${say.date(v.contract.end)}, the day before the ${say.nth(v.endsAtAge)} birthday. You need not give notice.`,
      v.dayCare
        ? 'Would you like your child to go on to out-of-school care? Ask us for a new offer in good time.'
        : 'Thank you for your trust.',
    ],
  }),
};

/** CON-3: the contract ends by itself at the age limit; the parent hears it a month ahead. */
export function contractEndEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  policy: Pick<Policy, 'teams'>,
): Email {
  const rules = PRODUCT_RULES[contract.product];
  return emailTo(
    parent,
    { kind: 'contract-end', ref: contract.id },
    TEXT,
    { contract, endsAtAge: rules.endsAtAge, dayCare: rules.careType === 'day-care' },
    { team: policy.teams.placement },
  );
}
