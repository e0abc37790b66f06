import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '#shared/clock.ts';
import { keys } from '#shared/keys.ts';
import type { AccountEntry } from '#shared/payments/account.ts';
import type { BankEntryRecord } from '#shared/payments/bank-entries.ts';
import { matchInput } from '#shared/payments/inputs.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from '../adapters/http.ts';
import { appendEntry, EntryConflictError, invoiceByNumber } from './account-store.ts';
import { bankEntry, bankEntryItem } from './bank-import.ts';

const KIND: Partial<Record<BankEntryRecord['kind'], AccountEntry['kind']>> = {
  transfer: 'payment',
  collection: 'collection',
  return: 'return',
  reject: 'reject',
};

/**
 * POST /bank-entries/{id}/match (admin), issue 9 item 3: a staff member matches an entry of the review
 * list to the invoice it pays (or returns). 200 booked; the same match again 200 and nothing twice; 409
 * an entry booked to another invoice already, or one that is no payment (bank costs).
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const { invoice: number } = parseJsonBody(event, matchInput);
  const entry = await bankEntry(id);
  if (!entry) throw new HttpError(404, { error: `bank entry ${id} not found` });
  if (entry.status !== 'unmatched' || (entry.invoice && entry.invoice !== number)) {
    if (entry.invoice === number) return json(200, { entry, repeated: true });
    throw new HttpError(409, {
      error: 'conflict',
      issues: [
        {
          field: 'invoice',
          problem: entry.invoice
            ? `the entry is booked to invoice ${entry.invoice} already`
            : `the entry is ${entry.status}, not on the review list`,
        },
      ],
    });
  }
  const kind = KIND[entry.kind];
  const invoice = await invoiceByNumber(number);
  if (!invoice || invoice.status === 'void')
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'invoice', problem: `is none of our invoices` }],
    });
  if (!kind || (kind === 'payment' && entry.direction !== 'credit'))
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'invoice', problem: 'the entry is no payment for an invoice (money going out)' }],
    });
  // The entry is claimed for this invoice first: two staff members matching it at once to different
  // invoices book it once, to the first.
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.bankEntry(id),
        UpdateExpression: 'SET #invoice = :number',
        ConditionExpression:
          '#status = :unmatched AND (attribute_not_exists(#invoice) OR #invoice = :number)',
        ExpressionAttributeNames: { '#status': 'status', '#invoice': 'invoice' },
        ExpressionAttributeValues: { ':unmatched': 'unmatched', ':number': number },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const claimed = await bankEntry(id);
    if (claimed?.status !== 'unmatched' && claimed?.invoice === number)
      return json(200, { entry: claimed, repeated: true });
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'invoice', problem: `the entry is being matched to ${claimed?.invoice} already` }],
    });
  }
  const accountEntry: AccountEntry = {
    type: 'account-entry',
    parentId: invoice.parentId,
    id: kind === 'payment' ? `bank#${entry.id}` : `${kind}#${invoice.number}`,
    kind,
    on: entry.booked,
    amount: entry.amount,
    invoice: invoice.number,
    ...(entry.reason && (kind === 'return' || kind === 'reject') ? { reason: entry.reason } : {}),
    source: { kind: 'staff', ref: entry.id },
    recordedAt: now().toISOString(),
  };
  try {
    await appendEntry(accountEntry);
  } catch (error) {
    if (!(error instanceof EntryConflictError)) throw error;
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'invoice', problem: `invoice ${number} has a different ${kind} booked already` }],
    });
  }
  const matched: BankEntryRecord = {
    ...entry,
    status: kind === 'return' || kind === 'reject' ? 'returned' : 'booked',
    parentId: invoice.parentId,
    invoice: invoice.number,
    entryId: accountEntry.id,
    matchedBy: 'staff',
    note: `matched by staff to ${invoice.number} (was: ${entry.note ?? 'unmatched'})`,
  };
  await dynamo().send(new PutCommand({ TableName: environment.tableName(), Item: bankEntryItem(matched) }));
  return json(200, { entry: matched, repeated: false });
});
