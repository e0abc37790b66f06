import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { today } from '#shared/clock.ts';
import { keys } from '#shared/keys.ts';
import type { InvoiceBalance } from '#shared/payments/account.ts';
import { dynamo } from '../adapters/clients.ts';
import { contractsOfParent } from '../adapters/contract-store.ts';
import { environment } from '../adapters/environment.ts';
import { recordFailure } from '../adapters/task-store.ts';

/**
 * DUN-4: the hand-over suspends the care of the parent's children. Suspension does not end a contract:
 * it stays `active` for invoicing (it is invoiced as before until it ends) and carries the suspension,
 * which the API shows as the status `suspended`. Care is active again once every invoice it was suspended
 * for is paid, with its fees and interest.
 */

async function updateUnlessConditionFails(command: UpdateCommand): Promise<boolean> {
  try {
    await dynamo().send(command);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * DUN-4: suspends the care of every contract of the parent still running on the hand-over day, for this
 * invoice, and tells the location (a task per contract). Run twice, it changes nothing the second time:
 * the suspension keeps its first day and the invoice is named once.
 */
export async function suspendCare(parentId: string, invoice: string, on = today()): Promise<string[]> {
  const running = (await contractsOfParent(parentId)).filter((k) => k.status === 'active' && k.end >= on);
  for (const contract of running) {
    const key = keys.contract(contract.id);
    await updateUnlessConditionFails(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: key,
        UpdateExpression: 'SET suspension = if_not_exists(suspension, :start)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':start': { since: on, invoices: {} } },
      }),
    );
    await updateUnlessConditionFails(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: key,
        UpdateExpression:
          'SET suspension.invoices.#invoice = if_not_exists(suspension.invoices.#invoice, :on)',
        ConditionExpression: 'attribute_exists(suspension)',
        ExpressionAttributeNames: { '#invoice': invoice },
        ExpressionAttributeValues: { ':on': on },
      }),
    );
    await recordFailure({
      what: 'dunning',
      subject: `suspended#${contract.id}#${invoice}`,
      error: `suspend the care of contract ${contract.id} at ${contract.location} from ${on}: invoice ${invoice} was handed over to the collection agency (DUN-4); the contract is still invoiced`,
      parentId,
      location: contract.location,
    });
  }
  return running.map((k) => k.id);
}

/**
 * DUN-4: once every invoice a contract's care was suspended for is paid (nothing left of it: principal,
 * fees, interest), care is active again from that day, and the location is told. Returns the contracts
 * resumed. Cheap when nothing was suspended: the caller asks only when a handed-over invoice was paid.
 */
export async function resumeCareWhenPaid(
  parentId: string,
  invoices: InvoiceBalance[],
  on = today(),
): Promise<string[]> {
  const balance = new Map(invoices.map((b) => [b.number, b.balance]));
  const resumed: string[] = [];
  for (const contract of await contractsOfParent(parentId)) {
    const suspension = contract.suspension;
    if (!suspension) continue;
    const cleared = Object.keys(suspension.invoices).every((n) => (balance.get(n) ?? 0) <= 0);
    if (!cleared) continue;
    const done = await updateUnlessConditionFails(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.contract(contract.id),
        UpdateExpression:
          'REMOVE suspension SET suspensions = list_append(if_not_exists(suspensions, :none), :past)',
        ConditionExpression: 'suspension.since = :since',
        ExpressionAttributeValues: {
          ':since': suspension.since,
          ':none': [],
          ':past': [{ ...suspension, until: on }],
        },
      }),
    );
    if (!done) continue;
    resumed.push(contract.id);
    await recordFailure({
      what: 'dunning',
      subject: `resumed#${contract.id}#${suspension.since}`,
      error: `care of contract ${contract.id} at ${contract.location} may resume from ${on}: the arrears it was suspended for (${Object.keys(suspension.invoices).join(', ')}) are paid (DUN-4)`,
      parentId,
      location: contract.location,
    });
  }
  return resumed;
}
