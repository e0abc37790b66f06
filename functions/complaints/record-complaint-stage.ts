import { complaintStageInput } from '#shared/complaints/inputs.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from '../adapters/http.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { wakeComplaint } from './await-complaint-change.ts';
import { disputeForComplaint, resolveComplaintDispute } from './complaint-disputes.ts';
import { complaintOfRequest } from './complaint-request.ts';
import { type ComplaintStage, getComplaint, updateComplaint } from './complaint-store.ts';
import { publicComplaint } from './complaint-view.ts';

/**
 * POST /complaints/{id}/stages {stage, on, note?, orders?} (admin, KLA-8): an external stage recorded on
 * the case: the Klachtenloket, mediation, a dispute filed with the Geschillencommissie, its binding advice
 * (each thing it orders a staff task with its term), closed. While mediation or a dispute runs the
 * complaint is `external` and its invoice disputed (DUN-11); closed resolves it. The same stage on the
 * same day again changes nothing.
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const input = parseJsonBody(event, complaintStageInput);
  const complaint = await complaintOfRequest(event);
  const stage: ComplaintStage = { ...input };
  const recorded = (complaint.stages ?? []).find((s) => s.stage === stage.stage && s.on === stage.on);
  if (recorded) return json(200, { complaint: publicComplaint(complaint), repeated: true });
  if (complaint.status === 'closed')
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'id', problem: `complaint ${id} is closed` }],
    });
  if (input.on < complaint.submittedOn)
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'on', problem: `must not be before the complaint, ${complaint.submittedOn}` }],
    });
  const external = stage.stage === 'mediation' || stage.stage === 'dispute-filed';
  const status = stage.stage === 'closed' ? 'closed' : external ? 'external' : complaint.status;
  await updateComplaint(
    id,
    { stages: [...(complaint.stages ?? []), stage], status },
    `${stage.stage}${stage.note ? `: ${stage.note}` : ''} (KLA-8)`,
    {
      expression: 'size(#stages) = :count OR attribute_not_exists(#stages)',
      names: { '#stages': 'stages' },
      values: { ':count': (complaint.stages ?? []).length },
    },
  );
  for (const [i, order] of (stage.orders ?? []).entries())
    await recordFailure({
      what: 'complaint',
      subject: `order#${id}#${stage.on}#${i + 1}`,
      kind: 'work',
      location: complaint.location,
      error: `the binding advice of ${stage.on} on complaint ${id} orders: ${order.what}${order.by ? `, by ${order.by}` : ''} (KLA-8)`,
    });
  if (complaint.invoice) {
    if (external) await disputeForComplaint(complaint.invoice, id);
    if (stage.stage === 'closed') await resolveComplaintDispute(complaint.invoice, id);
  }
  if (stage.stage === 'closed') await wakeComplaint(id, 'closed');
  return json(201, { complaint: publicComplaint((await getComplaint(id)) ?? complaint) });
});
