import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BankFile, BankTransaction } from '#shared/bank-files/bank-file.ts';
import { BankFileError } from '#shared/bank-files/bank-file.ts';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';

/** Issue 9 item 3/4: every test file read as a user of `opvang bank-file show` would check it. */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/bank-files');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const read = (name: string) => readBankFile(readFileSync(path.join(FIXTURES, name)));
const failure = (content: string | Uint8Array) => {
  try {
    readBankFile(content);
  } catch (error) {
    expect(error).toBeInstanceOf(BankFileError);
    return (error as Error).message;
  }
  throw new Error('the file was read');
};
const INVOICE_NUMBER = /\b\d{4}-\d{6}\b/;
const byEndToEnd = (file: BankFile, id: string) =>
  file.transactions.find((t) => t.endToEndId === id) as BankTransaction;
const sum = (ts: BankTransaction[]) => ts.reduce((total, t) => total + t.amount, 0);

/** The file's own totals equal those read: the check the import summary makes (issue 9 item 3). */
function expectStatedTotalsEqualRead(file: BankFile) {
  expect(file.stated?.differences).toEqual([]);
  expect(file.stated?.reconciles).toBe(true);
  if (file.stated?.entries !== undefined && !file.format.startsWith('pain.002'))
    expect(file.stated.entries).toBe(file.totals.entries);
  if (file.stated?.credit?.sum !== undefined) expect(file.stated.credit.sum).toBe(file.totals.credit);
  if (file.stated?.debit?.sum !== undefined) expect(file.stated.debit.sum).toBe(file.totals.debit);
}

describe('ING day statement with transfers (camt.053.001.02)', () => {
  const file = read('ing-camt053-day-statement-transfers.xml');

  it('counts the booked entries and their sums in cents, equal to the TxsSummry and balances it states', () => {
    expect(file.format).toBe('camt.053.001.02');
    expect(file.statements).toBe(1);
    expect(file.totals).toEqual({ entries: 5, credit: 105883, debit: 85445 });
    expect(file.stated).toMatchObject({ entries: 5, sum: 191328, net: 20438 });
    expect(file.stated?.balances).toEqual([
      {
        statement: '0000000000000064',
        account: 'NL20INGB0001234567',
        opening: { date: '2027-03-02', amount: 1523017 },
        closing: { date: '2027-03-02', amount: 1543455 },
      },
    ]);
    expectStatedTotalsEqualRead(file);
  });

  it('reads incoming transfers with the invoice number in free text, in a structured reference, or none', () => {
    const [yilmaz, wisniewska, nguyen, costs, supplier] = file.transactions;
    expect(yilmaz).toEqual({
      booked: '2027-03-02',
      amount: 56030,
      direction: 'credit',
      kind: 'transfer',
      reason: null,
      endToEndId: null,
      mandateId: null,
      reference: 'Factuur 2027-000123 opvang Noor maart 2027',
      counterparty: { name: 'Şükrü Yılmaz', iban: 'NL63INGB3125467896' },
      accountServicerRef: '2027061A0007411',
    });
    expect(wisniewska).toMatchObject({ kind: 'transfer', amount: 37353, reference: '2027-000124' });
    expect(wisniewska?.counterparty).toEqual({ name: 'Łucja Wiśniewska', iban: 'NL13RABO1538274612' });
    expect(nguyen).toMatchObject({ kind: 'transfer', amount: 12500, reference: 'opvang april alvast' });
    expect(nguyen?.reference).not.toMatch(INVOICE_NUMBER);
    // Bank costs and our own payment to a supplier are listed, booked nowhere.
    expect(costs).toMatchObject({ kind: 'other', direction: 'debit', amount: 1245 });
    expect(costs?.reference).toContain('Kosten zakelijk betalingsverkeer');
    expect(supplier).toMatchObject({ kind: 'other', direction: 'debit', amount: 84200 });
    expect(supplier?.counterparty.name).toBe('Groothandel De Boer B.V.');
  });
});

