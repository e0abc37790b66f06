import type { IsoDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  contract: string;
  child: string;
  lastDay: IsoDate;
  noticeMonths: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Bevestiging opzegging ${v.child}`,
    lines: [
      `Wij hebben uw opzegging van overeenkomst ${v.contract} (${v.child}) ontvangen. Met inachtneming van de opzegtermijn van ${say.months(v.noticeMonths)} is de laatste opvangdag ${say.date(v.lastDay)}.`,
      'De eindafrekening verwerken wij in de laatste factuur.',
    ],
  }),
  en: (v, say) => ({
    subject: `Notice confirmed for ${v.child}`,
    lines: [
      `We have received your notice for agreement ${v.contract} (${v.child}). With the notice period of ${say.months(v.noticeMonths)}, the last day of care is ${say.date(v.lastDay)}.`,
      'The final settlement is part of the last invoice.',
    ],
  }),
};

/** CON-6: notice confirmed, with the last day of care; the final settlement follows on the invoices. */
export function terminationConfirmationEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  policy: Pick<Policy, 'noticeMonths' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'termination-confirmation', ref: contract.id },
    TEXT,
    {
      contract: contract.id,
      child: contract.child.name,
      lastDay: contract.end,
      noticeMonths: policy.noticeMonths,
    },
    { team: policy.teams.placement },
  );
}
