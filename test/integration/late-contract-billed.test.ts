import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { leavesTwoWorkingDays } from '#shared/invoicing.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { SANNE } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 8 item 2, INV-5: a contract accepted after its first month's run has issued its invoices is billed
 * for that month on the next working day, debited at least 2 working days later, collected FRST in the
 * SEPA batch of that date (the earlier batch is not written again), and counted on the month's run.
 */
let rt: TestRuntime | undefined;

afterAll(async () => {
  await rt?.shutdown();
});

const offer = (id: string, parent: string, child: string) => ({
  id,
  parent,
  child: { name: child, birthDate: '2025-06-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { tue: '08:00-18:00' },
  start: '2027-03-01',
});

async function marchInvoices(runtime: TestRuntime) {
  const result = await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? [])
    .filter((i) => i.type === 'invoice' && i.month === '2027-03')
    .map((i) => ({
      number: i.number,
      parent: i.parentId,
      issued: i.issuedOn,
      debit: i.debitOn,
      total: i.total,
    }))
    .sort((a, b) => String(a.number).localeCompare(String(b.number)));
}

describe('a contract accepted on 25 February for a start on 1 March (the March run was on 22 February)', () => {
  it('is invoiced on the next working day, debited 2 working days later, FRST in that date’s batch, on the March run', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    expect((await rt.call('PUT', '/parents/p1', SANNE)).status).toBe(200);
    const lucja = {
      name: 'Łucja Wiśniewska',
      email: 'lucja@example.nl',
      iban: 'NL91ABNA0417164300',
      mandate: { id: 'M-002', signed: '2027-02-19' },
    };
    expect((await rt.call('PUT', '/parents/p2', lucja)).status).toBe(200);
    const noor = {
      ...offer('o0', 'p1', 'Noor'),
      id: 'c1',
      schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
      start: '2027-01-01',
    };
    expect((await rt.call('POST', '/contracts', noor)).status).toBe(201);
    // Two offers for March: Łucja's first child, and Sanne's second (Sanne is invoiced for March already).
    expect((await rt.call('POST', '/offers', offer('o2', 'p2', 'Zofia'))).status).toBe(201);
    expect((await rt.call('POST', '/offers', offer('o3', 'p1', 'Daan'))).status).toBe(201);

    // INV-5: the scheduler runs March on Monday 22 February.
    await rt.goTo('2027-02-22', 7);
    const before = (await rt.call('GET', '/invoice-runs/2027-03')).body.run;
    expect(before.status).toBe('succeeded');
    expect(await marchInvoices(rt)).toEqual([
      { number: '2027-000001', parent: 'p1', issued: '2027-02-22', debit: '2027-03-01', total: 56030 },
    ]);
    const firstBatch = readFileSync(before.summary.sepa[0].file, 'utf8');
    // Issue 13: finance downloads the same file from the API (the console's SEPA files), as the bank takes it.
    const finance = await rt.staffToken({
      email: 'financien@opvang.example',
      name: 'Financiën',
      role: 'finance',
    });
    const download = await fetch(
      `${rt.apiUrl}/invoice-runs/2027-03?sepa=${before.summary.sepa[0].collection}`,
      {
        headers: { authorization: `Bearer ${finance}` },
      },
    );
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="incasso-2027-03-${before.summary.sepa[0].collection}.xml"`,
    );
    expect(await download.text()).toBe(firstBatch);
    expect((await rt.call('GET', '/invoice-runs/2027-03?sepa=2027-03-02', undefined, finance)).status).toBe(
      404,
    );

    // Thursday 25 February: both offers are accepted.
    await rt.goTo('2027-02-25', 10);
    expect((await rt.call('POST', '/offers/o2/accept', {})).status).toBe(200);
    expect((await rt.call('POST', '/offers/o3/accept', {})).status).toBe(200);
    await rt.settle();
    expect((await rt.call('GET', '/contracts/c-o2')).status).toBe(200);

    // Friday 26 February, the next working day, 06:00.
    await rt.goTo('2027-02-26', 7);
    const issued = await marchInvoices(rt);
    // Zofia, Tuesdays: 10 h × 52 × € 8,62 / 12 = € 373,53. Sanne's second contract is not a second
    // invoice for March (it is settled on her next one).
    expect(issued).toEqual([
      { number: '2027-000001', parent: 'p1', issued: '2027-02-22', debit: '2027-03-01', total: 56030 },
      { number: '2027-000002', parent: 'p2', issued: '2027-02-26', debit: '2027-03-02', total: 37353 },
    ]);
    expect(leavesTwoWorkingDays('2027-02-26', '2027-03-02')).toBe(true);
    const emails = (await rt.emails()).filter((e) => e.kind === 'invoice' && e.ref === '2027-000002');
    expect(emails.map((e) => [e.on, e.to])).toEqual([['2027-02-26', 'lucja@example.nl']]);
    expect(emails[0]?.text).toContain('2 maart 2027');

    // The March run counts it, and its batch of 2 March collects it FRST; 1 March's file is as it was.
    const { run } = (await rt.call('GET', '/invoice-runs/2027-03')).body;
    expect(run.summary).toMatchObject({ invoices: 2, total: 56030 + 37353 });
    expect(run.summary.late).toEqual([
      { parent: 'p2', number: '2027-000002', issuedOn: '2027-02-26', debitOn: '2027-03-02', total: 37353 },
    ]);
    expect(
      run.summary.sepa.map((b: { collection: string; transactions: number }) => [
        b.collection,
        b.transactions,
      ]),
    ).toEqual([
      ['2027-03-01', 1],
      ['2027-03-02', 1],
    ]);
    expect(readFileSync(run.summary.sepa[0].file, 'utf8')).toBe(firstBatch);
    const late = new XMLParser().parse(readFileSync(run.summary.sepa[1].file, 'utf8')).Document
      .CstmrDrctDbtInitn;
    expect(late.PmtInf.ReqdColltnDt).toBe('2027-03-02');
    expect(late.PmtInf.PmtTpInf.SeqTp).toBe('FRST');
    expect(late.PmtInf.DrctDbtTxInf.Dbtr.Nm).toBe('Lucja Wisniewska');
    expect(late.PmtInf.DrctDbtTxInf.PmtId.EndToEndId).toBe('2027-000002');

    // Nothing more on the next mornings: the late contracts are done.
    await rt.goTo('2027-03-02', 7);
    expect(await marchInvoices(rt)).toEqual(issued);

    // Sanne's second contract (Daan, from 1 March): March is billed on her next invoice, April's, as a
    // settlement line beside April's own line, once (INV-4: one invoice per parent and month).
    await rt.goTo('2027-03-22', 7);
    const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
    const april = (result.Items ?? []).find(
      (i) => i.type === 'invoice' && i.month === '2027-04' && i.parentId === 'p1',
    );
    const daan = ((april?.lines ?? []) as { kind: string; contract: string; amount: number }[]).filter(
      (l) => l.contract === 'c-o3',
    );
    expect(daan.map((l) => [l.kind, l.amount])).toEqual([
      ['contract', 37353],
      ['settlement', 37353],
    ]);
  }, 180_000);
});
