import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord, SwapDay } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  child: string;
  swap: SwapDay;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Ruildag ${v.child}`,
    lines: [
      `Wij bevestigen de ruildag voor ${v.child}: in plaats van ${say.date(v.swap.missed)} komt ${v.child} op ${say.date(v.swap.swap)}.`,
      'Uw maandbedrag blijft gelijk.',
    ],
  }),
  en: (v, say) => ({
    subject: `Swap day for ${v.child}`,
    lines: [
      `We confirm the swap day for ${v.child}: instead of ${say.date(v.swap.missed)}, ${v.child} comes on ${say.date(v.swap.swap)}.`,
      'Your monthly amount stays the same.',
    ],
  }),
};

/** CON-9: a swap day confirmed; the contract's hours stay billed as agreed. */
export function swapDayEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  swap: SwapDay,
  policy: Pick<Policy, 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'swap-day', ref: `${contract.id}-${swap.missed}` },
    TEXT,
    { child: contract.child.name, swap },
    { team: policy.teams.placement },
  );
}
