import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { KDV_MONDAYS, SUKRU } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 7 items 11, 12, 13 and 2 through the running API: path ids held to the id schema, no control or
 * bidi characters in what reaches an e-mail header, contracts that end after they start, hours in half
 * hours, SEPA mandate ids a bank accepts. Each refusal is a 400 naming the field, with nothing stored.
 */
let rt: TestRuntime;

const PARENT = SUKRU;
const KDV = { ...KDV_MONDAYS, start: '2027-03-01' };

async function storedKeys(): Promise<string[]> {
  const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? []).map((i) => `${i.pk}|${i.sk}`).sort();
}

/** Sends the request and expects a 400 that names exactly `field`, with nothing stored or sent. */
async function refused(method: string, path: string, body: unknown, field: string): Promise<string> {
  const before = await storedKeys();
  const emails = (await rt.emails()).length;
  const response = await rt.call(method, path, body);
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(400);
  expect(response.body.issues.map((i: { field: string }) => i.field)).toEqual([field]);
  await rt.settle();
  expect(await storedKeys()).toEqual(before);
  expect(await rt.emails()).toHaveLength(emails);
  return response.body.issues[0].problem;
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04' });
  await rt.goTo('2027-01-04');
  expect((await rt.call('PUT', '/parents/p1', PARENT)).status).toBe(200);
  expect((await rt.call('POST', '/contracts', { ...KDV, id: 'c1', parent: 'p1' })).status).toBe(201);
  expect(
    (
      await rt.call('POST', '/contracts', {
        ...KDV,
        id: 'flex',
        parent: 'p1',
        product: 'KDV_FLEX',
        weeks: undefined,
        schedule: undefined,
        hoursPerMonth: 40,
      })
    ).status,
  ).toBe(201);
}, 120_000);

afterAll(async () => {
  await rt?.shutdown();
});

describe('issue 7 item 11: path parameters are held to the schema of the same field in a body', () => {
  const badIds = { 'a#b': 'a%23b', '../x': '..%2Fx', '5,000 characters': 'x'.repeat(5_000), 'p1 ': 'p1%20' };

  it.each(Object.entries(badIds))('an id like %s is 400 naming id on every kind of route', async (_, id) => {
    const problem = 'must be 1–64 letters, digits, - or _';
    expect(await refused('GET', `/offers/${id}`, undefined, 'id')).toBe(problem);
    expect(await refused('GET', `/contracts/${id}`, undefined, 'id')).toBe(problem);
    expect(await refused('PUT', `/parents/${id}`, PARENT, 'id')).toBe(problem);
    expect(await refused('POST', `/offers/${id}/accept`, {}, 'id')).toBe(problem);
    expect(await refused('POST', `/contracts/${id}/extra-care`, { date: '2027-03-01', hours: 2 }, 'id')).toBe(
      problem,
    );
    expect(await refused('GET', `/contracts/${id}/bookings?month=2027-03`, undefined, 'id')).toBe(problem);
  });

  it('a month in the path must be YYYY-MM, for the run and for its preview', async () => {
    for (const month of ['2027-13', '..%2F2027-01', 'x'.repeat(5_000)]) {
      expect(await refused('GET', `/invoice-runs/${month}`, undefined, 'month')).toBe(
        'must be a month as YYYY-MM',
      );
      expect(await refused('GET', `/invoice-runs/${month}/preview`, undefined, 'month')).toBe(
        'must be a month as YYYY-MM',
      );
    }
  });

  it('a date in the path must be YYYY-MM-DD', async () => {
    expect(await refused('POST', '/contracts/flex/bookings/2027-02-30/cancellation', undefined, 'date')).toBe(
      'must be a date as YYYY-MM-DD',
    );
  });

  it('a well-formed id of no record is still 404, and a parent stored under a good id is found', async () => {
    expect((await rt.call('GET', '/contracts/c-unknown')).status).toBe(404);
    expect((await rt.call('GET', '/contracts/c1')).status).toBe(200);
  });
});

