import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Issue 11 item 1: what every complaint webhook's signature check shares. A request that fails is
 * answered 401 and nothing of it is stored; the problem says why, for the log (never for the sender to
 * probe with: the answer is the same 401 for each).
 */
export type SignatureProblem =
  /** No signature header at all: the form is not set up to sign, or a stranger posts. */
  | 'missing-header'
  /** A header in another scheme than the provider's (`sha1=…` for Typeform, no `v1=` for generic). */
  | 'wrong-scheme'
  /** A header that does not parse (generic: no `t=`, or `t` not a number of seconds). */
  | 'malformed-header'
  /** The signature is not that of this body with this secret (another secret, a changed body). */
  | 'wrong-signature'
  /** generic: signed more than 5 minutes before or after now: a replay or a wrong clock. */
  | 'timestamp-outside-window';

export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem };

/** One sentence per problem, for a log line or the local runtime's console. */
export const SIGNATURE_PROBLEM_TEXT: Record<SignatureProblem, string> = {
  'missing-header': 'the request carries no signature header',
  'wrong-scheme': 'the signature header is not in the scheme this provider signs with',
  'malformed-header': 'the signature header does not parse',
  'wrong-signature': 'the signature does not match the body and the secret',
  'timestamp-outside-window':
    'the signature was made more than 5 minutes from now (a replay, or a wrong clock)',
};

/** The bytes a provider signed: the raw body exactly as received, never JSON re-serialised. */
export type RawBody = string | Uint8Array;

/** HMAC-SHA256 of `message` keyed with `secret`. An empty secret is a configuration error, never a pass. */
export function hmacSha256(secret: string, message: RawBody): Buffer {
  if (!secret) throw new Error('no signing secret configured for this webhook');
  return createHmac('sha256', secret).update(message).digest();
}

/**
 * Whether two signatures as sent are the same, in time independent of where they differ. The lengths are
 * compared first: `timingSafeEqual` throws on buffers of different lengths, and the length of a valid
 * signature is no secret.
 */
export function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A header's value whatever the case of its name (API Gateway lowercases, a test may not). */
export function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
