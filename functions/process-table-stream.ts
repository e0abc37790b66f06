import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { executionNames } from '#shared/keys.ts';
import { environment } from './adapters/environment.ts';
import { startExecutionOnce } from './adapters/workflows.ts';

/**
 * The table's stream: records that start a process start its workflow, under a deterministic name so that
 * a redelivered record starts nothing twice. Failures are reported per record (by sequence number).
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

export async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image) return;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (record.eventName === 'INSERT' && item.type === 'offer') {
    await startExecutionOnce(environment.offerStateMachineArn(), executionNames.offer(item.id), {
      offerId: item.id,
    });
  }
}

export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
