import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ArnFormat,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  LogLevel as BundlingLogLevel,
  type ICommandHooks,
  NodejsFunction,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { pdfFontFiles } from '#shared/pdf-fonts.ts';
import {
  authorizer,
  type FunctionSpec,
  routes,
  schedules,
  streamFailureHandler,
  streamHandler,
  workflows,
} from './catalog.ts';
import { ConsoleHosting } from './console-hosting.ts';
import { StaffAccounts } from './staff-accounts.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Issue 7 item 1: the function that makes the invoice PDFs (the stream handler) reads its fonts from
 * node_modules at run time; the files and their licences are copied beside the bundle, at the same
 * paths, and nothing else of those packages.
 */
const pdfFonts: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) =>
    pdfFontFiles().map((file) => {
      const [from, to] = [
        path.join(inputDir, 'node_modules', file),
        path.join(outputDir, 'node_modules', file),
      ];
      return `mkdir -p "${path.dirname(to)}" && cp "${from}" "${to}"`;
    }),
};

export interface OpvangStackProps extends StackProps {
  fromAddress: string;
}

/**
 * The back office in AWS: one table with its stream, the functions of catalog.ts bundled by esbuild,
 * the workflows deployed from their ASL files, an HTTP API whose routes need the admin key or a staff
 * token (issue 13), SES, and the staff console on CloudFront with its Cognito user pool.
 */
export class OpvangStack extends Stack {
  readonly table: Table;
  readonly stateMachines: Record<string, StateMachine> = {};

