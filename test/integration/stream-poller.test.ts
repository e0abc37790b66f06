import type { ChildProcess } from 'node:child_process';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Activity } from '../../infra/local/activity.ts';
import { freePort, startDynamoDbLocal } from '../../infra/local/services.ts';
import { StreamPoller } from '../../infra/local/stream-poller.ts';
import { ensureTables, RUNTIME_TABLE_NAME, TABLE_NAME } from '../../infra/local/table-design.ts';

/** Lambda's stream semantics against DynamoDB Local's real stream. */
let dynamo: ChildProcess;
let endpoint: string;
let db: DynamoDBDocumentClient;
let streamArn: string;

beforeAll(async () => {
  const port = await freePort();
  dynamo = await startDynamoDbLocal(port, undefined);
  endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient({ endpoint });
  await ensureTables(raw);
  streamArn =
    (await raw.send(new DescribeTableCommand({ TableName: TABLE_NAME }))).Table?.LatestStreamArn ?? '';
  db = DynamoDBDocumentClient.from(raw);
});

afterAll(() => {
  dynamo?.kill();
});

const pkOf = (r: DynamoDBRecord) => r.dynamodb?.Keys?.pk?.S ?? '';

describe('the local stream poller', () => {
  it('retries from a failed record, parks it after the retries, and delivers the rest exactly in order', async () => {
    const delivered: string[] = [];
    const handler = async (event: DynamoDBStreamEvent) => {
      const failures = [];
      for (const record of event.Records) {
        if (pkOf(record).startsWith('POISON')) {
          failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
          break; // as Powertools does for an ordered stream: stop at the first failure
        }
        delivered.push(pkOf(record));
      }
      return { batchItemFailures: failures };
    };
    for (const pk of ['A', 'POISON', 'C'])
      await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { pk, sk: 'x' } }));

    const poller = new StreamPoller(endpoint, db, handler, new Activity(), {
      streamArn,
      batchSize: 10,
      maxRetries: 2,
    });
    let total = 0;
    for (let i = 0; i < 6; i++) total += await poller.pollOnce();
    expect(total).toBeGreaterThan(0);
    expect(delivered).toEqual(['A', 'C']);

    const parked = await db.send(new ScanCommand({ TableName: RUNTIME_TABLE_NAME }));
    const letters = (parked.Items ?? []).filter((i) => String(i.pk).startsWith('DEADLETTER#'));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      eventName: 'INSERT',
      attempts: 3,
      keys: { pk: { S: 'POISON' }, sk: { S: 'x' } },
    });

    // A new poller (a restart) resumes after the checkpoint: nothing is delivered again.
    const again: string[] = [];
    const restarted = new StreamPoller(
      endpoint,
      db,
      async (event) => {
        again.push(...event.Records.map(pkOf));
        return { batchItemFailures: [] };
      },
      new Activity(),
      { streamArn, batchSize: 10, maxRetries: 2 },
    );
    await restarted.pollOnce();
    await db.send(new PutCommand({ TableName: TABLE_NAME, Item: { pk: 'D', sk: 'x' } }));
    await restarted.pollOnce();
    expect(again).toEqual(['D']);
    poller.destroy();
    restarted.destroy();
  });
});
