import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** Issue 9 item 3: `opvang bank-file show` as a finance administrator runs it, with no back office running. */
const run = promisify(execFile);
const FIXTURES = 'test/fixtures/bank-files';

async function opvang(...args: string[]) {
  try {
    const { stdout, stderr } = await run('bin/opvang', args, { encoding: 'utf8', timeout: 60_000 });
    // Amounts are written the Dutch way, with a no-break space after the euro sign.
    return { status: 0, stdout: stdout.replaceAll('\u00a0', ' '), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const TRANSACTION_KEYS = [
  'amount',
  'booked',
  'counterparty',
  'direction',
  'endToEndId',
  'kind',
  'mandateId',
  'reason',
  'reference',
];

describe('opvang bank-file show', () => {
  it('--json prints a day statement as {format, statements, totals, transactions} with amounts in cents', async () => {
    const result = await opvang(
      'bank-file',
      'show',
      `${FIXTURES}/ing-camt053-day-statement-transfers.xml`,
      '--json',
    );
    expect(result.status).toBe(0);
    const file = JSON.parse(result.stdout);
    expect(file).toMatchObject({
      format: 'camt.053.001.02',
      statements: 1,
      totals: { entries: 5, credit: 105883, debit: 85445 },
      stated: { entries: 5, reconciles: true },
    });
    for (const t of file.transactions)
      expect(
        Object.keys(t)
          .filter((k) => TRANSACTION_KEYS.includes(k))
          .sort(),
      ).toEqual(TRANSACTION_KEYS);
    expect(file.transactions[0]).toMatchObject({
      booked: '2027-03-02',
      amount: 56030,
      direction: 'credit',
      kind: 'transfer',
      reason: null,
      reference: 'Factuur 2027-000123 opvang Noor maart 2027',
      counterparty: { name: 'Şükrü Yılmaz', iban: 'NL63INGB3125467896' },
    });
  });

  it('--json gives every return its reason code (INV-7), and a pain.002 its rejects', async () => {
    const returns = await opvang('bank-file', 'show', `${FIXTURES}/abnamro-camt053-returns.xml`, '--json');
    expect(returns.status).toBe(0);
    const camt = JSON.parse(returns.stdout);
    expect(camt.totals).toEqual({ entries: 10, credit: 0, debit: 493892 });
    expect(camt.transactions.map((t: { reason: string }) => t.reason)).toEqual([
      'AC01',
      'AC04',
      'AC06',
      'AG01',
      'AM04',
      'MS02',
      'MD01',
      'MD06',
      'MD07',
      'MS03',
      'SL01',
    ]);

    const rejects = await opvang('bank-file', 'show', `${FIXTURES}/rabobank-pain002-rejects.xml`, '--json');
    expect(rejects.status).toBe(0);
    const pain = JSON.parse(rejects.stdout);
    expect(pain.format).toBe('pain.002.001.03');
    expect(pain.totals).toEqual({ entries: 5, credit: 0, debit: 0 });
    expect(pain.transactions.map((t: { kind: string; reason: string }) => `${t.kind} ${t.reason}`)).toEqual([
      'reject DT01',
      'reject DT01',
      'reject AC04',
      'reject AC06',
      'reject MD01',
    ]);
  });

  it('without --json shows a summary: what was read, what the file states, and each transaction', async () => {
    const result = await opvang('bank-file', 'show', `${FIXTURES}/rabobank-camt053-several-statements.xml`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('camt.053.001.02: 4 statements');
    expect(result.stdout).toContain('5 booked entries: credits € 1.180,55, debits € 2.450,00');
    expect(result.stdout).toContain('it reconciles with what was read');
    expect(result.stdout).toMatch(
      /2027-04-05\s+\+ € 373,53\s+transfer .*Łucja Wiśniewska NL13RABO1538274612/,
    );
  });

  it('exits 2 with one line naming the problem for a truncated file and for a pain.001', async () => {
    const truncated = await opvang(
      'bank-file',
      'show',
      `${FIXTURES}/malformed-truncated-camt053.xml`,
      '--json',
    );
    expect(truncated.status).toBe(2);
    expect(truncated.stdout).toBe('');
    expect(truncated.stderr.trimEnd().split('\n')).toEqual([
      `opvang bank-file: ${FIXTURES}/malformed-truncated-camt053.xml: truncated XML: the file ends at line 156 ('<AcctSvcrRef>2027061A00') without closing <Document>`,
    ]);

    const pain001 = await opvang('bank-file', 'show', `${FIXTURES}/malformed-pain001-credit-transfer.xml`);
    expect(pain001.status).toBe(2);
    expect(pain001.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(pain001.stderr).toContain(
      'unknown format: namespace urn:iso:std:iso:20022:tech:xsd:pain.001.001.03',
    );
  });
});
