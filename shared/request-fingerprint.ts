import { createHash } from 'node:crypto';

/**
 * The fingerprint of a request's content: the same content gives the same fingerprint, whatever the order
 * of its fields. A request id reused with another fingerprint is a conflict (409), never "done" (issue 7
 * item 6); a request without an id gets one derived from its content, so that a corrected request is a new
 * request, not a silently dropped duplicate.
 */
export function requestFingerprint(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
