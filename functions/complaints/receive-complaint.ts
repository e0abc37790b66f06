import { createHash } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { now, today } from '#shared/clock.ts';
import { complaintDeadlines, routedTo } from '#shared/complaints/deadlines.ts';
import type { ComplaintIntake } from '#shared/complaints/intake.ts';
import {
  type ComplaintProvider,
  complaintProviders,
  isComplaintProvider,
} from '#shared/complaints/providers.ts';
import { SIGNATURE_PROBLEM_TEXT } from '#shared/complaints/webhook-signatures.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { secrets } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { HttpError, httpHandler, json, pathParameter } from '../adapters/http.ts';
import { logger } from '../adapters/logger.ts';
import {
  type ComplaintRecord,
  createComplaint,
  type RawSubmission,
  type SubmissionOutcome,
  storeSubmission,
} from './complaint-store.ts';

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

function complaintOf(
  provider: string,
  intake: ComplaintIntake,
  fingerprint: string,
  received: Date,
): ComplaintRecord {
  const submittedAt = new Date(intake.submittedAt);
  // The day it reached us counts (KLA-2..7), not the provider's clock: a form submitted at 23:59 and
  // delivered after midnight is acknowledged the day it arrives.
  const submittedOn = today(received);
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

/** The raw body kept with what became of it, then the answer that says so. */
async function refuse(
  submission: RawSubmission,
  outcome: SubmissionOutcome,
  error: HttpError,
): Promise<never> {
  await storeSubmission(submission, outcome);
  throw error;
}

/** A verified submission: a new complaint (202), the one it was before (200), or why not (400, 409, 422). */
async function complaintFrom(spec: ComplaintProvider, submission: RawSubmission, received: Date) {
  let body: unknown;
  try {
    body = JSON.parse(submission.raw);
  } catch {
    const issues = [{ field: '(body)', problem: 'is not valid JSON' }];
    return refuse(
      submission,
      { status: 'invalid', issues },
      new HttpError(400, { error: 'invalid request', issues }),
    );
  }
  const result = spec.toIntake(body);
  if ('issues' in result)
    return refuse(
      submission,
      { status: 'invalid', issues: result.issues },
      new HttpError(422, { error: 'invalid complaint', issues: result.issues }),
    );
  const { submissionId: _id, submittedAt: _at, ...content } = result.intake;
  const fingerprint = requestFingerprint(content);
  const { created, complaint } = await createComplaint(
    complaintOf(spec.name, result.intake, fingerprint, received),
    submission,
  );
  if (!created && complaint.fingerprint !== fingerprint)
    return refuse(
      submission,
      { status: 'conflict', complaint: complaint.id },
      new HttpError(409, {
        error: 'conflict',
        issues: [
          {
            field: 'submissionId',
            problem: `submission ${result.intake.submissionId} was received before with other content (complaint ${complaint.id})`,
          },
        ],
      }),
    );
  // A redelivery (providers retry): its body is kept beside the complaint's, once per body.
  if (!created) await storeSubmission(submission, { status: 'complaint', complaint: complaint.id });
  return json(created ? 202 : 200, {
    complaint: complaint.id,
    status: complaint.status,
    deadlines: complaint.deadlines,
  });
}

/**
 * POST /webhooks/complaints/{provider} (signed, no admin key; KLA-1, issue 11 item 1): a complaint from
 * the website's form. Verified the way the provider signs (constant-time), with nothing stored for a
 * request that fails: 401. Then nothing is done before the raw submission is stored, so that nothing is
 * lost when a later step fails: a new complaint is one write carrying the raw body with it (issue 11
 * item 5); anything else is the raw body kept with its outcome: 400 a body that is not JSON, 422 missing or
 * invalid answers, each named; the same submission id with other content 409; a step that failed 500 (the
 * provider delivers it again). 202 with the complaint's id; the same submission delivered again (providers
 * retry) 200 with the same id. Over 64 KB: 413, unread.
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
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const received = now();
  const check = spec.verify(raw, headers, await signingSecret(provider), received);
  if (!check.ok) {
    // Why, for the operator (never for the sender, who gets the same 401 for each problem).
    logger.warn('complaint webhook refused', { provider, problem: check.problem });
    throw new HttpError(401, {
      error: 'unauthorized',
      issues: [{ field: spec.signatureHeader, problem: SIGNATURE_PROBLEM_TEXT[check.problem] }],
    });
  }
  const signatureHeader = spec.signatureHeader.toLowerCase();
  const submission: RawSubmission = {
    provider,
    hash: createHash('sha256').update(raw).digest('hex'),
    receivedAt: received.toISOString(),
    raw: raw.toString('utf8'),
    headers: { [signatureHeader]: headers[signatureHeader] ?? '' },
  };
  try {
    return await complaintFrom(spec, submission, received);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // A step after verification failed (the table refused the write, a bug in a mapping): the raw body is
    // kept all the same, and the provider, answered 500, delivers it again.
    await storeSubmission(submission, {
      status: 'failed',
      error: (error as Error)?.message ?? String(error),
    }).catch((lost: Error) =>
      logger.error('complaint submission could not be kept', { provider, error: lost.message }),
    );
    throw error;
  }
});
