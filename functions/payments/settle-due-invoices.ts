import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readPain008 } from '#shared/bank-files/pain008.ts';
import { addDays } from '#shared/calendar.ts';
import { now, today } from '#shared/clock.ts';
import { addMonths, monthOf } from '#shared/invoicing.ts';
import { keys } from '#shared/keys.ts';
import type { AccountEntry } from '#shared/payments/account.ts';
import { dynamo } from '../adapters/clients.ts';
import { eachConcurrently } from '../adapters/concurrently.ts';
import { environment } from '../adapters/environment.ts';
import { readExport } from '../adapters/exports.ts';
import { monthInvoices, sepaExports } from '../adapters/invoice-store.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { appendEntry, parentAccount } from './account-store.ts';

/**
 * Daily, issue 9 item 3:
 * - INV-6: the collections of each SEPA batch sent are booked on their debit date, as the bank collects
 *   them; a return or reject that comes later takes them back (INV-7). The bank's own booking of the
 *   batch on a day statement is the same entry (`collection#<invoice>`), never a second one.
 * - DUN-1: an invoice not paid in full by the end of its due date is found unpaid on that date (an entry
 *   on the account, which the dunning starts from).
 * Catches up the days since it last ran; running twice on a day books nothing twice.
 */
const FIRST_LOOK_BACK_DAYS = 35;

async function checkedThrough(): Promise<string | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: keys.dueCheck(), ConsistentRead: true }),
  );
  return result.Item?.checkedThrough as string | undefined;
}

async function recordChecked(day: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.dueCheck(),
        UpdateExpression: 'SET checkedThrough = :day, #type = :type',
        ConditionExpression: 'attribute_not_exists(checkedThrough) OR checkedThrough < :day',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':day': day, ':type': 'due-check' },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = addMonths(monthOf(from), -1); m <= addMonths(monthOf(to), 1); m = addMonths(m, 1))
    months.push(m);
  return months;
}

/** INV-6: each batch whose debit date is in (after, through] is collected: one entry per collection. */
async function bookCollections(after: string, through: string): Promise<number> {
  let booked = 0;
  for (const month of monthsBetween(after, through)) {
    const batches = (await sepaExports(month)).filter(
      (b) => b.collection > after && b.collection <= through && b.file && b.transactions > 0,
    );
    if (!batches.length) continue;
    const parentOf = new Map(
      (await monthInvoices(month, ['parentId', 'number'])).map((i) => [i.number, i.parentId]),
    );
    for (const batch of batches) {
      let file: ReturnType<typeof readPain008>;
      try {
        file = readPain008(await readExport(batch.file));
      } catch (error) {
        await recordFailure({
          what: 'sepa',
          subject: `${month}#booking#${batch.collection}`,
          error: `the batch of ${batch.collection} could not be read back to book its collections: ${(error as Error).message}`,
          month,
        });
        continue;
      }
      await eachConcurrently(file.collections, 8, async (collection) => {
        const parentId = parentOf.get(collection.endToEndId);
        if (!parentId) return;
        const entry: AccountEntry = {
          type: 'account-entry',
          parentId,
          id: `collection#${collection.endToEndId}`,
          kind: 'collection',
          on: batch.collection,
          amount: collection.amount,
          invoice: collection.endToEndId,
          source: { kind: 'sepa', ref: `pain.008-${batch.collection}` },
          recordedAt: now().toISOString(),
        };
        try {
          if (await appendEntry(entry)) booked++;
        } catch (error) {
          // The bank booked it already, on another day: the bank's booking stands.
          if ((error as Error).name !== 'EntryConflictError') throw error;
        }
      });
    }
  }
  return booked;
}

/** DUN-1: invoices due in [from, through] that are not paid in full are found unpaid on their due date. */
async function findUnpaid(from: string, through: string): Promise<number> {
  let found = 0;
  for (const month of monthsBetween(from, through)) {
    const due = (
      await monthInvoices(month, [
        'parentId',
        'number',
        'total',
        'paid',
        'debitOn',
        'status',
        'foundUnpaidOn',
      ])
    ).filter(
      (i) =>
        i.debitOn >= from && i.debitOn <= through && i.total > 0 && i.status === 'open' && !i.foundUnpaidOn,
    );
    await eachConcurrently(due, 8, async (invoice) => {
      // The projection may lag behind the account: the account itself decides.
      const account = await parentAccount(invoice.parentId);
      const balance = account.invoices.find((b) => b.number === invoice.number);
      if (!balance || balance.balance <= 0 || balance.foundUnpaidOn) return;
      const added = await appendEntry({
        type: 'account-entry',
        parentId: invoice.parentId,
        id: `found-unpaid#${invoice.number}`,
        kind: 'found-unpaid',
        on: invoice.debitOn,
        amount: 0,
        invoice: invoice.number,
        source: { kind: 'system', ref: 'due-date' },
        recordedAt: now().toISOString(),
      });
      if (added) found++;
    });
  }
  return found;
}

export async function handler(): Promise<{ collectionsBooked: number; foundUnpaid: number }> {
  const day = today();
  const last = (await checkedThrough()) ?? addDays(day, -FIRST_LOOK_BACK_DAYS);
  if (last >= day) return { collectionsBooked: 0, foundUnpaid: 0 };
  const collectionsBooked = await bookCollections(last, day);
  // A due date ends at midnight: today's is checked tomorrow.
  const foundUnpaid = await findUnpaid(last, addDays(day, -1));
  await recordChecked(day);
  return { collectionsBooked, foundUnpaid };
}
