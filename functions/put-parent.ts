import { type ParentRecord, parentInput } from '#shared/records.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from './adapters/http.ts';
import { putParent } from './adapters/store.ts';

/** PUT /parents/{id} (admin): creates or replaces a parent (the consumer of CON-1) with the SEPA mandate. */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const input = parseJsonBody(event, parentInput);
  if (input.id !== undefined && input.id !== id)
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'id', problem: 'differs from the id in the path' }],
    });
  const parent: ParentRecord = { type: 'parent', ...input, id };
  await putParent(parent);
  return json(200, { parent });
});
