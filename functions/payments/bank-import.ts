import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BankFile, BankTransaction } from '#shared/bank-files/bank-file.ts';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';
import { now } from '#shared/clock.ts';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { keys } from '#shared/keys.ts';
import type { AccountEntry } from '#shared/payments/account.ts';
import {
  type BankEntryRecord,
  type BankEntryStatus,
  bankEntryId,
  bankFileHash,
  emptyOutcome,
  type ImportSummary,
  invoiceNumbersIn,
} from '#shared/payments/bank-entries.ts';
import { MANDATE_GONE_REASONS } from '#shared/sepa.ts';
import { dynamo } from '../adapters/clients.ts';
import { eachConcurrently } from '../adapters/concurrently.ts';
import { environment } from '../adapters/environment.ts';
import { getParent, strip } from '../adapters/store.ts';
import { recordFailure } from '../adapters/task-store.ts';
import {
  appendEntry,
  EntryConflictError,
  entriesOf,
  entryOf,
  invoiceByNumber,
  parentAccount,
  parentsByIban,
} from './account-store.ts';

/**
 * Importing a bank file (issue 9 item 3): every transaction booked on a parent's account, booked as a
 * return against its invoice, put on the review list, or listed as other. Idempotent: a file imported
 * again is recognised by its hash and changes nothing; a transaction already imported from another file
 * (a later statement repeating it, a camt.053 booking a return a camt.054 announced) is not booked twice.
 */

/** What a transaction means for the accounts, decided before anything is written. */
export type Decision =
  | { status: 'booked' | 'returned'; parentId: string; invoice: string; entry: AccountEntry; note?: string }
  /** `parentId`: whose it probably is (known by IBAN), to tell staff. */
  | { status: 'unmatched' | 'other'; note: string; parentId?: string };

const UNMATCHED_KEPT = 500;

function invoiceNumberOf(invoice: InvoiceRecord | undefined): invoice is InvoiceRecord {
  return invoice !== undefined && invoice.status !== 'void';
}

function entryFor(
  t: BankTransaction,
  bankId: string,
  invoice: InvoiceRecord,
  kind: AccountEntry['kind'],
  id: string,
): AccountEntry {
  return {
    type: 'account-entry',
    parentId: invoice.parentId,
    id,
    kind,
    on: t.booked,
    amount: t.amount,
    invoice: invoice.number,
    ...(t.reason && (kind === 'return' || kind === 'reject') ? { reason: t.reason } : {}),
    source: { kind: 'bank', ref: bankId },
    recordedAt: now().toISOString(),
  };
}

/** A return's or collection's mandate must be the parent's: else it is not ours to conclude on. */
async function mandateProblem(t: BankTransaction, invoice: InvoiceRecord): Promise<string | undefined> {
  if (!t.mandateId) return undefined;
  const parent = await getParent(invoice.parentId);
  if (parent?.mandate && parent.mandate.id !== t.mandateId)
    return `mandate ${t.mandateId} is not the mandate of the invoice's parent`;
  return undefined;
}

/**
 * A transfer that staff booked by hand already (`POST /payments`) also appears on the statement: the
 * same parent, amount and day. It is not booked a second time on a guess: it goes to the review list,
 * where staff match it if it is another payment after all.
 */
async function bookedByHand(decision: Decision, t: BankTransaction): Promise<Decision> {
  if (decision.status === 'other' || !decision.parentId) return decision;
  const twin = (await entriesOf(decision.parentId)).find(
    (e) => e.source.kind === 'staff' && e.kind === 'payment' && e.amount === t.amount && e.on === t.booked,
  );
  if (!twin) return decision;
  return {
    status: 'unmatched',
    note: `a payment by hand of the same amount on the same day is booked already (reference ${twin.source.ref}): match this entry only if it is another payment`,
  };
}

async function decideTransfer(t: BankTransaction, bankId: string): Promise<Decision> {
  return bookedByHand(await transferDecision(t, bankId), t);
}

