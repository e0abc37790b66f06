/** The settings a handler reads from its environment, named once. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export const environment = {
  tableName: () => required('TABLE_NAME'),
  fromAddress: () => required('FROM_ADDRESS'),
  offerStateMachineArn: () => required('OFFER_STATE_MACHINE_ARN'),
  invoiceRunStateMachineArn: () => required('INVOICE_RUN_STATE_MACHINE_ARN'),
  priceChangeStateMachineArn: () => required('PRICE_CHANGE_STATE_MACHINE_ARN'),
  dunningStateMachineArn: () => required('DUNNING_STATE_MACHINE_ARN'),
  complaintStateMachineArn: () => required('COMPLAINT_STATE_MACHINE_ARN'),
  /** The organisation's policy preset (accrete-2020 unless set); stored tariff versions are added to it. */
  policyName: () => process.env.POLICY_NAME ?? 'accrete-2020',
  /** Locally the key is given directly; in AWS the authorizer reads it from Secrets Manager. */
  adminApiKey: () => process.env.ADMIN_API_KEY,
  adminApiKeySecretArn: () => process.env.ADMIN_API_KEY_SECRET_ARN,
  /** Issue 13: who issues staff tokens (the Cognito user pool in AWS, the runtime locally), and for whom. */
  staffTokenIssuer: () => process.env.STAFF_TOKEN_ISSUER,
  staffTokenAudience: () => process.env.STAFF_TOKEN_AUDIENCE,
  /** INV-8: the key that seals BSNs: given directly locally, a Secrets Manager secret in AWS. */
  bsnKey: () => process.env.BSN_KEY,
  bsnKeySecretArn: () => process.env.BSN_KEY_SECRET_ARN,
  /** KLA-1: a form provider's signing secret: given directly locally, a Secrets Manager secret in AWS. */
  webhookSecret: (provider: string) => process.env[`WEBHOOK_SECRET_${provider.toUpperCase()}`],
  webhookSecretArn: (provider: string) => process.env[`WEBHOOK_SECRET_${provider.toUpperCase()}_ARN`],
};