describe('INV-6 collections as the banks book them', () => {
  it('ING: one batch entry with the collections as details gives one transaction per TxDtls', () => {
    const file = read('ing-camt053-collection-batch.xml');
    // Two booked entries (the batch and its costs), five transactions.
    expect(file.totals).toEqual({ entries: 2, credit: 280149, debit: 120 });
    expectStatedTotalsEqualRead(file);
    const collections = file.transactions.filter((t) => t.kind === 'collection');
    expect(collections.map((t) => [t.endToEndId, t.mandateId, t.amount, t.counterparty.name])).toEqual([
      ['2027-000101', 'M-001', 56030, 'Sanne de Vries'],
      ['2027-000102', 'M-002', 37353, 'Joris Bakker'],
      ['2027-000103', 'M-003', 112060, 'Sukru Yilmaz'],
      ['2027-000104', 'M-004', 74706, 'Lucja Wisniewska'],
    ]);
    expect(sum(collections)).toBe(280149);
    // The parent, not our own account that the bank also names as creditor.
    expect(collections[0]?.counterparty.iban).toBe('NL59ABNA4827163952');
    expect(collections.every((t) => t.booked === '2027-03-01' && t.direction === 'credit')).toBe(true);
    expect(file.transactions.at(-1)).toMatchObject({ kind: 'other', amount: 120 });
  });

  it('Rabobank: one entry per collection (gross booking), each with its end-to-end id and mandate', () => {
    const file = read('rabobank-camt053-collections-per-transaction.xml');
    expect(file.totals).toEqual({ entries: 3, credit: 192052, debit: 0 });
    expect(file.stated?.balances?.[0]).toMatchObject({
      opening: { amount: 315000 },
      closing: { amount: 507052 },
    });
    expectStatedTotalsEqualRead(file);
    expect(file.transactions.map((t) => [t.kind, t.endToEndId, t.mandateId, t.amount, t.entryRef])).toEqual([
      ['collection', '2027-000231', 'M-011', 61540, 'RA202709101823'],
      ['collection', '2027-000232', 'M-012', 29885, 'RA202709101824'],
      ['collection', '2027-000233', 'M-013', 100627, 'RA202709101825'],
    ]);
  });
});

