import { addDays, type IsoDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { OfferRecord, ParentRecord } from '../records.ts';
import { careTermLines } from './care-terms.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  offer: OfferRecord;
  /** CON-2: the last day the offer can be accepted (the day before it lapses). */
  lastDay: IsoDate;
  acceptanceDays: number;
  cancellationFeeMonths: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Aanbod kinderopvang voor ${v.offer.child.name}`,
    lines: [
      `Graag bieden wij ${v.offer.child.name} een plaats aan:`,
      '',
      ...careTermLines(v.offer, say),
      '',
      `Dit aanbod is geldig tot en met ${say.date(v.lastDay)}. Laat u ons binnen ${say.days(v.acceptanceDays)} weten of u het aanvaardt; daarna vervalt het aanbod.`,
      `Bij annulering tussen ondertekening en ingangsdatum zijn annuleringskosten verschuldigd van ${say.monthlyAmounts(v.cancellationFeeMonths)}.`,
      'Wij gaan vertrouwelijk om met uw gegevens en stellen deze niet aan derden ter beschikking, behoudens wettelijke uitzonderingen.',
    ],
  }),
  en: (v, say) => ({
    subject: `Childcare offer for ${v.offer.child.name}`,
    lines: [
      `We are pleased to offer ${v.offer.child.name} a place:`,
      '',
      ...careTermLines(v.offer, say),
      '',
      `This offer is valid until ${say.date(v.lastDay)} inclusive. Please let us know within ${say.days(v.acceptanceDays)} whether you accept it; after that it lapses.`,
      `Cancelling between signing and the start date costs ${say.monthlyAmounts(v.cancellationFeeMonths)}.`,
      'We treat your data confidentially and do not share it with third parties, except where the law requires.',
    ],
  }),
};

/** CON-2, art. 6: the offer, with the term for acceptance; CON-5: what cancelling before the start costs. */
export function offerEmail(
  parent: ParentRecord,
  offer: OfferRecord,
  policy: Pick<Policy, 'offerAcceptanceDays' | 'cancellationFeeMonths' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'offer', ref: offer.id },
    TEXT,
    {
      offer,
      lastDay: addDays(offer.lapsesOn, -1),
      acceptanceDays: policy.offerAcceptanceDays,
      cancellationFeeMonths: policy.cancellationFeeMonths,
    },
    { team: policy.teams.placement },
  );
}
