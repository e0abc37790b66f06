import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES, type StaffRole } from '#shared/staff/roles.ts';

export interface StaffAccountsProps {
  /** Where the console is served: the invitation e-mail sends the new user there. */
  consoleUrl: string;
}

const roleDescriptions: Record<StaffRole, string> = {
  finance: 'Finance: invoice runs, payments, bank files, arrears, SEPA files',
  'location-manager':
    "A location manager: their location's offers, contracts and complaints (custom:location)",
  management: 'Management: escalated complaints, the annual complaints report, the policy check',
};

/**
 * Issue 13 item 2: the staff's accounts in AWS. A Cognito user pool whose groups are the staff roles of
 * shared/staff/roles.ts, with a location manager's location in `custom:location`, and the console's app
 * client. The API's Lambda authorizer verifies the client's ID tokens against the pool's JWKS
 * (`issuer`, `clientId`); the local runtime issues tokens with the same claims (infra/local/staff-identity.ts).
 */
export class StaffAccounts extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;
  /** The `iss` of the pool's tokens; its JWKS is at `${issuer}/.well-known/jwks.json`. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: StaffAccountsProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are made by an administrator (admin-create-user), never by whoever finds the console.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Issue 13: the location a location manager works for; set by an administrator only (the app
      // client below cannot write it), read by the authorizer from the ID token as `custom:location`.
      customAttributes: { location: new StringAttribute({ mutable: true, minLen: 1, maxLen: 100 }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (Plus plan): compromised passwords are refused and risky sign-ins challenged,
      // as configured below; for a back office's few staff the Plus plan costs little.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Uw account voor de opvang-console / Your opvang console account',
        emailBody: [
          'Er is een account voor u gemaakt in de opvang-console: {username}<br>',
          'Uw tijdelijke wachtwoord: {####}<br>',
          `Log in op ${props.consoleUrl} en kies een nieuw wachtwoord.<br><br>`,
          'An account was made for you in the opvang console: {username}<br>',
          'Your temporary password: {####}<br>',
          `Sign in at ${props.consoleUrl} and choose a new password.`,
        ].join('\n'),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP): staff may enrol an authenticator app, and threat protection requires the second factor of a risky sign-in (and blocks one without it); requiring it of every user waits for the console to guide TOTP enrolment.',
    });

    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          highAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });

    for (const role of STAFF_ROLES)
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: roleDescriptions[role],
      });

    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'opvang-console',
      // A browser cannot keep a secret: a public client, signing in with Cognito's own API (no hosted UI).
      generateSecret: false,
      disableOAuth: true,
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // A working day; the authorizer accepts ID tokens (they carry the groups and the location).
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('location'),
      // Not `custom:location`: a location manager must not move themselves to another location.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
