import type { Cents } from '../money.ts';
import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  contract: string;
  child: string;
  /** CON-5: the fee, as `cancellationFee` computed it. */
  fee: Cents;
  feeMonths: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Annulering overeenkomst ${v.child}`,
    lines: [
      `Wij hebben de overeenkomst ${v.contract} (${v.child}) geannuleerd vóór de ingangsdatum.`,
      `De annuleringskosten bedragen ${say.monthlyAmounts(v.feeMonths)}: ${say.euro(v.fee)}, op de volgende factuur.`,
    ],
  }),
  en: (v, say) => ({
    subject: `Agreement for ${v.child} cancelled`,
    lines: [
      `We have cancelled agreement ${v.contract} (${v.child}) before its start date.`,
      `The cancellation fee is ${say.monthlyAmounts(v.feeMonths)}: ${say.euro(v.fee)}, on the next invoice.`,
    ],
  }),
};

/** CON-5: cancelled before the start, at the cost of the policy's monthly amounts. */
export function cancellationEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  fee: Cents,
  policy: Pick<Policy, 'cancellationFeeMonths' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'cancellation', ref: contract.id },
    TEXT,
    { contract: contract.id, child: contract.child.name, fee, feeMonths: policy.cancellationFeeMonths },
    { team: policy.teams.placement },
  );
}
