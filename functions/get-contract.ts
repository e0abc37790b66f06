import { publicContract } from './adapters/contract-request.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { getContract } from './adapters/store.ts';

/** GET /contracts/{id} (admin). */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const contract = await getContract(id);
  if (!contract)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'id', problem: `contract ${id} not found` }],
    });
  return json(200, { contract: publicContract(contract) });
});
