import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { refuseOtherLocation } from '../adapters/caller.ts';
import { HttpError, pathParameter } from '../adapters/http.ts';
import { type ComplaintRecord, getComplaint } from './complaint-store.ts';

/**
 * The complaint a request under /complaints/{id} is about: 404 when there is none, 403 when it is about
 * another location than the calling location manager's (issue 13: they never see another's complaints).
 */
export async function complaintOfRequest(event: APIGatewayProxyEventV2): Promise<ComplaintRecord> {
  const id = pathParameter(event, 'id');
  const complaint = await getComplaint(id);
  if (!complaint)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'id', problem: `complaint ${id} not found` }],
    });
  refuseOtherLocation(event, complaint.location, `complaint ${id}`);
  return complaint;
}
