import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leavesTwoWorkingDays } from '#shared/invoicing.ts';
import { dynamo } from '../../functions/adapters/clients.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 8 item 5: the invoice run fails visibly and can be finished. Through the real pipeline: a failed
 * step ends the run `failed` with its reason (API and CLI, exit 1); POST /invoice-runs finishes it with
 * consecutive numbers and no duplicate; a missed run date is caught up the next day; a late run never
 * promises a debit less than 2 working days after the invoice (INV-5). Issue 7 item 13: not before the
 * month's run date.
 */
process.env.INVOICE_PAGE_SIZE = '4'; // pages of 3 parents (a page keeps its last parent whole)
process.env.INVOICE_PAGES_PER_CALL = '1';
const execute = promisify(execFile);
let rt: TestRuntime | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await rt?.shutdown();
  rt = undefined;
});

async function opvang(...args: string[]) {
  try {
    const { stdout, stderr } = await execute('bin/opvang', args, { encoding: 'utf8', timeout: 120_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function addFamily(runtime: TestRuntime, id: string, n: number, start = '2027-01-01') {
  const parent = {
    name: `Ouder ${id}`,
    email: `${id}@example.nl`,
    iban: 'NL91ABNA0417164300',
    mandate: { id: `M-${id}`, signed: '2026-12-01' },
  };
  expect((await runtime.call('PUT', `/parents/${id}`, parent)).status).toBe(200);
  const contract = {
    id: `k-${id}`,
    parent: id,
    child: { name: `Kind ${n}`, birthDate: '2025-06-01' },
    location: 'Kindcentrum De Tol',
    product: 'KDV',
    weeks: 52,
    schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
    start,
  };
  expect((await runtime.call('POST', '/contracts', contract)).status).toBe(201);
}

async function seed(runtime: TestRuntime, parents: number) {
  for (let i = 1; i <= parents; i++) await addFamily(runtime, `p${String(i).padStart(2, '0')}`, i);
}

async function invoices(runtime: TestRuntime) {
  const result = await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? [])
    .filter((i) => i.type === 'invoice')
    .map((i) => ({ number: i.number, parent: i.parentId, issued: i.issuedOn, debit: i.debitOn }))
    .sort((a, b) => String(a.number).localeCompare(String(b.number)));
}

/** Moves the virtual clock a minute at a time (the workflow's retry waits) until `done` settles. */
async function advanceUntil<T>(runtime: TestRuntime, done: Promise<T>): Promise<T> {
  let settled = false;
  void done.finally(() => {
    settled = true;
  });
  for (let minute = 0; !settled && minute < 60; minute++) {
    await runtime.advanceTo(new Date(runtime.clock.now().getTime() + 60_000));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done;
}

const numbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `2027-${String(i + 1).padStart(6, '0')}`);

describe('a run whose page step fails', () => {
  it('shows failed with its reason in the API and the CLI (exit 1), and a second POST finishes it with no gap or duplicate', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    await seed(rt, 12);
    await rt.goTo('2027-02-22', 5);

    // The store refuses every invoice write after the first page's: the second page's step fails for good.
    let invoiceWrites = 0;
    let failing = true;
    const client = dynamo();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: {
      constructor: { name: string };
      input: { RequestItems?: Record<string, { PutRequest?: { Item?: { type?: string } } }[]> };
    }) => {
      const writesInvoices =
        command.constructor.name === 'BatchWriteCommand' &&
        Object.values(command.input.RequestItems ?? {}).some((requests) =>
          requests.some((r) => r.PutRequest?.Item?.type === 'invoice'),
        );
      if (writesInvoices && failing && invoiceWrites++ >= 1)
        return Promise.reject(new Error('DynamoDB is unavailable (injected)'));
      return send(command as never);
    }) as never);

    const response = await rt.call('POST', '/invoice-runs', { month: '2027-03' });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ started: true, attempt: 1 });
    await advanceUntil(
      rt,
      (async () => {
        while ((await rt.call('GET', '/invoice-runs/2027-03')).body.run.status === 'running')
          await new Promise((resolve) => setTimeout(resolve, 100));
      })(),
    );
    const failed = (await rt.call('GET', '/invoice-runs/2027-03')).body.run;
    expect(failed.status).toBe('failed');
    expect(failed.attempt).toBe(1);
    expect(failed.failure.reason).toBe('Error: DynamoDB is unavailable (injected) (at page 1)');
    // A second POST while the cause persists starts attempt 2, which the CLI follows to its failure.
    const cli = await advanceUntil(
      rt,
      opvang('invoice-run', '--month', '2027-03', '--api', rt.apiUrl, '--key', rt.adminKey),
    );
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(
      'Invoice run 2027-03 failed (attempt 2): Error: DynamoDB is unavailable (injected) (at page 1)',
    );
    expect((await invoices(rt)).map((i) => i.number)).toEqual(numbers(3));

    // The cause is mended; meanwhile a family joined whose parent falls on the failed page (p05b).
    failing = false;
    await addFamily(rt, 'p05b', 13);
    const finish = await rt.call('POST', '/invoice-runs', { month: '2027-03' });
    expect(finish.status).toBe(202);
    expect(finish.body).toMatchObject({ started: true, attempt: 3 });
    const again = await rt.call('POST', '/invoice-runs', { month: '2027-03' });
    expect(again.body).toMatchObject({ started: false, attempt: 3 }); // a running month starts nothing
    await rt.settle();
    const { run } = (await rt.call('GET', '/invoice-runs/2027-03')).body;
    expect(run).toMatchObject({ status: 'succeeded', attempt: 3 });
    expect(run.failure).toBeUndefined();
    const issued = await invoices(rt);
    // INV-4: 13 parents, 13 invoices, numbered 1 to 13: no gap, no duplicate, one per parent.
    expect(issued.map((i) => i.number)).toEqual(numbers(13));
    expect(new Set(issued.map((i) => i.parent)).size).toBe(13);
    expect(issued.map((i) => i.parent)).toContain('p05b');
    expect(run.summary).toMatchObject({ invoices: 13, contracts: 13, skipped: [] });
    expect(run.summary.sepa).toEqual([
      expect.objectContaining({ collection: '2027-03-01', transactions: 13 }),
    ]);
    expect((await rt.emails()).filter((e) => e.kind === 'invoice')).toHaveLength(13);
  }, 240_000);
});