async function transferDecision(t: BankTransaction, bankId: string): Promise<Decision> {
  if (t.direction !== 'credit') return { status: 'other', note: 'an outgoing transfer' };
  for (const number of invoiceNumbersIn(t.reference)) {
    const invoice = await invoiceByNumber(number);
    if (invoiceNumberOf(invoice))
      return {
        status: 'booked',
        parentId: invoice.parentId,
        invoice: invoice.number,
        entry: entryFor(t, bankId, invoice, 'payment', `bank#${bankId}`),
        note: `invoice ${number} named in the remittance information`,
      };
  }
  // The review list says why: numbers the payer named that are none of ours are not "no invoice number".
  const named = invoiceNumbersIn(t.reference);
  const why = named.length
    ? `${named.join(' and ')} named in the remittance information ${named.length === 1 ? 'is' : 'are'} none of our invoices`
    : 'no invoice number in the remittance information';
  const iban = t.counterparty.iban?.replace(/\s+/g, '').toUpperCase();
  if (!iban) return { status: 'unmatched', note: `${why} and no IBAN` };
  const parents = await parentsByIban(iban);
  if (!parents.length) return { status: 'unmatched', note: `${why}; the IBAN is no parent’s` };
  const exact: { parentId: string; number: string }[] = [];
  for (const parentId of parents) {
    const account = await parentAccount(parentId);
    for (const invoice of account.invoices)
      if (invoice.status === 'open' && invoice.balance === t.amount)
        exact.push({ parentId, number: invoice.number });
  }
  if (exact.length !== 1)
    return {
      status: 'unmatched',
      note: exact.length
        ? `the payer's IBAN and amount fit ${exact.length} open invoices`
        : 'the payer is known by IBAN but no open invoice is of exactly this amount',
      ...(parents.length === 1 ? { parentId: parents[0] as string } : {}),
    };
  const match = exact[0] as { parentId: string; number: string };
  return {
    status: 'booked',
    parentId: match.parentId,
    invoice: match.number,
    entry: {
      type: 'account-entry',
      parentId: match.parentId,
      id: `bank#${bankId}`,
      kind: 'payment',
      on: t.booked,
      amount: t.amount,
      invoice: match.number,
      source: { kind: 'bank', ref: bankId },
      recordedAt: now().toISOString(),
    },
    note: 'matched by the payer’s IBAN and the exact amount of one open invoice',
  };
}

async function decideOurDebit(t: BankTransaction, bankId: string): Promise<Decision> {
  if (!t.endToEndId) return { status: 'unmatched', note: `a ${t.kind} without an end-to-end id` };
  const invoice = await invoiceByNumber(t.endToEndId);
  if (!invoiceNumberOf(invoice))
    return { status: 'unmatched', note: `end-to-end id ${t.endToEndId} is none of our invoices` };
  const problem = await mandateProblem(t, invoice);
  if (problem) return { status: 'unmatched', note: problem };
  if (t.kind === 'collection') {
    const id = `collection#${invoice.number}`;
    const booked = await entryOf(invoice.parentId, id);
    // Booked on its debit date already (the batch was sent): the bank's booking confirms it.
    if (booked && booked.amount !== t.amount)
      return {
        status: 'unmatched',
        note: `the collection of ${invoice.number} was booked at ${booked.amount} cents, the bank says ${t.amount}`,
      };
    return {
      status: 'booked',
      parentId: invoice.parentId,
      invoice: invoice.number,
      entry: booked ?? entryFor(t, bankId, invoice, 'collection', id),
    };
  }
  const kind = t.kind === 'reject' ? 'reject' : 'return';
  return {
    status: 'returned',
    parentId: invoice.parentId,
    invoice: invoice.number,
    entry: entryFor(t, bankId, invoice, kind, `${kind}#${invoice.number}`),
  };
}

export function decide(t: BankTransaction, bankId: string): Promise<Decision> {
  switch (t.kind) {
    case 'transfer':
      return decideTransfer(t, bankId);
    case 'collection':
    case 'return':
    case 'reject':
      return decideOurDebit(t, bankId);
    default:
      return Promise.resolve({
        status: 'other',
        note: 'not a payment for an invoice (bank costs, our own payments)',
      });
  }
}

/** INV-7: AC04, AC06, MD01 mean the mandate cannot be used again: the next run leaves the parent out. */
async function markMandateGone(parentId: string, mandateId: string | null, on: string, reason: string) {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.parent(parentId),
        UpdateExpression: 'SET mandate.gone = :gone',
        ConditionExpression: `attribute_exists(mandate) AND attribute_not_exists(mandate.gone)${mandateId ? ' AND mandate.id = :id' : ''}`,
        ExpressionAttributeValues: { ':gone': { on, reason }, ...(mandateId ? { ':id': mandateId } : {}) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

async function importedAlready(ids: string[]): Promise<Set<string>> {
  const table = environment.tableName();
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 100) {
    let request:
      | Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }>
      | undefined = {
      [table]: { Keys: ids.slice(i, i + 100).map((id) => keys.bankEntry(id)), ProjectionExpression: 'id' },
    };
    while (request && Object.keys(request).length) {
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[table] ?? []) found.add(item.id as string);
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

export async function storedImport(hash: string): Promise<ImportSummary | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: keys.bankFile(hash), ConsistentRead: true }),
  );
  return (result.Item?.summary as ImportSummary | undefined) ?? undefined;
}

