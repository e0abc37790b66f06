import {
  type ComplaintFormMapping,
  DEFAULT_CATEGORY_CHOICES,
  DEFAULT_SUBMITTER_CHOICES,
  isRecord,
  sameLabel,
} from '../form-mapping.ts';
import { COMPLAINT_CATEGORIES, type IntakeResult, parseComplaintIntake, SUBMITTERS } from '../intake.ts';
import {
  headerValue,
  hmacSha256,
  type RawBody,
  type SignatureCheck,
  sameSignature,
} from '../webhook-signatures.ts';

/**
 * Our own signed format (docs/complaint-webhooks.md), for a form the organisation builds itself:
 * `Opvang-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as Stripe signs. The
 * timestamp is signed with the body, so a delivery captured and posted again later is refused.
 */
export const GENERIC_SIGNATURE_HEADER = 'Opvang-Signature';
/** Issue 11 item 1: how far the signing time may be from now, either way (clocks drift a little). */
export const GENERIC_SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

function genericDigest(secret: string, timestamp: string, rawBody: RawBody): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return hmacSha256(secret, Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body])).toString('hex');
}

/** The header a sender of the generic format sends with `rawBody` signed by `secret` at `now`. */
export function genericSignatureHeaders(rawBody: RawBody, secret: string, now: Date): Record<string, string> {
  const t = String(Math.floor(now.getTime() / 1000));
  return { [GENERIC_SIGNATURE_HEADER]: `t=${t},v1=${genericDigest(secret, t, rawBody)}` };
}

export function verifyGenericSignature(
  rawBody: RawBody,
  headers: Record<string, string | undefined>,
  secret: string,
  now: Date,
): SignatureCheck {
  const header = headerValue(headers, GENERIC_SIGNATURE_HEADER)?.trim();
  if (!header) return { ok: false, problem: 'missing-header' };
  const parts = header.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0
      ? { key: part.trim(), value: '' }
      : { key: part.slice(0, at).trim(), value: part.slice(at + 1).trim() };
  });
  const timestamps = parts.filter((p) => p.key === 't');
  const t = timestamps[0]?.value;
  if (timestamps.length !== 1 || !t || !/^\d{1,12}$/.test(t))
    return { ok: false, problem: 'malformed-header' };
  // Several v1 signatures may be sent while a secret is rotated; one made with this secret is enough.
  const signatures = parts.filter((p) => p.key === 'v1').map((p) => p.value.toLowerCase());
  if (signatures.length === 0) return { ok: false, problem: 'wrong-scheme' };
  const expected = genericDigest(secret, t, rawBody);
  let matches = false;
  for (const signature of signatures) matches = sameSignature(expected, signature) || matches;
  if (!matches) return { ok: false, problem: 'wrong-signature' };
  // Only an authentic request is told apart as stale: the time was signed with the body.
  if (Math.abs(now.getTime() / 1000 - Number(t)) > GENERIC_SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, problem: 'timestamp-outside-window' };
  return { ok: true };
}

/** The generic format asks no questions of a form; only the choice labels it may send are configured. */
export type GenericMapping = Pick<ComplaintFormMapping, 'categories' | 'submitters'>;
export const GENERIC_DEFAULT_MAPPING: GenericMapping = {
  categories: DEFAULT_CATEGORY_CHOICES,
  submitters: DEFAULT_SUBMITTER_CHOICES,
};

/**
 * KLA-1: the complaint in a generic body, which is the intake itself (docs/complaint-webhooks.md);
 * `category` and `submittedBy` may be our codes or the form's choice labels under `mapping`.
 */
export function genericToIntake(
  body: unknown,
  mapping: GenericMapping = GENERIC_DEFAULT_MAPPING,
): IntakeResult {
  if (!isRecord(body)) return { issues: [{ field: '(body)', problem: 'must be a JSON object' }] };
  const { category, submittedBy = 'parent' } = body;
  const codeOf = <T extends string>(value: unknown, codes: readonly T[], labels: Record<string, T>) => {
    if (typeof value !== 'string' || (codes as readonly string[]).includes(value)) return value;
    const label = Object.keys(labels).find((l) => sameLabel(l, value));
    return label === undefined ? value : labels[label];
  };
  return parseComplaintIntake({
    ...body,
    submittedBy: codeOf(submittedBy, SUBMITTERS, mapping.submitters),
    category: codeOf(category, COMPLAINT_CATEGORIES, mapping.categories),
  });
}
