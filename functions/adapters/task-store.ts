import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { now, today } from '#shared/clock.ts';
import { keys } from '#shared/keys.ts';
import { dynamo } from './clients.ts';
import { environment } from './environment.ts';
import { strip } from './store.ts';

/**
 * Staff tasks: everything the system could not do (an e-mail not sent, a debtor left out of a batch, a
 * stream record given up on), with its reason. A failure is never only a log line or a parked record:
 * it is a task here, which the run's summary, `simulate`'s `failures` and `GET /tasks` show.
 * A task is about one subject once: recording the same failure again changes nothing.
 */
export interface TaskRecord {
  type: 'task';
  /** `<what>#<subject>`: one task per failed thing. */
  id: string;
  what:
    | 'e-mail'
    | 'sepa'
    | 'stream record'
    | 'workflow'
    | 'bank file'
    | 'dunning'
    | 'letter'
    | 'annual statement'
    | 'complaint';
  /** What failed: an e-mail's kind#ref, a parent id, a sequence number. */
  subject: string;
  /** Why, in words staff can act on; never personal data beyond ids. */
  error: string;
  status: 'open' | 'done';
  on: string;
  at: string;
  parentId?: string;
  /** The invoice run (month) the failure belongs to, when it belongs to one. */
  month?: string;
  /**
   * `work`: the procedure's own next step for staff (answer a complaint, KLA-3; deal with an escalation,
   * KLA-7), not something that failed: listed in GET /tasks, not among `simulate`'s failures.
   */
  kind?: 'work';
  /** Issue 13: the location it is about (a complaint, a contract's care): its location manager sees it. */
  location?: string;
}

export async function recordFailure(failure: {
  what: TaskRecord['what'];
  subject: string;
  error: string;
  parentId?: string;
  month?: string;
  kind?: 'work';
  location?: string;
}): Promise<TaskRecord> {
  const on = today();
  const task: TaskRecord = {
    type: 'task',
    id: `${failure.what.replace(/\s+/g, '-')}#${failure.subject}`,
    status: 'open',
    on,
    at: now().toISOString(),
    ...failure,
  };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: {
          ...keys.task(task.id),
          ...keys.openTasks(on, task.id),
          ...(task.month ? keys.runTasks(task.month, task.id) : {}),
          ...task,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  return task;
}

async function queryTasks(input: {
  IndexName: string;
  KeyConditionExpression: string;
  ExpressionAttributeValues: Record<string, unknown>;
}): Promise<TaskRecord[]> {
  const found: TaskRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({ TableName: environment.tableName(), ...input, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) found.push(strip<TaskRecord>(item) as TaskRecord);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** Open tasks, oldest first. */
export function openTasks(): Promise<TaskRecord[]> {
  return queryTasks({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :open',
    ExpressionAttributeValues: { ':open': keys.openTasks('', '').gsi2pk },
  });
}

/** The failures of a month's invoice run (its invoice e-mails, its SEPA batches). */
export function runFailures(month: string): Promise<TaskRecord[]> {
  return queryTasks({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :run',
    ExpressionAttributeValues: { ':run': keys.runTasks(month, '').gsi1pk },
  });
}

/**
 * Issue 10 item 4: a staff member marks a task done: it leaves the open list (and keeps its history).
 * Returns the task, or undefined when there is none with that id. Done twice is done.
 */
export async function getTask(id: string): Promise<TaskRecord | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: keys.task(id), ConsistentRead: true }),
  );
  return strip<TaskRecord>(result.Item);
}

export async function completeTask(id: string): Promise<TaskRecord | undefined> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.task(id),
        UpdateExpression: 'SET #status = :done, doneOn = if_not_exists(doneOn, :on) REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':on': today() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<TaskRecord>(result.Attributes);
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}
