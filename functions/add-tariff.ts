import { today } from '#shared/clock.ts';
import { priceChangeProblem } from '#shared/contract-lifecycle.ts';
import { tariffVersion } from '#shared/policy.ts';
import { tariffInput } from '#shared/records.ts';
import { conflict, invalid } from './adapters/contract-request.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { policyWith, putTariff, storedTariffs, type TariffRecord } from './adapters/policy-store.ts';

/**
 * POST /tariffs (admin): TAR-6, a price change. The new version takes effect on `from`, at least one
 * notice period after today; storing it starts the announcement to every parent with a contract
 * (the `price-change` e-mail), and invoices from `from` on use it. The same version posted again is
 * answered with what was stored; a different one for a date already taken is a conflict.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, tariffInput);
  const announcedOn = today();
  const stored = await storedTariffs();
  const existing = stored.find((t) => t.from === input.from);
  if (existing) {
    if (JSON.stringify(existing.hourly) === JSON.stringify({ ...existing.hourly, ...input.hourly }))
      return json(200, { tariff: existing });
    throw conflict(`a different tariff version from ${input.from} exists`);
  }
  const policy = policyWith(stored);
  const problem = priceChangeProblem(announcedOn, input.from, policy);
  if (problem) throw invalid('from', problem);
  const record: TariffRecord = {
    type: 'tariff',
    policy: policy.name,
    announcedOn,
    ...tariffVersion(input.from, input.hourly),
  };
  if (!(await putTariff(record))) throw conflict(`a tariff version from ${input.from} exists`);
  return json(201, { tariff: record });
});
