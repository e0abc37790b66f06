import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfFontFiles } from '#shared/pdf-fonts.ts';
import { STAFF_ROLES } from '#shared/staff/roles.ts';
import { routes, schedules, workflows } from '../../infra/catalog.ts';
import { OpvangStack } from '../../infra/stack.ts';
import { npxRunsProjectBins } from '../support/npx-runs-project-bins.ts';

/** The CDK app as it deploys: the template's resources, and cdk-nag's AWS Solutions checks. */
let app: App;
let template: Template;
let assemblyDir: string;
let synthError: unknown;

beforeAll(() => {
  // Issue 12: the same bundles, without npm's start-up for each of them.
  npxRunsProjectBins();
  app = new App();
  const stack = new OpvangStack(app, 'Opvang', {
    fromAddress: 'administratie@kinderopvang.example',
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  template = Template.fromStack(stack);
  try {
    assemblyDir = app.synth({ force: true }).directory;
  } catch (error) {
    synthError = error;
  }
}, 300_000);

describe('the CDK app', () => {
  it('passes cdk-nag AwsSolutions with every finding acknowledged (synth fails otherwise)', () => {
    expect(synthError).toBeUndefined();
    expect(assemblyDir).toBeTruthy();
  });

  it('deploys one encrypted table with its stream, point-in-time recovery and TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('runs every function on Node.js 24 on arm64', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const ours = Object.values(functions).filter((f) => f.Properties.Runtime?.startsWith('nodejs'));
    // Routes, workflow steps, schedules, and the authorizer, the stream handler and its failure recorder.
    expect(ours.length).toBe(routes.length + workflows.flatMap((w) => w.steps).length + schedules.length + 3);
    for (const f of ours) {
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('reads the stream with partial batch failures, bisection, bounded retries and an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('issue 7 item 1: turns every stream batch given up on into a staff task, not only a queue message', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const [queueId] = Object.keys(queues).filter((id) => id.startsWith('StreamFailures'));
    const functions = template.findResources('AWS::Lambda::Function');
    const [recorderId] = Object.keys(functions).filter((id) => id.startsWith('RecordStreamFailure'));
    expect(queueId && recorderId).toBeTruthy();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: recorderId },
    });
  });

  it('deploys each workflow exactly as its file, with a substitution for every placeholder', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(workflows.length);
    for (const workflow of workflows) {
      const file = readFileSync(workflow.file, 'utf8');
      const machine = machines.find((m) => m.Properties.StateMachineName === `opvang-${workflow.name}`);
      // DefinitionBody.fromFile ships the file as an asset: the deployed definition is that file, byte for byte.
      const asset = path.join(assemblyDir, `asset.${machine?.Properties.DefinitionS3Location.Key}`);
      expect(readFileSync(asset, 'utf8')).toBe(file);
      const placeholders = [...file.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]).sort();
      expect(Object.keys(machine?.Properties.DefinitionSubstitutions ?? {}).sort()).toEqual([
        ...new Set(placeholders),
      ]);
    }
  });

  it('puts every admin route behind the Lambda authorizer, and only the signed webhook outside it', () => {
    const deployed = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(deployed.map((r) => r.Properties.RouteKey).sort()).toEqual(
      routes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const open = deployed.filter((r) => r.Properties.AuthorizationType !== 'CUSTOM');
    expect(open.map((r) => r.Properties.RouteKey)).toEqual(['POST /webhooks/complaints/{provider}']);
    expect(routes.filter((r) => r.auth !== 'admin').map((r) => r.name)).toEqual(['ReceiveComplaint']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: Match.arrayWith(['$request.header.Authorization']),
    });
  });

  it('lets only the functions that send e-mail use SES', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const senders = policies
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('ses:SendEmail'))
      .map(([id]) => id.replace(/ServiceRoleDefaultPolicy.*/, ''))
      .sort();
    // The stream handler e-mails invoices (INV-5); the offer steps offers, lapses, confirmations; the
    // contract routes confirm changes, notice, cancellations, extra care, swap days and bookings; the
    // price-change workflow announces new tariffs (TAR-6); the daily end check announces CON-3 ends;
    // the dunning step sends reminders (DUN-2..4) and a payment plan is confirmed (DUN-9); the annual
    // statements go out by hand or on the policy's day in January (INV-8); the complaint's step sends its
    // acknowledgement, answer, next steps and escalation (KLA-2..7). Nothing else may send.
    expect(senders).toEqual([
      'AdvanceComplaint',
      'AdvanceDunning',
      'AgreePaymentPlan',
      'AnnouncePriceChange',
      'BookCare',
      'CancelBooking',
      'CancelContract',
      'ChangeContract',
      'EndContracts',
      'IssueAnnualStatements',
      'LapseOffer',
      'ProcessTableStream',
      'RequestExtraCare',
      'RequestSwapDay',
      'ScheduledAnnualStatements',
      'SendContractConfirmation',
      'SendOffer',
      'TerminateContract',
    ]);
  });

  it('INV-8: lets only the functions that seal or open a BSN read its key', () => {
    const [secretId] = Object.keys(
      template.findResources('AWS::SecretsManager::Secret', {
        Properties: { Description: Match.stringLikeRegexp('BSN') },
      }),
    );
    expect(secretId).toBeDefined();
    const readers = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => {
        const document = JSON.stringify(p.Properties.PolicyDocument);
        return document.includes('secretsmanager:GetSecretValue') && document.includes(secretId as string);
      })
      .map(([id]) => id.replace(/ServiceRoleDefaultPolicy.*/, ''))
      .sort();
    // PutParent seals it; the statements open it, also the stream's release of a withheld one.
    expect(readers).toEqual([
      'IssueAnnualStatements',
      'ProcessTableStream',
      'PutParent',
      'ScheduledAnnualStatements',
    ]);
  });

  it('INV-5: schedules the invoicing check daily at 06:00 Amsterdam time', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
    });
  });

  it('keeps the SEPA exports private, encrypted and reachable over TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('issue 7 item 1: ships the PDF fonts and their licences beside the stream handler and the functions that make letters (issue 10), and beside no other', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const assetOf = (id: string) =>
      path.join(assemblyDir, `asset.${String(functions[id]?.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const ours = Object.keys(functions).filter((id) => functions[id]?.Properties.Runtime === 'nodejs24.x');
    const makers = [...routes, ...schedules, ...workflows.flatMap((w) => w.steps)]
      .filter((spec) => spec.makesPdfs)
      .map((spec) => spec.name);
    const pdfs = ours.filter((id) => ['ProcessTableStream', ...makers].some((name) => id.startsWith(name)));
    expect(pdfs.length).toBe(1 + makers.length);
    for (const id of pdfs)
      for (const file of pdfFontFiles())
        expect(existsSync(path.join(assetOf(id), 'node_modules', file)), `${id}: ${file}`).toBe(true);
    for (const id of ours.filter((id) => !pdfs.includes(id)))
      expect(existsSync(path.join(assetOf(id), 'node_modules')), id).toBe(false);
  });
});

describe('least privilege', () => {
  it('lets only the stream start offer and price-change workflows, and only the run request and the schedule start invoice runs', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const starters = policies
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('states:StartExecution'))
      .map(([id]) => id.replace(/ServiceRoleDefaultPolicy.*/, ''))
      .sort();
    expect(starters).toEqual(['ProcessTableStream', 'RequestInvoiceRun', 'ScheduledInvoiceRun']);
  });

  it('lets every workflow task wait at least as long as its function may run, and gives the paging steps 5 minutes', () => {
    const lambdas = template.findResources('AWS::Lambda::Function');
    const timeoutOf = (name: string) =>
      Object.entries(lambdas).find(([id]) => id.startsWith(name) && !id.includes('LogRetention'))?.[1]
        .Properties.Timeout as number;
    for (const workflow of workflows) {
      const states = JSON.parse(readFileSync(workflow.file, 'utf8')).States as Record<
        string,
        { Type: string; Resource?: string; Parameters?: { FunctionName?: string }; TimeoutSeconds?: number }
      >;
      for (const [stateName, state] of Object.entries(states)) {
        const fn = state.Parameters?.FunctionName?.match(/^\$\{(\w+)FunctionArn\}$/)?.[1];
        // A task waiting for a callback (waitForTaskToken) waits for the parent, not for the function.
        if (state.Type !== 'Task' || !fn || state.Resource?.endsWith('.waitForTaskToken')) continue;
        expect(state.TimeoutSeconds, `${workflow.name}.${stateName}`).toBeGreaterThanOrEqual(timeoutOf(fn));
      }
    }
    for (const name of ['IssueInvoicePage', 'ExportSepa', 'AnnouncePriceChange', 'EndContracts'])
      expect(timeoutOf(name), name).toBe(300);
  });
});

interface PolicyStatementJson {
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: unknown;
  Condition?: { StringEquals?: Record<string, unknown>; Bool?: Record<string, string> };
}

/** The one resource of a type whose logical id starts with `prefix` (CDK appends a hash). */
function resourceOf(type: string, prefix: string) {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(
    found.map(([id]) => id),
    `${type} ${prefix}*`,
  ).toHaveLength(1);
  const [id, resource] = found[0]!;
  return { id, properties: resource.Properties };
}

describe('issue 13: the staff console and the staff accounts', () => {
  it('item 2: keeps the staff in a Cognito user pool, retained, invitation only, with the roles as groups and the location as custom:location', () => {
    const pool = resourceOf('AWS::Cognito::UserPool', 'StaffUserPool');
    expect(pool.properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.properties.UsernameAttributes).toEqual(['email']);
    expect(pool.properties.Schema).toContainEqual(
      expect.objectContaining({ Name: 'location', AttributeDataType: 'String', Mutable: true }),
    );
    expect(pool.properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });

    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...STAFF_ROLES].sort());
    for (const group of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: pool.id });
  });

  it('item 2: gives the console a public app client: no secret, password and SRP sign-in, 8-hour ID tokens, custom:location read but never written', () => {
    const client = resourceOf('AWS::Cognito::UserPoolClient', 'StaffUserPoolConsoleClient');
    expect(client.properties.GenerateSecret).toBe(false);
    expect(client.properties.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
    );
    expect(client.properties.IdTokenValidity).toBe(8 * 60);
    expect(client.properties.TokenValidityUnits.IdToken).toBe('minutes');
    expect(client.properties.ReadAttributes).toEqual(
      expect.arrayContaining(['email', 'name', 'custom:location']),
    );
    // An absent list lets the client write every attribute: the list must be there, without the location.
    expect(client.properties.WriteAttributes?.length).toBeGreaterThan(0);
    expect(client.properties.WriteAttributes).not.toContain('custom:location');
  });

  it("item 2: the API's authorizer verifies tokens of this pool's issuer for this client, and caches its answer per route", () => {
    const pool = resourceOf('AWS::Cognito::UserPool', 'StaffUserPool');
    const client = resourceOf('AWS::Cognito::UserPoolClient', 'StaffUserPoolConsoleClient');
    const authorizer = resourceOf('AWS::ApiGatewayV2::Authorizer', 'Api');
    const fnId = authorizer.properties.AuthorizerUri['Fn::Join'][1].find(
      (part: unknown) => typeof part === 'object' && part !== null && 'Fn::GetAtt' in part,
    )['Fn::GetAtt'][0] as string;
    const env = template.findResources('AWS::Lambda::Function')[fnId]?.Properties.Environment.Variables;
    expect(env.STAFF_TOKEN_ISSUER).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: pool.id }]],
    });
    expect(env.STAFF_TOKEN_AUDIENCE).toEqual({ Ref: client.id });
    expect(env.ADMIN_API_KEY_SECRET_ARN).toBeDefined();
    // A "yes" for one route must not be served from the cache for another route.
    expect(authorizer.properties.IdentitySource).toEqual([
      '$request.header.Authorization',
      '$context.routeKey',
    ]);
    expect(authorizer.properties.AuthorizerResultTtlInSeconds).toBeLessThanOrEqual(300);
  });

  it('item 1: serves the console from a private bucket that only CloudFront reads (Origin Access Control), over HTTPS, with security headers', () => {
    const distribution = resourceOf('AWS::CloudFront::Distribution', 'ConsoleDistribution');
    const config = distribution.properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Logging?.Bucket).toBeDefined();
    const [origin] = config.Origins;
    expect(config.Origins).toHaveLength(1);
    expect(origin.OriginAccessControlId).toBeDefined();
    const bucketId = origin.DomainName['Fn::GetAtt'][0] as string;

    const bucket = template.findResources('AWS::S3::Bucket')[bucketId]?.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LoggingConfiguration?.DestinationBucketName).toBeDefined();
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (p) => p.Properties.Bucket.Ref === bucketId,
    );
    const statements: PolicyStatementJson[] = policy?.Properties.PolicyDocument.Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
    });
    expect(JSON.stringify(allows[0]?.Condition?.StringEquals?.['AWS:SourceArn'])).toContain(distribution.id);
    // TLS only: everything else is denied without SecureTransport.
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );

    const headersId = config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    const headers = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[headersId]?.Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://cognito-idp.eu-west-1.amazonaws.com');
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.ContentTypeOptions.Override).toBe(true);
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('no-referrer');
  });

  it("item 1: the API's CORS lets only the console's own origin call it from a browser", () => {
    const distribution = resourceOf('AWS::CloudFront::Distribution', 'ConsoleDistribution');
    const api = resourceOf('AWS::ApiGatewayV2::Api', 'Api');
    expect(api.properties.CorsConfiguration).toMatchObject({
      AllowOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution.id, 'DomainName'] }]] }],
      AllowMethods: ['GET', 'POST', 'PUT'],
      AllowHeaders: ['authorization', 'content-type'],
    });
    expect(api.properties.CorsConfiguration.AllowCredentials).toBeUndefined();
  });

  it("item 1: deploys the built console and a config.json naming Cognito, the region, the console's client and the API", () => {
    const client = resourceOf('AWS::Cognito::UserPoolClient', 'StaffUserPoolConsoleClient');
    const api = resourceOf('AWS::ApiGatewayV2::Api', 'Api');
    const bucket = resourceOf('AWS::S3::Bucket', 'ConsoleFiles');
    const deployment = resourceOf('Custom::CDKBucketDeployment', 'ConsoleDeployment');
    expect(deployment.properties.DestinationBucketName).toEqual({ Ref: bucket.id });
    const assets = (deployment.properties.SourceObjectKeys as string[]).map((key) =>
      path.join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`),
    );
    expect(existsSync(path.join(assets[0] as string, 'index.html'))).toBe(true);
    // The config's values are filled in at deploy time, from the markers the deployment carries.
    const config = JSON.parse(readFileSync(path.join(assets[1] as string, 'config.json'), 'utf8'));
    const markers = deployment.properties.SourceMarkers[1] as Record<string, unknown>;
    expect({ ...config, clientId: markers[config.clientId], apiUrl: markers[config.apiUrl] }).toEqual({
      auth: 'cognito',
      region: 'eu-west-1',
      clientId: { Ref: client.id },
      apiUrl: { 'Fn::GetAtt': [api.id, 'ApiEndpoint'] },
    });
  });
});
