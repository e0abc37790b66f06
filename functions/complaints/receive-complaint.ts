import { createHash } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { now } from '#shared/clock.ts';
import { complaintDeadlines, routedTo } from '#shared/complaints/deadlines.ts';
import type { ComplaintIntake } from '#shared/complaints/intake.ts';
import { complaintProviders, isComplaintProvider } from '#shared/complaints/providers.ts';
import { SIGNATURE_PROBLEM_TEXT } from '#shared/complaints/webhook-signatures.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { secrets } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { HttpError, httpHandler, json, pathParameter } from '../adapters/http.ts';
import { logger } from '../adapters/logger.ts';
import { type ComplaintRecord, createComplaint, markSubmission, storeSubmission } from './complaint-store.ts';

/** Issue 11 item 1: a complaint is a form, not a file: more than this is refused unread. */
export const MAX_SUBMISSION_BYTES = 64 * 1024;

const cachedSecrets = new Map<string, string>();

/** The provider's signing secret: given directly locally, read once from Secrets Manager in AWS. */
async function signingSecret(provider: string): Promise<string> {
  const local = environment.webhookSecret(provider);
  if (local) return local;
  const cached = cachedSecrets.get(provider);
  if (cached) return cached;
  const arn = environment.webhookSecretArn(provider);
  if (!arn) throw new Error(`no signing secret configured for the ${provider} webhook`);
  const secret = (await secrets().send(new GetSecretValueCommand({ SecretId: arn }))).SecretString ?? '';
  cachedSecrets.set(provider, secret);
  return secret;
}

function rawBodyOf(event: APIGatewayProxyEventV2): Buffer {
  return event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64')
    : Buffer.from(event.body ?? '', 'utf8');
}

/** A deterministic complaint id from the provider's submission: a redelivery finds the same complaint. */
function complaintIdOf(provider: string, submissionId: string): string {
  return `k-${createHash('sha256').update(`${provider}:${submissionId}`).digest('hex').slice(0, 12)}`;
}

function complaintOf(provider: string, intake: ComplaintIntake, fingerprint: string): ComplaintRecord {
  const submittedAt = new Date(intake.submittedAt);
  // The day it reached us counts (KLA-2..7), not the provider's clock: a form submitted at 23:59 and
  // delivered after midnight is acknowledged the day it arrives.
  const received = now();
  const submittedOn = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(received);
  return {
    type: 'complaint',
    id: complaintIdOf(provider, intake.submissionId),
    provider,
    submissionId: intake.submissionId,
    fingerprint,
    submittedAt: Number.isNaN(submittedAt.getTime()) ? received.toISOString() : submittedAt.toISOString(),
    submittedOn,
    submittedBy: intake.submittedBy,
    complainant: intake.parent,
    ...(intake.committee ? { committee: intake.committee } : {}),
    ...(intake.child ? { child: intake.child } : {}),
    location: intake.location,
    category: intake.category,
    text: intake.complaint,
    ...(intake.desiredOutcome ? { desiredOutcome: intake.desiredOutcome } : {}),
    ...(intake.invoiceNumber ? { invoice: intake.invoiceNumber } : {}),
    routedTo: routedTo(intake.category),
    deadlines: complaintDeadlines(submittedOn),
    status: 'received',
    events: [{ on: submittedOn, what: `received from the ${provider} form` }],
  };
}

/**
 * POST /webhooks/complaints/{provider} (signed, no admin key; KLA-1, issue 11 item 1): a complaint from
 * the website's form. Verified the way the provider signs (constant-time), with nothing stored for a
 * request that fails: 401. Then the raw submission is stored before anything else, so that nothing is
 * lost when a later step fails; 400 a body that is not JSON, 422 missing or invalid answers, each named.
 * 202 with the complaint's id; the same submission delivered again (providers retry) 200 with the same id;
 * the same submission id with other content 409. Over 64 KB: 413, unread.
 */
export const handler = httpHandler(async (event) => {
  const provider = pathParameter(event, 'provider');
  if (!isComplaintProvider(provider)) throw new Error(`no complaint provider ${provider}`);
  const raw = rawBodyOf(event);
  if (raw.length > MAX_SUBMISSION_BYTES)
    throw new HttpError(413, {
      error: 'request body too large',
      issues: [{ field: '(body)', problem: `must be at most ${MAX_SUBMISSION_BYTES / 1024} KB` }],
    });
  const spec = complaintProviders[provider];
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const check = spec.verify(raw, headers, await signingSecret(provider), now());
  if (!check.ok) {
    // Why, for the operator (never for the sender, who gets the same 401 for each problem).
    logger.warn('complaint webhook refused', { provider, problem: check.problem });
    throw new HttpError(401, {
      error: 'unauthorized',
      issues: [{ field: spec.signatureHeader, problem: SIGNATURE_PROBLEM_TEXT[check.problem] }],
    });
  }
  const hash = createHash('sha256').update(raw).digest('hex');
  await storeSubmission(provider, hash, raw.toString('utf8'), {
    [spec.signatureHeader.toLowerCase()]: headers[spec.signatureHeader.toLowerCase()] ?? '',
  });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    await markSubmission(provider, hash, {
      status: 'invalid',
      issues: [{ field: '(body)', problem: 'is not valid JSON' }],
    });
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: '(body)', problem: 'is not valid JSON' }],
    });
  }
  const result = spec.toIntake(body);
  if ('issues' in result) {
    await markSubmission(provider, hash, { status: 'invalid', issues: result.issues });
    throw new HttpError(422, { error: 'invalid complaint', issues: result.issues });
  }
  const { submissionId: _id, submittedAt: _at, ...content } = result.intake;
  const fingerprint = requestFingerprint(content);
  const { created, complaint } = await createComplaint(complaintOf(provider, result.intake, fingerprint));
  if (!created && complaint.fingerprint !== fingerprint)
    throw new HttpError(409, {
      error: 'conflict',
      issues: [
        {
          field: 'submissionId',
          problem: `submission ${result.intake.submissionId} was received before with other content (complaint ${complaint.id})`,
        },
      ],
    });
  await markSubmission(provider, hash, { status: 'complaint', complaint: complaint.id });
  return json(created ? 202 : 200, {
    complaint: complaint.id,
    status: complaint.status,
    deadlines: complaint.deadlines,
  });
});
