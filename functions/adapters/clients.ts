import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One client of each kind per process. Endpoints come from the SDK's own settings
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL_SESV2): the local runtime points
 * them at DynamoDB Local, its own Step Functions endpoint and the local SES.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sfnClient: SFNClient | undefined;
let sesClient: SESv2Client | undefined;
let secretsClient: SecretsManagerClient | undefined;
let configureDynamo: ((client: DynamoDBClient) => void) | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = new DynamoDBClient({});
    configureDynamo?.(client);
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }
  return documentClient;
}

/** For the local runtime: applied to the DynamoDB client made from now on (it counts the table's writes). */
export function configureDynamoClient(configure: ((client: DynamoDBClient) => void) | undefined): void {
  configureDynamo = configure;
  documentClient?.destroy();
  documentClient = undefined;
}

export function stepFunctions(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

export function ses(): SESv2Client {
  // One attempt per call: the mailer decides what a failed send means (a retry of a send whose answer was
  // lost could deliver the e-mail twice); the stream's redelivery is the retry.
  sesClient ??= new SESv2Client({
    maxAttempts: 1,
    requestHandler: { requestTimeout: 20_000, connectionTimeout: 5_000 },
  });
  return sesClient;
}

export function secrets(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient;
}

/** For the local runtime, which re-points the endpoints between runs in one process (tests). */
export function resetClients(): void {
  documentClient?.destroy();
  sfnClient?.destroy();
  sesClient?.destroy();
  documentClient = undefined;
  sfnClient = undefined;
  sesClient = undefined;
}
