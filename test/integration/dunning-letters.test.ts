import { existsSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { mondayContracts } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';
import { pdfTextOnOneLine } from '../support/pdf-reading.ts';

/**
 * Issue 10 item 3, DUN-3, through the real pipeline on the virtual clock: two families pay March 2027 by
 * transfer (no mandate) and do not pay by Monday 1 March; the second reminder goes on Tuesday 16 March by
 * e-mail and by post. Şükrü has a postal address: his letter is a PDF, printed with the day's letters
 * (GET /letters?date=). Łucja has none: her letter is a staff task, never a silent skip, and once staff
 * add her address it prints with that day's letters.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

async function letters(runtime: TestRuntime, query: string) {
  const response = await fetch(`${runtime.apiUrl}/letters${query}`, {
    headers: { authorization: `Bearer ${runtime.adminKey}` },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    bytes,
    json: type.startsWith('application/json') ? JSON.parse(new TextDecoder().decode(bytes)) : undefined,
  };
}

async function letterRecords(runtime: TestRuntime) {
  const items =
    (await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }))).Items ?? [];
  return items.filter((i) => i.type === 'letter');
}

/** As pdf.js reads an amount back: the no-break space after the euro sign is a space. */
const euro = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' })
    .format(cents / 100)
    .replace(/\s/g, ' ');

describe('issue 10 item 3, DUN-3: the second reminder by post', () => {
  it('prints a letter for the parent with an address on the DUN-3 day, one PDF for the day, and a staff task for the parent without one', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    const sukru = {
      name: 'Şükrü Yılmaz',
      email: 'sukru@example.nl',
      iban: 'NL02ABNA0123456789',
      address: { street: 'Kerkstraat 12-A', postcode: '1017gc', city: 'Amsterdam' },
    };
    const lucja = { name: 'Łucja Wiśniewska', email: 'lucja@example.nl', iban: 'NL20INGB0001234567' };
    const put = await rt.call('PUT', '/parents/p2', sukru);
    expect(put.status).toBe(200);
    expect(put.body.parent.address).toEqual({
      street: 'Kerkstraat 12-A',
      postcode: '1017 GC',
      city: 'Amsterdam',
    });
    const refused = await rt.call('PUT', '/parents/p3', {
      ...lucja,
      address: { ...sukru.address, postcode: '1017 SS' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([
      { field: 'address.postcode', problem: 'must not end in SA, SD or SS (never issued)' },
    ]);
    expect((await rt.call('PUT', '/parents/p3', lucja)).status).toBe(200);
    await mondayContracts(rt, ['p2', 'p3']);

    // DUN-2: the first reminder on Tuesday 2 March is an e-mail only.
    await rt.goTo('2027-03-02', 10);
    expect((await letters(rt, '?date=2027-03-02')).json).toEqual({
      date: '2027-03-02',
      letters: [],
      withoutAddress: [],
    });

    // DUN-3: the second reminder on Tuesday 16 March, by e-mail and by post.
    await rt.goTo('2027-03-16', 10);
    const invoiceOf = async (parent: string) =>
      (await (rt as TestRuntime).call('GET', `/parents/${parent}/account`)).body.invoices[0].number as string;
    const [sukruInvoice, lucjaInvoice] = [await invoiceOf('p2'), await invoiceOf('p3')];
    const emails = (await rt.emails()).filter((e) => e.kind === 'reminder-2');
    expect(emails.map((e) => e.to).sort()).toEqual(['lucja@example.nl', 'sukru@example.nl']);
    const sukruEmail = emails.find((e) => e.to === 'sukru@example.nl');
    const total = /Totaal te betalen:\s+(€\s[\d.,]+)/.exec(sukruEmail?.text ?? '')?.[1]?.replace(/\s/g, ' ');
    expect(total).toBeDefined();

    const day = await letters(rt, '?date=2027-03-16');
    expect(day.status).toBe(200);
    expect(day.type).toBe('application/pdf');
    const printed = await PDFDocument.load(day.bytes);
    expect(printed.getPageCount()).toBe(1);
    const text = await pdfTextOnOneLine(day.bytes);
    expect(text).toContain('Şükrü Yılmaz Kerkstraat 12-A 1017 GC AMSTERDAM');
    expect(text).toContain(`Betreft: Tweede herinnering factuur ${sukruInvoice} (maart 2027)`);
    expect(text).toContain('Utrecht, 16 maart 2027');
    // The letter states what the e-mail states: the same total, € 70 of fees (DUN-6), by 23 March.
    expect(text).toContain(`Totaal te betalen ${total}`);
    expect(text).toContain(`Administratiekosten ${euro(7_000)}`);
    expect(text).toContain('uiterlijk 23 maart 2027');
    expect(text).not.toContain('Łucja');

    // No address: a task naming the parent and the invoice, and the letter marked as such.
    const tasks = (await rt.call('GET', '/tasks')).body.tasks as { subject: string; error: string }[];
    const task = tasks.find((t) => t.subject === `reminder-2#${lucjaInvoice}#2027-03-01`);
    expect(task?.error).toContain('no postal address for parent p3');
    expect(task?.error).toContain(`invoice ${lucjaInvoice}`);
    expect(tasks.some((t) => t.subject.startsWith(`reminder-2#${sukruInvoice}`))).toBe(false);
    const records = await letterRecords(rt);
    expect(records.map((r) => [r.parentId, r.kind, r.on, r.status]).sort()).toEqual([
      ['p2', 'reminder-2', '2027-03-16', 'written'],
      ['p3', 'reminder-2', '2027-03-16', 'no-address'],
    ]);
    expect(existsSync(records.find((r) => r.parentId === 'p2')?.file)).toBe(true);

    // Staff add Łucja's address: her letter prints with the day's letters, after Şükrü's.
    await rt.call('PUT', '/parents/p3', {
      ...lucja,
      address: { street: 'Oudegracht 231', postcode: '3511 NK', city: 'Utrecht' },
    });
    const again = await letters(rt, '?date=2027-03-16');
    expect(again.type).toBe('application/pdf');
    expect((await PDFDocument.load(again.bytes)).getPageCount()).toBe(2);
    // In the order of the invoice numbers, each letter with its own address in the window.
    const both = await pdfTextOnOneLine(again.bytes);
    const sukruAt = both.indexOf('Şükrü Yılmaz Kerkstraat 12-A');
    const lucjaAt = both.indexOf('Łucja Wiśniewska Oudegracht 231');
    expect(Math.min(sukruAt, lucjaAt)).toBeGreaterThanOrEqual(0);
    expect(sukruAt < lucjaAt).toBe(sukruInvoice < lucjaInvoice);

    // One letter each, whatever runs later; a day without letters and a malformed date.
    await rt.goTo('2027-03-17', 10);
    expect((await letterRecords(rt)).length).toBe(2);
    expect((await letters(rt, '?date=2027-03-17')).json).toEqual({
      date: '2027-03-17',
      letters: [],
      withoutAddress: [],
    });
    for (const query of ['?date=2027-3-16', '?date=2027-02-30', ''])
      expect(await letters(rt, query).then((r) => [r.status, r.json?.issues])).toEqual([
        400,
        [{ field: 'date', problem: query ? 'must be a date as YYYY-MM-DD' : 'is required' }],
      ]);
  }, 300_000);
});