describe('INV-7 returns and rejects with their reason codes (DUN-1: the invoice is found unpaid)', () => {
  it('ABN AMRO: every return with its reason code, end-to-end id, mandate, amount and parent', () => {
    const file = read('abnamro-camt053-returns.xml');
    // Ten booked entries (AM04 and MS02 booked together as one), eleven returns.
    expect(file.totals).toEqual({ entries: 10, credit: 0, debit: 493892 });
    expectStatedTotalsEqualRead(file);
    expect(file.transactions.every((t) => t.kind === 'return' && t.direction === 'debit')).toBe(true);
    const expected: [string, string, string, number, string][] = [
      ['AC01', '2027-000141', 'M-021', 41218, 'Priya Raghunathan'],
      ['AC04', '2027-000142', 'M-022', 38990, 'Bjorn Odegard'],
      ['AC06', '2027-000143', 'M-023', 56030, 'Zeynep Demir'],
      ['AG01', '2027-000144', 'M-024', 30112, 'Chiara Rossi'],
      ['AM04', '2027-000145', 'M-025', 74706, 'Kwame Mensah'],
      ['MD01', '2027-000146', 'M-026', 18675, 'Olga Kovalenko'],
      ['MD06', '2027-000047', 'M-027', 93383, 'Lars de Groot'],
      ['MD07', '2027-000148', 'M-028', 12000, 'Yasmina Haddou'],
      ['MS02', '2027-000149', 'M-029', 37353, 'Emma Visser'],
      ['MS03', '2027-000150', 'M-030', 61540, 'Mohammed Bouzid'],
      ['SL01', '2027-000151', 'M-031', 29885, 'Anouk van den Berg'],
    ];
    for (const [reason, endToEndId, mandateId, amount, name] of expected)
      expect(byEndToEnd(file, endToEndId)).toMatchObject({
        reason,
        mandateId,
        amount,
        booked: '2027-03-04',
        counterparty: { name },
      });
    expect(file.transactions.map((t) => t.reason).sort()).toEqual(expected.map(([reason]) => reason).sort());
  });

  it('ING camt.054: the returns notified, over two notifications, without balances', () => {
    const file = read('ing-camt054-return-notifications.xml');
    expect(file.format).toBe('camt.054.001.02');
    expect(file.statements).toBe(2);
    expect(file.totals).toEqual({ entries: 3, credit: 0, debit: 205443 });
    expect(file.stated).toEqual({ reconciles: true, differences: [] });
    expect(file.notes).toEqual([]);
    expect(file.transactions.map((t) => [t.kind, t.reason, t.endToEndId, t.mandateId, t.amount])).toEqual([
      ['return', 'AM04', '2027-000103', 'M-003', 112060],
      ['return', 'AC04', '2027-000102', 'M-002', 37353],
      ['return', 'MD06', '2027-000021', 'M-001', 56030],
    ]);
  });

  it('Rabobank pain.002: each RJCT with its reason, a block refused whole passing its reason on', () => {
    const file = read('rabobank-pain002-rejects.xml');
    expect(file.format).toBe('pain.002.001.03');
    // A status report books nothing: it counts its transactions, with sums of 0.
    expect(file.totals).toEqual({ entries: 5, credit: 0, debit: 0 });
    expect(file.stated).toMatchObject({ entries: 24, sum: 1187432, groupStatus: 'PART' });
    expect(file.stated?.byStatus).toEqual([
      { status: 'RJCT', transactions: 5, sum: 259514 },
      { status: 'ACCP', transactions: 19, sum: 927918 },
    ]);
    expect(file.stated?.reconciles).toBe(true);
    expect(sum(file.transactions)).toBe(259514);
    expect(file.transactions.map((t) => [t.kind, t.reason, t.endToEndId, t.mandateId, t.amount])).toEqual([
      ['reject', 'DT01', '2027-000240', 'M-040', 56030],
      ['reject', 'DT01', '2027-000241', 'M-041', 37353],
      ['reject', 'AC04', '2027-000242', 'M-042', 74706],
      ['reject', 'AC06', '2027-000243', 'M-043', 29885],
      ['reject', 'MD01', '2027-000244', 'M-044', 61540],
    ]);
    expect(byEndToEnd(file, '2027-000244')).toMatchObject({
      booked: '2027-03-30',
      direction: 'credit',
      reference: 'Factuur 2027-000244 kinderopvang 2027-04',
      counterparty: { name: 'Wiktor Zielinski', iban: 'NL52KNAB6168676236' },
    });
  });

  it('a pain.002 whose batch is rejected whole reconciles only when it lists the whole batch', () => {
    const whole = fixture('rabobank-pain002-rejects.xml')
      .replace('<GrpSts>PART</GrpSts>', '<GrpSts>RJCT</GrpSts>')
      .replace('<OrgnlNbOfTxs>24</OrgnlNbOfTxs>', '<OrgnlNbOfTxs>5</OrgnlNbOfTxs>')
      .replace('<OrgnlCtrlSum>11874.32</OrgnlCtrlSum>', '<OrgnlCtrlSum>2595.14</OrgnlCtrlSum>');
    expect(readBankFile(whole).stated).toMatchObject({ reconciles: true, groupStatus: 'RJCT' });
    const missing = whole.replace('<OrgnlNbOfTxs>5</OrgnlNbOfTxs>', '<OrgnlNbOfTxs>6</OrgnlNbOfTxs>');
    expect(readBankFile(missing).stated?.differences).toEqual([
      'the original batch held 6 transactions, the report lists 5',
    ]);
  });

  it('keeps a proprietary reason code such as 086 as text', () => {
    const proprietary = fixture('abnamro-camt053-returns.xml').replace('<Cd>AC01</Cd>', '<Prtry>086</Prtry>');
    expect(byEndToEnd(readBankFile(proprietary), '2027-000141').reason).toBe('086');
  });
});

