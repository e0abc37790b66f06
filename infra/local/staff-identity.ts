import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  scrypt,
  sign,
  timingSafeEqual,
} from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeOwnerOnlyFile } from '../../functions/adapters/owner-only-files.ts';
import { isStaffRole, type StaffRole } from '../../shared/staff/roles.ts';

/**
 * Issue 13: the staff accounts of the local runtime, standing in for the Cognito user pool: users with a
 * role (and a location manager's location), passwords hashed with scrypt (memory-hard), and an issuer that
 * signs ID tokens with the same claims Cognito puts in them (`cognito:groups`, `custom:location`,
 * `token_use: id`) and publishes its key as a JWKS, against which the API's authorizer verifies them exactly
 * as it verifies Cognito's.
 */
export interface StaffUser {
  email: string;
  name: string;
  role: StaffRole;
  location?: string;
  passwordHash: string;
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: string;
  location?: string;
  password: string;
}

export class StaffUserError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The console's client id: the tokens' audience, as the Cognito app client's id is in AWS. */
export const LOCAL_CONSOLE_CLIENT = 'opvang-console';
const TOKEN_HOURS = 8;
// scrypt at N=2^15, r=8: 32 MiB and ~0.1 s per hash on this kind of machine (OWASP's minimum is N=2^17 with
// r=8, p=1 or N=2^15 with more rounds; this one is for a back office on one machine).
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: typeof SCRYPT,
) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A new user as given (the CLI, a test), checked: each problem names its field. */
export function checkedNewUser(
  given: NewStaffUser,
  knownLocations: string[],
): Omit<StaffUser, 'passwordHash'> {
  const email = given.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new StaffUserError('email', `"${given.email}" is not an e-mail address`);
  const name = given.name.trim();
  if (!name || name.length > 200) throw new StaffUserError('name', 'must be 1 to 200 characters');
  if (!isStaffRole(given.role))
    throw new StaffUserError('role', `must be finance, location-manager or management, not "${given.role}"`);
  if (given.password.length < 12) throw new StaffUserError('password', 'must be at least 12 characters');
  if (given.role !== 'location-manager') {
    if (given.location) throw new StaffUserError('location', 'only a location manager has a location');
    return { email, name, role: given.role };
  }
  const location = knownLocations.find((l) => l === given.location?.trim());
  if (!location)
    throw new StaffUserError(
      'location',
      `a location manager needs one of the organisation's locations: ${knownLocations.join(', ')}`,
    );
  return { email, name, role: given.role, location };
}

export class LocalStaffIdentity {
  private readonly users = new Map<string, StaffUser>();
  private readonly privateKey: KeyObject;
  private readonly keyId: string;

  constructor(
    private readonly options: {
      /** Undefined keeps users and key in memory (tests). */
      dataDir?: string;
      /** The runtime's own URL: the tokens' `iss`, whose `/.well-known/jwks.json` publishes the key. */
      issuer: string;
      knownLocations: string[];
    },
  ) {
    this.privateKey = this.loadOrMakeKey();
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.keyId = createHash('sha256').update(`${jwk.n}.${jwk.e}`).digest('base64url').slice(0, 16);
    for (const user of this.readUsers()) this.users.set(user.email, user);
  }

  private file(name: string): string | undefined {
    return this.options.dataDir ? path.join(this.options.dataDir, name) : undefined;
  }

  private loadOrMakeKey(): KeyObject {
    const file = this.file('staff-token-key.pem');
    if (file && existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    if (file) writeOwnerOnlyFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    return privateKey;
  }

  private readUsers(): StaffUser[] {
    const file = this.file('staff-users.json');
    if (!file || !existsSync(file)) return [];
    return JSON.parse(readFileSync(file, 'utf8')) as StaffUser[];
  }

  private saveUsers(): void {
    const file = this.file('staff-users.json');
    if (file) writeOwnerOnlyFile(file, `${JSON.stringify([...this.users.values()], null, 2)}\n`);
  }

  /** Adds a user, or replaces the one with the same e-mail address (a new password, another role). */
  async addUser(given: NewStaffUser): Promise<Omit<StaffUser, 'passwordHash'>> {
    const user = checkedNewUser(given, this.options.knownLocations);
    this.users.set(user.email, { ...user, passwordHash: await hashPassword(given.password) });
    this.saveUsers();
    return user;
  }

  listUsers(): Omit<StaffUser, 'passwordHash'>[] {
    return [...this.users.values()].map(({ passwordHash: _hash, ...user }) => user);
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.keyId, alg: 'RS256', use: 'sig' }] };
  }

  /** An ID token for the user with these credentials, or undefined (the same for an unknown address). */
  async login(
    email: string,
    password: string,
  ): Promise<{ token: string; expiresAt: string; user: Omit<StaffUser, 'passwordHash'> } | undefined> {
    // `opvang users add` writes the file while the runtime runs: a login reads who is there now.
    for (const stored of this.readUsers()) this.users.set(stored.email, stored);
    const user = this.users.get(email.trim().toLowerCase());
    // An unknown address costs a hash too: how long the answer takes does not tell who has an account.
    const matches = await passwordMatches(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches) return undefined;
    const now = Math.floor(Date.now() / 1000);
    const exp = now + TOKEN_HOURS * 3600;
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keyId };
    const payload = {
      iss: this.options.issuer,
      aud: LOCAL_CONSOLE_CLIENT,
      sub: createHash('sha256').update(user.email).digest('hex').slice(0, 32),
      token_use: 'id',
      email: user.email,
      name: user.name,
      'cognito:groups': [user.role],
      ...(user.location ? { 'custom:location': user.location } : {}),
      iat: now,
      auth_time: now,
      exp,
    };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signature = sign('sha256', Buffer.from(input), this.privateKey);
    const { passwordHash: _hash, ...shown } = user;
    return {
      token: `${input}.${base64url(signature)}`,
      expiresAt: new Date(exp * 1000).toISOString(),
      user: shown,
    };
  }
}

const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