describe('the daily scheduler (INV-5)', () => {
  it('catches up a missed run date on the next day', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opvang-missed-run-'));
    try {
      rt = await startTestRuntime({ start: '2027-02-19', dataDir });
      await rt.goTo('2027-02-19');
      await seed(rt, 3);
      await rt.goTo('2027-02-21', 12);
      await rt.shutdown();
      // The machine is off on Monday 22 February, March's run date.
      rt = await startTestRuntime({ start: '2027-02-23', dataDir });
      await rt.goTo('2027-02-23', 5);
      expect((await rt.call('GET', '/invoice-runs/2027-03')).status).toBe(404);
      await rt.goTo('2027-02-23', 7);
      const { run } = (await rt.call('GET', '/invoice-runs/2027-03')).body;
      expect(run.status).toBe('succeeded');
      const issued = await invoices(rt);
      expect(issued.map((i) => [i.number, i.issued, i.debit])).toEqual([
        ['2027-000001', '2027-02-23', '2027-03-01'],
        ['2027-000002', '2027-02-23', '2027-03-01'],
        ['2027-000003', '2027-02-23', '2027-03-01'],
      ]);
    } finally {
      await rt?.shutdown();
      rt = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('a run by hand', () => {
  it('is refused before the month’s run date, naming the month and the first date it may run (issue 7 item 13)', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    const early = await rt.call('POST', '/invoice-runs', { month: '2027-09' });
    expect(early.status).toBe(422);
    expect(early.body.issues).toEqual([
      { field: 'month', problem: 'the run for 2027-09 may start on 2027-08-20 (INV-5), not before' },
    ]);
    const march = await rt.call('POST', '/invoice-runs', { month: '2027-03' });
    expect(march.status).toBe(422);
    expect(march.body.firstRunDate).toBe('2027-02-22');
    await rt.settle();
    expect((await rt.call('GET', '/invoice-runs/2027-03')).status).toBe(404);
  }, 120_000);

  it('late, on Friday 26 February, debits on Tuesday 2 March: never less than 2 working days after the invoice', async () => {
    // A new installation on the 26th: the scheduler did not run March on the 22nd.
    rt = await startTestRuntime({ start: '2027-02-26' });
    await rt.goTo('2027-02-26');
    await seed(rt, 2);
    expect((await rt.call('POST', '/invoice-runs', { month: '2027-03' })).status).toBe(202);
    await rt.settle();
    const { run } = (await rt.call('GET', '/invoice-runs/2027-03')).body;
    expect(run.status).toBe('succeeded');
    const issued = await invoices(rt);
    expect(issued.map((i) => [i.issued, i.debit])).toEqual([
      ['2027-02-26', '2027-03-02'],
      ['2027-02-26', '2027-03-02'],
    ]);
    expect(issued.every((i) => leavesTwoWorkingDays(i.issued, i.debit))).toBe(true);
    // The e-mail promises that date, and the SEPA batch collects on it.
    const emails = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(emails).toHaveLength(2);
    for (const email of emails) expect(email.text).toContain('2 maart 2027');
    expect(run.summary.sepa).toEqual([
      expect.objectContaining({ collection: '2027-03-02', transactions: 2 }),
    ]);
    const xml = new XMLParser().parse(readFileSync(run.summary.sepa[0].file, 'utf8'));
    expect(xml.Document.CstmrDrctDbtInitn.PmtInf.ReqdColltnDt).toBe('2027-03-02');
  }, 120_000);
});