describe('Rabobank export with several statements in one file', () => {
  const file = read('rabobank-camt053-several-statements.xml');

  it('reads every statement, also a day without entries, and reconciles each', () => {
    expect(file.statements).toBe(4);
    expect(file.totals).toEqual({ entries: 5, credit: 118055, debit: 245000 });
    expectStatedTotalsEqualRead(file);
    expect(file.stated?.balances?.map((b) => [b.statement, b.opening?.amount, b.closing?.amount])).toEqual([
      ['NL39RABO0300065264-2027-04-05', 507052, 318080],
      ['NL39RABO0300065264-2027-04-06', 318080, 379620],
      ['NL39RABO0300065264-2027-04-07', 379620, 379620],
      ['NL93RABO1554113369-2027-04-06', 2500000, 2500487],
    ]);
    expect(file.notes).toEqual([]);
  });

  it('tells transfers, a collection and the savings interest apart', () => {
    expect(file.transactions.map((t) => [t.booked, t.kind, t.amount])).toEqual([
      ['2027-04-05', 'transfer', 37353],
      ['2027-04-05', 'collection', 18675],
      ['2027-04-05', 'other', 245000],
      ['2027-04-06', 'transfer', 61540],
      ['2027-04-06', 'other', 487],
    ]);
    expect(file.transactions[3]?.reference).toBe('2027-000150 MAART');
  });
});

describe('remittance text over 140 characters', () => {
  const file = read('abnamro-camt053-long-remittance.xml');

  it('keeps a long text whole and rejoins one split over several Ustrd exactly', () => {
    const [long, split, lines] = file.transactions;
    expect(long?.reference).toBe(
      'Betaling voor factuur 2027-000133 (maart) en de naheffing 2027-000058 van februari voor Minh Anh, groep Vlinders, locatie Kindcentrum De Tol. Bij vragen graag bellen na 18:00 uur. Met vriendelijke groet, familie Nguyễn',
    );
    expect(long?.reference?.length).toBe(218);
    expect(split?.reference).toBe(
      'Hierbij de betaling van factuur 2027-000142 van maart; de incasso kwam terug omdat mijn oude rekening bij de ABN AMRO is opgeheven. Graag voortaan incasseren van mijn nieuwe rekening, het ondertekende machtigingsformulier stuur ik deze week per post naar de administratie. Björn',
    );
    expect(lines?.reference).toBe('Factuur 2027-000143 opvang maart Elif');
    expect(file.notes).toEqual([
      'statement 0417164300-2027-045, entry 1: remittance text of 218 characters (the standard allows 140), kept whole',
    ]);
    expectStatedTotalsEqualRead(file);
  });
});

describe('camt.053.001.08', () => {
  it('reads the 2019 version: Sts/Cd, Dbtr/Pty/Nm, TxDtls/Amt and TtlNetNtry', () => {
    const file = read('ing-camt053-v08-day-statement.xml');
    expect(file.format).toBe('camt.053.001.08');
    expect(file.totals).toEqual({ entries: 4, credit: 168089, debit: 74766 });
    expect(file.stated).toMatchObject({ entries: 4, net: 93323 });
    expectStatedTotalsEqualRead(file);
    expect(
      file.transactions.map((t) => [t.kind, t.reason, t.endToEndId, t.amount, t.counterparty.name]),
    ).toEqual([
      ['collection', null, '2027-000401', 56030, 'Sanne de Vries'],
      ['collection', null, '2027-000402', 37353, 'Sukru Yilmaz'],
      ['transfer', null, null, 74706, 'Łucja Wiśniewska'],
      ['return', 'MS02', '2027-000304', 74706, 'Lucja Wisniewska'],
      ['other', null, null, 60, null],
    ]);
  });
});

