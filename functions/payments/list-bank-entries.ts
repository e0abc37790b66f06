import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/keys.ts';
import type { BankEntryRecord } from '#shared/payments/bank-entries.ts';
import { BANK_ENTRY_STATUSES } from '#shared/payments/inputs.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { HttpError, httpHandler, json } from '../adapters/http.ts';
import { strip } from '../adapters/store.ts';

const PAGE = 100;

/**
 * GET /bank-entries?status=unmatched (admin), issue 9 item 3: the review list (or the entries of another
 * status), oldest first, 100 at a time (`?after=` the last id of the page before, as `next` gives it).
 */
export const handler = httpHandler(async (event) => {
  const status = event.queryStringParameters?.status ?? 'unmatched';
  if (!(BANK_ENTRY_STATUSES as readonly string[]).includes(status))
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'status', problem: `must be one of ${BANK_ENTRY_STATUSES.join(', ')}` }],
    });
  const after = event.queryStringParameters?.after;
  const { gsi2pk } = keys.bankEntriesByStatus(status, '', '');
  const result = await dynamo().send(
    new QueryCommand({
      TableName: environment.tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: after ? 'gsi2pk = :status AND gsi2sk > :after' : 'gsi2pk = :status',
      ExpressionAttributeValues: { ':status': gsi2pk, ...(after ? { ':after': after } : {}) },
      Limit: PAGE,
    }),
  );
  const entries = (result.Items ?? []).map((item) => strip<BankEntryRecord>(item) as BankEntryRecord);
  const last = result.LastEvaluatedKey?.gsi2sk as string | undefined;
  return json(200, { status, entries, ...(last ? { next: last } : {}) });
});
