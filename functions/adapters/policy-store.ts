import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/keys.ts';
import { type Policy, policyNamed, type TariffVersion, withTariffs } from '#shared/policy.ts';
import { dynamo } from './clients.ts';
import { environment } from './environment.ts';
import { strip } from './store.ts';

/**
 * The policy in force: the organisation's preset with the tariff versions announced since (TAR-6),
 * which live in the table so that a price change is data, not a deployment.
 */
export interface TariffRecord extends TariffVersion {
  type: 'tariff';
  policy: string;
  announcedOn: string;
  /** TAR-6: withdrawn before it took effect; invoices never use it. */
  withdrawnOn?: string;
}

export async function storedTariffs(): Promise<TariffRecord[]> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: environment.tableName(),
      KeyConditionExpression: 'pk = :policy AND begins_with(sk, :tariff)',
      ExpressionAttributeValues: {
        ':policy': keys.tariff(environment.policyName(), '').pk,
        ':tariff': 'TARIFF#',
      },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => strip<TariffRecord>(item) as TariffRecord);
}

/** The preset with these stored versions added (withdrawn ones only when `withdrawn`: what was announced). */
export function policyWith(stored: TariffRecord[], withdrawn = false): Policy {
  return withTariffs(
    policyNamed(environment.policyName()),
    stored
      .filter((t) => withdrawn || !t.withdrawnOn)
      .map(({ from, hourly, extraCare }) => ({ from, hourly, extraCare })),
  );
}

export async function loadPolicy(options: { withdrawn?: boolean } = {}): Promise<Policy> {
  return policyWith(await storedTariffs(), options.withdrawn);
}

/** TAR-6: marks a stored version withdrawn, once; undefined when there is none to withdraw. */
export async function withdrawTariff(from: string, on: string): Promise<TariffRecord | undefined> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.tariff(environment.policyName(), from),
        UpdateExpression: 'SET withdrawnOn = :on',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(withdrawnOn)',
        ExpressionAttributeValues: { ':on': on },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<TariffRecord>(result.Attributes);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Stores a new version once; false when a version from that date exists already. */
export async function putTariff(record: TariffRecord): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: { ...keys.tariff(record.policy, record.from), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
