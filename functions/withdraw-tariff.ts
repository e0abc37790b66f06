import { today } from '#shared/clock.ts';
import { withdrawalProblem } from '#shared/contract-lifecycle.ts';
import { invalid } from './adapters/contract-request.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { loadPolicy, storedTariffs, withdrawTariff } from './adapters/policy-store.ts';

/**
 * POST /tariffs/{from}/withdrawal (admin): TAR-6, an announced price change withdrawn before it takes
 * effect and before any invoice uses it. Invoices keep the rates in force; the parents who were told of
 * the change are told it is withdrawn (the `price-change` workflow, started from the stream). Withdrawing
 * it again answers with the withdrawn version.
 */
export const handler = httpHandler(async (event) => {
  const from = pathParameter(event, 'from');
  const version = (await storedTariffs()).find((t) => t.from === from);
  if (!version)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'from', problem: `no announced tariff version from ${from}` }],
    });
  if (version.withdrawnOn) return json(200, { tariff: version });
  const problem = withdrawalProblem(today(), from, await loadPolicy());
  if (problem) throw invalid('from', problem);
  const withdrawn =
    (await withdrawTariff(from, today())) ?? (await storedTariffs()).find((t) => t.from === from);
  return json(200, { tariff: withdrawn });
});