describe('issue 7 item 12: no control or bidi characters in names, addresses and places', () => {
  const headerInjection = 'Şükrü Yılmaz\r\nBcc: everyone@example.nl';

  it('refuses them in a parent, naming the field', async () => {
    expect(await refused('PUT', '/parents/p2', { ...PARENT, name: headerInjection }, 'name')).toBe(
      'must not contain control characters (line breaks, tabs)',
    );
    expect(await refused('PUT', '/parents/p2', { ...PARENT, name: 'Łucja\tWiśniewska' }, 'name')).toMatch(
      /control characters/,
    );
    expect(await refused('PUT', '/parents/p2', { ...PARENT, email: 'lucja@example.nl\n' }, 'email')).toMatch(
      /control characters/,
    );
    expect(
      await refused('PUT', '/parents/p2', { ...PARENT, name: 'Łucja \u202Eakswein\u202C' }, 'name'),
    ).toBe('must not contain direction marks or overrides (bidi controls)');
  });

  it('refuses them in the child, the location and the parent given with an offer', async () => {
    const offer = { ...KDV, parent: 'p1' };
    for (const mark of ['\u200E', '\u200F', '\u2066', '\u2069', '\u0000', '\u007F', '\u0085', '\u2028']) {
      await refused(
        'POST',
        '/offers',
        { ...offer, child: { ...KDV.child, name: `Minh${mark}Khai` } },
        'child.name',
      );
      await refused('POST', '/offers', { ...offer, location: `De Tol${mark}` }, 'location');
    }
    await refused(
      'POST',
      '/offers',
      { ...offer, parent: { ...PARENT, name: headerInjection } },
      'parent.name',
    );
    await refused(
      'POST',
      '/contracts',
      { ...KDV, id: 'c2', parent: 'p1', child: { ...KDV.child, name: 'Noor\nDaan' } },
      'child.name',
    );
  });

  it('keeps names in every script and the line breaks of a free text', async () => {
    const names = { name: 'Nguyễn Thị Minh Khai 🌱', email: 'minh.khai@example.nl' };
    expect((await rt.call('PUT', '/parents/p3', names)).body.parent.name).toBe('Nguyễn Thị Minh Khai 🌱');
    expect((await rt.call('PUT', '/parents/p4', { name: 'محمد العلي', email: 'm@example.nl' })).status).toBe(
      200,
    );
    const terminated = await rt.call('POST', '/contracts/c1/termination', {
      reason: 'Verhuizing naar Zwolle.\r\nDank voor de goede zorg!',
    });
    expect(terminated.status).toBe(200);
  });

  it('refuses a control character other than a line break in a free text', async () => {
    await refused('POST', '/contracts/flex/termination', { reason: 'Verhuizing\u0007' }, 'reason');
  });
});

describe('issue 7 item 13: contracts end after they start; hours are positive half hours', () => {
  it('refuses an imported contract that ends on or before its start', async () => {
    const contract = { ...KDV, id: 'c3', parent: 'p1' };
    expect(await refused('POST', '/contracts', { ...contract, end: '2027-02-28' }, 'end')).toBe(
      'must be after the start, 2027-03-01',
    );
    await refused('POST', '/contracts', { ...contract, end: '2027-03-01' }, 'end');
    expect((await rt.call('POST', '/contracts', { ...contract, end: '2027-03-02' })).status).toBe(201);
  });

  it('refuses hours that are not positive half hours, for extra care, bookings and the monthly average', async () => {
    const half = 'must be in half hours';
    expect(
      await refused('POST', '/contracts/flex/extra-care', { date: '2027-03-01', hours: 2.4 }, 'hours'),
    ).toBe(half);
    await refused('POST', '/contracts/flex/extra-care', { date: '2027-03-01', hours: 0 }, 'hours');
    expect(
      await refused('POST', '/contracts/flex/bookings', { date: '2027-03-01', hours: 1.25 }, 'hours'),
    ).toBe(half);
    await refused('POST', '/contracts/flex/bookings', { date: '2027-03-01', hours: -2 }, 'hours');
    expect(await refused('POST', '/contracts/flex/changes', { hoursPerMonth: 40.1 }, 'hoursPerMonth')).toBe(
      half,
    );
    await refused(
      'POST',
      '/contracts',
      { ...KDV, id: 'c4', parent: 'p1', product: 'KDV_FLEX', weeks: undefined, hoursPerMonth: 0.2 },
      'hoursPerMonth',
    );
    const booked = await rt.call('POST', '/contracts/flex/bookings', { date: '2027-03-01', hours: 7.5 });
    expect(booked.status).toBe(201);
  });
});

describe('issue 7 item 2: SEPA mandate ids are checked when they are stored', () => {
  it.each([
    ['a leading /', '/M-001'],
    ['a trailing /', 'M-001/'],
    ['//', 'M//001'],
    ['a character outside the SEPA set', 'M_001'],
    ['a letter outside the SEPA set', 'MANDAAT-Ş1'],
    ['36 characters', 'M'.repeat(36)],
    ['nothing', ''],
  ])('refuses a mandate id with %s on PUT /parents and on an offer with the parent', async (_, mandateId) => {
    const parent = { ...PARENT, mandate: { id: mandateId, signed: '2026-12-01' } };
    await refused('PUT', '/parents/p5', parent, 'mandate.id');
    await refused('POST', '/offers', { ...KDV, parent: { ...parent, id: 'p5' } }, 'parent.mandate.id');
  });

  it("stores one that uses the whole SEPA set: letters, digits, spaces and / - ? : ( ) . , ' +", async () => {
    const id = "MNDT/2027-7 (a):b?c.d,e'f+g";
    const stored = await rt.call('PUT', '/parents/p5', { ...PARENT, mandate: { id, signed: '2026-12-01' } });
    expect(stored.status).toBe(200);
    expect(stored.body.parent.mandate.id).toBe(id);
  });
});
