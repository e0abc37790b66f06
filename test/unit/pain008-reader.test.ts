import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankFileError } from '#shared/bank-files/bank-file.ts';
import { readPain008 } from '#shared/bank-files/pain008.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import { type Collection, epcText, pain008, SEPA_NAME_LENGTH } from '#shared/sepa.ts';

/**
 * Issue 9, INV-6: the back office books on the debit date exactly the collections a batch file it sent
 * holds, read back from the file itself; the simulator plays the bank from the same file.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/bank-files');
const CREATED = new Date('2027-02-20T09:15:00Z');

const collection = (
  n: number,
  debtorName: string,
  iban: string,
  amount: number,
  sequence: Collection['sequence'],
  mandateId = `OPV-MND-${n}`,
): Collection => ({
  parentId: `p${n}`,
  endToEndId: `2027-000${120 + n}`,
  debtorName,
  iban,
  mandateId,
  mandateSigned: sequence === 'FRST' ? '2027-01-14' : '2025-08-30',
  amount,
  sequence,
  remittance: `Factuur 2027-000${120 + n} kinderopvang maart 2027`,
});

const COLLECTIONS: Collection[] = [
  collection(1, 'Şükrü Yılmaz', 'NL63INGB3125467896', 74707, 'FRST'),
  collection(2, 'Łucja Wiśniewska', 'NL13RABO1538274612', 5, 'RCUR'),
  collection(3, 'Nguyễn Thị Minh Khai', 'NL91ABNA0417164300', 57, 'RCUR'),
  // 11.57 and 0.29 are the decimals a float times 100 gets wrong (1156.9999…, 28.9999…).
  collection(4, 'Jörg Weiß', 'NL02ABNA0123456789', 1157, 'FRST'),
  collection(5, 'Олена Шевченко', 'NL39RABO0300065264', 29, 'RCUR'),
  collection(6, 'Anna de Vries-van den Berg', 'NL44RABO0123456789', 123456789, 'RCUR'),
];

function batch(collections: Collection[], messageId = 'OPV-2027-03-01-1') {
  return pain008({
    messageId,
    created: CREATED,
    collectionDate: '2027-03-01',
    creditor: ACCRETE_2020.creditor,
    collections,
  });
}

function refusal(content: string | Uint8Array): string {
  try {
    readPain008(content);
  } catch (error) {
    expect(error).toBeInstanceOf(BankFileError);
    return (error as Error).message;
  }
  throw new Error('the file was read');
}

describe('readPain008: our own direct-debit batch read back from the file (issue 9, INV-6)', () => {
  const written = batch(COLLECTIONS);
  const xml = written.xml as string;
  const read = readPain008(xml);

  it('reads every collection back with each field as it went into the batch, FRST before RCUR', () => {
    expect(read.messageId).toBe('OPV-2027-03-01-1');
    // CreDtTm is local time without an offset, which Date reads as local time again.
    expect(new Date(read.created).getTime()).toBe(CREATED.getTime());
    const ordered = [
      ...COLLECTIONS.filter((c) => c.sequence === 'FRST'),
      ...COLLECTIONS.filter((c) => c.sequence === 'RCUR'),
    ];
    expect(read.collections.map(({ paymentInformationId: _, ...rest }) => rest)).toEqual(
      ordered.map((c) => ({
        collectionDate: '2027-03-01',
        sequence: c.sequence,
        endToEndId: c.endToEndId,
        amount: c.amount,
        mandateId: c.mandateId,
        mandateSigned: c.mandateSigned,
        debtor: { name: epcText(c.debtorName, SEPA_NAME_LENGTH, c.parentId), iban: c.iban },
      })),
    );
    expect(read.collections.map((c) => c.debtor.name)).toEqual([
      'Sukru Yilmaz',
      'Jorg Weiss',
      'Lucja Wisniewska',
      'Nguyen Thi Minh Khai',
      'Olena Shevchenko',
      'Anna de Vries-van den Berg',
    ]);
  });

  it('reads amounts to the cent without floats: 747.07, 0.05, 0.57, 11.57, 0.29, 1234567.89', () => {
    expect(read.collections.map((c) => [c.endToEndId, c.amount])).toEqual([
      ['2027-000121', 74707],
      ['2027-000124', 1157],
      ['2027-000122', 5],
      ['2027-000123', 57],
      ['2027-000125', 29],
      ['2027-000126', 123456789],
    ]);
  });

  it('keeps one payment information block per sequence type, each with its own id', () => {
    const blockOf = (sequence: string) =>
      new Set(read.collections.filter((c) => c.sequence === sequence).map((c) => c.paymentInformationId));
    expect(blockOf('FRST').size).toBe(1);
    expect(blockOf('RCUR').size).toBe(1);
    expect([...blockOf('FRST')][0]).not.toBe([...blockOf('RCUR')][0]);
  });

  it('states NbOfTxs and CtrlSum equal to the count and the sum in cents of the collections read', () => {
    expect(read.transactions).toBe(6);
    expect(read.transactions).toBe(read.collections.length);
    expect(read.controlSum).toBe(74707 + 5 + 57 + 1157 + 29 + 123456789);
    expect(read.controlSum).toBe(read.collections.reduce((sum, c) => sum + c.amount, 0));
  });

  it('reads the file as bytes (UTF-8) the same as text', () => {
    expect(readPain008(new TextEncoder().encode(xml))).toEqual(read);
  });

  it('holds exactly what went into the file: a collection the SEPA format refused is not in it', () => {
    const refused = collection(7, 'Zoë O’Brien', 'NL86INGB0002445588', 9950, 'RCUR', 'OPV//7');
    const withRefused = batch([...COLLECTIONS, refused]);
    expect(withRefused.refused.map((r) => r.collection.endToEndId)).toEqual(['2027-000127']);
    const back = readPain008(withRefused.xml as string);
    expect(back.collections.map((c) => c.endToEndId)).not.toContain('2027-000127');
    expect(back.collections.map((c) => c.endToEndId).sort()).toEqual(
      withRefused.collected.map((c) => c.endToEndId).sort(),
    );
    expect(back.transactions).toBe(6);
    expect(back.controlSum).toBe(read.controlSum);
  });

  it('reads a batch of one collection, one block (a single PmtInf and DrctDbtTxInf still a list)', () => {
    const single = readPain008(batch([COLLECTIONS[1] as Collection], 'OPV-2027-03-01-2').xml as string);
    expect(single).toMatchObject({ messageId: 'OPV-2027-03-01-2', transactions: 1, controlSum: 5 });
    expect(single.collections).toHaveLength(1);
    expect(single.collections[0]).toMatchObject({
      sequence: 'RCUR',
      endToEndId: '2027-000122',
      amount: 5,
      debtor: { name: 'Lucja Wisniewska', iban: 'NL13RABO1538274612' },
    });
  });
});

describe('readPain008 refuses what is not our pain.008.001.02 batch, naming why (issue 9)', () => {
  const xml = batch(COLLECTIONS).xml as string;

  it('refuses a bank statement (camt.053), naming its message', () => {
    const camt = readFileSync(path.join(FIXTURES, 'ing-camt053-day-statement-transfers.xml'));
    expect(refusal(camt)).toBe(
      'not a pain.008.001.02 direct-debit batch: a camt.053.001.02 message (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.02)',
    );
  });

  it('refuses a credit transfer initiation (pain.001) and another pain.008 version', () => {
    const pain001 = readFileSync(path.join(FIXTURES, 'malformed-pain001-credit-transfer.xml'));
    expect(refusal(pain001)).toMatch(/^not a pain\.008\.001\.02 direct-debit batch: a pain\.001\./);
    expect(refusal(xml.replace('pain.008.001.02"', 'pain.008.001.08"'))).toMatch(
      /a pain\.008\.001\.08 message/,
    );
  });

  it('refuses a file that is not XML, and a batch cut off halfway', () => {
    expect(refusal(readFileSync(path.join(FIXTURES, 'malformed-not-xml.csv')))).toMatch(
      /^not XML: the file starts with/,
    );
    expect(refusal('')).toBe('the file is empty');
    expect(refusal(xml.slice(0, xml.length / 2))).toMatch(/^truncated XML: .* without closing <Document>/);
  });

  it('refuses a collection without its mandate id, amount or IBAN, naming the field and the invoice', () => {
    expect(refusal(xml.replace('<MndtId>OPV-MND-3</MndtId>', ''))).toBe(
      `payment information OPV-2027-03-01-1.1, collection 2 (2027-000123): no MndtId (DrctDbtTx/MndtRltdInf/MndtId)`,
    );
    expect(refusal(xml.replace(/<InstdAmt Ccy="EUR">0\.05<\/InstdAmt>/, ''))).toMatch(
      /collection 1 \(2027-000122\): no InstdAmt \(InstdAmt\)$/,
    );
    expect(
      refusal(xml.replace('<InstdAmt Ccy="EUR">0.05</InstdAmt>', '<InstdAmt Ccy="EUR">0.055</InstdAmt>')),
    ).toMatch(/\(2027-000122\): InstdAmt: '0\.055' has more than two decimals$/);
    expect(refusal(xml.replace('<IBAN>NL13RABO1538274612</IBAN>', ''))).toMatch(
      /\(2027-000122\): no IBAN \(DbtrAcct\/Id\/IBAN\)$/,
    );
  });

  it('refuses a batch without its stated control sum or with an unknown sequence type', () => {
    expect(refusal(xml.replace(/<CtrlSum>[\d.]+<\/CtrlSum>/, ''))).toBe(
      'the group header: no CtrlSum (CtrlSum)',
    );
    expect(refusal(xml.replace('<SeqTp>RCUR</SeqTp>', '<SeqTp>RPRE</SeqTp>'))).toBe(
      "payment information OPV-2027-03-01-1.1: sequence type 'RPRE' is none of FRST, RCUR, OOFF, FNAL",
    );
  });
});
