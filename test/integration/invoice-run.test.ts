import { readFileSync } from 'node:fs';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * The monthly run through the real pipeline (INV-1..INV-6): run twice, or killed half-way and run again,
 * it gives the same invoices, numbers and SEPA file as one clean run.
 */
process.env.INVOICE_PAGE_SIZE = '7'; // several pages from a few dozen contracts
process.env.INVOICE_PAGES_PER_CALL = '2'; // and several steps, each reading a page while writing the last
let rt: TestRuntime | undefined;

afterEach(async () => {
  await rt?.shutdown();
  rt = undefined;
});

const PARENTS = 18;

async function seed(runtime: TestRuntime): Promise<void> {
  await runtime.goTo('2027-01-21');
  for (let i = 1; i <= PARENTS; i++) {
    const id = `p${String(i).padStart(2, '0')}`;
    const parent = {
      name: `Ouder ${i}`,
      email: `ouder${i}@example.nl`,
      iban: 'NL91ABNA0417164300',
      ...(i === 5 ? {} : { mandate: { id: `M-${i}`, signed: '2026-12-01' } }), // p05 has no mandate
    };
    expect((await runtime.call('PUT', `/parents/${id}`, parent)).status).toBe(200);
    // Every parent a KDV contract; every third one a second child in BSO.
    const kdv = {
      id: `k${i}`,
      parent: id,
      child: { name: `Kind ${i}`, birthDate: '2025-06-01' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
      start: '2027-01-01',
    };
    expect((await runtime.call('POST', '/contracts', kdv)).status).toBe(201);
    if (i % 3 === 0) {
      const bso = {
        id: `b${i}`,
        parent: id,
        child: { name: `Broer ${i}`, birthDate: '2019-03-01' },
        location: 'BSO De Vlinder',
        product: 'BSO',
        weeks: 40,
        schedule: { tue: '15:00-18:00' },
        start: '2027-03-15',
      };
      expect((await runtime.call('POST', '/contracts', bso)).status).toBe(201);
    }
  }
  // p07's IBAN came in wrong from an earlier system (the API would refuse it).
  const p07 = (await runtime.call('GET', '/contracts/k7')).body.contract.parentId;
  await runtime.db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...keys.parent(p07),
        ...keys.allParents(p07),
        type: 'parent',
        id: p07,
        name: 'Ouder 7',
        email: 'ouder7@example.nl',
        language: 'nl',
        iban: 'NL00ABNA0417164300',
        mandate: { id: 'M-7', signed: '2026-12-01' },
      },
    }),
  );
}

async function invoices(runtime: TestRuntime) {
  const result = await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? [])
    .filter((i) => i.type === 'invoice')
    .map((i) => ({
      number: i.number,
      parent: i.parentId,
      total: i.total,
      lines: i.lines.length,
      issued: i.issuedOn,
    }))
    .sort((a, b) => a.number.localeCompare(b.number));
}

async function runMonth(runtime: TestRuntime, month: string) {
  const response = await runtime.call('POST', '/invoice-runs', { month });
  await runtime.settle();
  const state = await runtime.call('GET', `/invoice-runs/${month}`);
  return { response, state: state.body };
}

