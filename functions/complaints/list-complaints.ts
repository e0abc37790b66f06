import { z } from 'zod';
import { today } from '#shared/clock.ts';
import { mayReachLocation } from '#shared/staff/roles.ts';
import { callerOf } from '../adapters/caller.ts';
import { httpHandler, json, parseQuery } from '../adapters/http.ts';
import { complaintOfRequest } from './complaint-request.ts';
import { type ComplaintStatus, listComplaints } from './complaint-store.ts';
import { publicComplaint } from './complaint-view.ts';

const STATUSES = ['received', 'in-progress', 'answered', 'escalated', 'external', 'closed'] as const;
const query = z.strictObject({
  status: z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }).optional(),
  overdue: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
});

/**
 * GET /complaints[?status=…][&overdue=true] (staff; a location manager's own location): complaints with their deadlines and events, oldest
 * first; `overdue=true` those without an answer on or after their answer date (KLA-4, KLA-7: the day they escalate).
 * GET /complaints/{id} (admin): one complaint.
 */
export const handler = httpHandler(async (event) => {
  if (event.pathParameters?.id)
    return json(200, { complaint: publicComplaint(await complaintOfRequest(event)) });
  const { status, overdue } = parseQuery(event, query);
  const caller = callerOf(event);
  // Issue 13: a location manager sees their own location's complaints only.
  let complaints = (await listComplaints({ status: status as ComplaintStatus | undefined })).filter((c) =>
    mayReachLocation(caller, c.location),
  );
  if (overdue === 'true') {
    const on = today();
    // KLA-7: six weeks have passed on the answer date itself (the day it escalates).
    complaints = complaints.filter((c) => !c.answer && c.status !== 'closed' && c.deadlines.answerBy <= on);
  }
  return json(200, { complaints: complaints.map(publicComplaint) });
});
