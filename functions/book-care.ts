import { today } from '#shared/clock.ts';
import { bookingProblem } from '#shared/contract-lifecycle.ts';
import type { BookingRecord } from '#shared/flex.ts';
import { billable } from '#shared/invoices.ts';
import { bookingEmail } from '#shared/messages/booking.ts';
import { policyNamed } from '#shared/policy.ts';
import { bookingInput } from '#shared/records.ts';
import { conflict, contractOfRequest, invalid, refuseWhileSuspended } from './adapters/contract-request.ts';
import { putBooking } from './adapters/contract-store.ts';
import { environment } from './adapters/environment.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';

/**
 * POST /contracts/{id}/bookings (admin): INV-3, a day of flexible care. Hours beyond the agreed monthly
 * average are billed after the month; the same booking again is answered with what was stored.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, bookingInput);
  const { contract, parent } = await contractOfRequest(event);
  if (contract.status !== 'active' && contract.status !== 'terminated')
    throw conflict(`contract ${contract.id} is ${contract.status}`);
  refuseWhileSuspended(contract);
  const bookedOn = today();
  const problem = bookingProblem(billable(contract), bookedOn, input);
  if (problem) throw invalid(problem.field, problem.problem);
  const booking: Omit<BookingRecord, 'seq'> = {
    type: 'booking',
    contractId: contract.id,
    parentId: contract.parentId,
    date: input.date,
    hours: input.hours,
    status: 'booked',
    bookedOn,
  };
  const result = await putBooking(booking);
  const policy = policyNamed(environment.policyName());
  if (!result.created) {
    if (result.booking.status === 'booked' && result.booking.hours === input.hours) {
      // A retry after a crash between the booking and its e-mail sends it now; otherwise nothing.
      await sendEmailOnce(bookingEmail(parent, contract, result.booking, policy));
      return json(200, { booking: result.booking });
    }
    throw conflict(
      `${input.date} is booked already (${result.booking.hours} hours, ${result.booking.status}); cancel it first`,
    );
  }
  await sendEmailOnce(bookingEmail(parent, contract, result.booking, policy));
  return json(201, { booking: result.booking });
});
