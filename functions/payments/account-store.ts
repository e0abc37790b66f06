import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { keys } from '#shared/keys.ts';
import type { Cents } from '#shared/money.ts';
import {
  type Account,
  type AccountEntry,
  type AccountInvoice,
  deriveAccount,
  type InvoiceBalance,
} from '#shared/payments/account.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { loadPolicy } from '../adapters/policy-store.ts';
import { strip } from '../adapters/store.ts';
import { resumeCareWhenPaid } from '../dunning/care-suspension.ts';
import { releaseWithheldStatements } from '../statements/issue-statements.ts';

/**
 * A parent's account in the table (issue 9 item 1): entries appended under ACCOUNT#parent, each once (a
 * repeat with the same content is no second entry; with other content it is a conflict); the account
 * derived from them and the parent's invoices; what is derived (an invoice's `paid` and `status`, the
 * credit the next run uses) written back as a projection that a later derivation may overwrite.
 */

/** An entry id already holds an entry with other content: never "done" (409 to an API caller). */
export class EntryConflictError extends Error {
  override name = 'EntryConflictError';
  constructor(
    readonly entryId: string,
    readonly stored: AccountEntry,
  ) {
    super(`entry ${entryId} already records something else`);
  }
}

/** What makes two entries the same booking (not when or by whom it was recorded). */
function sameBooking(a: AccountEntry, b: AccountEntry): boolean {
  return (
    a.kind === b.kind &&
    a.on === b.on &&
    a.amount === b.amount &&
    (a.invoice ?? null) === (b.invoice ?? null) &&
    (a.reason ?? null) === (b.reason ?? null)
  );
}

/** Appends an entry once. Returns false when the same entry was there already. */
export async function appendEntry(entry: AccountEntry): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: { ...keys.accountEntry(entry.parentId, entry.id), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const stored = await entryOf(entry.parentId, entry.id);
  if (stored && sameBooking(stored, entry)) return false;
  throw new EntryConflictError(entry.id, stored as AccountEntry);
}

export async function entryOf(parentId: string, entryId: string): Promise<AccountEntry | undefined> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: environment.tableName(),
      Key: keys.accountEntry(parentId, entryId),
      ConsistentRead: true,
    }),
  );
  return strip<AccountEntry>(result.Item);
}

async function queryAll(
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function entriesOf(parentId: string): Promise<AccountEntry[]> {
  const { pk } = keys.accountEntry(parentId, '');
  const items = await queryAll({
    TableName: environment.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
    ExpressionAttributeValues: { ':pk': pk, ':entry': 'ENTRY#' },
    ConsistentRead: true,
  });
  return items.map((i) => strip<AccountEntry>(i) as AccountEntry);
}

export async function invoicesOfParent(parentId: string): Promise<InvoiceRecord[]> {
  const { gsi1pk } = keys.byParent(parentId, 'INVOICE', '');
  const items = await queryAll({
    TableName: environment.tableName(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :invoice)',
    ExpressionAttributeValues: { ':pk': gsi1pk, ':invoice': 'INVOICE#' },
  });
  return items.map((i) => strip<InvoiceRecord>(i) as InvoiceRecord);
}

/** What the account needs of an invoice: a credit line's amount is credit it used (DUN-7). */
export function accountInvoice(invoice: InvoiceRecord): AccountInvoice {
  const creditUsed = -invoice.lines.filter((l) => l.kind === 'credit').reduce((sum, l) => sum + l.amount, 0);
  return {
    number: invoice.number,
    month: invoice.month,
    issuedOn: invoice.issuedOn,
    debitOn: invoice.debitOn,
    total: invoice.total,
    creditUsed,
    ...(invoice.status === 'void' ? { void: true } : {}),
  };
}

export interface ParentAccount extends Account {
  parentId: string;
  /** The entries it was derived from. */
  entries: AccountEntry[];
  /** How many entries it was derived from: a projection never overwrites one derived from more. */
  version: number;
  records: InvoiceRecord[];
}

/** The parent's entries and its stored summary: one partition, one request. */
async function accountPartition(
  parentId: string,
): Promise<{ entries: AccountEntry[]; summary?: StoredSummary }> {
  const items = await queryAll({
    TableName: environment.tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.accountSummary(parentId).pk },
    ConsistentRead: true,
  });
  const entries: AccountEntry[] = [];
  let summary: StoredSummary | undefined;
  for (const item of items) {
    if (item.sk === keys.accountSummary(parentId).sk) summary = item as StoredSummary;
    else entries.push(strip<AccountEntry>(item) as AccountEntry);
  }
  return { entries, ...(summary ? { summary } : {}) };
}

