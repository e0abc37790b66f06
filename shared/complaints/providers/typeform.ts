import {
  type ComplaintFormMapping,
  type FormAnswer,
  intakeFromForm,
  isRecord,
  NO_ANSWER,
  TYPEFORM_DEFAULT_MAPPING,
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
 * Typeform (https://www.typeform.com/developers/webhooks/secure-your-webhooks/): the webhook's secret
 * keys an HMAC-SHA256 of the whole raw body; the header carries it base64-encoded after `sha256=`. No
 * timestamp is signed, so a replayed delivery verifies: the submission's token makes it the same
 * complaint (issue 11 item 1: 200 with the same id).
 */
export const TYPEFORM_SIGNATURE_HEADER = 'Typeform-Signature';

/** The headers Typeform sends with `rawBody` signed by `secret` (for the simulator and the tests). */
export function typeformSignatureHeaders(rawBody: RawBody, secret: string): Record<string, string> {
  return { [TYPEFORM_SIGNATURE_HEADER]: `sha256=${hmacSha256(secret, rawBody).toString('base64')}` };
}

export function verifyTypeformSignature(
  rawBody: RawBody,
  headers: Record<string, string | undefined>,
  secret: string,
  _now?: Date,
): SignatureCheck {
  const header = headerValue(headers, TYPEFORM_SIGNATURE_HEADER)?.trim();
  if (!header) return { ok: false, problem: 'missing-header' };
  const separator = header.indexOf('=');
  if (separator < 0 || header.slice(0, separator).trim().toLowerCase() !== 'sha256')
    return { ok: false, problem: 'wrong-scheme' };
  const expected = hmacSha256(secret, rawBody).toString('base64');
  return sameSignature(expected, header.slice(separator + 1).trim())
    ? { ok: true }
    : { ok: false, problem: 'wrong-signature' };
}

/**
 * A Typeform answer (https://www.typeform.com/developers/webhooks/example-payload/): `type` says which
 * property holds the value (`text`, `email`, `phone_number`, `choice`, `choices`, `number`, …), `field`
 * which question it answers.
 */
interface TypeformAnswer {
  type?: string;
  field?: { id?: string; type?: string; ref?: string };
  [value: string]: unknown;
}

function answerValue(answer: TypeformAnswer): FormAnswer {
  const value = answer.type === undefined ? undefined : answer[answer.type];
  switch (answer.type) {
    case 'text':
    case 'email':
    case 'phone_number':
    case 'url':
    case 'date':
      return typeof value === 'string' ? { kind: 'text', text: value } : { kind: 'other', value };
    case 'choice': {
      // One choice (multiple choice, dropdown): its label, or the respondent's own words for "Other".
      const choice = value as { label?: unknown; ref?: unknown; other?: unknown } | undefined;
      if (typeof choice?.label === 'string')
        return {
          kind: 'choices',
          labels: [choice.label],
          refs: [typeof choice.ref === 'string' ? choice.ref : undefined],
        };
      return choice?.other === undefined ? NO_ANSWER : { kind: 'other', value: choice.other };
    }
    case 'choices': {
      const choices = value as { labels?: unknown; refs?: unknown; other?: unknown } | undefined;
      const labels = Array.isArray(choices?.labels)
        ? choices.labels.filter((l) => typeof l === 'string')
        : [];
      if (choices?.other !== undefined) return { kind: 'other', value: choices.other };
      return { kind: 'choices', labels, refs: Array.isArray(choices?.refs) ? choices.refs : undefined };
    }
    default:
      return value === undefined || value === null ? NO_ANSWER : { kind: 'other', value };
  }
}

/**
 * KLA-1: the complaint in a Typeform `form_response` webhook body, its answers found by their question's
 * `ref` (or, for a value the website passes in, a hidden field of that name).
 */
export function typeformToIntake(
  body: unknown,
  mapping: ComplaintFormMapping = TYPEFORM_DEFAULT_MAPPING,
): IntakeResult {
  if (!isRecord(body)) return { issues: [{ field: '(body)', problem: 'must be a JSON object' }] };
  if (body.event_type !== 'form_response')
    return { issues: [{ field: 'event_type', problem: 'must be form_response (Typeform)' }] };
  const response = body.form_response;
  if (!isRecord(response) || !Array.isArray(response.answers))
    return { issues: [{ field: 'form_response.answers', problem: 'is required (Typeform)' }] };
  const answers = response.answers.filter(isRecord) as TypeformAnswer[];
  const hidden = isRecord(response.hidden) ? response.hidden : {};
  return intakeFromForm(
    {
      answer(ref) {
        const answer = answers.find((a) => a.field?.ref === ref);
        if (answer) return answerValue(answer);
        const value = hidden[ref];
        return typeof value === 'string' ? { kind: 'text', text: value } : NO_ANSWER;
      },
      describe: (ref) => `Typeform ref "${ref}"`,
      submissionId: response.token,
      submittedAt: response.submitted_at,
      envelope: {
        submissionId: 'Typeform form_response.token',
        submittedAt: 'Typeform form_response.submitted_at',
      },
    },
    mapping,
  );
}
