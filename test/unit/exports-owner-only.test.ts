import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExport } from '../../functions/adapters/exports.ts';

/** Issue 7 item 15: a SEPA export holds every debtor's name and IBAN; locally it is its owner's only. */
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
const previous = process.env.EXPORTS_DIR;

afterEach(() => {
  process.env.EXPORTS_DIR = previous;
});

const xml = '<Dbtr><Nm>Lucja Wisniewska</Nm></Dbtr><DbtrAcct><IBAN>NL91ABNA0417164300</IBAN></DbtrAcct>';

describe('writeExport to the local exports folder (issue 7 item 15)', () => {
  it('writes the SEPA file 0600 in folders 0700, whatever the umask', async () => {
    const root = path.join(mkdtempSync(path.join(tmpdir(), 'opvang-exports-')), 'exports');
    process.env.EXPORTS_DIR = root;
    const file = await writeExport('sepa/2027-02/pain.008-2027-02-01.xml', xml, 'application/xml');
    expect(readFileSync(file, 'utf8')).toBe(xml);
    expect([mode(file), mode(path.dirname(file)), mode(root)]).toEqual(['600', '700', '700']);
  });

  it('makes a file and folder an older version left readable to others owner-only when it writes them again', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'opvang-exports-'));
    chmodSync(root, 0o755);
    const dir = path.join(root, 'sepa', '2027-02');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    writeFileSync(path.join(dir, 'pain.008-2027-02-01.xml'), 'old', { mode: 0o644 });
    process.env.EXPORTS_DIR = root;
    const file = await writeExport('sepa/2027-02/pain.008-2027-02-01.xml', xml, 'application/xml');
    expect(readFileSync(file, 'utf8')).toBe(xml);
    expect([mode(file), mode(dir), mode(root)]).toEqual(['600', '700', '700']);
    expect(readdirSync(dir)).toEqual(['pain.008-2027-02-01.xml']); // no temporary file left behind
  });
});
