import type { IsoDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { PriceChangeLine } from '../price-change.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  from: IsoDate;
  lines: PriceChangeLine[];
  /** TAR-6: announced one notice period (CON-6) ahead; the parent may end the contract with that notice. */
  noticeMonths: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Nieuwe tarieven per ${say.date(v.from)}`,
    lines: [
      `Per ${say.date(v.from)} wijzigen onze uurtarieven. Voor uw overeenkomst(en) betekent dit:`,
      '',
      ...v.lines.map(
        (l) =>
          `- ${l.child}, ${say.product(l.product)} (${l.contract}): ${say.euro(l.oldRate)} → ${say.euro(l.newRate)} per uur; nieuw maandbedrag ${say.euro(l.newMonthly)}`,
      ),
      '',
      `Wij kondigen deze wijziging ten minste ${say.months(v.noticeMonths)} van tevoren aan. U kunt de overeenkomst met inachtneming van de opzegtermijn van ${say.months(v.noticeMonths)} opzeggen als u niet met de wijziging instemt.`,
    ],
  }),
  en: (v, say) => ({
    subject: `New rates from ${say.date(v.from)}`,
    lines: [
      `From ${say.date(v.from)} our hourly rates change. For your agreement(s) this means:`,
      '',
      ...v.lines.map(
        (l) =>
          `- ${l.child}, ${say.product(l.product)} (${l.contract}): ${say.euro(l.oldRate)} → ${say.euro(l.newRate)} per hour; new monthly amount ${say.euro(l.newMonthly)}`,
      ),
      '',
      `We announce this change at least ${say.months(v.noticeMonths)} ahead. If you do not agree with it, you may end the agreement with ${v.noticeMonths === 1 ? "one month's" : `${v.noticeMonths} months'`} notice.`,
    ],
  }),
};

/** TAR-6: a price change announced one notice period ahead, per contract the old and new rate. */
export function priceChangeEmail(
  parent: ParentRecord,
  from: IsoDate,
  lines: PriceChangeLine[],
  policy: Pick<Policy, 'noticeMonths' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'price-change', ref: `${from}#${parent.id}` },
    TEXT,
    { from, lines, noticeMonths: policy.noticeMonths },
    { team: policy.teams.placement },
  );
}
