import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BookingRecord } from '#shared/flex.ts';
import type { ExtraRecord, InvoiceRecord } from '#shared/invoices.ts';
import { keys } from '#shared/keys.ts';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';
import { dynamo } from './clients.ts';
import { eachConcurrently } from './concurrently.ts';
import { environment } from './environment.ts';
import { strip } from './store.ts';

/** The invoicing run's reads and writes: contracts in parent order, number reservations, invoices in batches. */
type Key = Record<string, unknown>;

export interface ContractsPage {
  /** Whole parents only: a parent's contracts never straddle two pages. */
  byParent: Map<string, ContractRecord[]>;
  contracts: number;
  next?: Key;
}

/**
 * What invoicing and the announcements read of a contract (and the keys a cursor is made of): not the
 * applied request ids, the location or the offer, which would only make the pages heavier.
 */
const BILLING_FIELDS = [
  'pk',
  'sk',
  'gsi2pk',
  'gsi2sk',
  'type',
  'id',
  'parentId',
  'status',
  'product',
  'child',
  'start',
  'end',
  'weeks',
  'schedule',
  'hoursPerMonth',
  'changes',
] as const;

/** The ProjectionExpression that reads just these attributes (each by a placeholder name). */
function projection(fields: readonly string[]) {
  return {
    ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])),
  };
}

/** A page of contracts in parent order, with the billing fields of each (BILLING_FIELDS). */
export async function contractsPage(cursor: Key | undefined, limit: number): Promise<ContractsPage> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: environment.tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'CONTRACTS' },
      ...projection(BILLING_FIELDS),
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  const items = (result.Items ?? []) as (ContractRecord & Key)[];
  let kept = items;
  let next = result.LastEvaluatedKey;
  if (next && items.length > 1) {
    // The last parent may go on in the next page: leave it whole for that page.
    const lastParent = items.at(-1)?.parentId;
    const cut = items.findIndex((i) => i.parentId === lastParent);
    if (cut > 0) {
      kept = items.slice(0, cut);
      const last = kept.at(-1) as Key;
      next = { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk };
    }
  }
  const byParent = new Map<string, ContractRecord[]>();
  for (const item of kept) {
    const contract = strip<ContractRecord>(item) as ContractRecord;
    const list = byParent.get(contract.parentId) ?? [];
    list.push(contract);
    byParent.set(contract.parentId, list);
  }
  return { byParent, contracts: kept.length, next };
}

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Key[]> {
  const items: Key[] = [];
  let start: Key | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Key[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The extras billed in a month for the parents from `first` to `last` (in parent order). */
export async function extrasFor(month: string, first: string, last: string): Promise<ExtraRecord[]> {
  return monthRecords<ExtraRecord>('EXTRAS', month, first, last);
}

/** INV-3: the flexible bookings of a month for a range of parents. */
export async function bookingsFor(month: string, first: string, last: string): Promise<BookingRecord[]> {
  return monthRecords<BookingRecord>('BOOKINGS', month, first, last);
}

async function monthRecords<T>(kind: string, month: string, first: string, last: string): Promise<T[]> {
  const items = await queryAll({
    TableName: environment.tableName(),
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :month AND gsi2sk BETWEEN :first AND :last',
    ExpressionAttributeValues: {
      ':month': `${kind}#${month}`,
      ':first': `${first}#`,
      ':last': `${last}#\uffff`,
    },
  });
  return items.map((i) => strip<T>(i) as T);
}

async function batchGet<T>(keyList: { pk: string; sk: string }[], projection?: string): Promise<T[]> {
  const found: T[] = [];
  const table = environment.tableName();
  const chunks: Key[][] = [];
  for (let i = 0; i < keyList.length; i += 100) chunks.push(keyList.slice(i, i + 100));
  await eachConcurrently(chunks, 4, async (chunk) => {
    let request:
      | Record<string, { Keys: Key[]; ConsistentRead: boolean; ProjectionExpression?: string }>
      | undefined = {
      [table]: {
        Keys: chunk,
        ConsistentRead: true,
        ...(projection ? { ProjectionExpression: projection } : {}),
      },
    };
    while (request && Object.keys(request).length) {
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      found.push(...((result.Responses?.[table] ?? []).map((item) => strip<T>(item)) as T[]));
      request = result.UnprocessedKeys as typeof request;
    }
  });
  return found;
}

/** Which of these parents have an invoice for the month already (keys only: cheap to read). */
export async function invoicedParents(parentIds: string[], month: string): Promise<Set<string>> {
  const found = await batchGet<{ parentId: string }>(
    parentIds.map((p) => keys.invoice(p, month)),
    'parentId',
  );
  return new Set(found.map((i) => i.parentId));
}

export function parentsById(parentIds: string[]): Promise<ParentRecord[]> {
  return batchGet<ParentRecord>(parentIds.map((p) => keys.parent(p)));
}

/**
 * Every parent the parents index lists, by id, with what a collection needs: name, IBAN, mandate
 * (parents stored before the index are not among them).
 */
export async function listedParents(): Promise<Map<string, ParentRecord>> {
  const listed = await queryAll({
    TableName: environment.tableName(),
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :parents',
    ExpressionAttributeValues: { ':parents': 'PARENTS' },
    ...projection(['id', 'name', 'iban', 'mandate']),
  });
  return new Map(listed.map((item) => [item.id as string, strip<ParentRecord>(item) as ParentRecord]));
}

export interface PageRecord {
  month: string;
  page: number;
  /** Invoice numbers reserved for this page's parents: a page run again gets the same numbers. */
  assignments: Record<string, number>;
  year: string;
  contracts: number;
  issued: number;
  total: number;
  skipped: { parent: string; reason: string }[];
}

export async function getPage(month: string, page: number): Promise<PageRecord | undefined> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: environment.tableName(),
      Key: keys.invoiceRunPage(month, page),
      ConsistentRead: true,
    }),
  );
  return strip<PageRecord>(result.Item);
}