  constructor(scope: Construct, id: string, props: OpvangStackProps) {
    super(scope, id, props);
    const key = new Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: 'opvang: table, queues and logs',
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      timeToLiveAttribute: 'ttl',
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi2sk', type: AttributeType.STRING },
    });
    // Issue 9: sparse: an invoice by its number (with what a bank entry needs of it), a parent by IBAN.
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi3',
      partitionKey: { name: 'gsi3pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi3sk', type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: ['parentId', 'month', 'number', 'status'],
    });

    const domain = props.fromAddress.split('@')[1] ?? props.fromAddress;
    const identity = new EmailIdentity(this, 'MailIdentity', { identity: Identity.domain(domain) });
    const adminKey = new Secret(this, 'AdminApiKey', {
      description: 'opvang admin API key (Authorization: Bearer <key>)',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    Validations.of(adminKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The admin key is rotated by the operators with the API clients; automatic rotation would lock them out.',
    });

    // INV-8: the key that seals parents' BSNs, readable only by the functions that seal or open one.
    const bsnKey = new Secret(this, 'BsnKey', {
      description: "opvang: the key that encrypts parents' BSNs (INV-8)",
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(bsnKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating this key would make every sealed BSN unreadable: a new key needs the BSNs re-sealed, which is a migration, not a rotation.',
    });

    // KLA-1: each form provider's signing secret, read only by the webhook; set the same value in the
    // provider's webhook settings (docs/complaint-webhooks.md).
    const webhookSecrets = Object.fromEntries(
      (['typeform', 'tally', 'generic'] as const).map((provider) => {
        const secret = new Secret(this, `WebhookSecret${provider[0]?.toUpperCase()}${provider.slice(1)}`, {
          description: `opvang: the signing secret of the ${provider} complaint webhook (KLA-1)`,
          encryptionKey: key,
          generateSecretString: { passwordLength: 48, excludePunctuation: true },
        });
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            'The signing secret is also set in the form provider, by hand: a rotation is a change made on both sides together.',
        });
        return [provider, secret];
      }),
    );

    const logGroup = (name: string) =>
      new LogGroup(this, `${name}Logs`, { retention: RetentionDays.THREE_MONTHS, encryptionKey: key });
    // One log group for every function (each writes its own streams, named by the function): a log group
    // per function would cost 70 of CloudFormation's 500 resources a stack may hold.
    const functionLogs = logGroup('Functions');
    const functionIds: string[] = [];
    const fn = (spec: FunctionSpec, extra: Record<string, string> = {}) => {
      const handler = new NodejsFunction(this, spec.name, {
        entry: path.join(root, spec.entry),
        projectRoot: root,
        depsLockFilePath: path.join(root, 'package-lock.json'),
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: spec.memoryMB ?? 512,
        timeout: Duration.seconds(spec.timeoutSeconds ?? 30),
        tracing: Tracing.ACTIVE,
        loggingFormat: LoggingFormat.JSON,
        logGroup: functionLogs,
        environment: {
          TABLE_NAME: this.table.tableName,
          FROM_ADDRESS: props.fromAddress,
          POWERTOOLS_SERVICE_NAME: 'opvang',
          ...extra,
        },
        bundling: {
          format: OutputFormat.ESM,
          target: 'node24',
          minify: true,
          sourceMap: true,
          mainFields: ['module', 'main'],
          banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
          forceDockerBundling: false,
          logLevel: BundlingLogLevel.ERROR,
          ...(spec.name === streamHandler.name || spec.makesPdfs ? { commandHooks: pdfFonts } : {}),
        },
      });
      this.table.grantReadWriteData(handler);
      if (spec.sendsEmail) identity.grantSendEmail(handler);
      for (const workflow of spec.startsWorkflows ?? []) {
        const machine = this.stateMachines[workflow];
        if (!machine) throw new Error(`${spec.name} starts ${workflow}, which is not defined before it`);
        machine.grantStartExecution(handler);
      }
      if (spec.usesBsnKey) {
        handler.addEnvironment('BSN_KEY_SECRET_ARN', bsnKey.secretArn);
        bsnKey.grantRead(handler);
      }
      if (spec.writesExports) {
        // Write new files under its folders only (sepa/ unless told): no reading, listing or deleting.
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: ['s3:PutObject'],
            resources: (spec.exportFolders ?? ['sepa']).map((f) => exportsBucket.arnForObjects(`${f}/*`)),
          }),
        );
        key.grantEncrypt(handler);
        handler.addEnvironment('EXPORTS_BUCKET', exportsBucket.bucketName);
      }
      if (spec.readsExports) {
        // Read its folders only: the SEPA batches (issue 9), or the letters to print (issue 10).
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: ['s3:GetObject'],
            resources: (spec.exportFolders ?? ['sepa']).map((f) => exportsBucket.arnForObjects(`${f}/*`)),
          }),
        );
        key.grantDecrypt(handler);
        handler.addEnvironment('EXPORTS_BUCKET', exportsBucket.bucketName);
      }
      // By the machine's name, not its resource: the machine refers to the function, so a reference back would be a cycle.
      for (const workflow of spec.respondsToTasks ?? [])
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            resources: [
              this.formatArn({
                service: 'states',
                resource: 'stateMachine',
                resourceName: `opvang-${workflow}`,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ],
          }),
        );
      functionIds.push(this.getLogicalId(handler.node.defaultChild as CfnElement));
      return handler;
    };
    // Logs are encrypted with the data key, which CloudWatch Logs must be allowed to use.
    key.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
      }),
    );

    // Exports (SEPA batches): private, encrypted, TLS only, versioned, with access logs.
    const exportsAccessLogs = new Bucket(this, 'ExportsAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(exportsAccessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the access logs of the exports bucket; logging it would recurse.',
    });
    const exportsBucket = new Bucket(this, 'Exports', {
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: exportsAccessLogs,
      serverAccessLogsPrefix: 'exports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Workflows: the ASL files are the single source; each step is a function.
    const stateMachineArns: Record<string, string> = {};
    for (const workflow of workflows) {
      const substitutions: Record<string, string> = {};
      const steps: NodejsFunction[] = [];
      for (const step of workflow.steps) {
        const handler = fn(step);
        substitutions[`${step.name}FunctionArn`] = handler.functionArn;
        steps.push(handler);
      }
      const machine = new StateMachine(
        this,
        `${workflow.name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Workflow`,
        {
          stateMachineName: `opvang-${workflow.name}`,
          stateMachineType: StateMachineType.STANDARD,
          definitionBody: DefinitionBody.fromFile(path.join(root, workflow.file)),
          definitionSubstitutions: substitutions,
          tracingEnabled: true,
          logs: {
            destination: logGroup(`${workflow.name}Workflow`),
            level: LogLevel.ALL,
            includeExecutionData: false,
          },
        },
      );
      for (const step of steps) step.grantInvoke(machine);
      this.stateMachines[workflow.name] = machine;
      stateMachineArns[workflow.arnVariable] = machine.stateMachineArn;
    }

    // The stream: Lambda's event source mapping with partial batch failures, bisection, bounded retries.
    const streamFailures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(streamFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the stream; it has no queue behind it.',
    });
    const stream = fn(streamHandler, stateMachineArns);
    stream.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(streamFailures),
      }),
    );
    // Never only a message in a queue: each batch given up on becomes a staff task (issue 7 item 1).
    fn(streamFailureHandler).addEventSource(new SqsEventSource(streamFailures, { batchSize: 10 }));

    // Issue 13: the staff console (CloudFront) and the staff's accounts (Cognito).
    const staffConsole = new ConsoleHosting(this, 'Console');
    const staff = new StaffAccounts(this, 'Staff', { consoleUrl: staffConsole.origin });

    // The HTTP API: its routes behind one Lambda authorizer, which takes either the admin key (CLI and
    // scripts) or a staff member's ID token, verified against the user pool's public JWKS (no IAM needed),
    // and lets each role through only to the routes the catalog opens to it (issue 13 item 2).
    const auth = fn(authorizer, {
      ADMIN_API_KEY_SECRET_ARN: adminKey.secretArn,
      STAFF_TOKEN_ISSUER: staff.issuer,
      STAFF_TOKEN_AUDIENCE: staff.consoleClient.userPoolClientId,
    });
    adminKey.grantRead(auth);
    const adminAuthorizer = new HttpLambdaAuthorizer('AdminAuthorizer', auth, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      // The answer depends on the route as well as the token: a cached "yes" for one route must not open
      // another, so the route is part of the cache key.
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
      resultsCacheTtl: Duration.minutes(5),
    });
    const api = new HttpApi(this, 'Api', {
      apiName: 'opvang',
      createDefaultStage: true,
      // Only the console's own origin may call the API from a browser.
      corsPreflight: {
        allowOrigins: [staffConsole.origin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type'],
        // The letters' PDF and the complaints report are named by this header.
        exposeHeaders: ['content-disposition'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = logGroup('ApiAccess');
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };
    for (const route of routes) {
      const handler = fn(route, stateMachineArns);
      const added = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.name}Integration`, handler),
        // KLA-1: a form provider's webhook carries no admin key; its handler verifies the signature.
        ...(route.auth === 'admin' ? { authorizer: adminAuthorizer } : {}),
      });
      if (route.auth === 'signature')
        for (const webhook of added)
          Validations.of(webhook).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              "A form provider (Typeform, Tally) cannot send our admin key: the handler verifies the HMAC signature of the body with the provider's secret, in constant time, before anything is stored (KLA-1).",
          });
      if (route.readsWebhookSecrets)
        for (const [provider, secret] of Object.entries(webhookSecrets)) {
          handler.addEnvironment(`WEBHOOK_SECRET_${provider.toUpperCase()}_ARN`, secret.secretArn);
          secret.grantRead(handler);
        }
    }

    staffConsole.publish(
      {
        auth: 'cognito',
        region: this.region,
        clientId: staff.consoleClient.userPoolClientId,
        apiUrl: api.apiEndpoint,
      },
      logGroup('ConsoleDeployment'),
    );

    // Schedules: EventBridge Scheduler, daily at local time in Europe/Amsterdam.
    for (const spec of schedules) {
      const handler = fn(spec, stateMachineArns);
      const [hour, minute] = spec.dailyAt.split(':').map((part) => String(Number(part)));
      new Schedule(this, `${spec.name}Schedule`, {
        schedule: ScheduleExpression.cron({ hour, minute, timeZone: TimeZone.of('Europe/Amsterdam') }),
        target: new LambdaInvoke(handler, { retryAttempts: 3 }),
        description: `opvang: ${spec.name} daily at ${spec.dailyAt}`,
      });
    }

    // cdk-nag: each acknowledged finding with its reason.
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The functions use the AWS managed basic execution policy only to write their own logs.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray trace segments and Step Functions log delivery have no resource-level permissions.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.table.node.defaultChild as CfnElement)}.Arn>/index/*]`,
        reason: 'The functions query the indexes of their own table.',
      },
      { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: 'Granted by CDK on the one data key only.' },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(exportsBucket.node.defaultChild as CfnElement)}.Arn>/sepa/*]`,
        reason: 'The SEPA export writes new files, named by month and collection date, under sepa/ only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(exportsBucket.node.defaultChild as CfnElement)}.Arn>/letters/*]`,
        reason:
          'Issue 10: dunning writes letters, named by day, kind and invoice, under letters/ only; GET /letters reads them.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(exportsBucket.node.defaultChild as CfnElement)}.Arn>/claims/*]`,
        reason:
          'DUN-4: the hand-over writes the claim for the agency, named by day and invoice, under claims/ only.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Granted by CDK on the one data key only.',
      },
      ...functionIds.map((id) => ({
        id: `AwsSolutions-IAM5[Resource::<${id}.Arn>:*]`,
        reason: 'A workflow may invoke any version of its own step function.',
      })),
    );

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'AdminKeySecret', { value: adminKey.secretName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ConsoleUrl', { value: staffConsole.origin });
    new CfnOutput(this, 'StaffUserPoolId', { value: staff.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: staff.consoleClient.userPoolClientId });
    new CfnOutput(this, 'AddStaffUser', {
      description: 'How to give a member of staff an account (the invitation e-mail names the console)',
      value: [
        `aws cognito-idp admin-create-user --user-pool-id ${staff.userPool.userPoolId} --username <e-mail>`,
        '--user-attributes Name=email,Value=<e-mail> Name=email_verified,Value=true Name=name,Value="<name>"',
        '[Name=custom:location,Value="<location>" for a location manager]',
        `&& aws cognito-idp admin-add-user-to-group --user-pool-id ${staff.userPool.userPoolId} --username <e-mail>`,
        '--group-name <finance|location-manager|management>',
      ].join(' '),
    });
  }
}
