import type { IsoDate } from '../calendar.ts';
import type { Cents } from '../money.ts';
import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  contract: string;
  child: string;
  effective: IsoDate;
  /** CON-4: the fee this change costs (0 for a free one), as `changeFee` computed it. */
  fee: Cents;
  /** CON-4: the first change that costs the fee, counted in the calendar year. */
  firstPaidChange: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Wijziging overeenkomst ${v.child}`,
    lines: [
      `Wij hebben de wijziging van de overeenkomst ${v.contract} (${v.child}) verwerkt. Zij gaat in op ${say.date(v.effective)}.`,
      v.fee
        ? `Dit is de ${say.ordinal(v.firstPaidChange)} of volgende wijziging dit kalenderjaar: hiervoor brengen wij ${say.euro(v.fee)} in rekening op de volgende factuur.`
        : 'Deze wijziging is kosteloos.',
    ],
  }),
  en: (v, say) => ({
    subject: `Change to the agreement for ${v.child}`,
    lines: [
      `We have processed the change to agreement ${v.contract} (${v.child}). It takes effect on ${say.date(v.effective)}.`,
      v.fee
        ? `This is the ${say.ordinal(v.firstPaidChange)} or later change this calendar year: ${say.euro(v.fee)} will be charged on the next invoice.`
        : 'This change is free of charge.',
    ],
  }),
};

/** CON-4: a change confirmed, with the date it takes effect and the fee from the first change not free. */
export function contractChangeEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  change: { effective: IsoDate; ref: string },
  fee: Cents,
  policy: Pick<Policy, 'freeChangesPerYear' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'contract-change', ref: change.ref },
    TEXT,
    {
      contract: contract.id,
      child: contract.child.name,
      effective: change.effective,
      fee,
      firstPaidChange: policy.freeChangesPerYear + 1,
    },
    { team: policy.teams.placement },
  );
}
