import { createPrivateKey, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintFixture, postComplaint } from '../support/complaints.ts';
import { KDV_MONDAYS, SUKRU } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 13 item 2: staff accounts with roles, through the real HTTP API and the authorizer that verifies
 * tokens against the issuer's published keys. A location manager of Kindcentrum De Tol sees De Tol's
 * complaints and contracts only and never an account or a bank entry (IBANs); finance does not record
 * complaint stages; a token that was tampered with, has expired or comes from another issuer opens nothing.
 */
let rt: TestRuntime;
const tokens = { finance: '', deTol: '', management: '' };

function complaint(id: string, location: string, name: string) {
  const body = complaintFixture('generic');
  body.submissionId = id;
  body.submittedAt = '2027-02-02T10:00:00+01:00';
  body.location = location;
  body.parent.name = name;
  delete body.invoiceNumber;
  return body;
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-01' });
  tokens.finance = await rt.staffToken({
    email: 'financien@opvang.example',
    name: 'Łucja Wiśniewska',
    role: 'finance',
  });
  tokens.deTol = await rt.staffToken({
    email: 'detol@opvang.example',
    name: 'Nguyễn Thị Minh Khai',
    role: 'location-manager',
    location: 'Kindcentrum De Tol',
  });
  tokens.management = await rt.staffToken({
    email: 'directie@opvang.example',
    name: 'Şükrü Yılmaz',
    role: 'management',
  });
  expect((await rt.call('PUT', '/parents/p1', { ...SUKRU, iban: 'NL91ABNA0417164300' })).status).toBe(200);
  expect(
    (await rt.call('POST', '/contracts', { ...KDV_MONDAYS, id: 'tol-1', parent: 'p1', start: '2027-03-01' }))
      .status,
  ).toBe(201);
  expect(
    (
      await rt.call('POST', '/contracts', {
        ...KDV_MONDAYS,
        id: 'vlinder-1',
        parent: 'p1',
        location: 'BSO De Vlinder',
        start: '2027-03-01',
      })
    ).status,
  ).toBe(201);
}, 120_000);

afterAll(async () => {
  await rt?.shutdown();
});

