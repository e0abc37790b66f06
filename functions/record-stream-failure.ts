import type { SQSEvent } from 'aws-lambda';
import { recordFailure } from './adapters/task-store.ts';

/**
 * The stream's on-failure queue (AWS): Lambda puts there a pointer to every batch of table records it gave
 * up on after its retries. Each becomes a staff task with the records' range and why, so that a failure is
 * never only a message in a queue (issue 7 item 1; the local runtime does the same for its dead letters).
 * The message holds no record contents: ids and sequence numbers only.
 */
interface OnFailureRecord {
  requestContext?: { condition?: string; approximateInvokeCount?: number };
  responseContext?: { functionError?: string };
  DDBStreamBatchInfo?: {
    shardId?: string;
    startSequenceNumber?: string;
    endSequenceNumber?: string;
    batchSize?: number;
  };
}

export async function handler(event: SQSEvent): Promise<void> {
  for (const message of event.Records) {
    let failure: OnFailureRecord = {};
    try {
      failure = JSON.parse(message.body) as OnFailureRecord;
    } catch {
      // Not Lambda's own record: still a failure staff must see.
    }
    const batch = failure.DDBStreamBatchInfo ?? {};
    const why =
      failure.responseContext?.functionError ?? failure.requestContext?.condition ?? 'unknown condition';
    await recordFailure({
      what: 'stream record',
      subject: `${batch.shardId ?? 'unknown shard'}#${batch.startSequenceNumber ?? message.messageId}`,
      error: `${batch.batchSize ?? '?'} table record(s) from sequence ${batch.startSequenceNumber ?? '?'} to ${batch.endSequenceNumber ?? '?'} given up on after ${failure.requestContext?.approximateInvokeCount ?? '?'} attempts (${why}): replay them from the stream within 24 hours, or from the table`,
    });
  }
}
