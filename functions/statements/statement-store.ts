import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/keys.ts';
import type { AnnualStatementFacts } from '#shared/statements/annual-statement.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { strip } from '../adapters/store.ts';

/**
 * INV-8: an annual statement as recorded: `withheld` while the parent had arrears (with the day), then
 * `issued` (with the day it was e-mailed). The figures are those it was issued with.
 */
export interface StatementRecord {
  type: 'annual-statement';
  id: string;
  year: number;
  parentId: string;
  child: string;
  location: string;
  lrk: string;
  contracts: string[];
  status: 'withheld' | 'issued';
  withheldOn?: string;
  issuedOn?: string;
  hundredths?: number;
  amount?: number;
  paid?: number;
}

const table = () => environment.tableName();

export async function getStatement(parentId: string, id: string): Promise<StatementRecord | undefined> {
  const found = await dynamo().send(
    new GetCommand({ TableName: table(), Key: keys.annualStatement(parentId, id), ConsistentRead: true }),
  );
  return strip<StatementRecord>(found.Item);
}

function item(record: StatementRecord) {
  return {
    ...keys.annualStatement(record.parentId, record.id),
    ...keys.yearStatements(record.year, record.parentId, record.id),
    ...record,
  };
}

/** Withheld once: a statement already withheld or issued stays as it is. */
export async function recordWithheld(facts: AnnualStatementFacts, on: string): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: item({ ...recordOf(facts), status: 'withheld', withheldOn: on }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Issued, with the figures it was issued with (a withheld one keeps the day it was withheld). */
export async function recordIssued(facts: AnnualStatementFacts, on: string): Promise<void> {
  const record = recordOf(facts);
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.annualStatement(facts.parentId, facts.id),
        UpdateExpression:
          'SET #type = :type, id = :id, #year = :year, parentId = :parent, child = :child, #location = :location, lrk = :lrk, contracts = :contracts, #status = :issued, issuedOn = :on, hundredths = :hundredths, amount = :amount, paid = :paid, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
        ConditionExpression: 'attribute_not_exists(#status) OR #status <> :issued',
        ExpressionAttributeNames: {
          '#type': 'type',
          '#year': 'year',
          '#location': 'location',
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':type': 'annual-statement',
          ':id': record.id,
          ':year': record.year,
          ':parent': record.parentId,
          ':child': record.child,
          ':location': record.location,
          ':lrk': record.lrk,
          ':contracts': record.contracts,
          ':issued': 'issued',
          ':on': on,
          ':hundredths': facts.hundredths,
          ':amount': facts.amount,
          ':paid': facts.paid,
          ...Object.fromEntries(
            Object.entries(keys.yearStatements(record.year, record.parentId, record.id)).map(([k, v]) => [
              `:${k}`,
              v,
            ]),
          ),
        },
      }),
    )
    .catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

function recordOf(facts: AnnualStatementFacts): Omit<StatementRecord, 'status'> {
  return {
    type: 'annual-statement',
    id: facts.id,
    year: facts.year,
    parentId: facts.parentId,
    child: facts.child.name,
    location: facts.location.name,
    lrk: facts.location.lrk,
    contracts: facts.contracts,
  };
}

/** A parent's statements, oldest year first. */
export async function statementsOfParent(parentId: string): Promise<StatementRecord[]> {
  const found: StatementRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.annualStatement(parentId, '').pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const i of page.Items ?? []) found.push(strip<StatementRecord>(i) as StatementRecord);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** A year's statements in parent order, a page at a time. */
export async function statementsOfYear(
  year: number,
  after?: string,
  limit = 500,
): Promise<{ statements: StatementRecord[]; next?: string }> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: after ? 'gsi2pk = :pk AND gsi2sk > :after' : 'gsi2pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.yearStatements(year, '', '').gsi2pk,
        ...(after ? { ':after': after } : {}),
      },
      Limit: limit,
    }),
  );
  const statements = (page.Items ?? []).map((i) => strip<StatementRecord>(i) as StatementRecord);
  const last = page.LastEvaluatedKey?.gsi2sk as string | undefined;
  return { statements, ...(last ? { next: last } : {}) };
}

/** A page of parent ids in id order (the parents index), after the given one. */
export async function parentIdsPage(
  after: string | undefined,
  limit: number,
): Promise<{ ids: string[]; next?: string }> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: after ? 'gsi2pk = :pk AND gsi2sk > :after' : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PARENTS', ...(after ? { ':after': after } : {}) },
      ProjectionExpression: 'id',
      Limit: limit,
    }),
  );
  const ids = (page.Items ?? []).map((i) => i.id as string);
  return { ids, ...(page.LastEvaluatedKey ? { next: ids.at(-1) } : {}) };
}

/** INV-8: the last year the January job issued (undefined before its first run). */
export async function lastScheduledYear(): Promise<number | undefined> {
  const found = await dynamo().send(
    new GetCommand({ TableName: table(), Key: keys.annualStatementsSchedule(), ConsistentRead: true }),
  );
  return found.Item?.year as number | undefined;
}

export async function markScheduledYear(year: number): Promise<void> {
  await dynamo()
    .send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.annualStatementsSchedule(), type: 'schedule', year },
        ConditionExpression: 'attribute_not_exists(#year) OR #year < :year',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: { ':year': year },
      }),
    )
    .catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}
