import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OpvangStack } from './stack.ts';

/**
 * The CDK app: `npm run synth` checks it with cdk-nag's AWS Solutions rules, `npm run deploy` deploys it.
 * Context: `fromAddress` (the sender of every e-mail; its domain becomes the SES identity).
 */
const app = new App();
new OpvangStack(app, 'Opvang', {
  fromAddress: app.node.tryGetContext('fromAddress') ?? 'administratie@kinderopvang.example',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
