import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { maskedBsn, normalBsn } from '#shared/bsn.ts';
import type { SealedBsn } from '#shared/records.ts';
import { secrets } from './clients.ts';
import { environment } from './environment.ts';

/**
 * INV-8: a BSN is stored encrypted (AES-256-GCM, a fresh nonce each time, the parent's id bound in as
 * associated data so that a sealed BSN copied onto another parent does not open), with its masked form
 * beside it for display. The key: in AWS a Secrets Manager secret that only the functions that seal or
 * open a BSN may read; locally a key generated on first start and kept in the data directory.
 */
let cachedKey: Buffer | undefined;

async function key(): Promise<Buffer> {
  if (cachedKey) return cachedKey;
  const local = environment.bsnKey();
  let material = local;
  if (!material) {
    const arn = environment.bsnKeySecretArn();
    if (!arn) throw new Error('no key for BSNs: set BSN_KEY (local) or BSN_KEY_SECRET_ARN (AWS)');
    material = (await secrets().send(new GetSecretValueCommand({ SecretId: arn }))).SecretString ?? '';
  }
  if (material.length < 32) throw new Error('the key for BSNs is too short');
  cachedKey = createHash('sha256').update(material).digest();
  return cachedKey;
}

export async function sealBsn(parentId: string, bsn: string): Promise<SealedBsn> {
  const plain = normalBsn(bsn);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await key(), nonce);
  cipher.setAAD(Buffer.from(`parent:${parentId}`));
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    sealed: `v1.${nonce.toString('base64url')}.${sealed.toString('base64url')}.${tag.toString('base64url')}`,
    masked: maskedBsn(plain),
  };
}

export async function openBsn(parentId: string, bsn: SealedBsn): Promise<string> {
  const [version, nonce, sealed, tag] = bsn.sealed.split('.');
  if (version !== 'v1' || !nonce || !sealed || !tag) throw new Error('a sealed BSN in an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', await key(), Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(`parent:${parentId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

/** A parent as the API shows it: the BSN masked, never sealed or in full. */
export function withMaskedBsn<T extends { bsn?: SealedBsn }>(parent: T): Omit<T, 'bsn'> & { bsn?: string } {
  const { bsn, ...rest } = parent;
  return bsn ? { ...rest, bsn: bsn.masked } : rest;
}
