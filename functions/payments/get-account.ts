import { HttpError, httpHandler, json, pathParameter } from '../adapters/http.ts';
import { getParent } from '../adapters/store.ts';
import { parentAccount } from './account-store.ts';
import { accountView } from './account-view.ts';

/** GET /parents/{id}/account (admin), issue 9 item 1: the parent's account, derived from its entries. */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  if (!(await getParent(id))) throw new HttpError(404, { error: `parent ${id} not found` });
  return json(200, accountView(await parentAccount(id)));
});
