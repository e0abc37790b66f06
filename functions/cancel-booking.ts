import { today } from '#shared/clock.ts';
import { cancellationIsLate } from '#shared/contract-lifecycle.ts';
import { bookingCancellationEmail } from '#shared/messages/booking-cancellation.ts';
import { policyNamed } from '#shared/policy.ts';
import { contractOfRequest, invalid } from './adapters/contract-request.ts';
import { cancelBooking } from './adapters/contract-store.ts';
import { environment } from './adapters/environment.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';

/**
 * POST /contracts/{id}/bookings/{date}/cancellation (admin): INV-3. A booking cancelled less than a
 * week ahead is billed all the same; the answer and the e-mail say which.
 */
export const handler = httpHandler(async (event) => {
  const date = pathParameter(event, 'date');
  const { contract, parent } = await contractOfRequest(event);
  const cancelledOn = today();
  const policy = policyNamed(environment.policyName());
  if (date < cancelledOn) throw invalid('date', 'is in the past: a day of care gone by cannot be cancelled');
  const status = cancellationIsLate(cancelledOn, date, policy) ? 'cancelled-late' : 'cancelled';
  const result = await cancelBooking(contract.id, date, cancelledOn, status);
  if (!result.booking)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'date', problem: `no booking on ${date} for contract ${contract.id}` }],
    });
  // Sent once per booking; a retry after a crash before the e-mail sends it now.
  if (result.booking.status !== 'booked')
    await sendEmailOnce(bookingCancellationEmail(parent, contract, result.booking, policy));
  return json(200, { booking: result.booking, billed: result.booking.status === 'cancelled-late' });
});
