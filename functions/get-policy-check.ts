import { legalConflicts } from '#shared/dunning/legal-check.ts';
import { environment } from './adapters/environment.ts';
import { httpHandler, json } from './adapters/http.ts';
import { loadPolicy } from './adapters/policy-store.ts';

/**
 * GET /policy/check (finance, management; issue 13): the organisation's policy as it runs, checked against
 * Dutch consumer law (DUN-12), as `opvang policy check` does for a preset: each conflict with its rule.
 */
export const handler = httpHandler(async () => {
  const conflicts = legalConflicts(await loadPolicy());
  return json(200, { policy: environment.policyName(), conflicts });
});
