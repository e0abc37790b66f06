import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseStep, DunningAmounts, DunningSchedule } from '#shared/dunning/ladder.ts';
import { keys } from '#shared/keys.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { strip } from '../adapters/store.ts';
import { resumeTask } from '../adapters/workflows.ts';

/**
 * A dunning case (DUN-1..4): one per time an invoice is found unpaid, holding the days of its steps as
 * computed when it began (a restart waits until the same days), what was done and stated, and the task
 * token of the wait that a payment, plan or dispute wakes.
 */
export interface DunningCase {
  type: 'dunning-case';
  invoice: string;
  parentId: string;
  month: string;
  foundUnpaidOn: string;
  schedule: DunningSchedule;
  status: 'active' | 'cleared' | 'handed-over';
  /** Each step taken: the day, and the amounts it stated. */
  done?: Partial<Record<CaseStep, { on: string; amounts?: DunningAmounts }>>;
  clearedOn?: string;
  /** The day it was cleared or handed over. */
  closedOn?: string;
  taskToken?: string;
  /** The pauses whose end moved the schedule (`plan#<agreedOn>`, `dispute#<resolvedOn>`). */
  resumed?: string[];
}

const table = () => environment.tableName();

export async function getCase(invoice: string, foundUnpaidOn: string): Promise<DunningCase | undefined> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: table(),
      Key: keys.dunningCase(invoice, foundUnpaidOn),
      ConsistentRead: true,
    }),
  );
  return strip<DunningCase>(result.Item);
}

/** The case, created once with its schedule: a second start (a retried step) finds the first. */
export async function openCase(dunningCase: DunningCase): Promise<DunningCase> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.dunningCase(dunningCase.invoice, dunningCase.foundUnpaidOn),
          ...keys.allDunningCases(dunningCase.foundUnpaidOn, dunningCase.invoice),
          ...dunningCase,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return dunningCase;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getCase(dunningCase.invoice, dunningCase.foundUnpaidOn)) as DunningCase;
  }
}

/** Records a step as taken, once. */
export async function markStepDone(
  c: DunningCase,
  step: CaseStep,
  on: string,
  amounts: DunningAmounts | undefined,
): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.dunningCase(c.invoice, c.foundUnpaidOn),
      UpdateExpression: 'SET done.#step = if_not_exists(done.#step, :taken)',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':taken': { on, ...(amounts ? { amounts } : {}) } },
    }),
  );
}

export async function closeCase(
  c: DunningCase,
  status: 'cleared' | 'handed-over',
  on: string,
): Promise<void> {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dunningCase(c.invoice, c.foundUnpaidOn),
        UpdateExpression: 'SET #status = :status, closedOn = if_not_exists(closedOn, :on) REMOVE taskToken',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':on': on, ':active': 'active' },
      }),
    )
    .catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

/** Stores the wait's task token; false when the case is no longer active. */
export async function storeTaskToken(
  invoice: string,
  foundUnpaidOn: string,
  token: string,
): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dunningCase(invoice, foundUnpaidOn),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': token, ':active': 'active' },
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

/** Takes the token of a waiting case (once: two wake-ups resume it once). */
export async function takeTaskToken(invoice: string, foundUnpaidOn: string): Promise<string | undefined> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dunningCase(invoice, foundUnpaidOn),
        UpdateExpression: 'REMOVE taskToken',
        ConditionExpression: 'attribute_exists(taskToken)',
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return result.Attributes?.taskToken as string | undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return undefined;
  }
}

/** DUN-4: the invoice shows it was handed over, until it is paid (the projection keeps it). */
export async function markInvoiceHandedOver(parentId: string, month: string): Promise<void> {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.invoice(parentId, month),
        UpdateExpression: 'SET #status = :handedOver',
        ConditionExpression: '#status IN (:open, :dunning)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':handedOver': 'handed-over',
          ':open': 'open',
          ':dunning': 'in-dunning',
        },
      }),
    )
    .catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

/**
 * Wakes the waiting cases of these invoices (each as last found unpaid): a payment, a plan or a dispute
 * must end or pause a case at once, not on its next wake-up. A task that ended meanwhile needs no wake.
 */
export async function wakeCases(
  invoices: { number: string; foundUnpaidOn?: string }[],
  why: string,
): Promise<void> {
  for (const invoice of invoices) {
    if (!invoice.foundUnpaidOn) continue;
    const token = await takeTaskToken(invoice.number, invoice.foundUnpaidOn);
    if (!token) continue;
    try {
      await resumeTask(token, { woken: why });
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'TaskTimedOut' && name !== 'InvalidToken' && name !== 'TaskDoesNotExist') throw error;
    }
  }
}

/**
 * DUN-9, DUN-11: a pause (a payment plan, a dispute) ended: the case's remaining steps move to the resume
 * day, once per pause (`marker`), and are stored (a restart waits until the same days).
 */
export async function rescheduleCase(
  c: DunningCase,
  marker: string,
  schedule: DunningCase['schedule'],
): Promise<DunningCase> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dunningCase(c.invoice, c.foundUnpaidOn),
        UpdateExpression:
          'SET schedule = :schedule, resumed = list_append(if_not_exists(resumed, :none), :marker)',
        ConditionExpression: 'attribute_not_exists(resumed) OR NOT contains(resumed, :markerText)',
        ExpressionAttributeValues: {
          ':schedule': schedule,
          ':none': [],
          ':marker': [marker],
          ':markerText': marker,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<DunningCase>(result.Attributes) as DunningCase;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getCase(c.invoice, c.foundUnpaidOn)) as DunningCase;
  }
}
