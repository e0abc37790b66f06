import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/** The runtime stopped while offers wait, and started again days later on the same data. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'opvang-restart-'));
let rt: TestRuntime | undefined;

afterAll(async () => {
  await rt?.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

const offer = (id: string, child: string) => ({
  id,
  parent: 'p1',
  child: { name: child, birthDate: '2026-02-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 48,
  schedule: { wed: '08:00-13:00' },
  start: '2027-04-01',
});

describe('a restart while offers wait (CON-2)', () => {
  it('keeps the data, resumes the workflows, and sends no e-mail twice', async () => {
    rt = await startTestRuntime({ start: '2027-01-05', dataDir });
    await rt.goTo('2027-01-05');
    expect(
      (await rt.call('PUT', '/parents/p1', { name: 'Sanne de Vries', email: 'sanne@example.nl' })).status,
    ).toBe(200);
    expect((await rt.call('POST', '/offers', offer('o1', 'Daan'))).status).toBe(201);
    expect((await rt.call('POST', '/offers', offer('o2', 'Noor'))).status).toBe(201);
    await rt.settle();
    expect((await rt.emails()).map((e) => `${e.kind}:${e.ref}`).sort()).toEqual(['offer:o1', 'offer:o2']);
    await rt.shutdown();
    rt = undefined;

    // Four days later the runtime starts again on the same data.
    rt = await startTestRuntime({ start: '2027-01-09', dataDir, keepEmails: true });
    await rt.goTo('2027-01-09');
    expect((await rt.call('POST', '/offers/o1/accept', {})).status).toBe(200);
    await rt.goTo('2027-01-16');

    expect((await rt.call('GET', '/offers/o1')).body.offer.status).toBe('accepted');
    expect((await rt.call('GET', '/offers/o2')).body.offer.status).toBe('lapsed');
    expect((await rt.call('GET', '/contracts/c-o1')).body.contract).toMatchObject({
      status: 'active',
      start: '2027-04-01',
    });

    // The SES store lives in this process across both runs: every e-mail sent by either is in it.
    const emails = (await rt.emails()).map((e) => `${e.on} ${e.kind}:${e.ref}`).sort();
    expect(emails).toEqual([
      '2027-01-05 offer:o1',
      '2027-01-05 offer:o2',
      '2027-01-09 contract-confirmation:c-o1',
      '2027-01-16 offer-lapsed:o2',
    ]);
    const records = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
    expect((records.Items ?? []).filter((i) => i.type === 'email' && i.status === 'sent')).toHaveLength(4);
  });
});