interface StoredSummary {
  credit?: Cents;
  version?: number;
}

export async function parentAccount(parentId: string): Promise<ParentAccount & { summary?: StoredSummary }> {
  const [{ entries, summary }, invoices] = await Promise.all([
    accountPartition(parentId),
    invoicesOfParent(parentId),
  ]);
  return {
    parentId,
    version: entries.length + invoices.length,
    records: invoices,
    entries,
    ...(summary ? { summary } : {}),
    ...deriveAccount(invoices.map(accountInvoice), entries),
  };
}

/**
 * Writes back what the account derives: each invoice's `paid`, `status` (`open` or `paid`; a dunning
 * status later), the day it was found unpaid and the return that re-opened it; the parent's credit in the
 * sparse CREDITS list the run reads. Only what changed is written, and never over a projection derived
 * from more entries (two derivations racing leave the newer one).
 */
/** Invoice statuses of arrears: found unpaid and not paid yet (in dunning, in a plan, handed over). */
const ARREARS: ReadonlySet<string> = new Set(['in-dunning', 'plan', 'handed-over']);

export async function projectAccount(parentId: string): Promise<ParentAccount> {
  const account = await parentAccount(parentId);
  const table = environment.tableName();
  const byNumber = new Map(account.invoices.map((b) => [b.number, b]));
  // DUN-4: a handed-over invoice now paid may end a suspension of care. Before the invoices are updated,
  // so that a retry after a crash in between still sees the invoice as handed over and resumes.
  const handedOverPaid = account.records.some(
    (r) => r.status === 'handed-over' && byNumber.get(r.number)?.status === 'paid',
  );
  if (handedOverPaid) await resumeCareWhenPaid(parentId, account.invoices);
  // INV-8: the arrears paid (an invoice that was found unpaid is paid now and none is left): statements
  // withheld for them are issued today. Before the invoices are updated, for the same reason.
  const arrearsPaid =
    account.records.some((r) => ARREARS.has(r.status) && byNumber.get(r.number)?.status === 'paid') &&
    !account.invoices.some((b) => b.foundUnpaidOn && b.balance > 0);
  if (arrearsPaid) await releaseWithheldStatements(parentId, await loadPolicy());
  for (const record of account.records) {
    const derived = byNumber.get(record.number);
    if (!derived || record.status === 'void') continue;
    const status = projectedStatus(record, derived);
    const same =
      record.paid === derived.paid &&
      record.status === status &&
      record.foundUnpaidOn === derived.foundUnpaidOn &&
      record.returned?.on === derived.returned?.on &&
      record.returned?.reason === derived.returned?.reason;
    if (same) continue;
    await updateIfNotOlder(
      keys.invoice(record.parentId, record.month),
      account.version,
      {
        paid: derived.paid,
        status,
        foundUnpaidOn: derived.foundUnpaidOn,
        returned: derived.returned,
      },
      table,
    );
  }
  // Only the credit is read back (by the run, for credit lines): the summary is written when it changes.
  if ((account.summary?.credit ?? 0) !== account.credit) {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.accountSummary(parentId),
            ...(account.credit > 0 ? keys.credits(parentId) : {}),
            type: 'account-summary',
            parentId,
            credit: account.credit,
            owed: account.owed,
            balance: account.balance,
            version: account.version,
          },
          ConditionExpression: 'attribute_not_exists(version) OR version <= :v',
          ExpressionAttributeValues: { ':v': account.version },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return account;
}

