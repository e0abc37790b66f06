import { readFileSync } from 'node:fs';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 7 item 2, INV-6: one debtor never blocks the direct debit. Names are transliterated to the EPC
 * character set and shortened to 70 before the `sepa` library sees them; a debtor it still refuses is
 * left out and reported, and the batch goes for everybody else. Through the real pipeline.
 */
let rt: TestRuntime | undefined;

afterAll(async () => {
  await rt?.shutdown();
});

// A double-barrelled name of 90 characters: the library refuses names over 70.
const LONG_NAME =
  'Łucja Aleksandra Wiśniewska-Kowalczyk van Oldenbarnevelt tot Zuylen-Heemskerk en Beyerland';

const PARENTS = [
  { id: 'p1', name: 'Şükrü Yılmaz', mandate: 'M-001' },
  { id: 'p2', name: LONG_NAME, mandate: 'M-002' },
  { id: 'p3', name: 'Sanne de Vries', mandate: 'M-003' },
  { id: 'p4', name: 'Nguyễn Thị Minh Khai', mandate: 'M-004' },
];

describe('the March run with names outside Western Europe and a mandate id the SEPA format refuses', () => {
  it('writes one SEPA file with every valid debtor, and reports the refused one in the summary (INV-6)', async () => {
    expect(LONG_NAME).toHaveLength(90);
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    for (const [i, parent] of PARENTS.entries()) {
      const body = {
        name: parent.name,
        email: `ouder${i + 1}@example.nl`,
        iban: 'NL91ABNA0417164300',
        mandate: { id: parent.mandate, signed: '2026-12-01' },
      };
      expect((await rt.call('PUT', `/parents/${parent.id}`, body)).status).toBe(200);
      const contract = {
        id: `c${i + 1}`,
        parent: parent.id,
        child: { name: `Kind ${i + 1}`, birthDate: '2025-06-01' },
        location: 'Kindcentrum De Tol',
        product: 'KDV',
        weeks: 52,
        schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
        start: '2027-01-01',
      };
      expect((await rt.call('POST', '/contracts', contract)).status).toBe(201);
    }
    // p3's mandate id came from an earlier system with a `//` in it (the API would refuse it today).
    await rt.db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...keys.parent('p3'),
          ...keys.allParents('p3'),
          type: 'parent',
          id: 'p3',
          name: 'Sanne de Vries',
          email: 'ouder3@example.nl',
          language: 'nl',
          iban: 'NL91ABNA0417164300',
          mandate: { id: 'M//003', signed: '2026-12-01' },
        },
      }),
    );

    // INV-5: the scheduler runs March on Monday 22 February at 06:00.
    await rt.goTo('2027-02-22', 7);
    const { run } = (await rt.call('GET', '/invoice-runs/2027-03')).body;
    expect(run.status).toBe('succeeded');
    expect(run.summary.invoices).toBe(4);
    const scan = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
    const invoices = (scan.Items ?? []).filter((i) => i.type === 'invoice');
    const collected = invoices.filter((i) => i.parentId !== 'p3');
    const expectedTotal = collected.reduce((sum, i) => sum + Number(i.total), 0);

    expect(run.summary.sepa).toHaveLength(1);
    const batch = run.summary.sepa[0];
    expect(batch).toMatchObject({ collection: '2027-03-01', transactions: 3, total: expectedTotal });
    expect(batch.excluded).toEqual([
      { parent: 'p3', reason: expect.stringMatching(/^refused by the SEPA format: mandateId .*\/\//) },
    ]);

    const xml = new XMLParser().parse(readFileSync(batch.file, 'utf8'));
    const initiation = xml.Document.CstmrDrctDbtInitn;
    expect(Number(initiation.GrpHdr.NbOfTxs)).toBe(3);
    expect(Math.round(Number(initiation.GrpHdr.CtrlSum) * 100)).toBe(expectedTotal);
    const transactions = [initiation.PmtInf.DrctDbtTxInf].flat() as {
      Dbtr: { Nm: string };
      DrctDbtTx: { MndtRltdInf: { MndtId: string } };
      RmtInf: { Ustrd: string };
    }[];
    expect(transactions.map((t) => t.Dbtr.Nm).sort()).toEqual(
      [
        'Sukru Yilmaz',
        'Lucja Aleksandra Wisniewska-Kowalczyk van Oldenbarnevelt tot Zuylen-He',
        'Nguyen Thi Minh Khai',
      ].sort(),
    );
    expect(transactions.map((t) => t.DrctDbtTx.MndtRltdInf.MndtId).sort()).toEqual([
      'M-001',
      'M-002',
      'M-004',
    ]);
    // The EPC character set only, in every name and remittance text of the file.
    for (const t of transactions) {
      expect(t.Dbtr.Nm).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]{1,70}$/);
      expect(t.RmtInf.Ustrd).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]{1,140}$/);
    }
  }, 120_000);
});