/**
 * Reserves consecutive invoice numbers for a page in one transaction with the page's record, so that
 * the numbers have no gap and no duplicate however often the page runs.
 */
export async function reservePage(
  record: Omit<PageRecord, 'assignments'>,
  parents: string[],
): Promise<PageRecord & { fresh: boolean }> {
  const table = environment.tableName();
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await getPage(record.month, record.page);
    if (existing) return { ...existing, fresh: false };
    const counter = await dynamo().send(
      new GetCommand({ TableName: table, Key: keys.invoiceCounter(record.year), ConsistentRead: true }),
    );
    const next = (counter.Item?.next as number | undefined) ?? 1;
    const assignments = Object.fromEntries(parents.map((p, i) => [p, next + i]));
    const page: PageRecord = { ...record, assignments };
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: keys.invoiceCounter(record.year),
                UpdateExpression: 'SET #next = :after',
                ConditionExpression: counter.Item ? '#next = :next' : 'attribute_not_exists(pk)',
                ExpressionAttributeNames: { '#next': 'next' },
                ExpressionAttributeValues: counter.Item
                  ? { ':after': next + parents.length, ':next': next }
                  : { ':after': next + parents.length },
              },
            },
            {
              Put: {
                TableName: table,
                Item: {
                  ...keys.invoiceRunPage(record.month, record.page),
                  type: 'invoice-run-page',
                  ...page,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { ...page, fresh: true };
    } catch (error) {
      // Another writer moved the counter or wrote the page, or the store reported a conflict: try again
      // after a short, growing pause.
      if (error instanceof TransactionCanceledException) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, 10 * 2 ** attempt)));
        continue;
      }
      throw error;
    }
  }
  throw new Error(`could not reserve invoice numbers for ${record.month} page ${record.page}`);
}

/** Writes items in batches of 25, four batches at a time, retrying what DynamoDB leaves unprocessed. */
async function batchPut(items: Key[]): Promise<number> {
  const table = environment.tableName();
  const chunks: Key[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let requests = 0;
  await eachConcurrently(chunks, 4, async (chunk) => {
    let pending: Record<string, { PutRequest: { Item: Key } }[]> | undefined = {
      [table]: chunk.map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; pending && Object.keys(pending).length; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      requests++;
      const result = await dynamo().send(new BatchWriteCommand({ RequestItems: pending }));
      pending = result.UnprocessedItems as typeof pending;
    }
  });
  return requests;
}

/** Writes new invoices (the caller has checked that their keys do not exist yet). */
export function putInvoices(invoices: InvoiceRecord[]): Promise<number> {
  return batchPut(
    invoices.map((invoice) => ({
      ...keys.invoice(invoice.parentId, invoice.month),
      ...keys.byParent(invoice.parentId, 'INVOICE', invoice.month),
      ...keys.monthInvoices(invoice.month, invoice.parentId),
      ...invoice,
    })),
  );
}

/** A month's invoices; `fields` limits what is read (all of each invoice when absent). */
export async function monthInvoices(
  month: string,
  fields?: (keyof InvoiceRecord)[],
): Promise<InvoiceRecord[]> {
  const items = await queryAll({
    ...(fields ? projection(fields) : {}),
    TableName: environment.tableName(),
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :month',
    ExpressionAttributeValues: { ':month': `INVOICES#${month}` },
  });
  return items.map((i) => strip<InvoiceRecord>(i) as InvoiceRecord);
}

export async function runPages(month: string): Promise<PageRecord[]> {
  const items = await queryAll({
    TableName: environment.tableName(),
    KeyConditionExpression: 'pk = :run AND begins_with(sk, :page)',
    ExpressionAttributeValues: { ':run': `INVOICERUN#${month}`, ':page': 'PAGE#' },
    ConsistentRead: true,
  });
  return items.map((i) => strip<PageRecord>(i) as PageRecord);
}

export interface RunRecord {
  type: 'invoice-run';
  month: string;
  status: 'running' | 'done';
  startedAt: string;
  finishedAt?: string;
  summary?: RunSummary;
}

export interface RunSummary {
  contracts: number;
  invoices: number;
  total: number;
  skipped: { parent: string; reason: string }[];
  sepa: {
    collection: string;
    transactions: number;
    total: number;
    file: string;
    excluded: { parent: string; reason: string }[];
  }[];
}

/** The run's record, created by the first start of the month's run and kept by every later one. */
export async function startRun(
  month: string,
  startedAt: string,
): Promise<{ run: RunRecord; created: boolean }> {
  const table = environment.tableName();
  const record: RunRecord = { type: 'invoice-run', month, status: 'running', startedAt };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.invoiceRun(month), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { run: record, created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await getRun(month);
    if (!existing) throw new Error(`invoice run ${month} could not be started`);
    return { run: existing, created: false };
  }
}

export async function getRun(month: string): Promise<RunRecord | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: keys.invoiceRun(month), ConsistentRead: true }),
  );
  return strip<RunRecord>(result.Item);
}

export async function finishRun(month: string, summary: RunSummary, finishedAt: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: environment.tableName(),
      Key: keys.invoiceRun(month),
      UpdateExpression:
        'SET #status = :done, summary = :summary, finishedAt = if_not_exists(finishedAt, :at)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':summary': summary, ':at': finishedAt },
    }),
  );
}