/**
 * SCENARIOS.md's invoice status: `paid` once nothing is open; while something is, `in-dunning` from the
 * day it was found unpaid (DUN-1), `handed-over` once the claim went to the agency (DUN-4, kept until
 * it is paid); otherwise `open`.
 */
function projectedStatus(record: InvoiceRecord, derived: InvoiceBalance): InvoiceRecord['status'] {
  if (derived.status === 'credit') return record.status;
  if (derived.status === 'paid') return 'paid';
  if (record.status === 'handed-over' || record.status === 'plan' || record.status === 'written-off')
    return record.status;
  return derived.foundUnpaidOn ? 'in-dunning' : 'open';
}

async function updateIfNotOlder(
  key: { pk: string; sk: string },
  version: number,
  values: Record<string, unknown>,
  table: string,
): Promise<void> {
  const set = Object.entries(values).filter(([, v]) => v !== undefined);
  const remove = Object.entries(values).filter(([, v]) => v === undefined);
  const names = Object.fromEntries([...set, ...remove].map(([k], i) => [`#a${i}`, k]));
  const placeholder = (k: string) => Object.keys(names).find((n) => names[n] === k) as string;
  const expression = [
    `SET ${[...set.map(([k], i) => `${placeholder(k)} = :v${i}`), '#version = :version'].join(', ')}`,
    remove.length ? `REMOVE ${remove.map(([k]) => placeholder(k)).join(', ')}` : '',
  ].join(' ');
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: expression,
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version <= :version)',
        ExpressionAttributeNames: { ...names, '#version': 'accountVersion' },
        ExpressionAttributeValues: {
          ...Object.fromEntries(set.map(([, v], i) => [`:v${i}`, v])),
          ':version': version,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The credit of the parents between first and last (id order) that have one: the run's credit lines. */
export async function creditsBetween(first: string, last: string): Promise<Map<string, Cents>> {
  const items = await queryAll({
    TableName: environment.tableName(),
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :credits AND gsi2sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':credits': keys.credits('').gsi2pk, ':first': first, ':last': last },
  });
  return new Map(
    items.map((i) => [i.parentId as string, i.credit as Cents] as const).filter(([, credit]) => credit > 0),
  );
}

/** The invoice a bank entry names by number (remittance or end-to-end id), if we issued it. */
export async function invoiceByNumber(
  number: string,
  options: { whole?: boolean } = {},
): Promise<InvoiceRecord | undefined> {
  const found = await dynamo().send(
    new QueryCommand({
      TableName: environment.tableName(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :number',
      ExpressionAttributeValues: { ':number': keys.invoiceByNumber(number).gsi3pk },
    }),
  );
  const key = found.Items?.[0];
  if (!key) return undefined;
  // The index carries what a bank entry needs; the whole invoice only when it must be looked at closer.
  if (key.status !== 'void' && key.parentId && key.month && key.number && options.whole !== true)
    return strip<InvoiceRecord>(key) as InvoiceRecord;
  const result = await dynamo().send(
    new GetCommand({
      TableName: environment.tableName(),
      Key: { pk: key.pk, sk: key.sk },
      ConsistentRead: true,
    }),
  );
  return strip<InvoiceRecord>(result.Item);
}

/** The parents whose IBAN this is (a shared account may pay for more than one). */
export async function parentsByIban(iban: string): Promise<string[]> {
  const found = await queryAll({
    TableName: environment.tableName(),
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :iban',
    ExpressionAttributeValues: { ':iban': keys.parentByIban(iban, '').gsi3pk },
  });
  return found.map((i) => i.gsi3sk as string);
}
