import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BankAccount,
  camt053DayStatement,
  camt054Notification,
} from '../../infra/local/simulated-bank.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { KDV_MONDAYS } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 9 item 3: `opvang bank-file import` as a finance administrator runs it, against a running back
 * office: the file's bytes posted unchanged to POST /bank-files, and a summary of what it booked, what went
 * to the review list and why, and which mandates are gone (INV-7).
 */
const run = promisify(execFile);
let rt: TestRuntime;
const dir = mkdtempSync(path.join(tmpdir(), 'opvang-bank-import-'));

async function opvang(...args: string[]) {
  try {
    const { stdout, stderr } = await run('bin/opvang', args, { encoding: 'utf8', timeout: 120_000 });
    // Amounts are written the Dutch way, with a no-break space after the euro sign.
    return { status: 0, stdout: stdout.replaceAll('\u00a0', ' '), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout.replaceAll('\u00a0', ' '), stderr: failed.stderr };
  }
}

const importing = (file: string, ...options: string[]) =>
  opvang('bank-file', 'import', file, '--api', rt.apiUrl, '--key', rt.adminKey, ...options);

async function tableItems() {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await rt.db.send(
      new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const OURS: BankAccount = { iban: 'NL39RABO0300065264', bic: 'RABONL2U', name: 'Kinderopvang De Tol B.V.' };
const SUKRU_IBAN = 'NL02ABNA0123456789';
const LUCJA_IBAN = 'NL20INGB0001234567';
// KDV on Mondays, 52 weeks (INV-1): 10 h × 52 × € 8,62 / 12.
const MONTHLY = 37_353;

let statement: string;
let notification: string;

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-19' });
  await rt.goTo('2027-02-19');
  // Şükrü pays by transfer; Łucja by direct debit.
  const sukru = { name: 'Şükrü Yılmaz', email: 'sukru@example.nl', iban: SUKRU_IBAN };
  expect((await rt.call('PUT', '/parents/p1', sukru)).status).toBe(200);
  const lucja = {
    name: 'Łucja Wiśniewska',
    email: 'lucja@example.nl',
    iban: LUCJA_IBAN,
    mandate: { id: 'M-002', signed: '2027-01-15' },
  };
  expect((await rt.call('PUT', '/parents/p2', lucja)).status).toBe(200);
  for (const [id, parent] of [
    ['c1', 'p1'],
    ['c2', 'p2'],
  ] as const)
    expect(
      (await rt.call('POST', '/contracts', { ...KDV_MONDAYS, id, parent, start: '2027-01-01' })).status,
    ).toBe(201);
  // INV-5: March is invoiced on Monday 22 February (2027-000001 for p1, 2027-000002 for p2).
  await rt.goTo('2027-02-22', 10);
  // Saturday 27 February: the statement of Friday 26 February, before the debit date.
  await rt.goTo('2027-02-27', 10);

  statement = path.join(dir, 'rabobank-2027-02-26.xml');
  writeFileSync(
    statement,
    camt053DayStatement({
      account: OURS,
      date: '2027-02-26',
      sequence: 42,
      openingBalance: 1_000_000,
      created: '2027-02-27T06:15:00',
      entries: [
        {
          kind: 'transfer',
          amount: MONTHLY,
          payer: { name: 'Şükrü Yılmaz', iban: SUKRU_IBAN },
          remittance: 'Factuur 2027-000001 opvang Nguyễn maart',
        },
        {
          kind: 'transfer',
          amount: 4_250,
          payer: { name: 'J. de Boer', iban: 'NL69INGB0123456789' },
          remittance: 'bijdrage uitje',
        },
      ],
    }),
  );
  notification = path.join(dir, 'rabobank-2027-03-03.camt054.xml');
  writeFileSync(
    notification,
    camt054Notification({
      account: OURS,
      date: '2027-03-03',
      sequence: 8,
      created: '2027-03-03T14:15:00',
      returns: [
        {
          kind: 'return',
          amount: MONTHLY,
          endToEndId: '2027-000002',
          mandateId: 'M-002',
          reason: 'AC04',
          debtor: { name: 'Lucja Wisniewska', iban: LUCJA_IBAN },
        },
      ],
    }),
  );
}, 180_000);

afterAll(async () => {
  await rt?.shutdown();
});

