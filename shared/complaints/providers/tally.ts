import {
  type ComplaintFormMapping,
  type FormAnswer,
  intakeFromForm,
  isRecord,
  NO_ANSWER,
  sameLabel,
  TALLY_DEFAULT_MAPPING,
} from '../form-mapping.ts';
import type { IntakeResult } from '../intake.ts';
import {
  headerValue,
  hmacSha256,
  type RawBody,
  type SignatureCheck,
  sameSignature,
} from '../webhook-signatures.ts';

/**
 * Tally (https://tally.so/help/webhooks, "Add a signing secret"): with a signing secret set on the
 * webhook, the header carries the base64 HMAC-SHA256 of the JSON body, keyed with that secret, without a
 * scheme prefix and without a timestamp. Tally's own example hashes `JSON.stringify` of the parsed
 * body, which is the body as Tally sends it; we hash the raw body, which is what was signed.
 */
export const TALLY_SIGNATURE_HEADER = 'Tally-Signature';

/** The headers Tally sends with `rawBody` signed by `secret` (for the simulator and the tests). */
export function tallySignatureHeaders(rawBody: RawBody, secret: string): Record<string, string> {
  return { [TALLY_SIGNATURE_HEADER]: hmacSha256(secret, rawBody).toString('base64') };
}

export function verifyTallySignature(
  rawBody: RawBody,
  headers: Record<string, string | undefined>,
  secret: string,
  _now?: Date,
): SignatureCheck {
  const header = headerValue(headers, TALLY_SIGNATURE_HEADER)?.trim();
  if (!header) return { ok: false, problem: 'missing-header' };
  // Tally sends the bare base64 digest (`=` only as padding at its end); `sha256=…` is another scheme.
  if (/^[A-Za-z0-9-]+=[^=]/.test(header)) return { ok: false, problem: 'wrong-scheme' };
  if (sameSignature(hmacSha256(secret, rawBody).toString('base64'), header)) return { ok: true };
  // Tally's own example signs `JSON.stringify` of the parsed body. Should the bytes sent ever differ from
  // that (escaped characters, spacing), the re-serialised body is what was signed: the same content, so
  // a match is as authentic, and the content read afterwards is exactly what the signature covers.
  const restated = restatedJson(rawBody);
  return restated !== undefined && sameSignature(hmacSha256(secret, restated).toString('base64'), header)
    ? { ok: true }
    : { ok: false, problem: 'wrong-signature' };
}

function restatedJson(rawBody: RawBody): string | undefined {
  try {
    const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** A field of a Tally submission: `value` is text, a number, or for a choice the chosen options' ids. */
interface TallyField {
  key?: string;
  label?: string;
  type?: string;
  value?: unknown;
  options?: { id?: string; text?: string }[];
}

const CHOICE_TYPES = new Set(['MULTIPLE_CHOICE', 'DROPDOWN', 'CHECKBOXES', 'MULTI_SELECT', 'RANKING']);

function answerValue(field: TallyField): FormAnswer {
  const { value } = field;
  if (value === undefined || value === null || value === '') return NO_ANSWER;
  if (field.type && CHOICE_TYPES.has(field.type)) {
    // A choice's value is the chosen options' ids, their text in `options` (an older body gave the id
    // as a string); an id the form's options lack is a problem of the answer, not a missing answer.
    const ids = Array.isArray(value) ? value : [value];
    const labels: string[] = [];
    for (const id of ids) {
      const option = field.options?.find((o) => o.id === id);
      if (option && typeof option.text === 'string') labels.push(option.text);
      else if (!field.options && typeof id === 'string') labels.push(id);
      else
        return {
          kind: 'problem',
          problem: 'must be one of the form’s options (Tally sent an unknown option id)',
        };
    }
    return { kind: 'choices', labels };
  }
  return typeof value === 'string' ? { kind: 'text', text: value } : { kind: 'other', value };
}

/**
 * KLA-1: the complaint in a Tally `FORM_RESPONSE` webhook body, each question found by its field's `key`
 * or, failing that, by its label (compared as read: case and spaces aside).
 */
export function tallyToIntake(
  body: unknown,
  mapping: ComplaintFormMapping = TALLY_DEFAULT_MAPPING,
): IntakeResult {
  if (!isRecord(body)) return { issues: [{ field: '(body)', problem: 'must be a JSON object' }] };
  if (body.eventType !== 'FORM_RESPONSE')
    return { issues: [{ field: 'eventType', problem: 'must be FORM_RESPONSE (Tally)' }] };
  const data = body.data;
  if (!isRecord(data) || !Array.isArray(data.fields))
    return { issues: [{ field: 'data.fields', problem: 'is required (Tally)' }] };
  const fields = data.fields.filter(isRecord) as TallyField[];
  return intakeFromForm(
    {
      answer(question) {
        const field =
          fields.find((f) => f.key === question) ??
          fields.find((f) => typeof f.label === 'string' && sameLabel(f.label, question));
        return field ? answerValue(field) : NO_ANSWER;
      },
      describe: (question) => `Tally field "${question}"`,
      submissionId: data.submissionId ?? data.responseId,
      submittedAt: data.createdAt ?? body.createdAt,
      envelope: { submissionId: 'Tally data.submissionId', submittedAt: 'Tally data.createdAt' },
    },
    mapping,
  );
}
