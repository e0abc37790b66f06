import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { now, today } from '#shared/clock.ts';
import { keys } from '#shared/keys.ts';
import type { Email } from '#shared/messages/common.ts';
import { dynamo, ses } from './clients.ts';
import { environment } from './environment.ts';
import { recordFailure } from './task-store.ts';

/**
 * Exactly one e-mail per kind and subject, or a visible failure (a staff task), never a silent loss and
 * never a second copy. The e-mail's record goes through three states:
 *
 *   claimed ──(this attempt owns it)──► submitting ──(SES accepted, message id)──► sent
 *
 * `claimed` means SES has not been called: any later attempt may take the claim over, and of two attempts
 * only the one whose claimed→submitting step succeeds calls SES. `submitting` means SES may have accepted
 * the e-mail: an attempt that finds it fresh waits (a retryable error); one that finds it left behind by a
 * crashed attempt (the same stream record again, or older than the lease) cannot know whether the parent
 * has it, so it records the e-mail as `unknown` with a task for staff instead of sending it twice.
 *
 * The record keeps what idempotency and the audit trail need (kind, subject, parent id, SES message id,
 * date), never the recipient's address or the text (issue 7 item 10): those live in SES's own logs.
 */
const LEASE_MS = 2 * 60_000;
/** Attempts at a send that SES refused for a passing reason (throttling, its own errors) before staff are told. */
const MAX_ATTEMPTS = 5;

export interface EmailRecord {
  type: 'email';
  kind: string;
  ref: string;
  on: string;
  status: 'claimed' | 'submitting' | 'sent' | 'failed' | 'unknown';
  token: string;
  claimedAt: number;
  attempts: number;
  owner?: string;
  parentId?: string;
  messageId?: string;
  error?: string;
}

export interface SendOptions {
  /** The parent the e-mail is for: on the audit record and on a failure's task. */
  parentId?: string;
  /** The invoice run (month) it belongs to: its failure shows in that run's summary. */
  month?: string;
  /**
   * Who is sending: a redelivery of the same stream record or workflow task. An attempt that finds its
   * own earlier attempt in `submitting` knows that attempt crashed, without waiting for the lease.
   */
  owner?: string;
}

export interface SendResult {
  /** This call handed the e-mail to SES. */
  sent: boolean;
  on: string;
  /** Why it was not and will not be sent automatically (a task for staff records it). */
  failed?: string;
}

/** A send of the same e-mail is in progress elsewhere: try again later (the stream and the API retry). */
export class EmailInFlightError extends Error {
  constructor(kind: string, ref: string) {
    super(`e-mail ${kind} for ${ref} is being sent by another attempt`);
    this.name = 'EmailInFlightError';
  }
}

function table(): string {
  return environment.tableName();
}

async function readRecord(key: { pk: string; sk: string }): Promise<EmailRecord | undefined> {
  const result = await dynamo().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return result.Item as EmailRecord | undefined;
}

/** Moves the record from one of this attempt's states to the next; false when another attempt owns it. */
async function transition(
  key: { pk: string; sk: string },
  token: string,
  from: EmailRecord['status'],
  set: Partial<EmailRecord>,
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':from': from, ':token': token };
  const assignments = Object.entries(set).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: '#status = :from AND #token = :token',
        ExpressionAttributeNames: { ...names, '#token': 'token' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** SES answered, so it did not accept the e-mail; true when trying again later may help. */
function isPassingRefusal(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as Error).name;
  return (
    status === 429 ||
    (status !== undefined && status >= 500) ||
    ['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException'].includes(name)
  );
}

/** SES did not answer, but we know the request never reached it (no connection). */
/**
 * The request never got to SES: refused, no such host, or no connection made within the connection
 * timeout (the SDK's own TimeoutError for that, raised before a byte was sent; also when the request
 * waited for a free socket under load). Sending again cannot send it twice.
 */
function neverReachedSes(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  const { name, message } = error as { name?: string; message?: string };
  return name === 'TimeoutError' && /did not establish a connection/.test(message ?? '');
}

function answeredBySes(error: unknown): boolean {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
}

async function giveUp(
  key: { pk: string; sk: string },
  email: Email,
  token: string,
  from: EmailRecord['status'],
  status: 'failed' | 'unknown',
  error: string,
  options: SendOptions,
  on: string,
): Promise<SendResult> {
  await transition(key, token, from, { status, error });
  await recordFailure({
    what: 'e-mail',
    subject: `${email.kind}#${email.ref}`,
    error,
    parentId: options.parentId,
    month: options.month,
  });
  return { sent: false, on, failed: error };
}

