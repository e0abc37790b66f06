import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { type Caller, callerOfClaims } from '#shared/staff/roles.ts';

/**
 * Issue 13: a staff member's ID token, verified against the issuer's published keys (its JWKS): the Cognito
 * user pool in AWS, the local runtime's issuer on one machine. One code path for both: the issuer and the
 * audience (the console's app client) come from the environment, the keys from `<issuer>/.well-known/jwks.json`.
 */
export interface StaffTokenSettings {
  issuer: string;
  audience: string;
}

/**
 * The JWKS is fetched with the platform's fetch, which speaks https to Cognito and http to the local
 * runtime's loopback issuer (the library's own fetcher speaks https only).
 */
const fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

const verifiers = new Map<string, ReturnType<typeof createVerifier>>();

function createVerifier(settings: StaffTokenSettings) {
  return JwtRsaVerifier.create(
    {
      issuer: settings.issuer,
      audience: settings.audience,
      jwksUri: `${settings.issuer}/.well-known/jwks.json`,
      // Cognito's ID token carries the groups and the location; an access token does not.
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
}

/** The caller a token names, or undefined when it is not a valid, unexpired token of the issuer. */
export async function verifiedStaffCaller(
  token: string,
  settings: StaffTokenSettings,
): Promise<Caller | undefined> {
  const key = `${settings.issuer} ${settings.audience}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = createVerifier(settings);
    verifiers.set(key, verifier);
  }
  try {
    const payload = await verifier.verify(token);
    const caller = callerOfClaims(payload as Record<string, unknown>);
    return 'refused' in caller ? undefined : caller;
  } catch {
    return undefined;
  }
}
