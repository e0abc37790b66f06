import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` (bin/opvang start) on a shared machine (issue 7 item 15): the data folder is readable by its
 * owner only, and the start screen says in one line that DynamoDB Local listens on every interface.
 */
const work = mkdtempSync(path.join(tmpdir(), 'opvang-start-'));
const data = path.join(work, '.data');
let screen = '';
let stopped: Promise<number | null> | undefined;
let child: ReturnType<typeof spawn> | undefined;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...walk(full)] : [full];
  });
}

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

beforeAll(async () => {
  // As an older version left it: created with the default mode, readable by everyone.
  mkdirSync(path.join(data, 'dynamodb'), { recursive: true, mode: 0o755 });
  const started = spawn('bin/opvang', [
    'start',
    '--port',
    '0',
    '--dynamodb-port',
    '0',
    '--ses-port',
    '0',
    '--data',
    data,
  ]);
  child = started;
  stopped = new Promise((resolve) => started.on('close', (code) => resolve(code)));
  let stderr = '';
  started.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    started.stdout.on('data', (chunk) => {
      screen += chunk;
      if (screen.includes('Ctrl-C stops everything')) resolve();
    });
    started.on('close', () => reject(new Error(`opvang start exited: ${stderr}`)));
  });
}, 120_000);

afterAll(async () => {
  child?.kill('SIGINT');
  await stopped;
  rmSync(work, { recursive: true, force: true });
});

describe('opvang start on a shared machine (issue 7 item 15)', () => {
  it('says in one line that DynamoDB Local listens on every interface, naming its port', () => {
    const port = /DynamoDB Local\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(screen)?.[1];
    const lines = screen.split('\n').filter((line) => /every network interface/.test(line));
    expect(lines).toEqual([
      expect.stringContaining(`port ${port} of this machine can read and change all data`),
    ]);
  });

  it('DynamoDB Local can indeed be reached from outside, which is why the screen says so', async () => {
    const port = Number(/DynamoDB Local\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(screen)?.[1]);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!outside) return; // a machine with loopback only: nothing to reach it from
    const reached = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, outside);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    expect(reached).toBe(true);
  });

  it('keeps the data folder, the database and the admin key readable by their owner only (0700/0600)', () => {
    expect(mode(data)).toBe('700');
    const inside = walk(data);
    expect(inside.map((f) => path.relative(data, f))).toEqual(
      expect.arrayContaining(['admin-key', 'dynamodb', expect.stringMatching(/^dynamodb\/.+\.db$/)]),
    );
    for (const file of inside)
      expect(`${path.relative(data, file)} ${mode(file)}`).toBe(
        `${path.relative(data, file)} ${statSync(file).isDirectory() ? '700' : '600'}`,
      );
  });
});

describe('the staff console on the start screen (issue 13)', () => {
  const consoleUrl = () => /Staff console\s+(http:\/\/127\.0\.0\.1:\d+\/console\/)/.exec(screen)?.[1] ?? '';
  const login = async (email: string, password: string) =>
    (
      await fetch(new URL('/auth/login', consoleUrl()), {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      })
    ).status;

  it('names the console’s URL and one user per role with the password to log in with', async () => {
    const users = [
      ...screen.matchAll(/^\s+(finance|location-manager|management)\s+(\S+@\S+)\s+password (\S+)/gm),
    ];
    expect(users.map((u) => u[1])).toEqual(['finance', 'location-manager', 'management']);
    expect((await fetch(consoleUrl())).status).toBe(200);
    for (const [, , email, password] of users)
      expect(await login(email as string, password as string)).toBe(200);
    expect(await login(users[0]?.[2] as string, 'not-the-password')).toBe(401);
  });

  it('opvang users add makes an account that can log in; a bad role is refused naming the field (exit 2)', async () => {
    const { opvang } = await import('../support/cli.ts');
    const added = await opvang(
      'users',
      'add',
      '--email',
      'lucja@opvang.example',
      '--name',
      'Łucja Wiśniewska',
      '--role',
      'location-manager',
      '--location',
      'BSO De Vlinder',
      '--password',
      'een lang wachtwoord',
      '--data',
      data,
    );
    expect(added).toMatchObject({ status: 0, stdout: expect.stringContaining('lucja@opvang.example') });
    expect(await login('lucja@opvang.example', 'een lang wachtwoord')).toBe(200);
    const bad = await opvang(
      'users',
      'add',
      '--email',
      'x@opvang.example',
      '--name',
      'X',
      '--role',
      'baas',
      '--data',
      data,
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/role must be finance, location-manager or management/);
  });
});
