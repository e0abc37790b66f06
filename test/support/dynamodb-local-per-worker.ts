import type { ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { freePort, launchDynamoDbLocal } from '../../infra/local/services.ts';

/**
 * Issue 12: one DynamoDB Local per vitest worker for the whole run, started here (vitest's global setup,
 * in its main process) and given to the connected tests' runtimes (`worker-dynamodb.ts`).
 *
 * Why: vitest runs each test file in a process of its own, and each runtime used to start its own JVM:
 * 3–15 s before its first request (2 cores, loaded), ~3 s of CPU, and then DynamoDB Local's JIT warming up
 * again from cold (300 writes: 6 s of the JVM's CPU on a cold one, 0.7 s on a warm one). This one starts
 * once and stays warm. It keeps a database per access key (`sharedDb: false`) and each runtime signs with
 * keys of its own, so each runtime still starts on an empty database and makes its tables and their stream
 * itself (`ensureTables`), exactly as on a DynamoDB Local of its own.
 *
 * It imports no AWS SDK: loading one in vitest's main process holds up every run, unit tests only
 * included, by seconds.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Indexed by VITEST_POOL_ID − 1: worker n's DynamoDB Local. Empty when none could be started. */
    workerDynamoDbUrls: string[];
  }
}

export default async function startDynamoDbLocalPerWorker(
  project: TestProject,
): Promise<() => Promise<void>> {
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const started: { child: ChildProcess; listening: Promise<void> }[] = [];
  const urls: string[] = [];
  const stopAll = () =>
    Promise.all(
      started.map(async ({ child, listening }) => {
        listening.catch(() => {}); // a run of unit tests only ends before it listens
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    ).then(() => {});
  try {
    for (let index = 0; index < workers; index++) {
      const port = await freePort();
      // Not awaited: the JVMs start while vitest starts the first files (a runtime waits for its worker's).
      started.push(launchDynamoDbLocal(port, undefined, { sharedDb: false }));
      urls.push(`http://127.0.0.1:${port}`);
    }
  } catch {
    // No Java: each runtime starts its own DynamoDB Local, and says what is wrong as it does.
    await stopAll();
    project.provide('workerDynamoDbUrls', []);
    return async () => {};
  }
  project.provide('workerDynamoDbUrls', urls);
  return stopAll;
}