describe('lenient in reading: deviations real files show', () => {
  const file = read('camt053-real-world-deviations.xml');

  it('reads a prefixed namespace, elements out of order, a date-time and one decimal, without balances', () => {
    expect(file.format).toBe('camt.053.001.02');
    expect(file.totals).toEqual({ entries: 3, credit: 162403, debit: 61540 });
    expect(file.transactions[2]).toMatchObject({
      booked: '2027-03-09',
      kind: 'transfer',
      amount: 125050,
      reference: 'Factuur 2027-000160 en 2027-000161',
      counterparty: { name: 'Fatima El Amrani', iban: 'NL17TRIO2736451988' },
    });
    expectStatedTotalsEqualRead(file);
    expect(file.notes).toEqual([
      'statement 20270309-NL20INGB0001234567, entry 4: status PDNG, not booked: left out',
      'statement 20270309-NL20INGB0001234567: no opening or closing balance',
    ]);
  });

  it("reads an entry described only in ING's /TRTP/…/REMI/ text, a return's reason as /RTRN/", () => {
    expect(file.transactions[0]).toMatchObject({
      kind: 'transfer',
      amount: 37353,
      reference: 'Factuur 2027-000102 Daan maart',
      counterparty: { name: 'J. Bakker', iban: 'NL59SNSB9281736454' },
      endToEndId: null,
    });
    expect(file.transactions[1]).toMatchObject({
      kind: 'return',
      reason: 'MS03',
      endToEndId: '2027-000150',
      mandateId: 'M-030',
      counterparty: { name: 'Mohammed Bouzid', iban: 'NL73RBRB5147382968' },
    });
  });

  it('reads amounts from their digits, never through a float', () => {
    // 0.29 × 100 is 28.999999999999996 in floating point; 19.99 × 100 is 1998.9999999999998.
    const odd = fixture('ing-camt053-collection-batch.xml')
      .replace('<Amt Ccy="EUR">1.20</Amt>', '<Amt Ccy="EUR">0.29</Amt>')
      .replace('<Amt Ccy="EUR">560.30</Amt>', '<Amt Ccy="EUR">19.99</Amt>');
    const parsed = readBankFile(odd);
    expect(parsed.totals.debit).toBe(29);
    expect(byEndToEnd(parsed, '2027-000101').amount).toBe(1999);
  });

  it('decodes an ISO-8859-1 file as its declaration says, with character references for the rest', () => {
    const latin = fixture('abnamro-camt053-long-remittance.xml')
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('Nguyễn Thị Minh Khai', '&#350;&#252;kr&#252; Y&#305;lmaz &amp; Zn')
      .replace('familie Nguyễn', 'familie Yılmaz');
    const file = readBankFile(Buffer.from(latin.replace('familie Yılmaz', 'familie Ødegård'), 'latin1'));
    expect(file.transactions[0]?.counterparty.name).toBe('Şükrü Yılmaz & Zn');
    expect(file.transactions[0]?.reference).toMatch(/familie Ødegård$/);
    expect(file.transactions[1]?.counterparty.name).toBe('Björn Ødegård');
  });
});

