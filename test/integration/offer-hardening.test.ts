import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 7 items 5, 7, 8 and 9 through the real pipeline (CON-1, CON-2): what a clumsy user or a passing
 * fault did to offers, parents and the offer workflow.
 */
let rt: TestRuntime;

const SUKRU = {
  name: 'Şükrü Yılmaz',
  email: 'sukru@example.nl',
  iban: 'NL91ABNA0417164300',
  mandate: { id: 'M-SUKRU-1', signed: '2026-12-01' },
};
const offer = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  parent: 'sukru',
  child: { name: 'Ayşe Yılmaz', birthDate: '2026-02-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { tue: '08:00-18:00' },
  start: '2027-03-01',
  ...extra,
});

async function stored(key: { pk: string; sk: string }) {
  return (await rt.db.send(new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }))).Item;
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04' });
  await rt.goTo('2027-01-05');
  expect((await rt.call('PUT', '/parents/sukru', SUKRU)).status).toBe(200);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rt?.shutdown();
});

describe('an offer with the parent’s details (issue 7 item 8)', () => {
  it('never replaces the stored parent: the IBAN and the mandate stay', async () => {
    const details = { id: 'sukru', name: SUKRU.name, email: SUKRU.email };
    const response = await rt.call('POST', '/offers', offer('o-same', { parent: details }));
    expect(response.status).toBe(201);
    expect(await stored(keys.parent('sukru'))).toMatchObject({
      iban: SUKRU.iban,
      mandate: SUKRU.mandate,
    });
  });

  it('is 409 when the details differ from the stored parent, and stores no offer', async () => {
    const details = { id: 'sukru', name: 'Sukru Yilmaz', email: 'someone-else@example.nl' };
    const response = await rt.call('POST', '/offers', offer('o-other', { parent: details }));
    expect(response.status).toBe(409);
    expect(response.body.issues[0]).toMatchObject({ field: 'parent' });
    expect(await stored(keys.offer('o-other'))).toBeUndefined();
    expect(await stored(keys.parent('sukru'))).toMatchObject({ email: SUKRU.email, iban: SUKRU.iban });
  });
});

describe('accepting an offer (issue 7 items 7 and 9, CON-2)', () => {
  it('refuses a contractId that another family’s contract has', async () => {
    expect(
      (await rt.call('PUT', '/parents/lucja', { name: 'Łucja Wiśniewska', email: 'lucja@example.nl' }))
        .status,
    ).toBe(200);
    const theirs = {
      id: 'c-lucja',
      parent: 'lucja',
      child: { name: 'Zofia Wiśniewska', birthDate: '2025-06-01' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
      start: '2027-02-01',
    };
    expect((await rt.call('POST', '/contracts', theirs)).status).toBe(201);
    expect((await rt.call('POST', '/offers', offer('o-steal'))).status).toBe(201);
    await rt.settle();
    const response = await rt.call('POST', '/offers/o-steal/accept', { contractId: 'c-lucja' });
    expect(response.status).toBe(409);
    expect(response.body.issues[0]).toMatchObject({ field: 'contractId' });
    expect((await rt.call('GET', '/offers/o-steal')).body.offer.status).toBe('offered');
    expect((await stored(keys.contract('c-lucja')))?.parentId).toBe('lucja');
  });

  it('fails the request when the workflow cannot be told, and a repeat creates the contract at once', async () => {
    expect((await rt.call('POST', '/offers', offer('o-resume'))).status).toBe(201);
    await rt.settle();
    const original = SFNClient.prototype.send;
    const spy = vi.spyOn(SFNClient.prototype, 'send').mockImplementation(function (
      this: SFNClient,
      command: unknown,
      ...rest: unknown[]
    ) {
      if (command instanceof SendTaskSuccessCommand)
        return Promise.reject(
          Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }),
        );
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    } as never);
    const failed = await rt.call('POST', '/offers/o-resume/accept', {});
    expect(failed.status).toBe(503);
    expect(failed.body.issues[0].problem).toContain('repeat the request');
    spy.mockRestore();
    await rt.settle();
    expect(await stored(keys.contract('c-o-resume'))).toBeUndefined();

    const repeated = await rt.call('POST', '/offers/o-resume/accept', {});
    expect(repeated.status).toBe(200);
    await rt.settle();
    // The same day, not at the offer's deadline ten days later.
    expect(await stored(keys.contract('c-o-resume'))).toMatchObject({
      parentId: 'sukru',
      signedOn: '2027-01-05',
    });
    expect(
      (await rt.emails()).filter((e) => e.kind === 'contract-confirmation' && e.ref === 'c-o-resume'),
    ).toHaveLength(1);
  });
});

describe('records with empty maps in the stream (issue 7 item 5)', () => {
  it('a record the stream handler does not act on never fails it, empty map or not', async () => {
    // A run page that reserved no numbers (a month in which nobody is invoiced) holds an empty map, which
    // DynamoDB Local writes into the stream image as {}.
    await rt.db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...keys.invoiceRunPage('2027-01', 0),
          type: 'invoice-run-page',
          assignments: {},
          skipped: [],
        },
      }),
    );
    await rt.settle();
    const tasks = (await rt.call('GET', '/tasks')).body.tasks;
    expect(tasks.filter((t: { what: string }) => t.what === 'stream record')).toEqual([]);
  });
});
