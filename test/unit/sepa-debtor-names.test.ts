import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ACCRETE_2020 } from '#shared/policy.ts';
import { type Collection, epcText, pain008 } from '#shared/sepa.ts';

/** Issue 7 item 2, INV-6: names in the EPC character set, and one debtor never blocks the batch. */
describe('epcText: a name as a SEPA file may carry it (INV-6)', () => {
  it('transliterates Turkish, Polish, German, Vietnamese, Nordic and Cyrillic names to Latin letters', () => {
    expect(epcText('Şükrü Yılmaz', 70)).toBe('Sukru Yilmaz');
    expect(epcText('Łucja Wiśniewska', 70)).toBe('Lucja Wisniewska');
    expect(epcText('Jörg Weiß', 70)).toBe('Jorg Weiss');
    expect(epcText('Nguyễn Thị Minh Khai', 70)).toBe('Nguyen Thi Minh Khai');
    expect(epcText('Søren Ærø', 70)).toBe('Soren AEro');
    expect(epcText('İpek Güneş', 70)).toBe('Ipek Gunes');
    expect(epcText('Олена Шевченко', 70)).toBe('Olena Shevchenko');
    expect(epcText('Zoë O’Brien & Co', 70)).toBe("Zoe O'Brien + Co");
  });

  it('keeps what is readable of a mixed name, and falls back to the parent id when nothing is', () => {
    expect(epcText('Li Wei 李伟', 70, 'p42')).toBe('Li Wei');
    expect(epcText('王秀英', 70, 'p42')).toBe('p42');
    expect(epcText('محمد العلي', 70, 'p43')).toBe('p43');
    expect(epcText('🙂', 70, 'p44')).toBe('p44');
  });

  it('shortens to 70 characters, and never ends on a space', () => {
    const long = 'Anna-Maria van der Heijden-Oosterhuis tot Wijckerheld Bisdom-Vlaardingen';
    const name = epcText(`${long} ${long}`, 70);
    expect(name.length).toBeLessThanOrEqual(70);
    expect(name).toBe(name.trimEnd());
    expect(name.startsWith('Anna-Maria van der Heijden-Oosterhuis')).toBe(true);
  });
});

const collection = (parentId: string, name: string, mandateId: string, amount: number): Collection => ({
  parentId,
  endToEndId: `2027-0000${parentId.slice(1)}`,
  debtorName: name,
  iban: 'NL91ABNA0417164300',
  mandateId,
  mandateSigned: '2026-12-01',
  amount,
  sequence: 'FRST',
  remittance: `Factuur 2027-0000${parentId.slice(1)} kinderopvang 2027-03`,
});

describe('pain008: one debtor never blocks the batch (INV-6)', () => {
  it('leaves out the debtor the SEPA format refuses, with the reason, and writes the rest', () => {
    const longName = `${'Wilhelmina Alexandra Cornelia '.repeat(3)}Bakker`;
    const batch = pain008({
      messageId: 'OPVANG-2027-03-2027-03-01',
      created: new Date('2027-02-22T05:00:00Z'),
      collectionDate: '2027-03-01',
      creditor: ACCRETE_2020.creditor,
      collections: [
        collection('p1', 'Şükrü Yılmaz', 'M-001', 56030),
        collection('p2', longName, 'M-002', 37353),
        collection('p3', 'Sanne de Vries', 'M//003', 12000),
      ],
    });
    expect(batch.refused.map((r) => [r.collection.parentId, r.reason])).toEqual([
      ['p3', expect.stringContaining('mandateId')],
    ]);
    expect(batch.collected.map((c) => c.parentId)).toEqual(['p1', 'p2']);
    const xml = new XMLParser().parse(batch.xml ?? '');
    const transactions = [xml.Document.CstmrDrctDbtInitn.PmtInf.DrctDbtTxInf].flat();
    expect(transactions.map((t: { Dbtr: { Nm: string } }) => t.Dbtr.Nm)).toEqual([
      'Sukru Yilmaz',
      longName.slice(0, 70).trimEnd(),
    ]);
    expect(Number(xml.Document.CstmrDrctDbtInitn.GrpHdr.NbOfTxs)).toBe(2);
    expect(Math.round(Number(xml.Document.CstmrDrctDbtInitn.GrpHdr.CtrlSum) * 100)).toBe(56030 + 37353);
  });

  it('writes no file when no debtor can be collected', () => {
    const batch = pain008({
      messageId: 'OPVANG-2027-03-2027-03-01',
      created: new Date('2027-02-22T05:00:00Z'),
      collectionDate: '2027-03-01',
      creditor: ACCRETE_2020.creditor,
      collections: [collection('p3', 'Sanne de Vries', '/M-003', 12000)],
    });
    expect(batch.xml).toBeUndefined();
    expect(batch.refused).toHaveLength(1);
  });
});
