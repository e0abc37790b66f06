import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Activity } from './activity.ts';
import { realTimers } from './runtime-clock.ts';
import { RUNTIME_TABLE_NAME } from './table-design.ts';

/** How long a described shard list is trusted at most (real time), in case a shard appears unannounced. */
const REDESCRIBE_MS = 5_000;
const realNow = () => realTimers.now();

/**
 * Lambda's event source mapping for a DynamoDB stream, on one machine: DescribeStream → GetShardIterator →
 * GetRecords, in order per shard, checkpointed in the runtime table. The handler reports failed records
 * by sequence number; processing resumes from the first failure. A record that still fails after
 * `maxRetries` retries is parked in the dead-letter list so that it does not block its shard.
 *
 * The shard list and each shard's iterator are kept between passes, as Lambda's poller keeps them: a pass
 * over a quiet stream is one GetRecords per open shard. The stream is described again when a shard closes
 * (its children carry on from it) and at least every `REDESCRIBE_MS` of real time.
 */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  streamArn: string;
  batchSize: number;
  maxRetries: number;
  /** Told of every record given up on (awaited: the runtime records it as a staff task). */
  onDeadLetter?: (record: DynamoDBRecord, error: string, attempts: number) => void | Promise<void>;
}

export interface DeadLetter {
  pk: string;
  sequenceNumber: string;
  shardId: string;
  eventName: string;
  keys: unknown;
  attempts: number;
  parkedAt: string;
}

export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string | null>();
  private readonly attempts = new Map<string, number>();
  private polling: Promise<number> | undefined;
  /** The shards as last described, parents first; undefined when they must be described again. */
  private shardIds: string[] | undefined;
  private describedAt = 0;

  constructor(
    endpoint: string,
    private readonly db: DynamoDBDocumentClient,
    private readonly handler: StreamHandler,
    private readonly activity: Activity,
    private readonly options: StreamPollerOptions,
  ) {
    this.streams = new DynamoDBStreamsClient({ endpoint });
  }

  /** One pass over every shard; returns how many records were handed to the handler. Serialised. */
  pollOnce(): Promise<number> {
    this.polling ??= this.activity
      .track(() => this.pass())
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  destroy(): void {
    this.streams.destroy();
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    do {
      let shardIds = this.shardIds;
      if (!shardIds || realNow() - this.describedAt > REDESCRIBE_MS) {
        shardIds = (await this.shards()).flatMap((shard) => (shard.ShardId ? [shard.ShardId] : []));
        this.shardIds = shardIds;
        this.describedAt = realNow();
      }
      for (const shardId of shardIds) delivered += await this.pollShard(shardId);
      // A shard closed on the way: its children are read in this same pass, so that a pass still reads
      // everything written before it.
    } while (!this.shardIds);
    return delivered;
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    // Parents before children, as Lambda does.
    return shards.sort((a, b) =>
      (a.SequenceNumberRange?.StartingSequenceNumber ?? '').localeCompare(
        b.SequenceNumberRange?.StartingSequenceNumber ?? '',
        undefined,
        { numeric: true },
      ),
    );
  }

  private async checkpoint(shardId: string): Promise<string | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: RUNTIME_TABLE_NAME,
        Key: { pk: `CHECKPOINT#${shardId}` },
        ConsistentRead: true,
      }),
    );
    return result.Item?.sequenceNumber as string | undefined;
  }

  private async saveCheckpoint(shardId: string, sequenceNumber: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: RUNTIME_TABLE_NAME,
        Item: { pk: `CHECKPOINT#${shardId}`, sequenceNumber },
      }),
    );
  }

  private async iterator(shardId: string): Promise<string | null> {
    if (this.iterators.has(shardId)) return this.iterators.get(shardId) ?? null;
    const after = await this.checkpoint(shardId);
    const result = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    const iterator = result.ShardIterator ?? null;
    this.iterators.set(shardId, iterator);
    return iterator;
  }

  private async pollShard(shardId: string): Promise<number> {
    let delivered = 0;
    for (;;) {
      const iterator = await this.iterator(shardId);
      if (!iterator) return delivered; // closed and fully read
      let page: { Records?: _Record[]; NextShardIterator?: string };
      try {
        page = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize }),
        );
      } catch (error) {
        if (error instanceof ExpiredIteratorException) {
          this.iterators.delete(shardId);
          continue;
        }
        throw error;
      }
      const records = (page.Records ?? []) as unknown as DynamoDBRecord[];
      // A shard that closes hands over to its children: the stream is described again to find them.
      if (!page.NextShardIterator) this.shardIds = undefined;
      if (records.length === 0) {
        this.iterators.set(shardId, page.NextShardIterator ?? null);
        return delivered;
      }
      delivered += records.length;
      const processedUpTo = await this.deliver(shardId, records);
      if (processedUpTo === records.length) {
        this.iterators.set(shardId, page.NextShardIterator ?? null);
      } else {
        // Resume at the first failed record: a fresh iterator after the last checkpoint.
        this.iterators.delete(shardId);
      }
    }
  }

  /** Hands a batch to the handler; returns how many records from the start of the batch are done. */
  private async deliver(shardId: string, records: DynamoDBRecord[]): Promise<number> {
    const event: DynamoDBStreamEvent = {
      Records: records.map((r) => ({ ...r, eventSourceARN: this.options.streamArn })),
    };
    let failedSequence: string | undefined;
    let failure = 'handler failed';
    try {
      const response = await this.handler(event);
      const failures = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      failedSequence = records.find((r) => failures.includes(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb
        ?.SequenceNumber;
      if (failures.length && !failedSequence) failedSequence = records[0]?.dynamodb?.SequenceNumber; // unknown id: whole batch
      if (failedSequence) failure = 'reported as a batch item failure';
    } catch (error) {
      failedSequence = records[0]?.dynamodb?.SequenceNumber;
      failure = (error as Error).message;
    }
    const failedIndex = failedSequence
      ? records.findIndex((r) => r.dynamodb?.SequenceNumber === failedSequence)
      : -1;
    const done = failedIndex === -1 ? records.length : failedIndex;
    const last = records[done - 1]?.dynamodb?.SequenceNumber;
    if (last) await this.saveCheckpoint(shardId, last);
    if (failedIndex === -1) return done;

    const failed = records[failedIndex] as DynamoDBRecord;
    const seq = failed.dynamodb?.SequenceNumber as string;
    const attempts = (this.attempts.get(seq) ?? 0) + 1;
    this.attempts.set(seq, attempts);
    if (attempts > this.options.maxRetries) {
      await this.park(shardId, failed, attempts);
      await this.saveCheckpoint(shardId, seq);
      this.attempts.delete(seq);
      await this.options.onDeadLetter?.(failed, failure, attempts);
      return done + 1;
    }
    return done;
  }

  private async park(shardId: string, record: DynamoDBRecord, attempts: number): Promise<void> {
    const letter: DeadLetter = {
      pk: `DEADLETTER#${record.dynamodb?.SequenceNumber}`,
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      shardId,
      eventName: record.eventName ?? '',
      keys: record.dynamodb?.Keys ?? {},
      attempts,
      parkedAt: new Date().toISOString(),
    };
    await this.db.send(new PutCommand({ TableName: RUNTIME_TABLE_NAME, Item: letter }));
  }
}
