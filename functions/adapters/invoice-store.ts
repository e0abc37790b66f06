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
import type { ExtraRecord, InvoiceRecord, SkippedParent } from '#shared/invoices.ts';
import { keys } from '#shared/keys.ts';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';
import { collectionProblem } from '#shared/sepa.ts';
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
  // TAR-5: a subsidised toddler place bills the parent contribution only.
  'subsidy',
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

/** A page of the run: whole parents in parent order, where the next page starts, and whether one may follow. */
export interface RunContractsPage {
  byParent: Map<string, ContractRecord[]>;
  contracts: number;
  /** The last parent on the page: the page's upper bound, kept with its reservation. */
  lastParent?: string;
  /** The key of the page's last contract: the next page starts after it. */
  cursor: Key | null;
  /** False when the index holds nothing after this page. */
  more: boolean;
}

/** The parent a run cursor (the key of a page's last contract) ends with. */
export function cursorParent(cursor: Key | null | undefined): string | undefined {
  const sortKey = cursor?.gsi2sk;
  return typeof sortKey === 'string' ? sortKey.split('#')[0] : undefined;
}

/**
 * A page of the invoice run: the contracts of the parents after `after`. A page read for the first time
 * takes up to `limit` contracts and always whole parents (a parent with more contracts than the limit is
 * read whole); a page read again takes exactly its parents range (`after`, `through`], as recorded with its
 * reservation, so that a page run again covers the same parents however the contracts changed meanwhile
 * (issue 8 item 5: a contract added since lands on the page it belongs to, and is invoiced there).
 */
export async function runContractsPage(
  range: { after?: string; through?: string; cursor?: Key | null },
  limit: number,
): Promise<RunContractsPage> {
  const from = range.after === undefined ? undefined : `${range.after}#\uffff`;
  const base = {
    TableName: environment.tableName(),
    IndexName: 'gsi2',
    ...projection(BILLING_FIELDS),
  };
  let items: (ContractRecord & Key)[];
  let more: boolean;
  if (range.through !== undefined) {
    const to = `${range.through}#\uffff`;
    items = (await queryAll({
      ...base,
      KeyConditionExpression:
        from === undefined
          ? 'gsi2pk = :all AND gsi2sk <= :to'
          : 'gsi2pk = :all AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':all': 'CONTRACTS',
        ':to': to,
        ...(from === undefined ? {} : { ':from': from }),
      },
    })) as (ContractRecord & Key)[];
    more = true;
  } else {
    const result = await dynamo().send(
      new QueryCommand({
        ...base,
        KeyConditionExpression: from === undefined ? 'gsi2pk = :all' : 'gsi2pk = :all AND gsi2sk > :from',
        ExpressionAttributeValues: { ':all': 'CONTRACTS', ...(from === undefined ? {} : { ':from': from }) },
        Limit: limit,
      }),
    );
    items = (result.Items ?? []) as (ContractRecord & Key)[];
    more = result.LastEvaluatedKey !== undefined;
    const lastParent = items.at(-1)?.parentId;
    if (more && lastParent !== undefined) {
      const cut = items.findIndex((i) => i.parentId === lastParent);
      if (cut > 0) items = items.slice(0, cut);
      else {
        // One parent fills the page: read all of theirs, so that no parent straddles two pages.
        items = (await queryAll({
          ...base,
          KeyConditionExpression: 'gsi2pk = :all AND begins_with(gsi2sk, :parent)',
          ExpressionAttributeValues: { ':all': 'CONTRACTS', ':parent': `${lastParent}#` },
        })) as (ContractRecord & Key)[];
      }
    }
  }
  const byParent = new Map<string, ContractRecord[]>();
  for (const item of items) {
    const contract = strip<ContractRecord>(item) as ContractRecord;
    const list = byParent.get(contract.parentId) ?? [];
    list.push(contract);
    byParent.set(contract.parentId, list);
  }
  const last = items.at(-1);
  return {
    byParent,
    contracts: items.length,
    lastParent: last?.parentId,
    cursor: last
      ? { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk }
      : (range.cursor ?? null),
    more,
  };
}

