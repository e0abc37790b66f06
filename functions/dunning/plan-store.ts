import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentPlan } from '#shared/dunning/payment-plan.ts';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { keys } from '#shared/keys.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { strip } from '../adapters/store.ts';

/** DUN-9 and DUN-11 in the table: the parent's payment plan, an invoice's dispute. */
const table = () => environment.tableName();

export async function currentPlan(parentId: string): Promise<PaymentPlan | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: table(), Key: keys.paymentPlan(parentId), ConsistentRead: true }),
  );
  return strip<PaymentPlan>(result.Item);
}

/** Stores a plan unless an active one is there; returns the stored one (this or the active one). */
export async function agreePlan(plan: PaymentPlan): Promise<{ stored: PaymentPlan; created: boolean }> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.paymentPlan(plan.parentId), ...plan },
        ConditionExpression: 'attribute_not_exists(pk) OR #status <> :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
      }),
    );
    return { stored: plan, created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { stored: (await currentPlan(plan.parentId)) as PaymentPlan, created: false };
  }
}

/** Ends an active plan (broken on a day, or completed); once. */
export async function endPlan(plan: PaymentPlan, status: 'broken' | 'completed', on: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.paymentPlan(plan.parentId),
        UpdateExpression: 'SET #status = :status, endedOn = :on',
        ConditionExpression: '#status = :active AND agreedOn = :agreed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':on': on,
          ':active': 'active',
          ':agreed': plan.agreedOn,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Sets an invoice's dunning status (`plan` while a plan runs, back to `in-dunning` when it ends). */
export async function setInvoiceStatus(
  invoice: Pick<InvoiceRecord, 'parentId' | 'month'>,
  status: InvoiceRecord['status'],
  from: InvoiceRecord['status'][],
): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.invoice(invoice.parentId, invoice.month),
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ...Object.fromEntries(from.map((f, i) => [`:from${i}`, f])),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** DUN-11: an invoice's dispute, set or resolved; false when it was so already. */
export async function setDispute(
  invoice: Pick<InvoiceRecord, 'parentId' | 'month'>,
  dispute: { since: string; reason?: string; complaint?: string } | { resolvedOn: string },
): Promise<boolean> {
  const resolving = 'resolvedOn' in dispute;
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.invoice(invoice.parentId, invoice.month),
        UpdateExpression: resolving
          ? 'SET disputeResolvedOn = :on REMOVE dispute'
          : 'SET dispute = :dispute REMOVE disputeResolvedOn',
        ConditionExpression: resolving
          ? 'attribute_exists(dispute)'
          : 'attribute_exists(pk) AND attribute_not_exists(dispute)',
        ExpressionAttributeValues: resolving ? { ':on': dispute.resolvedOn } : { ':dispute': dispute },
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}
