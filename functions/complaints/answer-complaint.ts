import { today } from '#shared/clock.ts';
import { complaintAnswerInput } from '#shared/complaints/inputs.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from '../adapters/http.ts';
import { wakeComplaint } from './await-complaint-change.ts';
import { complaintOfRequest } from './complaint-request.ts';
import { getComplaint, updateComplaint } from './complaint-store.ts';
import { publicComplaint } from './complaint-view.ts';

/**
 * POST /complaints/{id}/answer {answer, reasons, measures?, measuresBy?} (admin, KLA-4): the written,
 * reasoned answer. The complaint's workflow is woken at once and e-mails it to the parent (once). The same
 * answer again is 200 and changes nothing; another answer to an answered complaint is 409.
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const input = parseJsonBody(event, complaintAnswerInput);
  const complaint = await complaintOfRequest(event);
  const same = (a: typeof complaint.answer) =>
    a?.answer === input.answer &&
    a?.reasons === input.reasons &&
    a?.measures === input.measures &&
    a?.measuresBy === input.measuresBy;
  if (complaint.answer) {
    if (!same(complaint.answer))
      throw new HttpError(409, {
        error: 'conflict',
        issues: [
          {
            field: 'answer',
            problem: `complaint ${id} was answered on ${complaint.answer.on} with another answer`,
          },
        ],
      });
    return json(200, { complaint: publicComplaint(complaint), repeated: true });
  }
  if (complaint.status === 'closed')
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'id', problem: `complaint ${id} is closed` }],
    });
  const answer = { ...input, on: today() };
  const set = await updateComplaint(id, { answer }, 'answered (KLA-4)', {
    expression: 'attribute_not_exists(answer)',
  });
  if (!set) {
    const now = await getComplaint(id);
    if (!same(now?.answer))
      throw new HttpError(409, {
        error: 'conflict',
        issues: [{ field: 'answer', problem: `complaint ${id} was answered meanwhile` }],
      });
  }
  await wakeComplaint(id, 'answered');
  return json(200, { complaint: publicComplaint((await getComplaint(id)) ?? complaint) });
});
