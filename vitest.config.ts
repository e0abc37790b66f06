import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Issue 12: one DynamoDB Local per worker for the whole run, a database of its own for each test runtime.
    globalSetup: ['test/support/dynamodb-local-per-worker.ts'],
    // Issue 12: two files at a time. A connected test's runtime waits on DynamoDB Local and DynamoDB Local on
    // it, so one file keeps about one core busy; each worker has its own DynamoDB Local (globalSetup), each
    // test its own virtual clock, so files run side by side without sharing state or time.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // No test can reach AWS: every client without a local endpoint of its own is sent to a closed port.
    env: {
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  },
});
