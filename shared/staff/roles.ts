/**
 * Issue 13: the staff who use the back office and what each may do. A role is a Cognito group in AWS and
 * the same claim (`cognito:groups`) in the tokens of the local runtime; a location manager's location is
 * the `custom:location` claim. The admin key (CLI and scripts) is the `admin` caller and may do anything.
 */
export const STAFF_ROLES = ['finance', 'location-manager', 'management'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling a route, as the authorizer established it. */
export type Caller =
  | { role: 'admin' }
  | { role: 'finance' | 'management'; user: string }
  | { role: 'location-manager'; user: string; location: string };

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * The caller a verified staff token names, or why it names none: exactly one role among its groups, and
 * for a location manager a location (a token that grants two roles is refused rather than guessed at).
 */
export function callerOfClaims(claims: Record<string, unknown>): Caller | { refused: string } {
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  const roles = groups.filter(isStaffRole);
  if (roles.length !== 1) return { refused: 'the token must name exactly one staff role' };
  const user = typeof claims.email === 'string' ? claims.email : String(claims.sub ?? '');
  const role = roles[0] as StaffRole;
  if (role !== 'location-manager') return { role, user };
  const location = claims['custom:location'];
  if (typeof location !== 'string' || !location.trim())
    return { refused: 'a location manager’s token must name the location' };
  return { role, user, location };
}

/** The context a Lambda authorizer passes to the route (strings only, as API Gateway requires). */
export function callerContext(caller: Caller): Record<string, string> {
  return Object.fromEntries(Object.entries(caller).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
}

export function callerFromContext(context: Record<string, unknown> | undefined): Caller | undefined {
  const role = context?.role;
  if (role === 'admin') return { role };
  if (role === 'finance' || role === 'management') return { role, user: String(context?.user ?? '') };
  if (role === 'location-manager' && typeof context?.location === 'string')
    return { role, user: String(context?.user ?? ''), location: context.location };
  return undefined;
}

/** A location manager works for one location: anything of another is not theirs to see or change. */
export function mayReachLocation(caller: Caller, location: string): boolean {
  return caller.role !== 'location-manager' || sameLocation(caller.location, location);
}

/** Location names as people type them: case and spacing do not make another location. */
export function sameLocation(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl-NL');
  return norm(a) === norm(b);
}
