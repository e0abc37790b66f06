import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TZDate } from '@date-fns/tz';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `simulate --out` as a user runs it, for what the written files are: owner-only (issue 7 item 15), and
 * each e-mail dated the moment it was sent, not the scenario's last day (item 17).
 */
const scenario = {
  start: '2027-01-04',
  end: '2027-01-22',
  parents: [
    {
      id: 'p1',
      name: 'Sanne de Vries',
      email: 'sanne@example.nl',
      iban: 'NL91ABNA0417164300',
      mandate: { id: 'M-001', signed: '2026-12-01' },
    },
    { id: 'p2', name: 'Nguyễn Thị Minh Khai', email: 'minh.khai@example.nl' },
  ],
  contracts: [
    {
      id: 'c1',
      parent: 'p1',
      child: { name: 'Noor', birthDate: '2025-05-10' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
      start: '2027-01-01',
    },
  ],
  offers: [
    {
      id: 'o1',
      on: '2027-01-05',
      parent: 'p2',
      child: { name: 'An', birthDate: '2026-02-01' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { tue: '08:00-18:00' },
      start: '2027-03-01',
    },
  ],
  events: [],
};

const work = mkdtempSync(path.join(tmpdir(), 'opvang-outbox-'));
const out = path.join(work, 'outbox');
let report: { sepa: { file: string }[]; emails: { on: string; kind: string; ref: string }[] };

beforeAll(() => {
  const file = path.join(work, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const run = spawnSync('bin/opvang', ['simulate', file, '--json', '--out', out], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(run.stdout);
}, 300_000);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...walk(full)] : [full];
  });
}

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe('issue 7 item 15: what simulate --out writes is readable by its owner only', () => {
  it('every folder is 0700 and every file 0600: e-mails, invoice PDFs, SEPA files, the report', () => {
    const written = walk(out);
    expect(written.map((f) => path.relative(out, f)).sort()).toEqual([
      'attachments',
      'attachments/factuur-2027-000001.pdf',
      'emails',
      'emails/2027-01-05_offer_o1.eml',
      'emails/2027-01-16_offer-lapsed_o1.eml',
      'emails/2027-01-20_invoice_2027-000001.eml',
      'report.json',
      'sepa',
      'sepa/pain.008-2027-02-01.xml',
    ]);
    expect(mode(out)).toBe('700');
    for (const file of written)
      expect(`${path.relative(out, file)} ${mode(file)}`).toBe(
        `${path.relative(out, file)} ${statSync(file).isDirectory() ? '700' : '600'}`,
      );
  });

  it('the SEPA export itself (names and IBANs) is written owner-only where the run put it', () => {
    const [batch] = report.sepa;
    expect(batch).toBeDefined();
    expect(mode(String(batch?.file))).toBe('600');
    expect(mode(path.dirname(String(batch?.file)))).toBe('700');
  });
});

describe('issue 7 item 17: each .eml carries the moment it was sent', () => {
  const dateOf = (name: string) => {
    const eml = readFileSync(path.join(out, 'emails', name), 'utf8');
    const header = /^Date: (.+)$/m.exec(eml)?.[1];
    return new TZDate(new Date(String(header)), 'Europe/Amsterdam');
  };

  it('the offer made at 09:00 on 5 January is dated 09:00 on 5 January, not the scenario’s last day', () => {
    expect(dateOf('2027-01-05_offer_o1.eml').toISOString()).toBe('2027-01-05T09:00:00.000+01:00');
  });

  it('every e-mail is dated on the day it was sent (CON-2 lapse, INV-5 invoice)', () => {
    for (const email of report.emails) {
      const name = `${email.on}_${email.kind}_${email.ref}.eml`;
      const sent = dateOf(name);
      expect(`${name} ${sent.toISOString().slice(0, 10)}`).toBe(`${name} ${email.on}`);
    }
    expect(report.emails.map((e) => e.on)).toEqual(['2027-01-05', '2027-01-16', '2027-01-20']);
  });
});
