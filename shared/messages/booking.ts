import type { BookingRecord } from '../flex.ts';
import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  child: string;
  booking: BookingRecord;
  /** INV-3: cancelled fewer days ahead than this, the hours are billed all the same. */
  lateCancellationDays: number;
}

// The hours are written as they always were ("5.5 uur"); `say.hours` would write "5,5".
const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Boeking ${v.child} op ${say.date(v.booking.date)}`,
    lines: [
      `Wij bevestigen de opvang van ${v.child} op ${say.date(v.booking.date)}: ${v.booking.hours} uur.`,
      `Uren boven het afgesproken gemiddelde per maand brengen wij de maand erna in rekening. Annuleert u minder dan ${say.days(v.lateCancellationDays)} van tevoren, dan blijven de uren verschuldigd.`,
    ],
  }),
  en: (v, say) => ({
    subject: `Booking for ${v.child} on ${say.date(v.booking.date)}`,
    lines: [
      `We confirm care for ${v.child} on ${say.date(v.booking.date)}: ${v.booking.hours} hours.`,
      `Hours beyond the agreed monthly average are billed the month after. Cancelled less than ${say.days(v.lateCancellationDays)} ahead, the hours are still due.`,
    ],
  }),
};

/** INV-3: a day of flexible care booked. */
export function bookingEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  booking: BookingRecord,
  policy: Pick<Policy, 'lateCancellationDays' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'booking', ref: `${contract.id}-${booking.date}-${booking.seq}` },
    TEXT,
    { child: contract.child.name, booking, lateCancellationDays: policy.lateCancellationDays },
    { team: policy.teams.placement },
  );
}
