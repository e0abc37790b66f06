import type { IsoDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { PriceChangeLine } from '../price-change.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  from: IsoDate;
  lines: PriceChangeLine[];
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Tariefwijziging per ${say.date(v.from)} gaat niet door`,
    lines: [
      `Wij hebben u een wijziging van onze uurtarieven per ${say.date(v.from)} aangekondigd. Deze wijziging gaat niet door: de huidige tarieven blijven gelden voor:`,
      '',
      ...v.lines.map((l) => `- ${l.child} (${l.contract})`),
    ],
  }),
  en: (v, say) => ({
    subject: `The change of rates from ${say.date(v.from)} is withdrawn`,
    lines: [
      `We announced a change of our hourly rates from ${say.date(v.from)}. That change is withdrawn: the current rates stay in force for:`,
      '',
      ...v.lines.map((l) => `- ${l.child} (${l.contract})`),
    ],
  }),
};

/**
 * TAR-6: an announced price change is withdrawn before it takes effect. Every parent who was told of it
 * is told that the rates stay as they are, for the same contracts the announcement named.
 */
export function priceChangeWithdrawnEmail(
  parent: ParentRecord,
  from: IsoDate,
  lines: PriceChangeLine[],
  policy: Pick<Policy, 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'price-change-withdrawn', ref: `${from}#${parent.id}` },
    TEXT,
    { from, lines },
    { team: policy.teams.placement },
  );
}