describe('the invoicing run for March 2027', () => {
  it('issues one numbered invoice per parent, e-mails each, and writes a valid SEPA batch', async () => {
    rt = await startTestRuntime({ start: '2027-01-21' });
    await seed(rt);
    await rt.goTo('2027-02-19');
    const preview = await rt.call('GET', '/invoice-runs/2027-03/preview');
    expect(preview.body).toMatchObject({
      dryRun: true,
      invoices: PARENTS,
      contracts: PARENTS + 6,
      alreadyIssued: 0,
    });
    expect(await invoices(rt)).toEqual([]);

    // INV-5: 20 February 2027 is a Saturday: the scheduler runs March on Monday 22 February, at 06:00.
    await rt.goTo('2027-02-22', 7);
    const state = (await rt.call('GET', '/invoice-runs/2027-03')).body;
    expect(state.run.status).toBe('succeeded');
    expect(state.progress).toEqual({ contracts: PARENTS + 6, contractsDone: PARENTS + 6, invoices: PARENTS });
    const issued = await invoices(rt);
    // INV-4: one per parent, numbered 2027-000001 … without a gap.
    expect(issued.map((i) => i.number)).toEqual(
      Array.from({ length: PARENTS }, (_, i) => `2027-${String(i + 1).padStart(6, '0')}`),
    );
    expect(new Set(issued.map((i) => i.parent)).size).toBe(PARENTS);
    // INV-1: 15 h × 52 × € 8,62 / 12 = € 560,30; INV-2: BSO from 15 March, 3 h × 40 × € 7,86 / 12 = € 78,60 × 17/31 = € 43,10.
    const p03 = issued.find((i) => i.parent === 'p03');
    expect(p03).toMatchObject({ total: 56030 + 4310, lines: 2, issued: '2027-02-22' });
    expect(issued.every((i) => i.issued === '2027-02-22')).toBe(true);
    expect(issued.find((i) => i.parent === 'p01')?.total).toBe(56030);

    // INV-5: every invoice e-mailed the day it was issued, with its PDF.
    const emails = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(emails).toHaveLength(PARENTS);
    expect(emails.every((e) => e.on === '2027-02-22')).toBe(true);
    expect(emails.find((e) => e.ref === p03?.number)?.text).toContain('1 maart 2027');

    // INV-6: one batch for 1 March; p05 (no mandate) and p07 (bad IBAN) left out, the rest collected.
    expect(state.run.summary.sepa).toHaveLength(1);
    const batch = state.run.summary.sepa[0];
    expect(batch.excluded).toEqual([
      { parent: 'p05', reason: 'no SEPA mandate' },
      { parent: 'p07', reason: 'IBAN NL00… is not valid' },
    ]);
    const collected = issued.filter((i) => i.parent !== 'p05' && i.parent !== 'p07');
    const expectedTotal = collected.reduce((sum, i) => sum + i.total, 0);
    expect(batch).toMatchObject({
      collection: '2027-03-01',
      transactions: PARENTS - 2,
      total: expectedTotal,
    });
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(batch.file, 'utf8'));
    const initiation = xml.Document.CstmrDrctDbtInitn;
    expect(Number(initiation.GrpHdr.NbOfTxs)).toBe(PARENTS - 2);
    expect(Math.round(Number(initiation.GrpHdr.CtrlSum) * 100)).toBe(expectedTotal);
    expect(initiation.PmtInf.PmtTpInf.SeqTp).toBe('FRST');
    expect(initiation.PmtInf.ReqdColltnDt).toBe('2027-03-01');
    const amounts = [initiation.PmtInf.DrctDbtTxInf]
      .flat()
      .map((t: { InstdAmt: { '#text': number } }) => Math.round(Number(t.InstdAmt['#text']) * 100));
    expect(amounts.reduce((a: number, b: number) => a + b, 0)).toBe(expectedTotal);

    // Run again: the month is done; nothing new is issued or sent.
    const again = await runMonth(rt, '2027-03');
    expect(again.response.status).toBe(200);
    expect(again.response.body.started).toBe(false);
    expect(await invoices(rt)).toEqual(issued);
    expect((await rt.emails()).filter((e) => e.kind === 'invoice')).toHaveLength(PARENTS);
  });

  it('killed half-way and started again, gives the same invoices, numbers and SEPA file as a clean run', async () => {
    // The clean run.
    rt = await startTestRuntime({ start: '2027-01-21' });
    await seed(rt);
    // Issue 7 item 13: by hand from the run date on (22 February), before the 06:00 schedule runs it.
    await rt.goTo('2027-02-22', 5);
    const clean = await runMonth(rt, '2027-03');
    const cleanInvoices = await invoices(rt);
    const cleanXml = readFileSync(clean.state.run.summary.sepa[0].file, 'utf8');
    await rt.shutdown();

    // The interrupted run: page 0 done, page 1's numbers reserved but its invoices never written.
    process.env.INVOICE_PAGES_PER_CALL = '1';
    rt = await startTestRuntime({ start: '2027-01-21' });
    await seed(rt);
    await rt.goTo('2027-02-22', 5);
    const start = await import('../../functions/start-invoice-run.ts');
    const page = await import('../../functions/issue-invoice-page.ts');
    const store = await import('../../functions/adapters/invoice-store.ts');
    expect((await start.handler({ month: '2027-03' })).firstRun).toBe(true);
    const first = await page.handler({ month: '2027-03', page: 0, cursor: null, firstRun: true });
    // Page 0 retried in the same run (its answer lost): the page finds its reservation and writes nothing new.
    expect(await page.handler({ month: '2027-03', page: 0, cursor: null, firstRun: true })).toEqual(first);
    const second = await store.contractsPage(first.cursor ?? undefined, 7);
    await store.reservePage(
      {
        month: '2027-03',
        page: 1,
        year: '2027',
        contracts: second.contracts,
        issued: second.byParent.size,
        total: 0,
        skipped: [],
      },
      [...second.byParent.keys()],
    );
    process.env.INVOICE_PAGES_PER_CALL = '2';
    // The workflow starts again from the beginning, as after a crash.
    const resumed = await runMonth(rt, '2027-03');
    expect(resumed.state.run.status).toBe('succeeded');
    expect(await invoices(rt)).toEqual(cleanInvoices);
    expect(readFileSync(resumed.state.run.summary.sepa[0].file, 'utf8')).toBe(cleanXml);
    expect((await rt.emails()).filter((e) => e.kind === 'invoice')).toHaveLength(PARENTS);
  }, 180_000); // two runtimes, one after the other
});
