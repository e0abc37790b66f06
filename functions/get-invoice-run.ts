import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { countContracts, getRun, runPages } from './adapters/invoice-store.ts';
import { runFailures } from './adapters/task-store.ts';

/**
 * GET /invoice-runs/{month} (admin): the run's state (`running`, `succeeded`, or `failed` with its reason),
 * its attempt, its progress through the contracts, its summary, and what it could not do (`failures`).
 */
export const handler = httpHandler(async (event) => {
  const month = pathParameter(event, 'month');
  const run = await getRun(month);
  if (!run)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'month', problem: `no invoice run for ${month}` }],
    });
  const [pages, contracts, failures] = await Promise.all([
    runPages(month),
    countContracts(),
    runFailures(month),
  ]);
  return json(200, {
    run,
    // Everything the run could not do, with its reason: an invoice e-mail not sent (these come after the
    // run's own steps, from the stream), a debtor left out of a batch. Each is also a staff task.
    failures: failures.map(({ what, subject, parentId, error }) => ({
      what,
      subject,
      parent: parentId,
      error,
    })),
    progress: {
      contracts,
      contractsDone: pages.reduce((n, p) => n + p.contracts, 0),
      invoices: pages.reduce((n, p) => n + p.issued, 0),
    },
  });
});
