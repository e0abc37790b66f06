import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './adapters/clients.ts';
import { environment } from './adapters/environment.ts';
import { HttpError, httpHandler, json, pathParameter } from './adapters/http.ts';
import { getRun, runPages } from './adapters/invoice-store.ts';

/** GET /invoice-runs/{month} (admin): the run's state, its progress through the contracts, its summary. */
export const handler = httpHandler(async (event) => {
  const month = pathParameter(event, 'month');
  const run = await getRun(month);
  if (!run)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'month', problem: `no invoice run for ${month}` }],
    });
  const pages = await runPages(month);
  let contracts = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: environment.tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :all',
        ExpressionAttributeValues: { ':all': 'CONTRACTS' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    contracts += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return json(200, {
    run,
    progress: {
      contracts,
      contractsDone: pages.reduce((n, p) => n + p.contracts, 0),
      invoices: pages.reduce((n, p) => n + p.issued, 0),
    },
  });
});
