import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANNE } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/** `opvang invoice-run` as a finance administrator runs it, against a running back office. */
const run = promisify(execFile);
let rt: TestRuntime;

async function opvang(...args: string[]) {
  try {
    const { stdout, stderr } = await run('bin/opvang', args, { encoding: 'utf8', timeout: 120_000 });
    // Amounts are written the Dutch way, with a no-break space after the euro sign.
    return { status: 0, stdout: stdout.replaceAll('\u00a0', ' '), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-19' });
  await rt.goTo('2027-02-19');
  expect((await rt.call('PUT', '/parents/p1', SANNE)).status).toBe(200);
  expect(
    (await rt.call('PUT', '/parents/p2', { name: 'Joris Bakker', email: 'joris@example.nl' })).status,
  ).toBe(200);
  const base = { location: 'Kindcentrum De Tol', product: 'KDV', weeks: 52, start: '2027-01-01' };
  const contracts = [
    {
      ...base,
      id: 'c1',
      parent: 'p1',
      child: { name: 'Noor', birthDate: '2025-05-10' },
      schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
    },
    {
      ...base,
      id: 'c2',
      parent: 'p2',
      child: { name: 'Daan', birthDate: '2025-06-01' },
      schedule: { tue: '08:00-18:00' },
    },
  ];
  for (const contract of contracts) expect((await rt.call('POST', '/contracts', contract)).status).toBe(201);
  // Issue 7 item 13: March may be run from its run date, Monday 22 February, on (before the 06:00 schedule).
  await rt.goTo('2027-02-22', 5);
}, 120_000);

afterAll(async () => {
  await rt?.shutdown();
});

describe('opvang invoice-run', () => {
  it('--dry-run shows what the run would issue and writes nothing', async () => {
    const result = await opvang(
      'invoice-run',
      '--month',
      '2027-03',
      '--dry-run',
      '--api',
      rt.apiUrl,
      '--key',
      rt.adminKey,
    );
    expect(result.status).toBe(0);
    // c1: 15 h × 52 × € 8,62 / 12 = € 560,30; c2: 10 h × 52 × € 8,62 / 12 = € 373,53.
    expect(result.stdout).toContain('2 invoice(s) would be issued, total € 933,83');
    expect((await rt.call('GET', '/invoice-runs/2027-03')).status).toBe(404);
  });

  it('runs the month with a progress bar and a summary naming what it left out of the SEPA batch and why', async () => {
    const result = await opvang(
      'invoice-run',
      '--month',
      '2027-03',
      '--api',
      rt.apiUrl,
      '--key',
      rt.adminKey,
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/\[#+\] 2\/2 contracts, 2 invoices/);
    expect(result.stdout).toContain('Invoice run 2027-03 done');
    expect(result.stdout).toContain('2 invoice(s), total € 933,83, from 2 contract(s)');
    // p2 has no IBAN or mandate: invoiced, but not collected by direct debit (INV-6).
    expect(result.stdout).toMatch(/SEPA 2027-03-01: 1 debit\(s\), € 560,30/);
    expect(result.stdout).toMatch(/left out: parent p2: .+/);
  });

  it('refuses a malformed month with exit status 2 and names the option', async () => {
    const result = await opvang(
      'invoice-run',
      '--month',
      '03-2027',
      '--api',
      rt.apiUrl,
      '--key',
      rt.adminKey,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--month must be a month as YYYY-MM');
  });
});
