import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeOwnerOnlyDir, writeOwnerOnlyFile } from '../../functions/adapters/owner-only-files.ts';
import { policyNamed } from '../../shared/policy.ts';
import { LocalStaffIdentity, StaffUserError } from './staff-identity.ts';

/**
 * `opvang users add|list` (issue 13 item 2): the staff accounts of the local runtime, kept in the data
 * directory (`.data/staff-users.json`, passwords hashed with scrypt). In AWS the same people are users of
 * the Cognito user pool, each in the group of their role (README, "Deploying").
 * Exit status: 0 done, 2 bad usage or a bad field (named).
 */
const USAGE = `usage:
  opvang users add --email ADDRESS --name NAME --role finance|location-manager|management
                   [--location NAME] [--password PASSWORD] [--data DIR]
  opvang users list [--data DIR]
(a password is made and printed when none is given; a location manager needs --location)`;

class UsersUsageError extends Error {}

function knownLocations(): string[] {
  return policyNamed(process.env.POLICY_NAME ?? 'accrete-2020').locations.map((l) => l.name);
}

function identityIn(dataDir: string): LocalStaffIdentity {
  // The folder npm start keeps its data in, owner-only: it holds the password hashes.
  makeOwnerOnlyDir(path.resolve(dataDir));
  return new LocalStaffIdentity({
    dataDir: path.resolve(dataDir),
    issuer: '',
    knownLocations: knownLocations(),
  });
}

export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function usersCommand(args: string[]): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        location: { type: 'string' },
        password: { type: 'string' },
        data: { type: 'string', default: '.data' },
      },
    });
    const [action, ...extra] = positionals;
    if (extra.length) throw new UsersUsageError(`unexpected argument '${extra[0]}'`);
    if (action === 'list') {
      for (const u of identityIn(values.data).listUsers())
        console.log(`${u.email}\t${u.role}${u.location ? `\t${u.location}` : ''}\t${u.name}`);
      return 0;
    }
    if (action !== 'add')
      throw new UsersUsageError(action ? `unknown users action '${action}'` : 'no action given');
    for (const field of ['email', 'name', 'role'] as const)
      if (!values[field]) throw new UsersUsageError(`--${field} is required`);
    const password = values.password ?? newPassword();
    const user = await identityIn(values.data).addUser({
      email: values.email as string,
      name: values.name as string,
      role: values.role as string,
      location: values.location,
      password,
    });
    console.log(
      `Added ${user.email} (${user.role}${user.location ? `, ${user.location}` : ''}).${values.password ? '' : ` Password: ${password}`}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StaffUserError) {
      process.stderr.write(`invalid user: ${error.field} ${error.problem}\n`);
      return 2;
    }
    if (error instanceof UsersUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * On the first `npm start`: one account per role, so that a new user can open the console at once; their
 * passwords are kept owner-only in the data directory (`console-users`) and shown on every start screen,
 * as the admin key is. Accounts added later with `opvang users add` are not shown.
 */
export async function starterUsers(
  identity: LocalStaffIdentity,
  dataDir: string,
): Promise<{ email: string; role: string; location?: string; password: string }[]> {
  const file = path.join(dataDir, 'console-users');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  if (identity.listUsers().length) return [];
  const [firstLocation] = knownLocations();
  const starters = [
    { email: 'financien@opvang.local', name: 'Financiële administratie', role: 'finance' },
    {
      email: 'locatie@opvang.local',
      name: 'Locatiemanager',
      role: 'location-manager',
      location: firstLocation,
    },
    { email: 'directie@opvang.local', name: 'Directie', role: 'management' },
  ];
  const made = [];
  for (const s of starters) {
    const password = newPassword();
    await identity.addUser({ ...s, password });
    made.push({ email: s.email, role: s.role, ...(s.location ? { location: s.location } : {}), password });
  }
  writeOwnerOnlyFile(file, `${JSON.stringify(made, null, 2)}\n`);
  return made;
}
