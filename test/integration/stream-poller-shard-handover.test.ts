import type { ChildProcess } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Activity } from '../../infra/local/activity.ts';
import { freePort, startDynamoDbLocal } from '../../infra/local/services.ts';
import { StreamPoller } from '../../infra/local/stream-poller.ts';
import { ensureTables } from '../../infra/local/table-design.ts';

/**
 * Issue 12 item 2: the poller keeps the stream's shard list between passes instead of describing the
 * stream each time. A shard closes when DynamoDB rolls it over, and what is written next goes to its child:
 * the pass that reads the closed shard to its end reads the child too, so that one pass still delivers
 * everything written before it (the runtime settles on that). DynamoDB Local does not roll shards on
 * demand: the stream's answers are played here; checkpoints go to DynamoDB Local.
 */
let dynamo: ChildProcess;
let db: DynamoDBDocumentClient;
let endpoint: string;

beforeAll(async () => {
  const port = await freePort();
  dynamo = await startDynamoDbLocal(port, undefined);
  endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient({ endpoint });
  await ensureTables(raw);
  db = DynamoDBDocumentClient.from(raw);
});

afterAll(() => {
  dynamo?.kill();
});

const record = (pk: string, sequence: string) => ({
  eventName: 'INSERT',
  dynamodb: { Keys: { pk: { S: pk } }, SequenceNumber: sequence, NewImage: { pk: { S: pk } } },
});

describe('the stream poller when a shard closes', () => {
  it('reads the closed shard to its end and its child in the same pass, in order', async () => {
    const delivered: string[] = [];
    const poller = new StreamPoller(
      endpoint,
      db,
      async (event: DynamoDBStreamEvent) => {
        delivered.push(...event.Records.map((r) => r.dynamodb?.Keys?.pk?.S ?? ''));
        return { batchItemFailures: [] };
      },
      new Activity(),
      {
        streamArn: 'arn:aws:dynamodb:eu-west-1:000000000000:table/opvang/stream/x',
        batchSize: 10,
        maxRetries: 1,
      },
    );
    const parent = { ShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '100' } };
    const child = {
      ShardId: 'shardId-2',
      ParentShardId: 'shardId-1',
      SequenceNumberRange: { StartingSequenceNumber: '200' },
    };
    let rolledOver = false;
    const pages: Record<string, { Records: unknown[]; NextShardIterator?: string }[]> = {
      'it-1': [{ Records: [record('Şükrü Yılmaz', '101')], NextShardIterator: 'it-1b' }],
      'it-1b': [{ Records: [record('Łucja Wiśniewska', '102')] }], // the shard closes: no next iterator
      'it-2': [{ Records: [record('Nguyễn Thị Minh Khai', '201')], NextShardIterator: 'it-2b' }],
      'it-2b': [{ Records: [], NextShardIterator: 'it-2b' }],
    };
    const streams = (poller as unknown as { streams: DynamoDBStreamsClient }).streams;
    vi.spyOn(streams, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof DescribeStreamCommand)
        return { StreamDescription: { Shards: rolledOver ? [child, parent] : [parent] } };
      if (command instanceof GetShardIteratorCommand)
        return { ShardIterator: command.input.ShardId === 'shardId-1' ? 'it-1' : 'it-2' };
      if (command instanceof GetRecordsCommand) {
        const iterator = command.input.ShardIterator as string;
        if (iterator === 'it-1b') rolledOver = true;
        return pages[iterator]?.[0] ?? { Records: [] };
      }
      throw new Error(`unexpected ${(command as object).constructor.name}`);
    }) as never);

    expect(await poller.pollOnce()).toBe(3);
    expect(delivered).toEqual(['Şükrü Yılmaz', 'Łucja Wiśniewska', 'Nguyễn Thị Minh Khai']);
    // A quiet pass afterwards reads the open child only: no description, one GetRecords.
    const calls = vi.mocked(streams.send).mock.calls.length;
    expect(await poller.pollOnce()).toBe(0);
    expect(
      vi
        .mocked(streams.send)
        .mock.calls.slice(calls)
        .map(([c]) => c.constructor.name),
    ).toEqual(['GetRecordsCommand']);
    poller.destroy();
  });
});
