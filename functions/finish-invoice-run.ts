import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '#shared/clock.ts';
import { dynamo } from './adapters/clients.ts';
import { environment } from './adapters/environment.ts';
import { finishRun, type RunSummary, runPages } from './adapters/invoice-store.ts';
import { parseStepInput, runStep } from './adapters/step-input.ts';

/** Invoice run, last step: the summary (invoices, total, skipped and why, SEPA files) on the run's record. */
export async function handler(input: unknown): Promise<RunSummary> {
  const { month } = parseStepInput(runStep, input);
  const pages = await runPages(month);
  const exports = await dynamo().send(
    new QueryCommand({
      TableName: environment.tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sepa)',
      ExpressionAttributeValues: { ':pk': `EXPORT#${month}`, ':sepa': 'SEPA#' },
      ConsistentRead: true,
    }),
  );
  const summary: RunSummary = {
    contracts: pages.reduce((n, p) => n + p.contracts, 0),
    invoices: pages.reduce((n, p) => n + p.issued, 0),
    total: pages.reduce((n, p) => n + p.total, 0),
    skipped: pages.flatMap((p) => p.skipped),
    sepa: (exports.Items ?? []).map((e) => ({
      collection: e.collection,
      transactions: e.transactions,
      total: e.total,
      file: e.file,
      excluded: e.excluded,
    })),
  };
  await finishRun(month, summary, now().toISOString());
  return summary;
}
