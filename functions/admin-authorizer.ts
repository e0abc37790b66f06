import { createHash, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { secrets } from './adapters/clients.ts';
import { environment } from './adapters/environment.ts';

/** The admin API's authorizer: `Authorization: Bearer <key>`, compared in constant time. */
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

export function isAuthorized(header: string | undefined, key: string): boolean {
  if (!header || !key) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(key));
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<{ isAuthorized: boolean }> => ({
  isAuthorized: isAuthorized(event.headers?.authorization, await adminKey()),
});
