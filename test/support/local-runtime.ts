import { startOfDate } from '#shared/clock.ts';
import { sentEmails } from '../../infra/local/report.ts';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { virtualClock } from '../../infra/local/runtime-clock.ts';
import { assertTablesMadeSince, workerDynamoDbUrl } from './worker-dynamodb.ts';

/** The connected tests' runtime: DynamoDB Local and the local SES on free ports, a virtual clock. */
export interface TestRuntime extends Runtime {
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies and assert their shape
  call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  /** Posts a file as the body (a bank file), with its own content type. */
  upload(
    path: string,
    content: string | Uint8Array,
    contentType?: string,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies and assert their shape
  ): Promise<{ status: number; body: any }>;
  emails(): Promise<{ on: string; to: string; kind: string; ref: string; subject: string; text: string }[]>;
  /** Issue 13: a staff member's ID token, as the console gets it by logging in (`POST /auth/login`). */
  staffToken(user: { email: string; name: string; role: string; location?: string }): Promise<string>;
  /** Moves the virtual clock to 09:00 (Amsterdam) on a date. */
  goTo(date: string, hour?: number): Promise<void>;
  shutdown(): Promise<void>;
}

if (!process.env.AWS_ENDPOINT_URL?.startsWith('http://127.0.0.1'))
  throw new Error('connected tests must not reach AWS: AWS_ENDPOINT_URL must point at this machine');

/**
 * The local SES keeps its store in this process across runtimes; each runtime starts with it empty unless
 * `keepEmails` (a restart test that counts every e-mail of both runs).
 */
export async function startTestRuntime(options: {
  start: string;
  dataDir?: string;
  keepEmails?: boolean;
}): Promise<TestRuntime> {
  // A runtime with a data folder keeps DynamoDB Local's files there (restart tests): it starts its own.
  // Asked for before the virtual clock is installed: waiting for DynamoDB Local to listen takes real time.
  const dynamodbUrl = options.dataDir ? undefined : await workerDynamoDbUrl();
  const startedAt = Date.now();
  const clock = virtualClock(startOfDate(options.start));
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      clock,
      dataDir: options.dataDir,
      ports: { api: 0, dynamodb: 0, ses: 0 },
      dynamodbUrl,
    });
  } catch (error) {
    clock.uninstall();
    throw error;
  }
  try {
    if (dynamodbUrl) await assertTablesMadeSince(runtime.db, startedAt);
  } catch (error) {
    await runtime.stop();
    clock.uninstall();
    throw error;
  }
  if (!options.keepEmails) await fetch(`${runtime.sesUrl}/clear-store`, { method: 'POST' });
  return {
    ...runtime,
    async call(method, path, body, key = runtime.adminKey) {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async upload(path, content, contentType = 'application/xml') {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': contentType },
        body: content,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async emails() {
      return (await sentEmails(runtime)).map((e) => ({
        on: e.header('X-Opvang-Date'),
        to: e.destination.to.join(', '),
        kind: e.header('X-Opvang-Kind'),
        ref: e.header('X-Opvang-Ref'),
        subject: e.subject,
        text: (e as unknown as { body: { text?: string } }).body.text ?? '',
      }));
    },
    async staffToken(user) {
      const password = `wachtwoord-${user.email}`;
      await runtime.staffIdentity.addUser({ ...user, password });
      const response = await fetch(`${runtime.apiUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password }),
      });
      if (response.status !== 200) throw new Error(`login of ${user.email} answered ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
    async goTo(date, hour = 9) {
      await runtime.advanceTo(new Date(startOfDate(date).getTime() + hour * 3600_000));
    },
    async shutdown() {
      await runtime.stop();
      clock.uninstall();
    },
  };
}
