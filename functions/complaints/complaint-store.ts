import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { today } from '#shared/clock.ts';
import type { ComplaintCategory, ComplaintDeadlines } from '#shared/complaints/deadlines.ts';
import { keys } from '#shared/keys.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { strip } from '../adapters/store.ts';

/**
 * KLA-1..8: a complaint as the back office keeps it: who complained (a parent, or the parents' committee
 * through its contact), about what and where, its deadlines, what was sent when, the answer, the external
 * stages and every event, with the token of the workflow's wait.
 */
export type ComplaintStatus = 'received' | 'in-progress' | 'answered' | 'escalated' | 'external' | 'closed';

export interface ComplaintAnswer {
  answer: string;
  reasons: string;
  measures?: string;
  measuresBy?: string;
  on: string;
}

export type StageKind = 'klachtenloket' | 'mediation' | 'dispute-filed' | 'binding-advice' | 'closed';

export interface ComplaintStage {
  stage: StageKind;
  on: string;
  note?: string;
  /** KLA-8: what a binding advice orders, each with its term. */
  orders?: { what: string; by?: string }[];
}

export interface ComplaintRecord {
  type: 'complaint';
  id: string;
  provider: string;
  submissionId: string;
  /** A fingerprint of what the form said: the same submission with other content is a conflict. */
  fingerprint: string;
  submittedAt: string;
  submittedOn: string;
  submittedBy: 'parent' | 'parents-committee';
  complainant: { name: string; email: string; phone?: string };
  committee?: { name: string };
  child?: { name: string };
  location: string;
  category: ComplaintCategory;
  text: string;
  desiredOutcome?: string;
  /** DUN-11: the invoice it is about (from the form, or linked by staff). */
  invoice?: string;
  routedTo: 'location-manager' | 'finance';
  deadlines: ComplaintDeadlines;
  status: ComplaintStatus;
  acknowledgedOn?: string;
  nextStepsSentOn?: string;
  escalatedOn?: string;
  answer?: ComplaintAnswer;
  answerSentOn?: string;
  stages?: ComplaintStage[];
  events: { on: string; what: string }[];
  taskToken?: string;
}

const table = () => environment.tableName();

export async function getComplaint(id: string): Promise<ComplaintRecord | undefined> {
  const found = await dynamo().send(
    new GetCommand({ TableName: table(), Key: keys.complaint(id), ConsistentRead: true }),
  );
  return complaintOfItem(found.Item);
}

/**
 * KLA-1: a submission exactly as the provider posted it: the body's bytes (as text, never re-serialised),
 * the signature header, when it came. Stored before anything is done with it: with the complaint it became,
 * in the same write, or on its own with what was wrong with it.
 */
export interface RawSubmission {
  provider: string;
  /** SHA-256 of the body: a delivery of the same bytes again finds the same record. */
  hash: string;
  receivedAt: string;
  raw: string;
  headers: Record<string, string>;
}

/** What became of a submission that is not a new complaint (stored on its own, once per body). */
export type SubmissionOutcome =
  /** 400, 422: not JSON, or answers missing or invalid, each named. */
  | { status: 'invalid'; issues: { field: string; problem: string }[] }
  /** 409: the submission id of an earlier complaint, with other content. */
  | { status: 'conflict'; complaint: string }
  /** 200: delivered again (providers retry), the same content: the complaint is the one stored before. */
  | { status: 'complaint'; complaint: string }
  /** 500: a step after verification failed; the provider delivers it again. */
  | { status: 'failed'; error: string };

/** KLA-1: a submission that did not become a new complaint, kept with its outcome; once per body. */
export async function storeSubmission(submission: RawSubmission, outcome: SubmissionOutcome): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.submission(submission.provider, submission.hash),
          type: 'submission',
          ...submission,
          status: outcome.status,
          outcome,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The stored complaint item as the back office reads it: without the keys and the raw submission. */
function complaintOfItem(item: Record<string, unknown> | undefined): ComplaintRecord | undefined {
  const complaint = strip<ComplaintRecord & { submission?: RawSubmission }>(item);
  if (!complaint) return undefined;
  const { submission: _raw, ...rest } = complaint;
  return rest;
}

/**
 * KLA-1, issue 11 item 5: a new complaint and the raw submission it came from, in one conditional write:
 * the raw body is stored with the complaint, not after it, and nothing is written before. When a complaint
 * with this id exists (a redelivery, or the same submission id with other content), nothing is written and
 * the stored one comes back (`created: false`), read from the refused write itself.
 */
export async function createComplaint(
  complaint: ComplaintRecord,
  submission: RawSubmission,
): Promise<{ created: boolean; complaint: ComplaintRecord }> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.complaint(complaint.id),
          ...keys.complaintsByDay(complaint.submittedOn, complaint.id),
          ...complaint,
          submission,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true, complaint };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = error.Item ? complaintOfItem(unmarshall(error.Item)) : await getComplaint(complaint.id);
    return { created: false, complaint: stored as ComplaintRecord };
  }
}

/**
 * Sets fields on a complaint and adds an event, if `condition` (on the stored record) holds: each step of
 * the procedure happens once however often it is retried. Returns whether it was set.
 */
export async function updateComplaint(
  id: string,
  set: Record<string, unknown>,
  event: string | undefined,
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Promise<boolean> {
  const names: Record<string, string> = { ...(condition?.names ?? {}) };
  const values: Record<string, unknown> = { ...(condition?.values ?? {}) };
  const parts = Object.entries(set).map(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  if (event) {
    names['#events'] = 'events';
    values[':event'] = [{ on: today(), what: event }];
    values[':none'] = [];
    parts.push('#events = list_append(if_not_exists(#events, :none), :event)');
  }
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.complaint(id),
        UpdateExpression: `SET ${parts.join(', ')}`,
        ConditionExpression: condition
          ? `attribute_exists(pk) AND (${condition.expression})`
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The workflow's wait: its token on the complaint, where an answer finds it. */
export function storeComplaintToken(id: string, token: string): Promise<boolean> {
  return updateComplaint(id, { taskToken: token }, undefined);
}

/** Takes the token (once): whoever takes it wakes the wait. */
export async function takeComplaintToken(id: string): Promise<string | undefined> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.complaint(id),
        UpdateExpression: 'REMOVE taskToken',
        ConditionExpression: 'attribute_exists(taskToken)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes?.taskToken as string | undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Complaints by the day they were submitted (from `from`, oldest first), optionally of one status. */
export async function listComplaints(options: {
  from?: string;
  to?: string;
  status?: ComplaintStatus;
}): Promise<ComplaintRecord[]> {
  const found: ComplaintRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': 'COMPLAINTS',
          ':from': options.from ?? '0000',
          ':to': `${options.to ?? '9999'}\uffff`,
          ...(options.status ? { ':status': options.status } : {}),
        },
        ...(options.status
          ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) found.push(complaintOfItem(item) as ComplaintRecord);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}
