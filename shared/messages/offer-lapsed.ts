import { addDays, type IsoDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { OfferRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  offer: OfferRecord;
  /** CON-2: the last day it could have been accepted. */
  lastDay: IsoDate;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Aanbod voor ${v.offer.child.name} vervallen`,
    lines: [
      `Ons aanbod voor ${v.offer.child.name} (${say.product(v.offer.product)}, ${v.offer.location}) was geldig tot en met ${say.date(v.lastDay)}. Omdat wij geen aanvaarding hebben ontvangen, is het aanbod vervallen.`,
      'Wilt u toch gebruikmaken van onze opvang? Neem dan contact met ons op; wij kijken graag naar de mogelijkheden.',
    ],
  }),
  en: (v, say) => ({
    subject: `Offer for ${v.offer.child.name} lapsed`,
    lines: [
      `Our offer for ${v.offer.child.name} (${say.product(v.offer.product)}, ${v.offer.location}) was valid until ${say.date(v.lastDay)}. As we did not receive your acceptance, the offer has lapsed.`,
      'If you would still like a place, please contact us and we will look at the options.',
    ],
  }),
};

/** CON-2: the parent is told that the offer lapsed. */
export function offerLapsedEmail(
  parent: ParentRecord,
  offer: OfferRecord,
  policy: Pick<Policy, 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'offer-lapsed', ref: offer.id },
    TEXT,
    { offer, lastDay: addDays(offer.lapsesOn, -1) },
    { team: policy.teams.placement },
  );
}
