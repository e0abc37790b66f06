import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 7 item 13, TAR-6: a price change at most two years ahead, and an announced one withdrawn before it
 * takes effect: invoices keep the rate in force, and the parents who were told are told it is withdrawn.
 */
let rt: TestRuntime;

const RATES = { KDV: 900, POV: 900, KDV_FLEX: 1040, BSO: 820, VSO: 820, BSO_FLEX: 960 };
const MONDAYS_52_AT_862 = 37353; // INV-1: 10 h × 52 × € 8,62 / 12 = € 373,53

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04' });
  await rt.goTo('2027-01-04');
  const parent = {
    name: 'Nguyễn Thị Minh Khai',
    email: 'minh@example.nl',
    language: 'en',
    iban: 'NL91ABNA0417164300',
    mandate: { id: 'M-MINH', signed: '2026-12-01' },
  };
  expect((await rt.call('PUT', '/parents/minh', parent)).status).toBe(200);
  const contract = {
    id: 'c-minh',
    parent: 'minh',
    child: { name: 'Nguyễn Bảo An', birthDate: '2025-06-01' },
    location: 'Kindcentrum De Tol',
    product: 'KDV',
    weeks: 52,
    schedule: { mon: '08:00-18:00' },
    start: '2027-01-01',
  };
  expect((await rt.call('POST', '/contracts', contract)).status).toBe(201);
});

afterAll(async () => {
  await rt?.shutdown();
});

const mails = async (kind: string) => (await rt.emails()).filter((e) => e.kind === kind);

describe('TAR-6 guard rails (issue 7 item 13)', () => {
  it('refuses a price change more than two years ahead, naming the last possible date', async () => {
    const response = await rt.call('POST', '/tariffs', { from: '2029-06-01', hourly: RATES });
    expect(response.status).toBe(422);
    expect(response.body.issues[0]).toEqual({
      field: 'from',
      problem: expect.stringContaining('at most 2 years ahead (on or before 2029-01-04)'),
    });
    expect(
      (await rt.call('GET', '/tariffs')).body.tariffs.map((t: { from: string }) => t.from),
    ).not.toContain('2029-06-01');
  });

  it('withdraws an announced version: parents told once, invoices keep the rate in force', async () => {
    expect((await rt.call('POST', '/tariffs', { from: '2027-04-01', hourly: RATES })).status).toBe(201);
    await rt.settle();
    expect(await mails('price-change')).toHaveLength(1);

    const withdrawn = await rt.call('POST', '/tariffs/2027-04-01/withdrawal');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.tariff).toMatchObject({ from: '2027-04-01', withdrawnOn: '2027-01-04' });
    expect((await rt.call('POST', '/tariffs/2027-04-01/withdrawal')).status).toBe(200);
    await rt.settle();
    const told = await mails('price-change-withdrawn');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ to: 'minh@example.nl', subject: expect.stringContaining('withdrawn') });
    expect(told[0]?.text).toContain('Nguyễn Bảo An');
    expect(
      (await rt.call('GET', '/tariffs')).body.tariffs.map((t: { from: string }) => t.from),
    ).not.toContain('2027-04-01');

    // April is invoiced on 22 March at the rate in force, € 8,62.
    await rt.goTo('2027-03-22', 12);
    const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
    const april = (result.Items ?? []).find((i) => i.type === 'invoice' && i.month === '2027-04');
    expect(april?.total).toBe(MONDAYS_52_AT_862);
  });

  it('refuses to withdraw a version that invoices use already, or one that was never announced', async () => {
    // Announced on 22 March for 1 May; May is invoiced on 20 April.
    expect((await rt.call('POST', '/tariffs', { from: '2027-05-01', hourly: RATES })).status).toBe(201);
    await rt.goTo('2027-04-21');
    const late = await rt.call('POST', '/tariffs/2027-05-01/withdrawal');
    expect(late.status).toBe(422);
    expect(late.body.issues[0]).toEqual({
      field: 'from',
      problem: expect.stringContaining('used by the invoices issued on 2027-04-20'),
    });
    expect((await rt.call('POST', '/tariffs/2027-06-01/withdrawal')).status).toBe(404);
    expect((await rt.call('POST', '/tariffs/2027-13-01/withdrawal')).status).toBe(400);
  });
});
