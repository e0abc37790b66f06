import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { now, today } from '#shared/clock.ts';
import type { Email } from '#shared/emails.ts';
import { keys } from '#shared/keys.ts';
import { dynamo, ses } from './clients.ts';
import { environment } from './environment.ts';

/** A claim older than this, never confirmed, is taken to be a send that crashed before SES accepted it. */
const CLAIM_LEASE_MS = 5 * 60_000;

export interface EmailRecord {
  type: 'email';
  kind: string;
  ref: string;
  to: string;
  subject: string;
  text: string;
  on: string;
  status: 'sending' | 'sent';
  claimedAt: number;
  messageId?: string;
}

/**
 * Sends an e-mail at most once per kind and subject: the e-mail record is claimed with a conditional put
 * before SES is called, and confirmed after. A retry finds the claim and sends nothing; a failed send
 * releases the claim so that the retry sends it.
 */
export async function sendEmailOnce(email: Email): Promise<{ sent: boolean; on: string }> {
  const table = environment.tableName();
  const key = keys.email(email.kind, email.ref);
  const claimedAt = now().getTime();
  const record: EmailRecord = {
    type: 'email',
    kind: email.kind,
    ref: email.ref,
    to: email.to,
    subject: email.subject,
    text: email.text,
    on: today(),
    status: 'sending',
    claimedAt,
  };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table,
        Item: { ...key, ...record },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':stale': claimedAt - CLAIM_LEASE_MS },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { sent: false, on: record.on };
    throw error;
  }
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
            ],
          },
        },
        EmailTags: [{ Name: 'kind', Value: email.kind }],
      }),
    );
    messageId = result.MessageId;
  } catch (error) {
    await dynamo().send(
      new DeleteCommand({
        TableName: table,
        Key: key,
        ConditionExpression: 'claimedAt = :mine',
        ExpressionAttributeValues: { ':mine': claimedAt },
      }),
    );
    throw error;
  }
  await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: 'SET #status = :sent, messageId = :id',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId ?? '' },
    }),
  );
  return { sent: true, on: record.on };
}
