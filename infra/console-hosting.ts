import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { buildConsoleSync } from '../console/build.ts';

/** What the console reads from `/config.json` to find its sign-in and its API. */
export interface ConsoleConfig {
  auth: 'cognito';
  region: string;
  clientId: string;
  apiUrl: string;
}

/**
 * Issue 13 item 1: the staff console in AWS. Its static files (built at synth time by console/build.ts)
 * in a private bucket that only CloudFront reads (Origin Access Control), served over HTTPS with security
 * headers; CloudFront's and the bucket's access logs in a logs bucket.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution>.cloudfront.net`: the console's origin, the one the API allows (CORS). */
  readonly origin: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const region = Stack.of(this).region;

    const logs = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL, which needs the object writer to own them.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the console bucket's and CloudFront's access logs; logging it would recurse.",
    });

    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'console-files/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The console talks to its own origin (config.json), to Cognito (sign-in) and to the API. The API is
    // named by its region's domain, not its id: the API's CORS names this distribution, so the
    // distribution cannot name the API back (CloudFormation refuses the cycle).
    const contentSecurityPolicy = [
      "default-src 'self'",
      `connect-src 'self' https://cognito-idp.${region}.amazonaws.com https://*.execute-api.${region}.amazonaws.com`,
      "img-src 'self' data:",
      "style-src 'self'",
      "script-src 'self'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'opvang console: CSP, HSTS, no-sniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'opvang staff console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      // The staff work in the Netherlands: the edge locations of Europe and North America suffice.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The console is served on the distribution's cloudfront.net name, whose default certificate cannot set a minimum TLS version; a custom domain with an ACM certificate and TLSv1.2_2021 replaces it when the organisation gives the console its own name.",
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The distribution serves only the static console (HTML, script, style, config with public ids); every datum is behind the API, which requires a signed staff token or the admin key. Staff travel, so a country list would lock them out and protect nothing.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          "The distribution serves only static files that are public by nature (the console's code); the data is behind the API's authorizer, and Cognito's threat protection guards the sign-in. A web ACL (in us-east-1) would add cost and no protection to these files.",
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Puts the console's files and its config.json in the bucket, and empties CloudFront's cache of them.
   * `logGroup`: where the deployment's function logs (encrypted, with a retention).
   */
  publish(config: ConsoleConfig, logGroup: ILogGroup): BucketDeployment {
    const built = mkdtempSync(path.join(tmpdir(), 'opvang-console-'));
    buildConsoleSync(built);
    const files = new Asset(this, 'Built', { path: built });
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.bucket(files.bucket, files.s3ObjectKey), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Browsers ask again each time (a deploy is seen at once); CloudFront answers from its cache,
      // which the deployment empties.
      cacheControl: [CacheControl.noCache()],
      logGroup,
    });
    // The findings on CDK's own deployment function, as cdk-nag names them.
    const stack = Stack.of(this);
    const resourceFinding = (arn: string) =>
      `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(arn))}]`;
    Validations.of(deployment.handlerRole.node.scope!).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment brings its own function (Python, with the AWS CLI layer); its runtime is CDK's choice and moves with aws-cdk-lib.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
        reason:
          "BucketDeployment's grant, on CDK's assets bucket and the console bucket only: it reads the built files and compares them with those deployed.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        reason:
          "BucketDeployment's grant, on CDK's assets bucket and the console bucket only: it reads where and how the files are stored.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason:
          "BucketDeployment's grant, on CDK's assets bucket and the console bucket only: it lists the deployed files to prune those no longer built.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: "BucketDeployment's grant: it deletes the console's files that are no longer built.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason: "BucketDeployment's grant: it aborts an upload to the console bucket that failed.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "BucketDeployment's grant: it empties the console distribution's cache (cloudfront:CreateInvalidation, GetInvalidation), which CDK grants on every distribution.",
      },
      {
        id: resourceFinding(this.bucket.arnForObjects('*')),
        reason:
          "BucketDeployment's grant: it writes the console's files, and only them, in the console bucket.",
      },
      {
        id: resourceFinding(files.bucket.arnForObjects('*')),
        reason:
          "BucketDeployment's grant: it reads the console's built files from CDK's assets bucket (the bootstrap's), where CDK put them.",
      },
    );
    return deployment;
  }
}