describe('issue 13: staff accounts and roles', () => {
  it('logs in only with the right password, says which field is missing, and slows down guessing', async () => {
    const login = (body: unknown) =>
      fetch(`${rt.apiUrl}/auth/login`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        // biome-ignore lint/suspicious/noExplicitAny: the test reads the JSON answer's shape
        body: (await r.json()) as any,
      }));
    expect(await login({ email: 'financien@opvang.example' })).toEqual({
      status: 400,
      body: { error: 'invalid request', issues: [{ field: 'password', problem: 'is required' }] },
    });
    const wrong = await login({ email: 'financien@opvang.example', password: 'not-the-password' });
    expect(wrong).toEqual({ status: 401, body: { error: 'wrong e-mail address or password' } });
    // An unknown address gets the same answer as a wrong password.
    expect((await login({ email: 'niemand@opvang.example', password: 'x' })).body).toEqual(wrong.body);
    for (let i = 0; i < 4; i++) await login({ email: 'niemand@opvang.example', password: 'x' });
    expect((await login({ email: 'niemand@opvang.example', password: 'x' })).status).toBe(429);
    const ok = await login({
      email: 'Financien@opvang.example ',
      password: 'wachtwoord-financien@opvang.example',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({
      email: 'financien@opvang.example',
      name: 'Łucja Wiśniewska',
      role: 'finance',
    });
  });

  it('opens each route only to the roles whose work needs it; the admin key still opens all', async () => {
    const status = async (token: string, method: string, path: string, body?: unknown) =>
      (await rt.call(method, path, body, token)).status;
    expect(await status(tokens.finance, 'GET', '/invoice-runs/2027-03/preview')).toBe(200);
    expect(await status(tokens.finance, 'GET', '/parents/p1/account')).toBe(200);
    expect(await status(tokens.finance, 'GET', '/complaints/report?year=2026')).toBe(403);
    expect(await status(tokens.management, 'GET', '/complaints/report?year=2026')).toBe(200);
    expect(await status(tokens.management, 'POST', '/invoice-runs', { month: '2027-03' })).toBe(403);
    // A location manager never sees a parent's account or the bank's entries (IBANs), nor runs invoicing.
    expect(await status(tokens.deTol, 'GET', '/parents/p1/account')).toBe(403);
    expect(await status(tokens.deTol, 'GET', '/bank-entries')).toBe(403);
    expect(await status(tokens.deTol, 'PUT', '/parents/p1', { ...SUKRU, iban: 'NL02RABO0123456789' })).toBe(
      403,
    );
    expect(await status(tokens.deTol, 'POST', '/invoice-runs', { month: '2027-03' })).toBe(403);
    expect(await status(rt.adminKey, 'GET', '/complaints/report?year=2026')).toBe(200);
  });

  it('keeps a location manager to their own location: complaints and contracts of another are refused', async () => {
    expect(
      (await postComplaint(rt, 'generic', complaint('tol-1', 'Kindcentrum De Tol', 'Şükrü Yılmaz'))).status,
    ).toBe(202);
    expect(
      (await postComplaint(rt, 'generic', complaint('vlinder-1', 'BSO De Vlinder', 'Łucja Wiśniewska')))
        .status,
    ).toBe(202);
    await rt.settle();
    const all = (await rt.call('GET', '/complaints', undefined, tokens.finance)).body.complaints;
    expect(all).toHaveLength(2);
    const own = (await rt.call('GET', '/complaints', undefined, tokens.deTol)).body.complaints;
    expect(own.map((c: { location: string }) => c.location)).toEqual(['Kindcentrum De Tol']);
    const other = all.find((c: { location: string }) => c.location === 'BSO De Vlinder');
    const refused = await rt.call('GET', `/complaints/${other.id}`, undefined, tokens.deTol);
    expect(refused.status).toBe(403);
    expect(refused.body.issues[0].problem).toMatch(/another location/);
    const answer = {
      answer: 'Wij passen de sluitingstijd aan.',
      reasons: 'Het contract vraagt twee maanden.',
    };
    expect((await rt.call('POST', `/complaints/${other.id}/answer`, answer, tokens.deTol)).status).toBe(403);
    expect((await rt.call('GET', `/complaints/${other.id}`, undefined, tokens.management)).status).toBe(200);

    // Tasks (KLA-3: answer the complaint): each location manager sees her own location's, finance all.
    const subjects = async (token: string) =>
      (await rt.call('GET', '/tasks', undefined, token)).body.tasks.map(
        (t: { subject: string }) => t.subject,
      );
    const ownId = own[0].id as string;
    expect(await subjects(tokens.deTol)).toEqual([`answer#${ownId}`]);
    expect(await subjects(tokens.finance)).toEqual(
      expect.arrayContaining([`answer#${ownId}`, `answer#${other.id}`]),
    );
    const othersTask = encodeURIComponent(`complaint#answer#${other.id}`);
    expect((await rt.call('POST', `/tasks/${othersTask}/done`, {}, tokens.deTol)).status).toBe(403);
    expect(await subjects(tokens.finance)).toContain(`answer#${other.id}`);

    const contracts = (await rt.call('GET', '/contracts', undefined, tokens.deTol)).body.contracts;
    expect(contracts.map((c: { id: string }) => c.id)).toEqual(['tol-1']);
    expect(contracts[0]).toMatchObject({ childName: 'Nguyễn Thị Minh Khai', parentName: SUKRU.name });
    expect((await rt.call('GET', '/contracts/vlinder-1', undefined, tokens.deTol)).status).toBe(403);
    expect(
      (await rt.call('GET', '/contracts/vlinder-1/bookings?month=2027-03', undefined, tokens.deTol)).status,
    ).toBe(403);
    expect(
      (await rt.call('GET', '/contracts/tol-1/bookings?month=2027-03', undefined, tokens.deTol)).status,
    ).toBe(200);
    expect((await rt.call('GET', '/contracts', undefined, tokens.finance)).body.contracts).toHaveLength(2);
    // A bad parameter is named (400), as everywhere.
    const badStatus = await rt.call('GET', '/contracts?status=lopend', undefined, tokens.finance);
    expect([badStatus.status, badStatus.body.issues[0].field]).toEqual([400, 'status']);
    const badCursor = await rt.call(
      'GET',
      '/invoices?month=2027-03&after=niet-van-ons',
      undefined,
      tokens.finance,
    );
    expect([badCursor.status, badCursor.body.issues[0].field]).toEqual([400, 'after']);

    // Offers: a location manager lists her own location's, newest first, each with the day it lapses (CON-2).
    const offer = (id: string, location: string) => ({
      ...KDV_MONDAYS,
      id,
      parent: 'p1',
      child: { name: 'Zofia Wiśniewska', birthDate: '2026-06-01' },
      location,
      start: '2027-04-01',
    });
    expect(
      (await rt.call('POST', '/offers', offer('o-tol', 'Kindcentrum De Tol'), tokens.deTol)).status,
    ).toBe(201);
    expect(
      (await rt.call('POST', '/offers', offer('o-vlinder', 'BSO De Vlinder'), tokens.deTol)).status,
    ).toBe(403);
    expect((await rt.call('POST', '/offers', offer('o-vlinder', 'BSO De Vlinder'))).status).toBe(201);
    const offers = (await rt.call('GET', '/offers', undefined, tokens.deTol)).body.offers;
    expect(offers).toEqual([
      expect.objectContaining({
        id: 'o-tol',
        status: 'offered',
        childName: 'Zofia Wiśniewska',
        lapsesOn: expect.any(String),
      }),
    ]);
    expect((await rt.call('GET', '/offers/o-vlinder', undefined, tokens.deTol)).status).toBe(403);
    expect((await rt.call('GET', '/offers', undefined, tokens.management)).body.offers).toHaveLength(2);
  });

  it('refuses a token that was changed, that has expired, or that another issuer signed', async () => {
    const [header, payload, signature] = tokens.deTol.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['finance'] })).toString(
      'base64url',
    );
    expect(
      (await rt.call('GET', '/parents/p1/account', undefined, `${header}.${promoted}.${signature}`)).status,
    ).toBe(403);

    // Signed with a key of its own, the same claims: not the issuer's key.
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['finance'] })).toString('base64url')}`;
    const forgedToken = `${forged}.${sign('sha256', Buffer.from(forged), createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }))).toString('base64url')}`;
    expect((await rt.call('GET', '/parents/p1/account', undefined, forgedToken)).status).toBe(403);

    const jwks = (await (await fetch(`${rt.apiUrl}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid,
    });
    expect(jwks.keys[0]?.d).toBeUndefined();

    // Eight hours later the token has expired.
    expect((await rt.call('GET', '/contracts', undefined, tokens.deTol)).status).toBe(200);
    await rt.advanceTo(new Date(rt.clock.now().getTime() + 8 * 3600_000 + 60_000));
    expect((await rt.call('GET', '/contracts', undefined, tokens.deTol)).status).toBe(403);
  });
});
