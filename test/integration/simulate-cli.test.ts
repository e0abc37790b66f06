import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** `opvang simulate` as a user runs it: a scenario file in, a report out, exit codes 0/1/2. */
function opvang(...args: string[]) {
  const result = spawnSync('bin/opvang', args, { encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('opvang simulate', () => {
  it('CON-2: one offer accepted and one left to lapse, both on the right dates', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'opvang-out-'));
    const run = opvang('simulate', 'examples/offers.json', '--json', '--out', out);
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.contracts).toEqual([
      { id: 'c1', parent: 'p1', product: 'KDV', start: '2027-01-01', status: 'active', end: '2029-05-09' },
      { id: 'c2', parent: 'p1', product: 'KDV', start: '2027-03-01', status: 'active', end: '2030-01-31' },
    ]);
    expect(
      report.emails.map((e: { on: string; kind: string; ref: string }) => `${e.on} ${e.kind} ${e.ref}`),
    ).toEqual([
      '2027-01-05 offer o1',
      '2027-01-06 offer o2',
      '2027-01-08 contract-confirmation c2',
      '2027-01-17 offer-lapsed o2',
      '2027-01-20 invoice 2027-000001',
      '2027-02-22 invoice 2027-000002',
    ]);
    // INV-1/INV-5: February (c1 only) issued on 20 January; March (c1 and c2) on Monday 22 February.
    expect(
      report.invoices.map(
        (i: { number: string; month: string; issued: string; debit: string; total: number }) => [
          i.number,
          i.month,
          i.issued,
          i.debit,
          i.total,
        ],
      ),
    ).toEqual([
      ['2027-000001', '2027-02', '2027-01-20', '2027-02-01', 56030],
      ['2027-000002', '2027-03', '2027-02-22', '2027-03-01', 56030 + 37353],
    ]);
    expect(
      report.sepa.map((b: { collection: string; transactions: number; total: number }) => [
        b.collection,
        b.transactions,
        b.total,
      ]),
    ).toEqual([
      ['2027-02-01', 1, 56030],
      ['2027-03-01', 1, 93383],
    ]);
    expect(report.offers.find((o: { id: string }) => o.id === 'o2')).toMatchObject({
      status: 'lapsed',
      lapsesOn: '2027-01-17',
    });
    expect(report.failures).toEqual([]);
    expect(readdirSync(path.join(out, 'emails')).sort()).toEqual([
      '2027-01-05_offer_o1.eml',
      '2027-01-06_offer_o2.eml',
      '2027-01-08_contract-confirmation_c2.eml',
      '2027-01-17_offer-lapsed_o2.eml',
      '2027-01-20_invoice_2027-000001.eml',
      '2027-02-22_invoice_2027-000002.eml',
    ]);
    expect(readdirSync(path.join(out, 'attachments')).sort()).toEqual([
      'factuur-2027-000001.pdf',
      'factuur-2027-000002.pdf',
    ]);
    expect(
      readFileSync(path.join(out, 'attachments', 'factuur-2027-000001.pdf'))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 300_000);

  it('exits 2 and names the field of an invalid scenario', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opvang-bad-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        start: '2027-01-04',
        end: '2027-01-31',
        parents: [{ id: 'p1', name: 'A', email: 'not-an-email' }],
        offers: [],
        events: [{ on: '2027-01-08', type: 'accept-offer', offer: 'o9' }],
      }),
    );
    const run = opvang('simulate', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('parents.0.email: must be an e-mail address');
    expect(run.stderr).toContain('events.0.offer: no offer o9');
  });

  it('exits 2 on a command it does not know', () => {
    expect(opvang('simulat').status).toBe(2);
  });
});
