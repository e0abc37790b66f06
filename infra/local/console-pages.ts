import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LocalPages } from './http-api.ts';
import type { LocalStaffIdentity } from './staff-identity.ts';

/**
 * Issue 13: what the local runtime serves beside the API: the staff console (`/console/`), its settings, the
 * login that stands in for Cognito's, and the issuer's keys (`/.well-known/jwks.json`), all on the API's
 * origin. In AWS the console comes from CloudFront and the login from Cognito.
 */
type Assets = Map<string, { contentType: string; body: Buffer }>;

const CONSOLE_BUILD = pathToFileURL(
  path.join(fileURLToPath(new URL('../..', import.meta.url)), 'console', 'build.ts'),
).href;

/** The console as its page may run: its own scripts and styles only, never framed. */
const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const JSON_TYPE = { 'content-type': 'application/json' };

/** Failed logins per address in the last 15 minutes: the sixth is refused for a while (429). */
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const LOGIN_ATTEMPTS = 5;

type Page = { status: number; headers: Record<string, string>; body: string | Buffer };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Page {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function consolePages(identity: LocalStaffIdentity): LocalPages {
  let assets: Promise<Assets> | undefined;
  const failures = new Map<string, number[]>();

  async function login(body: Buffer): Promise<Page> {
    let given: unknown;
    try {
      given = JSON.parse(body.toString('utf8'));
    } catch {
      return json(400, { error: 'invalid request', issues: [{ field: '(body)', problem: 'is not JSON' }] });
    }
    const { email, password } = (given ?? {}) as Record<string, unknown>;
    const issues = [
      ...(typeof email === 'string' && email.trim() ? [] : [{ field: 'email', problem: 'is required' }]),
      ...(typeof password === 'string' && password ? [] : [{ field: 'password', problem: 'is required' }]),
    ];
    if (issues.length) return json(400, { error: 'invalid request', issues });
    const address = (email as string).trim().toLowerCase();
    const now = Date.now();
    const recent = (failures.get(address) ?? []).filter((t) => now - t < LOGIN_WINDOW_MS);
    if (recent.length >= LOGIN_ATTEMPTS)
      return json(429, { error: 'too many failed logins for this address: try again in 15 minutes' });
    const session = await identity.login(address, password as string);
    if (!session) {
      failures.set(address, [...recent, now]);
      return json(401, { error: 'wrong e-mail address or password' });
    }
    failures.delete(address);
    return json(200, session, { 'cache-control': 'no-store' });
  }

  return async ({ method, url, body }): Promise<Page | undefined> => {
    const { pathname } = url;
    if (pathname === '/auth/login' && method === 'POST') return login(body);
    if (pathname === '/.well-known/jwks.json' && method === 'GET') return json(200, identity.jwks());
    if (pathname === '/' && method === 'GET')
      return { status: 302, headers: { location: '/console/' }, body: '' };
    if (pathname === '/console') return { status: 301, headers: { location: '/console/' }, body: '' };
    if (!pathname.startsWith('/console/')) return undefined;
    if (method !== 'GET' && method !== 'HEAD') return json(405, { error: 'method not allowed' });
    if (pathname === '/console/config.json') return json(200, { auth: 'local' }, CONSOLE_HEADERS);
    assets ??= import(CONSOLE_BUILD).then((m: { buildConsole(): Promise<Assets> }) => m.buildConsole());
    const asset = (await assets).get(pathname);
    if (!asset) return json(404, { error: 'not found' });
    return {
      status: 200,
      headers: { 'content-type': asset.contentType, ...CONSOLE_HEADERS },
      body: asset.body,
    };
  };
}
