import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/** The offer slice through the real pipeline: HTTP API → DynamoDB Local → stream → workflow → SES. */
let rt: TestRuntime;

const parent = { name: 'Sanne de Vries', email: 'sanne@example.nl', iban: 'NL91 ABNA 0417 1643 00' };
const offer = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  parent: 'p1',
  child: { name: 'Daan', birthDate: '2026-02-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { tue: '08:00-18:00' },
  start: '2027-03-01',
  ...extra,
});

async function items(type: string) {
  const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? []).filter((i) => i.type === type);
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04' });
  await rt.goTo('2027-01-05');
  expect((await rt.call('PUT', '/parents/p1', parent)).status).toBe(200);
});

afterAll(async () => {
  await rt?.shutdown();
});

describe('admin API', () => {
  it('refuses a request without the admin key', async () => {
    const response = await rt.call('POST', '/offers', offer('o-noauth'), 'wrong-key');
    expect(response.status).toBe(403);
    expect(await items('offer')).toEqual([]);
  });

  it('CON-1: rejects an invalid offer with 400, naming each field, and stores nothing', async () => {
    const response = await rt.call('POST', '/offers', offer('o-bad', { weeks: 20, start: '2027-13-01' }));
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'weeks', problem: 'must be between 40 and 52 for KDV' },
        { field: 'start', problem: 'must be a date as YYYY-MM-DD' },
      ]),
    );
    expect((await rt.call('POST', '/offers', '{"id": "o-bad",')).body.issues).toEqual([
      { field: '(body)', problem: 'is not valid JSON' },
    ]);
    await rt.settle();
    expect(await items('offer')).toEqual([]);
    expect(await rt.emails()).toEqual([]);
  });

  it('answers 422 for an offer to an unknown parent, and writes nothing', async () => {
    const response = await rt.call('POST', '/offers', offer('o-orphan', { parent: 'nobody' }));
    expect(response.status).toBe(422);
    expect(response.body.issues[0].field).toBe('parent');
    expect(await items('offer')).toEqual([]);
  });
});

describe('CON-2 offer accepted within 10 days', () => {
  it('e-mails the offer (Dutch) as soon as it is stored', async () => {
    const response = await rt.call('POST', '/offers', offer('o1'));
    expect(response.status).toBe(201);
    expect(response.body.offer).toMatchObject({
      id: 'o1',
      status: 'offered',
      offeredOn: '2027-01-05',
      lapsesOn: '2027-01-16',
    });
    await rt.settle();
    const emails = await rt.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ on: '2027-01-05', to: 'sanne@example.nl', kind: 'offer', ref: 'o1' });
    expect(emails[0]?.text).toContain('geldig tot en met 15 januari 2027');
  });

  it('a repeated POST of the same offer changes nothing and sends nothing', async () => {
    const response = await rt.call('POST', '/offers', offer('o1'));
    expect(response.status).toBe(200);
    await rt.settle();
    expect((await rt.emails()).filter((e) => e.kind === 'offer')).toHaveLength(1);
  });

  it('accepting makes the contract and confirms it, once, however often it is accepted', async () => {
    await rt.goTo('2027-01-08');
    const first = await rt.call('POST', '/offers/o1/accept', { contractId: 'c2' });
    expect(first.status).toBe(200);
    expect(first.body.offer).toMatchObject({
      status: 'accepted',
      acceptedOn: '2027-01-08',
      contractId: 'c2',
    });
    expect(first.body.offer.taskToken).toBeUndefined();
    await rt.settle();
    const again = await rt.call('POST', '/offers/o1/accept', { contractId: 'c2' });
    expect(again.status).toBe(200);
    await rt.settle();

    const contract = await rt.call('GET', '/contracts/c2');
    expect(contract.status).toBe(200);
    // CON-3: day care ends the day before the 4th birthday.
    expect(contract.body.contract).toMatchObject({
      id: 'c2',
      parentId: 'p1',
      status: 'active',
      start: '2027-03-01',
      end: '2030-01-31',
    });
    const confirmations = (await rt.emails()).filter((e) => e.kind === 'contract-confirmation');
    expect(confirmations).toEqual([expect.objectContaining({ on: '2027-01-08', ref: 'c2' })]);
    expect(await items('contract')).toHaveLength(1);
  });
});

describe('CON-2 offer not accepted', () => {
  it('still stands at 23:00 on the 10th day after it was made', async () => {
    await rt.goTo('2027-01-11');
    expect(
      (await rt.call('POST', '/offers', offer('o2', { child: { name: 'Fenna', birthDate: '2026-05-01' } })))
        .status,
    ).toBe(201);
    await rt.goTo('2027-01-21', 23);
    const offerRecord = await rt.call('GET', '/offers/o2');
    expect(offerRecord.body.offer).toMatchObject({ status: 'offered', lapsesOn: '2027-01-22' });
    expect((await rt.emails()).filter((e) => e.kind === 'offer-lapsed')).toEqual([]);
  });

  it('lapses at the start of the 11th day, tells the parent that day, and refuses a late acceptance', async () => {
    await rt.goTo('2027-01-22');
    expect((await rt.call('GET', '/offers/o2')).body.offer.status).toBe('lapsed');
    const lapsed = (await rt.emails()).filter((e) => e.kind === 'offer-lapsed');
    expect(lapsed).toEqual([
      expect.objectContaining({ on: '2027-01-22', ref: 'o2', to: 'sanne@example.nl' }),
    ]);
    const late = await rt.call('POST', '/offers/o2/accept', {});
    expect(late.status).toBe(409);
    expect(late.body.issues[0].problem).toMatch(/lapsed on 2027-01-22/);
    await rt.settle();
    expect((await rt.emails()).filter((e) => e.kind === 'contract-confirmation')).toHaveLength(1);
  });
});