/** Every contract of these parents (a supplementary pass's few parents). */
export async function contractsOfParents(parentIds: string[]): Promise<Map<string, ContractRecord[]>> {
  const byParent = new Map<string, ContractRecord[]>();
  await eachConcurrently(parentIds, 4, async (parentId) => {
    const items = await queryAll({
      TableName: environment.tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all AND begins_with(gsi2sk, :parent)',
      ExpressionAttributeValues: { ':all': 'CONTRACTS', ':parent': `${parentId}#` },
      ...projection(BILLING_FIELDS),
    });
    byParent.set(
      parentId,
      items.map((i) => strip<ContractRecord>(i) as ContractRecord),
    );
  });
  return byParent;
}

/** How many contracts the run's index lists (keys only). */
export async function countContracts(): Promise<number> {
  let contracts = 0;
  let start: Key | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: environment.tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :all',
        ExpressionAttributeValues: { ':all': 'CONTRACTS' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    contracts += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return contracts;
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

async function batchGet<T>(
  keyList: { pk: string; sk: string }[],
  projection?: string,
  names?: Record<string, string>,
): Promise<T[]> {
  const found: T[] = [];
  const table = environment.tableName();
  const chunks: Key[][] = [];
  for (let i = 0; i < keyList.length; i += 100) chunks.push(keyList.slice(i, i + 100));
  await eachConcurrently(chunks, 4, async (chunk) => {
    let request:
      | Record<
          string,
          {
            Keys: Key[];
            ConsistentRead: boolean;
            ProjectionExpression?: string;
            ExpressionAttributeNames?: Record<string, string>;
          }
        >
      | undefined = {
      [table]: {
        Keys: chunk,
        ConsistentRead: true,
        ...(projection ? { ProjectionExpression: projection } : {}),
        ...(names ? { ExpressionAttributeNames: names } : {}),
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

/** Which of these parents can be collected by direct debit now: a valid IBAN and a mandate (INV-6). */
export async function collectableParents(parentIds: string[]): Promise<Set<string>> {
  const parents = await batchGet<Pick<ParentRecord, 'id' | 'iban' | 'mandate'>>(
    parentIds.map((p) => keys.parent(p)),
    'id, iban, mandate',
  );
  return new Set(parents.filter((p) => !collectionProblem(p.iban, p.mandate)).map((p) => p.id));
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

/**
 * Invoice numbers reserved for a group of parents (a page of the run, or a month's supplementary passes),
 * with what the group issued: a group run again gets the same numbers (INV-4).
 */
export interface ReservationRecord {
  month: string;
  year: string;
  /** Parent → the sequence number of their invoice. */
  assignments: Record<string, number>;
  contracts: number;
  issued: number;
  total: number;
  skipped: SkippedParent[];
  /** Counts the revisions of the reservation (`reviseReservation`); absent is 0. */
  revision?: number;
}

export interface PageRecord extends ReservationRecord {
  page: number;
  /** The page's last parent: a page read again covers the same parents (`runContractsPage`). */
  lastParent?: string;
}

type ReservationKey = { pk: string; sk: string };

async function getReservation<T extends ReservationRecord>(key: ReservationKey): Promise<T | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: key, ConsistentRead: true }),
  );
  return strip<T>(result.Item);
}

export function getPage(month: string, page: number): Promise<PageRecord | undefined> {
  return getReservation<PageRecord>(keys.invoiceRunPage(month, page));
}

export function getLatePass(month: string): Promise<ReservationRecord | undefined> {
  return getReservation<ReservationRecord>(keys.invoiceRunLatePass(month));
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(500, 10 * 2 ** attempt)));

/** The counter's next number, and the condition that it is still that when the transaction writes. */
async function counterUpdate(year: string, count: number) {
  const table = environment.tableName();
  const counter = await dynamo().send(
    new GetCommand({ TableName: table, Key: keys.invoiceCounter(year), ConsistentRead: true }),
  );
  const next = (counter.Item?.next as number | undefined) ?? 1;
  return {
    next,
    write: {
      Update: {
        TableName: table,
        Key: keys.invoiceCounter(year),
        UpdateExpression: 'SET #next = :after',
        ConditionExpression: counter.Item ? '#next = :next' : 'attribute_not_exists(pk)',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: counter.Item
          ? { ':after': next + count, ':next': next }
          : { ':after': next + count },
      },
    },
  };
}

/**
 * Reserves consecutive invoice numbers for a group in one transaction with the group's record, so that the
 * numbers have no gap and no duplicate however often the group runs. An existing record is returned as it is.
 */
async function reserveNumbers<T extends ReservationRecord>(
  key: ReservationKey,
  type: string,
  record: Omit<T, 'assignments'>,
  parents: string[],
): Promise<T & { fresh: boolean }> {
  const table = environment.tableName();
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await getReservation<T>(key);
    if (existing) return { ...existing, fresh: false };
    const counter = await counterUpdate(record.year, parents.length);
    const assignments = Object.fromEntries(parents.map((p, i) => [p, counter.next + i]));
    const reserved = { ...record, assignments } as T;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            counter.write,
            {
              Put: {
                TableName: table,
                Item: { ...key, type, ...reserved },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { ...reserved, fresh: true };
    } catch (error) {
      // Another writer moved the counter or wrote the record, or the store reported a conflict: try again
      // after a short, growing pause.
      if (error instanceof TransactionCanceledException) {
        await pause(attempt);
        continue;
      }
      throw error;
    }
  }
  throw new Error(`could not reserve invoice numbers for ${key.pk} ${key.sk}`);
}

export function reservePage(
  record: Omit<PageRecord, 'assignments'>,
  parents: string[],
): Promise<PageRecord & { fresh: boolean }> {
  return reserveNumbers<PageRecord>(
    keys.invoiceRunPage(record.month, record.page),
    'invoice-run-page',
    record,
    parents,
  );
}

export function reserveLatePass(
  record: Omit<ReservationRecord, 'assignments'>,
  parents: string[],
): Promise<ReservationRecord & { fresh: boolean }> {
  return reserveNumbers(keys.invoiceRunLatePass(record.month), 'invoice-run-late-pass', record, parents);
}

/**
 * Writes a group's revised reservation (shared/invoice-numbering.ts) with the numbers its new parents take
 * from the counter, in one transaction, unless another writer revised it since `seen` was read: then
 * undefined, and the caller reads it again.
 */
export async function reviseReservation<T extends ReservationRecord>(
  key: ReservationKey,
  seen: T,
  revised: Omit<ReservationRecord, 'month' | 'year' | 'revision'> & { unnumbered: string[] },
): Promise<T | undefined> {
  const { unnumbered, ...outcome } = revised;
  const counter = unnumbered.length ? await counterUpdate(seen.year, unnumbered.length) : undefined;
  const assignments = { ...outcome.assignments };
  unnumbered.forEach((parent, i) => {
    assignments[parent] = (counter?.next ?? 0) + i;
  });
  const revision = (seen.revision ?? 0) + 1;
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          ...(counter ? [counter.write] : []),
          {
            Update: {
              TableName: environment.tableName(),
              Key: key,
              UpdateExpression:
                'SET assignments = :assignments, contracts = :contracts, issued = :issued, #total = :total, skipped = :skipped, revision = :revision',
              ConditionExpression: seen.revision ? 'revision = :seen' : 'attribute_not_exists(revision)',
              ExpressionAttributeNames: { '#total': 'total' },
              ExpressionAttributeValues: {
                ':assignments': assignments,
                ':contracts': outcome.contracts,
                ':issued': outcome.issued,
                ':total': outcome.total,
                ':skipped': outcome.skipped,
                ':revision': revision,
                ...(seen.revision ? { ':seen': seen.revision } : {}),
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) return undefined;
    throw error;
  }
  return { ...seen, ...outcome, assignments, revision };
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

/**
 * INV-4: void invoices, each only where the parent has no invoice for the month: a real one written by an
 * earlier attempt (with this very number) is never replaced by its void.
 */
export async function putVoidInvoices(invoices: InvoiceRecord[]): Promise<void> {
  await eachConcurrently(invoices, 4, async (invoice) => {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: environment.tableName(),
          Item: {
            ...keys.invoice(invoice.parentId, invoice.month),
            ...keys.byParent(invoice.parentId, 'INVOICE', invoice.month),
            ...keys.monthInvoices(invoice.month, invoice.parentId),
            ...invoice,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
}

/** Writes new invoices (the caller has checked that their keys do not exist yet). */
export function putInvoices(invoices: InvoiceRecord[]): Promise<number> {
  return batchPut(
    invoices.map((invoice) => ({
      ...keys.invoice(invoice.parentId, invoice.month),
      ...keys.byParent(invoice.parentId, 'INVOICE', invoice.month),
      ...keys.monthInvoices(invoice.month, invoice.parentId),
      // Issue 9: a bank entry names the invoice by its number (remittance, end-to-end id).
      ...keys.invoiceByNumber(invoice.number),
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
    ExpressionAttributeValues: { ':run': keys.invoiceRun(month).pk, ':page': 'PAGE#' },
    ConsistentRead: true,
  });
  return items.map((i) => strip<PageRecord>(i) as PageRecord);
}

/**
 * A month's invoicing run. Issue 8 item 5: it ends `succeeded`, or `failed` with its reason; each start
 * of it is an attempt, counted here, and runs as its own workflow execution (`invoice-run-<month>-<attempt>`).
 */
export interface RunRecord {
  type: 'invoice-run';
  month: string;
  status: 'running' | 'succeeded' | 'failed';
  attempt: number;
  /** When the first attempt started: the SEPA files' creation time, the same however often it runs. */
  startedAt: string;
  attemptStartedAt?: string;
  finishedAt?: string;
  /** Why the last attempt failed, and which step it had reached. */
  failure?: { reason: string; attempt: number; at: string };
  summary?: RunSummary;
}

/** A SEPA batch of the month (INV-6): one file per collection date, with who was left out and why. */
export interface SepaBatchSummary {
  collection: string;
  transactions: number;
  total: number;
  file: string;
  excluded: SkippedParent[];
}

/** INV-5: an invoice of a late contract, issued by a supplementary pass after the run. */
export interface LateInvoiceSummary {
  parent: string;
  number: string;
  issuedOn: string;
  debitOn: string;
  total: number;
}

/**
 * What a month's run did, on its record and in the CLI. One named part per concern, so that a new one
 * (e-mails that could not be sent) is one more field.
 */
export interface RunSummary {
  /** Contracts the run's pages read. */
  contracts: number;
  /** Invoices issued for the month, by the run and by its supplementary passes, and their total. */
  invoices: number;
  total: number;
  /** Parents who got no invoice, and why (the first ones, when there are very many). */
  skipped: SkippedParent[];
  /** When `skipped` is cut short: how many were skipped in all, and for which reasons. */
  skippedCount?: number;
  skippedByReason?: Record<string, number>;
  /** Invoices of contracts that arrived after the run (INV-5), also counted in `invoices`. */
  late: LateInvoiceSummary[];
  sepa: SepaBatchSummary[];
}

/** A run record as stored before attempts were counted (`done`, no attempt) reads as it would now. */
function runRecord(item: Record<string, unknown> | undefined): RunRecord | undefined {
  const run = strip<Omit<RunRecord, 'status'> & { status: RunRecord['status'] | 'done' }>(item);
  if (!run) return undefined;
  return { ...run, status: run.status === 'done' ? 'succeeded' : run.status, attempt: run.attempt ?? 1 };
}

/**
 * The run's record, created by the first attempt's first step and kept by every later one (`created`:
 * this call wrote it).
 */
export async function startRun(
  month: string,
  startedAt: string,
  attempt = 1,
): Promise<{ run: RunRecord; created: boolean }> {
  const table = environment.tableName();
  const record: RunRecord = {
    type: 'invoice-run',
    month,
    status: 'running',
    attempt,
    startedAt,
    attemptStartedAt: startedAt,
  };
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
  return runRecord(result.Item);
}

/** Runs the update; false when its condition did not hold. */
async function updateIf(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
  try {
    await dynamo().send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Claims the next attempt of a failed run, or of one whose attempt has shown no sign of life since
 * `staleBefore` (its execution died without recording why): true for the one caller that moved it from
 * `attempt` to `attempt + 1`, so that two requests start one execution.
 */
export function claimNextAttempt(
  month: string,
  attempt: number,
  at: string,
  staleBefore?: string,
): Promise<boolean> {
  const seen = attempt === 1 ? '(attempt = :attempt OR attribute_not_exists(attempt))' : 'attempt = :attempt';
  const stale = staleBefore
    ? ' OR (#status = :running AND (attemptStartedAt < :stale OR (attribute_not_exists(attemptStartedAt) AND startedAt < :stale)))'
    : '';
  return updateIf({
    TableName: environment.tableName(),
    Key: keys.invoiceRun(month),
    UpdateExpression: 'SET #status = :running, attempt = :next, attemptStartedAt = :at REMOVE failure',
    ConditionExpression: `${seen} AND (#status = :failed${stale})`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':running': 'running',
      ':failed': 'failed',
      ':attempt': attempt,
      ':next': attempt + 1,
      ':at': at,
      ...(staleBefore ? { ':stale': staleBefore } : {}),
    },
  });
}

/** The run succeeded: its summary, and when (the first time). */
export async function finishRun(month: string, summary: RunSummary, finishedAt: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: environment.tableName(),
      Key: keys.invoiceRun(month),
      UpdateExpression:
        'SET #status = :succeeded, summary = :summary, finishedAt = if_not_exists(finishedAt, :at) REMOVE failure',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':succeeded': 'succeeded', ':summary': summary, ':at': finishedAt },
    }),
  );
}

/** A supplementary pass changed what the succeeded run issued: its summary again. */
export async function updateRunSummary(month: string, summary: RunSummary): Promise<void> {
  await updateIf({
    TableName: environment.tableName(),
    Key: keys.invoiceRun(month),
    UpdateExpression: 'SET summary = :summary',
    ConditionExpression: '#status = :succeeded',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':summary': summary, ':succeeded': 'succeeded' },
  });
}

/**
 * The attempt failed, with its reason; a run that failed before its first step wrote its record gets one,
 * so that the next request starts the next attempt. A failure reported by an older attempt, or after the
 * run succeeded, changes nothing: false.
 */
export function failRun(month: string, attempt: number, reason: string, at: string): Promise<boolean> {
  const seen = attempt === 1 ? '(attempt = :attempt OR attribute_not_exists(attempt))' : 'attempt = :attempt';
  return updateIf({
    TableName: environment.tableName(),
    Key: keys.invoiceRun(month),
    UpdateExpression:
      'SET #status = :failed, failure = :failure, finishedAt = :at, #type = if_not_exists(#type, :type), #month = if_not_exists(#month, :month), attempt = if_not_exists(attempt, :attempt), startedAt = if_not_exists(startedAt, :at)',
    ConditionExpression: `attribute_not_exists(pk) OR (#status = :running AND ${seen})`,
    ExpressionAttributeNames: { '#status': 'status', '#type': 'type', '#month': 'month' },
    ExpressionAttributeValues: {
      ':failed': 'failed',
      ':running': 'running',
      ':attempt': attempt,
      ':failure': { reason, attempt, at },
      ':at': at,
      ':type': 'invoice-run',
      ':month': month,
    },
  });
}

/** INV-5: marks a parent of a late contract for the month's next supplementary pass. */
export async function markLateContract(month: string, parentId: string, contractId: string): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: environment.tableName(),
      Item: {
        ...keys.lateContract(month, parentId, contractId),
        type: 'late-contract',
        month,
        parentId,
        contractId,
      },
    }),
  );
}

/** The marks of the month's supplementary pass (one per late contract): one partition, empty most days. */
export async function lateContractMarks(month: string): Promise<{ parentId: string; contractId: string }[]> {
  const items = await queryAll({
    TableName: environment.tableName(),
    KeyConditionExpression: 'pk = :run AND begins_with(sk, :late)',
    ExpressionAttributeValues: {
      ':run': keys.lateContract(month, '').pk,
      ':late': keys.lateContract(month, '').sk,
    },
    ProjectionExpression: 'parentId, contractId',
    ConsistentRead: true,
  });
  return items.map((i) => ({ parentId: i.parentId as string, contractId: (i.contractId as string) ?? '' }));
}

/** Clears the marks a pass has read, and only those: a mark written since stays for the next pass. */
export async function clearLateContracts(
  month: string,
  marks: { parentId: string; contractId: string }[],
): Promise<void> {
  const table = environment.tableName();
  for (let i = 0; i < marks.length; i += 25) {
    let pending: Record<string, { DeleteRequest: { Key: Key } }[]> | undefined = {
      [table]: marks
        .slice(i, i + 25)
        .map((m) => ({ DeleteRequest: { Key: keys.lateContract(month, m.parentId, m.contractId) } })),
    };
    while (pending && Object.keys(pending).length) {
      const result = await dynamo().send(new BatchWriteCommand({ RequestItems: pending }));
      pending = result.UnprocessedItems as typeof pending;
    }
  }
}

/** These parents' invoices of the month, with the fields asked for (missing ones are left out). */
export function invoicesOf(
  parentIds: string[],
  month: string,
  fields: (keyof InvoiceRecord)[],
): Promise<InvoiceRecord[]> {
  const { ProjectionExpression, ExpressionAttributeNames } = projection(fields);
  return batchGet<InvoiceRecord>(
    parentIds.map((p) => keys.invoice(p, month)),
    ProjectionExpression,
    ExpressionAttributeNames,
  );
}

/** The month's SEPA batches written so far (INV-6), by collection date. */
export async function sepaExports(month: string): Promise<SepaBatchSummary[]> {
  const items = await queryAll({
    TableName: environment.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sepa)',
    ExpressionAttributeValues: { ':pk': keys.export(month, '').pk, ':sepa': keys.export(month, '').sk },
    ConsistentRead: true,
  });
  return items.map((e) => ({
    collection: e.collection as string,
    transactions: e.transactions as number,
    total: e.total as number,
    file: e.file as string,
    excluded: (e.excluded as SkippedParent[] | undefined) ?? [],
  }));
}

/**
 * Records a written batch once: a batch of a collection date is never written again (INV-6), so a later
 * pass of the month cannot change a file that may have gone to the bank. False when it existed already.
 */
export async function recordSepaExport(
  month: string,
  batch: SepaBatchSummary,
  fields: Record<string, unknown>,
): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: { ...keys.export(month, batch.collection), type: 'sepa-export', month, ...fields, ...batch },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The last day the daily scheduler checked (issue 8 item 5: the days after it are caught up). */
export async function scheduleCheckedThrough(): Promise<string | undefined> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: environment.tableName(),
      Key: keys.invoiceRunSchedule(),
      ConsistentRead: true,
    }),
  );
  return result.Item?.checkedThrough as string | undefined;
}

export async function recordScheduleCheck(day: string): Promise<void> {
  await updateIf({
    TableName: environment.tableName(),
    Key: keys.invoiceRunSchedule(),
    UpdateExpression: 'SET checkedThrough = :day, #type = :type',
    // Never back: a late or repeated call for an earlier day leaves a later one standing.
    ConditionExpression: 'attribute_not_exists(checkedThrough) OR checkedThrough < :day',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':day': day, ':type': 'invoice-run-schedule' },
  });
}
