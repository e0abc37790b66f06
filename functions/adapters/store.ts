import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { keys } from '#shared/keys.ts';
import type { ContractRecord, OfferRecord, ParentRecord } from '#shared/records.ts';
import { dynamo } from './clients.ts';
import { environment } from './environment.ts';

/**
 * The DynamoDB adapter: the only place that knows the table's keys and conditions.
 * Every write that must happen once is a conditional put or a transaction.
 */
type Stored<T> = T & { pk: string; sk: string };

export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    gsi3pk: _g5,
    gsi3sk: _g6,
    accountVersion: _version,
    ...rest
  } = item;
  return rest as T;
}

async function getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: environment.tableName(), Key: key, ConsistentRead: true }),
  );
  return strip<T>(result.Item);
}

export const getParent = (id: string) => getItem<ParentRecord>(keys.parent(id));
export const getOffer = (id: string) => getItem<OfferRecord>(keys.offer(id));
export const getContract = (id: string) => getItem<ContractRecord>(keys.contract(id));
export const getInvoice = (parentId: string, month: string) =>
  getItem<InvoiceRecord>(keys.invoice(parentId, month));

export class ConflictError extends Error {}
export class NotFoundError extends Error {}
export class ParentConflictError extends Error {}

/** The details an offer gives for a parent agree with the stored parent (what the offer leaves out, it keeps). */
function sameParent(stored: ParentRecord, given: ParentRecord): boolean {
  return (Object.keys(given) as (keyof ParentRecord)[]).every(
    (field) => given[field] === undefined || JSON.stringify(given[field]) === JSON.stringify(stored[field]),
  );
}

/** Stores an offer, with the parent's details when they came with it: all or nothing. */
export async function createOffer(offer: OfferRecord, parent: ParentRecord | undefined): Promise<void> {
  const table = environment.tableName();
  // Issue 7 item 8: an offer never replaces a stored parent (that would erase an IBAN and mandate).
  const parentWrite = parent
    ? { Put: { TableName: table, Item: parentItem(parent), ConditionExpression: 'attribute_not_exists(pk)' } }
    : {
        ConditionCheck: {
          TableName: table,
          Key: keys.parent(offer.parentId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          parentWrite,
          {
            Put: {
              TableName: table,
              Item: {
                ...keys.offer(offer.id),
                ...keys.byParent(offer.parentId, 'OFFER', offer.id),
                ...keys.allOffers(offer.offeredOn, offer.id),
                ...offer,
              } satisfies Stored<OfferRecord>,
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const [parentReason, offerReason] = error.CancellationReasons ?? [];
      if (offerReason?.Code === 'ConditionalCheckFailed')
        throw new ConflictError(`offer ${offer.id} exists already`);
      if (parentReason?.Code === 'ConditionalCheckFailed') {
        if (!parent) throw new NotFoundError(`parent ${offer.parentId} not found`);
        const stored = await getParent(parent.id);
        if (stored && sameParent(stored, parent)) return createOffer(offer, undefined);
        throw new ParentConflictError(
          `parent ${parent.id} exists with other details: refer to the parent by id, or update the parent first`,
        );
      }
    }
    throw error;
  }
}

/** A parent as stored: under its own key and in the list of all parents. */
export function parentItem(parent: ParentRecord): Stored<ParentRecord> {
  // Issue 9: a transfer that names no invoice is matched by the payer's IBAN.
  const byIban = parent.iban ? keys.parentByIban(parent.iban, parent.id) : {};
  return { ...keys.parent(parent.id), ...keys.allParents(parent.id), ...byIban, ...parent };
}

export async function putParent(parent: ParentRecord): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: environment.tableName(), Item: parentItem(parent) }));
}

/** Runs a conditional update; returns the new item, or undefined when the condition did not hold. */
async function conditionalUpdate<T>(
  key: { pk: string; sk: string },
  update: string,
  condition: string,
  values: Record<string, unknown>,
): Promise<T | undefined> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: key,
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<T>(result.Attributes);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** CON-2: accepts an offer that is still open on `on`; undefined when it is not. */
export function acceptOffer(id: string, contractId: string, on: string): Promise<OfferRecord | undefined> {
  return conditionalUpdate<OfferRecord>(
    keys.offer(id),
    'SET #status = :accepted, acceptedOn = :on, contractId = :contract',
    '#status = :offered AND lapsesOn > :on',
    { ':accepted': 'accepted', ':offered': 'offered', ':on': on, ':contract': contractId },
  );
}

/** Stores the workflow's task token on an offer that still waits; undefined when it no longer does. */
export function storeOfferTaskToken(id: string, taskToken: string): Promise<OfferRecord | undefined> {
  return conditionalUpdate<OfferRecord>(keys.offer(id), 'SET taskToken = :token', '#status = :offered', {
    ':token': taskToken,
    ':offered': 'offered',
  });
}

/** CON-2: lapses an offer that was not accepted; undefined when it was accepted (or lapsed) already. */
export function lapseOffer(id: string): Promise<OfferRecord | undefined> {
  return conditionalUpdate<OfferRecord>(
    keys.offer(id),
    'SET #status = :lapsed REMOVE taskToken',
    '#status = :offered',
    {
      ':lapsed': 'lapsed',
      ':offered': 'offered',
    },
  );
}

/** Creates a contract once; a second call with the same id changes nothing. Returns the stored contract. */
export async function createContract(contract: ContractRecord): Promise<ContractRecord> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: {
          ...keys.contract(contract.id),
          ...keys.byParent(contract.parentId, 'CONTRACT', contract.id),
          ...keys.allContracts(contract.parentId, contract.id),
          ...contract,
        } satisfies Stored<ContractRecord>,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return contract;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      const existing = await getContract(contract.id);
      if (existing) return existing;
    }
    throw error;
  }
}
