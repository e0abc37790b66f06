import { readExportBytes } from './adapters/exports.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { countContracts, getRun, runPages } from './adapters/invoice-store.ts';
import { runFailures } from './adapters/task-store.ts';

/**
 * GET /invoice-runs/{month} (finance, management): the run's state (`running`, `succeeded`, or `failed` with
 * its reason), its attempt, its progress through the contracts, its summary, and what it could not do
 * (`failures`). With `?sepa=YYYY-MM-DD`: that collection date's SEPA batch file (pain.008) to download, for
 * the bank's portal (issue 13: the console's SEPA files).
 */
export const handler = httpHandler(async (event) => {
  const month = pathParameter(event, 'month');
  const run = await getRun(month);
  if (!run)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'month', problem: `no invoice run for ${month}` }],
    });
  const collection = event.queryStringParameters?.sepa;
  if (collection !== undefined) {
    const batch = run.summary?.sepa.find((b) => b.collection === collection);
    if (!batch)
      throw new HttpError(404, {
        error: 'not found',
        issues: [
          { field: 'sepa', problem: `the run for ${month} has no SEPA batch collected on ${collection}` },
        ],
      });
    // A collection date on which nobody could be debited has no file (its left-out debtors say why).
    if (!batch.file)
      throw new HttpError(404, {
        error: 'not found',
        issues: [{ field: 'sepa', problem: `nobody is debited on ${collection}: there is no file` }],
      });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="incasso-${month}-${collection}.xml"`,
      },
      body: Buffer.from(await readExportBytes(batch.file)).toString('base64'),
      isBase64Encoded: true,
    };
  }
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
