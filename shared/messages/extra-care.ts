import type { IsoDate } from '../calendar.ts';
import type { Cents } from '../money.ts';
import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  child: string;
  date: IsoDate;
  hours: number;
  amount: Cents;
  /** The invoice's month (YYYY-MM). */
  billMonth: string;
}

// The hours and the invoice's month are written as they always were ("2.5 uur", "2027-03"): this
// module keeps the texts word for word; `say.hours` and `say.month` would write them as STYLE.md asks.
const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Extra opvang ${v.child} op ${say.date(v.date)}`,
    lines: [
      `Wij bevestigen extra opvang voor ${v.child} op ${say.date(v.date)} (${v.hours} uur): ${say.euro(v.amount)}, op de factuur van ${v.billMonth}.`,
    ],
  }),
  en: (v, say) => ({
    subject: `Extra care for ${v.child} on ${say.date(v.date)}`,
    lines: [
      `We confirm extra care for ${v.child} on ${say.date(v.date)} (${v.hours} hours): ${say.euro(v.amount)}, on the invoice for ${v.billMonth}.`,
    ],
  }),
};

/** TAR-2: extra care confirmed, with its price and the invoice that carries it. */
export function extraCareEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  extra: { id: string; date: IsoDate; hours: number; amount: Cents; billMonth: string },
  policy: Pick<Policy, 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'extra-care', ref: extra.id },
    TEXT,
    {
      child: contract.child.name,
      date: extra.date,
      hours: extra.hours,
      amount: extra.amount,
      billMonth: extra.billMonth,
    },
    { team: policy.teams.placement },
  );
}
