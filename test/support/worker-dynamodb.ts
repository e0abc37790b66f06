import net from 'node:net';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { realSleep } from '../../infra/local/runtime-clock.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';

/**
 * Issue 12: this worker's DynamoDB Local, started for the whole run by `dynamodb-local-per-worker.ts`, once
 * it listens; undefined when there is none (no Java: the runtime starts its own, and says so).
 *
 * It keeps a database per access key, and each runtime signs with credentials of its own: a runtime given
 * it starts on an empty database, its tables and their stream made by the runtime itself, as on a DynamoDB
 * Local of its own, but without a JVM to start and warm up.
 */
export async function workerDynamoDbUrl(): Promise<string | undefined> {
  const url = inject('workerDynamoDbUrls')?.[Number(process.env.VITEST_POOL_ID ?? '1') - 1];
  if (!url) return undefined;
  // The global setup does not wait for it: the first file of a run may come before it listens.
  const deadline = Date.now() + 120_000;
  while (!(await listens(Number(new URL(url).port)))) {
    if (Date.now() > deadline)
      throw new Error(`this worker's DynamoDB Local (${url}) did not listen within 120 s`);
    await realSleep(100);
  }
  return url;
}

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A runtime on the worker's DynamoDB Local is on a database of its own only because it signs with keys of
 * its own: should that ever change, its tables would be an earlier runtime's, items and all, and tests
 * would read each other's data. This says so instead.
 */
export async function assertTablesMadeSince(db: DynamoDBDocumentClient, since: number): Promise<void> {
  const made = (await db.send(new DescribeTableCommand({ TableName: TABLE_NAME }))).Table?.CreationDateTime;
  // DynamoDB Local gives whole seconds.
  if (!made || made.getTime() < Math.floor(since / 1000) * 1000)
    throw new Error(
      `table ${TABLE_NAME} on this worker's DynamoDB Local was made before this runtime started: runtimes must sign with keys of their own`,
    );
}
