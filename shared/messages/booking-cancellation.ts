import type { BookingRecord } from '../flex.ts';
import type { Policy } from '../policy.ts';
import type { ContractRecord, ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  child: string;
  booking: BookingRecord;
  /** INV-3: cancelled too late, the hours are billed all the same. */
  late: boolean;
  lateCancellationDays: number;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Annulering boeking ${v.child} op ${say.date(v.booking.date)}`,
    lines: [
      `Wij hebben de boeking van ${v.child} op ${say.date(v.booking.date)} geannuleerd.`,
      v.late
        ? `De annulering kwam minder dan ${say.days(v.lateCancellationDays)} van tevoren: de ${v.booking.hours} uur blijven verschuldigd.`
        : 'De uren worden niet in rekening gebracht.',
    ],
  }),
  en: (v, say) => ({
    subject: `Booking for ${v.child} on ${say.date(v.booking.date)} cancelled`,
    lines: [
      `We have cancelled the booking for ${v.child} on ${say.date(v.booking.date)}.`,
      v.late
        ? `The cancellation came less than ${say.days(v.lateCancellationDays)} ahead: the ${v.booking.hours} hours are still due.`
        : 'The hours will not be charged.',
    ],
  }),
};

/** INV-3: a booking cancelled, and whether its hours are still billed. */
export function bookingCancellationEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  booking: BookingRecord,
  policy: Pick<Policy, 'lateCancellationDays' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'booking-cancellation', ref: `${contract.id}-${booking.date}-${booking.seq}` },
    TEXT,
    {
      child: contract.child.name,
      booking,
      late: booking.status === 'cancelled-late',
      lateCancellationDays: policy.lateCancellationDays,
    },
    { team: policy.teams.placement },
  );
}