describe('opvang bank-file import (issue 9 item 3)', () => {
  it('--dry-run shows what the file would book and writes nothing', async () => {
    const before = (await tableItems()).length;
    const result = await importing(statement, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Dry run of ${statement}: camt.053.001.02, 1 statement`);
    expect(result.stdout).toMatch(/booked\s+1\s+€ 373,53/);
    expect(result.stdout).toMatch(/on the review list\s+1\s+€ 42,50/);
    expect(result.stdout).toMatch(/dry run: nothing written$/m);
    expect((await tableItems()).length).toBe(before);
    expect((await rt.call('GET', '/bank-entries?status=unmatched')).body.entries).toHaveLength(0);
  });

  it('imports a day statement: counts and sums per outcome in euros, the review list with why', async () => {
    const result = await importing(statement);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Imported ${statement}: camt.053.001.02, 1 statement`);
    expect(result.stdout).toContain(
      '  read 2 booked entries (credits € 416,03, debits € 0,00), 2 transactions',
    );
    expect(result.stdout).toContain('the file states 2 entries, sum € 416,03');
    expect(result.stdout).toContain('it reconciles with what was read');
    expect(result.stdout).toMatch(/ booked\s+1\s+€ 373,53/);
    expect(result.stdout).toMatch(/returned\s+0\s+€ 0,00/);
    expect(result.stdout).toMatch(/on the review list\s+1\s+€ 42,50/);
    expect(result.stdout).toMatch(/other, booked nowhere\s+0\s+€ 0,00/);
    // The stranger's transfer: on the review list, with its id to match it by, and why it is there.
    const [entry] = (await rt.call('GET', '/bank-entries?status=unmatched')).body.entries;
    expect(result.stdout).toContain('Review list (GET /bank-entries?status=unmatched');
    expect(result.stdout).toMatch(
      new RegExp(`2027-02-26\\s+\\+ € 42,50\\s+${entry.id}\\s+no invoice number .+IBAN`),
    );
    expect(result.stdout).not.toContain('dry run');
    expect((await rt.call('GET', '/parents/p1/account')).body.invoices[0]).toMatchObject({
      number: '2027-000001',
      status: 'paid',
      paid: MONTHLY,
    });
  });

  it('the same file again: "imported before: nothing changed", and nothing is written', async () => {
    const before = await tableItems();
    const result = await importing(statement);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('imported before: nothing changed');
    expect(await tableItems()).toEqual(before);
  });

  it('a return that means the mandate is gone (AC04) names the parent the next run leaves out (INV-7)', async () => {
    await rt.goTo('2027-03-03', 15);
    const result = await importing(notification);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Imported ${notification}: camt.054.001.02, 1 notification`);
    expect(result.stdout).toMatch(/returned\s+1\s+€ 373,53/);
    expect(result.stdout).toContain('Mandates marked gone');
    expect(result.stdout).toMatch(/parent p2: AC04/);
    expect((await rt.call('GET', '/parents/p2/account')).body.invoices[0]).toMatchObject({
      number: '2027-000002',
      status: 'open',
      returned: { on: '2027-03-03', reason: 'AC04' },
    });
  });

  it('--json prints the import summary as POST /bank-files returns it', async () => {
    const result = await importing(notification, '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      format: 'camt.054.001.02',
      repeated: true,
      outcome: { returned: { transactions: 1, amount: MONTHLY } },
      mandatesGone: [{ parent: 'p2', reason: 'AC04' }],
    });
  });

  it('a malformed file: exit 2, the back office names the problem, nothing is stored', async () => {
    const before = (await tableItems()).length;
    const file = 'test/fixtures/bank-files/malformed-truncated-camt053.xml';
    const result = await importing(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^opvang bank-file: ${file}: truncated XML: the file ends at line \\d+`),
    );
    expect(result.stdout).toBe('');
    const pain001 = await importing('test/fixtures/bank-files/malformed-pain001-credit-transfer.xml');
    expect(pain001.status).toBe(2);
    expect(pain001.stderr).toContain('pain.001');
    expect((await tableItems()).length).toBe(before);
  });

  it('finds the admin key in the data folder as invoice-run does, and exits 2 without one', async () => {
    const data = mkdtempSync(path.join(dir, 'data-'));
    writeFileSync(path.join(data, 'admin-key'), `${rt.adminKey}\n`);
    const found = await opvang('bank-file', 'import', statement, '--api', rt.apiUrl, '--data', data);
    expect(found.status).toBe(0);
    expect(found.stdout).toContain('imported before: nothing changed');
    const env = { ...process.env, OPVANG_ADMIN_KEY: '' };
    const none = await run('bin/opvang', ['bank-file', 'import', statement, '--data', dir], {
      encoding: 'utf8',
      env,
    }).catch((error) => error as { code: number; stderr: string });
    expect((none as { code: number }).code).toBe(2);
    expect((none as { stderr: string }).stderr).toContain('no admin key');
  });

  it('exits 1 naming the address when no back office answers there, and 2 for a file it cannot read', async () => {
    const down = await opvang('bank-file', 'import', statement, '--api', 'http://127.0.0.1:9', '--key', 'k');
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('the back office does not answer at http://127.0.0.1:9');
    const missing = await importing(path.join(dir, 'nowhere.xml'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nowhere.xml: cannot be read: no such file');
  });
});
