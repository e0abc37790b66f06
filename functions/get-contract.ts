import { refuseOtherLocation } from './adapters/caller.ts';
import { publicContract } from './adapters/contract-request.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { getContract } from './adapters/store.ts';

/** GET /contracts/{id} (staff; a location manager's own location). */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const contract = await getContract(id);
  if (!contract)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'id', problem: `contract ${id} not found` }],
    });
  refuseOtherLocation(event, contract.location, `contract ${id}`);
  return json(200, { contract: publicContract(contract) });
});
