import { billedHours } from '#shared/flex.ts';
import { billable, overageSettledOn } from '#shared/invoices.ts';
import { lastDay, termsOn } from '#shared/invoicing.ts';
import { contractOfRequest } from './adapters/contract-request.ts';
import { httpHandler, json, monthParameter } from './adapters/http.ts';
import { bookingsFor } from './adapters/invoice-store.ts';

/**
 * GET /contracts/{id}/bookings?month=YYYY-MM (admin): INV-3, a flexible contract's bookings in a month,
 * the hours that count (booked, or cancelled too late) against the agreed average, and the invoice that
 * settles the hours beyond it.
 */
export const handler = httpHandler(async (event) => {
  const month = monthParameter(event.queryStringParameters?.month);
  const { contract } = await contractOfRequest(event);
  const bookings = (await bookingsFor(month, contract.parentId, contract.parentId))
    .filter((b) => b.contractId === contract.id)
    .sort((a, b) => a.date.localeCompare(b.date));
  const terms = termsOn(billable(contract), lastDay(month));
  return json(200, {
    contract: contract.id,
    month,
    hoursPerMonth: terms?.hoursPerMonth ?? null,
    billedHours: billedHours(bookings),
    settledOnInvoiceFor: overageSettledOn(month),
    bookings,
  });
});
