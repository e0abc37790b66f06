import { httpHandler, json } from './adapters/http.ts';
import { loadPolicy } from './adapters/policy-store.ts';

/** GET /tariffs (admin): the tariff versions of the policy, oldest first, announced ones included (TAR-6). */
export const handler = httpHandler(async () => {
  const policy = await loadPolicy();
  return json(200, { policy: policy.name, tariffs: policy.tariffs });
});