describe('strict in concluding: totals that do not agree are reported', () => {
  it('names the statement and both figures when TxsSummry or the balances disagree with the entries', () => {
    const wrong = fixture('ing-camt053-day-statement-transfers.xml')
      .replace('<Sum>1058.83</Sum>', '<Sum>1058.38</Sum>')
      .replace('<Amt Ccy="EUR">15434.55</Amt>', '<Amt Ccy="EUR">15434.56</Amt>');
    const file = readBankFile(wrong);
    expect(file.stated?.reconciles).toBe(false);
    expect(file.stated?.differences).toEqual([
      'statement 0000000000000064: the file states credits of EUR 1058.38, read EUR 1058.83',
      'statement 0000000000000064: opening balance EUR 15230.17 + credits EUR 1058.83 − debits EUR 854.45 = EUR 15434.55, but the closing balance is EUR 15434.56',
    ]);
  });

  it('reports a batch whose details do not add up to its entry', () => {
    const wrong = fixture('ing-camt053-collection-batch.xml').replace(
      '<NbOfTxs>4</NbOfTxs>',
      '<NbOfTxs>5</NbOfTxs>',
    );
    expect(readBankFile(wrong).stated?.differences).toEqual([
      'statement 0000000000000063, entry 1: the batch states 5 transactions, 4 are detailed',
    ]);
  });
});

describe('strict in concluding: a file that is none of the formats is refused whole, naming why', () => {
  it('refuses a file that is not XML (a CSV export)', () => {
    expect(failure(readFileSync(path.join(FIXTURES, 'malformed-not-xml.csv')))).toMatch(
      /^not XML: the file starts with '"IBAN\/BBAN","Munt"/,
    );
  });

  it('refuses an ISO 20022 message of another kind (pain.001), naming its namespace', () => {
    expect(failure(fixture('malformed-pain001-credit-transfer.xml'))).toBe(
      'unknown format: namespace urn:iso:std:iso:20022:tech:xsd:pain.001.001.03 (a credit transfer initiation) is none of camt.053.001.02, camt.053.001.08, camt.054.001.02, pain.002.001.03',
    );
  });

  it('refuses a truncated file, saying where it ends', () => {
    expect(failure(fixture('malformed-truncated-camt053.xml'))).toBe(
      "truncated XML: the file ends at line 156 ('<AcctSvcrRef>2027061A00') without closing <Document>",
    );
  });

  it('refuses an empty file, a file without namespace, another root and an unread version', () => {
    expect(failure('')).toBe('the file is empty');
    expect(failure('<Document><BkToCstmrStmt/></Document>')).toBe(
      'unknown format: the Document element has no namespace',
    );
    expect(failure('<html><body>Inloggen</body></html>')).toMatch(/root element is <html>, not <Document>/);
    expect(
      failure(
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>',
      ),
    ).toMatch(/camt\.052\.001\.02 \(an intraday account report\) is none of/);
  });

  it('refuses XML that is not well-formed', () => {
    expect(
      failure(
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt></BkToCstmrStmt></Document>',
      ),
    ).toMatch(/^not well-formed XML: .*Stmt/);
  });

  it('refuses an entry whose amount or direction cannot be read, naming the entry', () => {
    const comma = fixture('ing-camt053-day-statement-transfers.xml').replace(
      '<Amt Ccy="EUR">125.00</Amt>\n        <CdtDbtInd>CRDT',
      '<Amt Ccy="EUR">125,00</Amt>\n        <CdtDbtInd>CRDT',
    );
    expect(failure(comma)).toBe("statement 0000000000000064, entry 3: Amt: '125,00' is not an amount");
    const dollars = fixture('ing-camt053-day-statement-transfers.xml').replace(
      '<Amt Ccy="EUR">842.00</Amt>\n        <CdtDbtInd>',
      '<Amt Ccy="USD">842.00</Amt>\n        <CdtDbtInd>',
    );
    expect(failure(dollars)).toBe(
      'statement 0000000000000064, entry 5: Amt: amount in USD; only euro accounts are read',
    );
    const neither = fixture('ing-camt053-day-statement-transfers.xml').replace(
      '<CdtDbtInd>DBIT</CdtDbtInd>',
      '<CdtDbtInd>DEBIT</CdtDbtInd>',
    );
    expect(failure(neither)).toBe(
      "statement 0000000000000064, entry 4: credit/debit indicator 'DEBIT' is neither CRDT nor DBIT",
    );
  });
});