export async function sendEmailOnce(email: Email, options: SendOptions = {}): Promise<SendResult> {
  const key = keys.email(email.kind, email.ref);
  const token = crypto.randomUUID();
  const at = now().getTime();
  const on = today();
  // Claim: a new record, or one whose earlier attempt never called SES.
  let record: EmailRecord;
  try {
    const claimed = await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression:
          'SET #type = :type, kind = :kind, #ref = :ref, #on = if_not_exists(#on, :on), #status = :claimed, #token = :token, claimedAt = :at, attempts = if_not_exists(attempts, :zero) + :one' +
          (options.owner ? ', #owner = :owner' : '') +
          (options.parentId ? ', parentId = :parent' : ''),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :claimed',
        ExpressionAttributeNames: {
          '#type': 'type',
          '#ref': 'ref',
          '#on': 'on',
          '#status': 'status',
          '#token': 'token',
          ...(options.owner ? { '#owner': 'owner' } : {}),
        },
        ExpressionAttributeValues: {
          ':type': 'email',
          ':kind': email.kind,
          ':ref': email.ref,
          ':on': on,
          ':claimed': 'claimed',
          ':token': token,
          ':at': at,
          ':zero': 0,
          ':one': 1,
          ...(options.owner ? { ':owner': options.owner } : {}),
          ...(options.parentId ? { ':parent': options.parentId } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    record = claimed.Attributes as EmailRecord;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const found = await readRecord(key);
    if (!found || found.status === 'claimed') throw new EmailInFlightError(email.kind, email.ref);
    if (found.status !== 'submitting') return { sent: false, on: found.on, failed: found.error };
    const crashed = (options.owner && found.owner === options.owner) || found.claimedAt < at - LEASE_MS;
    if (!crashed) throw new EmailInFlightError(email.kind, email.ref);
    return giveUp(
      key,
      email,
      found.token,
      'submitting',
      'unknown',
      'an earlier attempt handed the e-mail to SES and stopped before SES confirmed it: check in SES whether it arrived before sending it again',
      options,
      found.on,
    );
  }
  const attempts = record.attempts;
  // Another attempt took the claim over since: it sends, or fails visibly; this one must not count as done.
  if (!(await transition(key, token, 'claimed', { status: 'submitting' })))
    throw new EmailInFlightError(email.kind, email.ref);

  let messageId: string | undefined;
  try {
    const result = await ses().send(
      new SendEmailCommand({
        FromEmailAddress: environment.fromAddress(),
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            Attachments: email.attachments?.map((a) => ({
              FileName: a.filename,
              ContentType: a.contentType,
              RawContent: a.content,
              ContentDisposition: 'ATTACHMENT' as const,
            })),
            Headers: [
              { Name: 'X-Opvang-Kind', Value: email.kind },
              { Name: 'X-Opvang-Ref', Value: email.ref },
              { Name: 'X-Opvang-Date', Value: record.on },
              { Name: 'X-Opvang-Sent-At', Value: new Date(at).toISOString() },
            ],
          },
        },
        EmailTags: [{ Name: 'kind', Value: email.kind }],
      }),
    );
    messageId = result.MessageId;
  } catch (error) {
    // The error's name and status only: SES's messages quote the recipient's address (issue 7 item 10).
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const reason = `${(error as Error).name}${status ? ` (HTTP ${status})` : ''}`;
    if (!answeredBySes(error) && !neverReachedSes(error))
      // A timeout or a broken connection: SES may have accepted it. Sending again could send it twice.
      return giveUp(
        key,
        email,
        token,
        'submitting',
        'unknown',
        `SES did not answer (${reason})`,
        options,
        on,
      );
    if (isPassingRefusal(error) || neverReachedSes(error)) {
      if (attempts >= MAX_ATTEMPTS)
        return giveUp(
          key,
          email,
          token,
          'submitting',
          'failed',
          `not sent after ${attempts} attempts: ${reason}`,
          options,
          on,
        );
      // Not accepted: release the claim so that the retry sends it.
      await transition(key, token, 'submitting', { status: 'claimed' });
      throw error;
    }
    return giveUp(key, email, token, 'submitting', 'failed', `SES refused it: ${reason}`, options, on);
  }
  await confirmSent(key, token, messageId ?? '');
  return { sent: true, on };
}

/** Records SES's message id; a passing store error must not turn a sent e-mail into a second one. */
async function confirmSent(key: { pk: string; sk: string }, token: string, messageId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await transition(key, token, 'submitting', { status: 'sent', messageId });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** For tests and the staff console: the e-mail's record (its state and SES message id). */
export function emailRecord(kind: string, ref: string): Promise<EmailRecord | undefined> {
  return readRecord(keys.email(kind, ref));
}
