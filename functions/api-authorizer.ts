import { createHash, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { type Caller, callerContext, type StaffRole } from '#shared/staff/roles.ts';
import { routes } from '../infra/catalog.ts';
import { secrets } from './adapters/clients.ts';
import { environment } from './adapters/environment.ts';
import { verifiedStaffCaller } from './adapters/staff-tokens.ts';

/**
 * The API's authorizer (issue 13): `Authorization: Bearer <key>` with the admin key (the CLI and scripts,
 * compared in constant time), or with a staff member's ID token (the console), verified against the
 * issuer's keys and allowed only on the routes the catalog opens to its role. The route's handler gets the
 * caller (role, user, location) as the authorizer's context.
 */
let cachedKey: string | undefined;

async function adminKey(): Promise<string> {
  const direct = environment.adminApiKey();
  if (direct) return direct;
  if (cachedKey) return cachedKey;
  const arn = environment.adminApiKeySecretArn();
  if (!arn) throw new Error('No admin API key configured');
  const secret = await secrets().send(new GetSecretValueCommand({ SecretId: arn }));
  cachedKey = secret.SecretString ?? '';
  return cachedKey;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

export function isAuthorized(header: string | undefined, key: string): boolean {
  const given = bearer(header);
  if (!given || !key) return false;
  return timingSafeEqual(digest(given), digest(key));
}

/** Which staff roles each route is open to, by its route key (`GET /complaints/{id}`). */
const rolesByRoute = new Map<string, readonly StaffRole[]>(
  routes.map((r) => [`${r.method} ${r.path}`, r.roles ?? []]),
);

export function routeAllows(routeKey: string, caller: Caller): boolean {
  return caller.role === 'admin' || (rolesByRoute.get(routeKey) ?? []).includes(caller.role);
}

async function callerOf(header: string | undefined): Promise<Caller | undefined> {
  if (isAuthorized(header, await adminKey())) return { role: 'admin' };
  const token = bearer(header);
  const issuer = environment.staffTokenIssuer();
  const audience = environment.staffTokenAudience();
  // A token is three base64url parts; anything else was a wrong admin key.
  if (!token || !issuer || !audience || token.split('.').length !== 3) return undefined;
  return verifiedStaffCaller(token, { issuer, audience });
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<{ isAuthorized: boolean; context?: Record<string, string> }> => {
  const caller = await callerOf(event.headers?.authorization);
  if (!caller || !routeAllows(event.routeKey, caller)) return { isAuthorized: false };
  return { isAuthorized: true, context: callerContext(caller) };
};
