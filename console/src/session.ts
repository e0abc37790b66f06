import { apiBase, type ConsoleConfig } from './config.ts';

/**
 * Issue 13 item 2: who is signed in. The token is the staff member's ID token (Cognito's in AWS, the local
 * runtime's locally), with the same claims: `email`, `name`, `cognito:groups` (the role) and, for a
 * location manager, `custom:location`. It is kept for this tab only (sessionStorage) and sent with every
 * API call; the API checks it, the console only reads it to show the right menu.
 */
export const ROLES = ['finance', 'location-manager', 'management'] as const;
export type Role = (typeof ROLES)[number];

export interface StaffUser {
  email: string;
  name: string;
  role: Role;
  location?: string;
}

export interface Session {
  token: string;
  user: StaffUser;
  /** Epoch milliseconds: the token's `exp`. */
  expiresAt: number;
}

const STORAGE_KEY = 'opvang.session';

/** The token's payload, read without checking its signature (the API checks it). */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const base64 = payload
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  // Names like Şükrü Yılmaz are UTF-8 in the token.
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export class LoginRefused extends Error {
  constructor(
    readonly reason: 'credentials' | 'no-role' | 'unreachable' | 'throttled' | 'other',
    detail?: string,
  ) {
    super(detail ?? reason);
  }
}

/** The session a token opens, or why it opens none: a token must name exactly one staff role. */
export function sessionOfToken(token: string): Session {
  const claims = tokenClaims(token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
  const roles = groups.filter((g): g is Role => (ROLES as readonly unknown[]).includes(g));
  if (roles.length !== 1) throw new LoginRefused('no-role');
  const role = roles[0] as Role;
  const location = typeof claims['custom:location'] === 'string' ? claims['custom:location'] : undefined;
  const email = typeof claims.email === 'string' ? claims.email : '';
  const user: StaffUser = {
    email,
    name: typeof claims.name === 'string' && claims.name ? claims.name : email,
    role,
    ...(role === 'location-manager' && location ? { location } : {}),
  };
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3600_000;
  return { token, user, expiresAt: exp };
}

export function currentSession(): Session | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  try {
    return JSON.parse(stored) as Session;
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt <= now;
}

export function endSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

function keep(session: Session): Session {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

/** What a sign-in asks next: nothing (signed in), or a new password (a Cognito user's first sign-in). */
export type LoginStep = { done: Session } | { newPassword: { session: string; email: string } };

export async function logIn(config: ConsoleConfig, email: string, password: string): Promise<LoginStep> {
  if (config.auth === 'cognito') return cognitoLogIn(config, email, password);
  let response: Response;
  try {
    response = await fetch(`${apiBase(config)}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new LoginRefused('unreachable');
  }
  if (response.status === 401 || response.status === 403) throw new LoginRefused('credentials');
  if (response.status === 429) throw new LoginRefused('throttled');
  if (!response.ok) throw new LoginRefused('other', `${response.status}`);
  const body = (await response.json()) as { token: string };
  return { done: keep(sessionOfToken(body.token)) };
}

async function cognito(
  config: ConsoleConfig,
  target: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`https://cognito-idp.${config.region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new LoginRefused('unreachable');
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return answer;
  const type = String(answer.__type ?? '');
  if (type.includes('TooManyRequests') || type.includes('LimitExceeded')) throw new LoginRefused('throttled');
  if (type.includes('NotAuthorized') || type.includes('UserNotFound')) throw new LoginRefused('credentials');
  throw new LoginRefused('other', String(answer.message ?? type ?? response.status));
}

function authenticated(answer: Record<string, unknown>): Session {
  const result = answer.AuthenticationResult as { IdToken?: string } | undefined;
  if (!result?.IdToken) throw new LoginRefused('other', 'no token');
  return keep(sessionOfToken(result.IdToken));
}

async function cognitoLogIn(config: ConsoleConfig, email: string, password: string): Promise<LoginStep> {
  const answer = await cognito(config, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: config.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  // A user made by an administrator signs in the first time with a temporary password.
  if (answer.ChallengeName === 'NEW_PASSWORD_REQUIRED')
    return { newPassword: { session: String(answer.Session), email } };
  return { done: authenticated(answer) };
}

export async function setNewPassword(
  config: ConsoleConfig,
  challenge: { session: string; email: string },
  password: string,
): Promise<Session> {
  const answer = await cognito(config, 'RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: config.clientId,
    Session: challenge.session,
    ChallengeResponses: { USERNAME: challenge.email, NEW_PASSWORD: password },
  });
  return authenticated(answer);
}