export function bankEntryItem(record: BankEntryRecord) {
  return {
    ...keys.bankEntry(record.id),
    ...keys.bankEntriesByStatus(record.status, record.booked, record.id),
    ...record,
  };
}

/**
 * Reads and imports a bank file. Throws BankFileError (nothing stored) for a file that is not one of the
 * formats. `dryRun` decides every transaction and writes nothing.
 */
export async function importBankFile(content: string | Uint8Array, options: { dryRun?: boolean } = {}) {
  const file: BankFile = readBankFile(content);
  const hash = bankFileHash(content);
  const dryRun = options.dryRun ?? false;
  const stored = await storedImport(hash);
  if (stored) return { ...stored, repeated: true, dryRun };

  const summary: ImportSummary = {
    file: hash,
    format: file.format,
    statements: file.statements,
    repeated: false,
    dryRun,
    read: {
      entries: file.totals.entries,
      transactions: file.transactions.length,
      credit: file.totals.credit,
      debit: file.totals.debit,
    },
    stated: {
      ...(file.stated?.entries !== undefined ? { entries: file.stated.entries } : {}),
      ...(file.stated?.sum !== undefined ? { sum: file.stated.sum } : {}),
      reconciles: file.stated?.reconciles ?? true,
      differences: file.stated?.differences ?? [],
    },
    outcome: emptyOutcome(),
    unmatched: [],
    mandatesGone: [],
    notes: file.notes,
  };
  const ids = file.transactions.map(bankEntryId);
  const already = await importedAlready([...new Set(ids)]);
  const seen = new Set<string>();
  const count = (status: BankEntryStatus | 'already-imported', amount: number) => {
    summary.outcome[status].transactions++;
    summary.outcome[status].amount += amount;
  };
  const work = file.transactions.map((t, i) => ({ t, id: ids[i] as string }));
  await eachConcurrently(work, 16, async ({ t, id }) => {
    // Within one file, the same transaction twice (a bank repeating a line) is booked once.
    if (already.has(id) || seen.has(id)) {
      count('already-imported', t.amount);
      return;
    }
    seen.add(id);
    let decision = await decide(t, id);
    if (!dryRun && (decision.status === 'booked' || decision.status === 'returned')) {
      try {
        await appendEntry(decision.entry);
      } catch (error) {
        if (!(error instanceof EntryConflictError)) throw error;
        decision = { status: 'unmatched', note: `${error.message}: not booked twice` };
      }
    }
    if (decision.status === 'returned' && t.reason && MANDATE_GONE_REASONS[t.reason]) {
      summary.mandatesGone.push({ parent: decision.parentId, reason: t.reason });
      if (!dryRun) await markMandateGone(decision.parentId, t.mandateId, t.booked, t.reason);
    }
    count(decision.status, t.amount);
    if (decision.status === 'unmatched' && summary.unmatched.length < UNMATCHED_KEPT)
      summary.unmatched.push({
        id,
        booked: t.booked,
        amount: t.amount,
        direction: t.direction,
        note: decision.note,
      });
    if (dryRun) return;
    const record: BankEntryRecord = {
      type: 'bank-entry',
      ...t,
      id,
      status: decision.status,
      file: hash,
      format: file.format,
      importedAt: now().toISOString(),
      ...(decision.status === 'booked' || decision.status === 'returned'
        ? {
            parentId: decision.parentId,
            invoice: decision.invoice,
            entryId: decision.entry.id,
            matchedBy: 'file' as const,
          }
        : {}),
      ...(decision.note ? { note: decision.note } : {}),
    };
    try {
      await dynamo().send(
        new PutCommand({
          TableName: environment.tableName(),
          Item: bankEntryItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
  summary.unmatched.sort((a, b) => a.booked.localeCompare(b.booked) || a.id.localeCompare(b.id));
  summary.mandatesGone.sort((a, b) => a.parent.localeCompare(b.parent));
  if (dryRun) return summary;
  if (!summary.stated.reconciles)
    await recordFailure({
      what: 'bank file',
      subject: hash.slice(0, 16),
      error: `the ${file.format} file's own totals disagree with its entries: ${summary.stated.differences.join('; ')}`,
    });
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: { ...keys.bankFile(hash), type: 'bank-file', importedAt: now().toISOString(), summary },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  return summary;
}

export async function bankEntry(id: string): Promise<BankEntryRecord | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: keys.bankEntry(id), ConsistentRead: true }),
  );
  return strip<BankEntryRecord>(result.Item);
}
