import type { Scenario } from '../../infra/local/scenario.ts';
import { simulate as simulateOwnDynamoDb } from '../../infra/local/simulate.ts';
import { workerDynamoDbUrl } from './worker-dynamodb.ts';

/**
 * `simulate` as the CLI runs it, on this worker's DynamoDB Local (issue 12): a database of its own in a JVM
 * that is already running and warm, rather than a JVM of its own to start.
 */
export async function simulate(
  scenario: Scenario,
  options: Omit<NonNullable<Parameters<typeof simulateOwnDynamoDb>[1]>, 'dynamodbUrl'> = {},
): ReturnType<typeof simulateOwnDynamoDb> {
  return simulateOwnDynamoDb(scenario, { ...options, dynamodbUrl: await workerDynamoDbUrl() });
}
