import { complaintInvoiceInput } from '#shared/complaints/inputs.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from '../adapters/http.ts';
import { disputeForComplaint } from './complaint-disputes.ts';
import { complaintOfRequest } from './complaint-request.ts';
import { getComplaint, updateComplaint } from './complaint-store.ts';
import { publicComplaint } from './complaint-view.ts';

/**
 * POST /complaints/{id}/invoice {invoice} (admin, DUN-11): staff link a complaint to the invoice it is
 * about: the invoice is disputed (not dunned) until the complaint is answered or closed. Once linked, the
 * same invoice again is 200; another is 409.
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const { invoice } = parseJsonBody(event, complaintInvoiceInput);
  const complaint = await complaintOfRequest(event);
  if (complaint.invoice && complaint.invoice !== invoice)
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'invoice', problem: `complaint ${id} is about invoice ${complaint.invoice}` }],
    });
  if (complaint.invoice === invoice)
    return json(200, { complaint: publicComplaint(complaint), repeated: true });
  const running = !complaint.answerSentOn && complaint.status !== 'closed';
  if (running && (await disputeForComplaint(invoice, id)) === 'unknown')
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'invoice', problem: `invoice ${invoice} not found` }],
    });
  await updateComplaint(id, { invoice }, `linked to invoice ${invoice} (DUN-11)`, {
    expression: 'attribute_not_exists(invoice)',
  });
  return json(200, { complaint: publicComplaint((await getComplaint(id)) ?? complaint) });
});
