import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

/**
 * Issue 7 "done when" (items 1 and 2, INV-5, INV-6): a month for families named as families here are —
 * Turkish, Polish, Vietnamese, Arabic, Chinese, and a 90-character double-barrelled name — through
 * `opvang simulate`: every invoice is e-mailed with its PDF, and the SEPA file holds every debtor, named in
 * the EPC character set and at most 70 characters.
 */
describe('opvang simulate examples/families.json', () => {
  it('e-mails every invoice with its PDF and collects every debtor in one SEPA file', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'opvang-families-'));
    const run = spawnSync('bin/opvang', ['simulate', 'examples/families.json', '--json', '--out', out], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const scenario = JSON.parse(readFileSync('examples/families.json', 'utf8'));
    const families = scenario.parents.length;

    expect(report.failures).toEqual([]);
    // INV-4/INV-5: one invoice per family for February, e-mailed on its run date with its PDF.
    expect(report.invoices).toHaveLength(families);
    const invoiceMails = report.emails.filter((e: { kind: string }) => e.kind === 'invoice');
    expect(invoiceMails.map((e: { ref: string }) => e.ref).sort()).toEqual(
      report.invoices.map((i: { number: string }) => i.number).sort(),
    );
    const pdfs = readdirSync(path.join(out, 'attachments')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.sort()).toEqual(
      report.invoices.map((i: { number: string }) => `factuur-${i.number}.pdf`).sort(),
    );
    for (const pdf of pdfs)
      expect(
        readFileSync(path.join(out, 'attachments', pdf))
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

    // INV-6: one batch, every debtor in it; names transliterated to the EPC set, at most 70 characters.
    expect(report.sepa).toHaveLength(1);
    expect(report.sepa[0]).toMatchObject({ transactions: families, excluded: [] });
    const xml = readFileSync(path.join(out, 'sepa', path.basename(report.sepa[0].file)), 'utf8');
    const doc = new XMLParser({
      removeNSPrefix: true,
      parseTagValue: false,
      isArray: (n) => n === 'DrctDbtTxInf' || n === 'PmtInf',
    }).parse(xml);
    const names: string[] = doc.Document.CstmrDrctDbtInitn.PmtInf.flatMap(
      (p: { DrctDbtTxInf: { Dbtr: { Nm: string } }[] }) => p.DrctDbtTxInf.map((t) => t.Dbtr.Nm),
    );
    expect(names).toHaveLength(families);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]+$/);
      expect(name.length).toBeLessThanOrEqual(70);
    }
    expect(names).toEqual(
      expect.arrayContaining(['Sukru Yilmaz', 'Lucja Wisniewska', 'Nguyen Thi Minh Khai']),
    );
    const total = report.invoices.reduce((sum: number, i: { total: number }) => sum + i.total, 0);
    expect(report.sepa[0].total).toBe(total);
  }, 300_000);
});
