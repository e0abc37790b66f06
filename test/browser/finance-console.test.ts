import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEuro } from '#shared/money.ts';
import { type BankAccount, camt053DayStatement } from '../../infra/local/simulated-bank.ts';
import {
  expectNoAxeViolations,
  followRuntimeClock,
  launchBrowser,
  saveScreenshot,
  signIn,
} from '../support/browser.ts';
import { LUCJA_TRANSFERS, mondayContracts, SUKRU_TRANSFERS } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';
import { pdfTextOnOneLine } from '../support/pdf-reading.ts';

/**
 * Issue 13 item 3, finance in a real Chromium against the local runtime: Fenna Bakker runs March 2027 and
 * reads its summary (INV-5), imports the bank's day statement and matches the transfer nothing matched to
 * the invoice it pays (issue 9 item 3), and prints the day's letters as one PDF (DUN-3). Şükrü Yılmaz and
 * Łucja Wiśniewska pay by transfer; Şükrü does not pay March, and has a postal address.
 */
let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let page: Page;
/** Script errors on the console's page: none may happen. */
const pageErrors: string[] = [];

const FENNA = { email: 'fenna.bakker@example.nl', name: 'Fenna Bakker', password: 'Tolsteeg-4-Utrecht' };
const OURS: BankAccount = { iban: 'NL39RABO0300065264', bic: 'RABONL2U', name: 'Kinderopvang De Tol B.V.' };
/** INV-1: Monday day care, 52 weeks, at € 8,62 an hour: € 373,53 a month. */
const MONTHLY = 37_353;

function runtime(): TestRuntime {
  if (!rt) throw new Error('the runtime did not start');
  return rt;
}

/** The value of a fact (`<dt>` label, `<dd>` value) shown on the page. */
async function fact(label: string): Promise<string> {
  const value = page.locator('dl.facts > div', { has: page.locator('dt', { hasText: label }) }).locator('dd');
  await value.first().waitFor();
  return ((await value.first().textContent()) ?? '').trim();
}

async function invoiceOf(parent: string): Promise<string> {
  return (await runtime().call('GET', `/parents/${parent}/account`)).body.invoices[0].number;
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-19' });
  await rt.goTo('2027-02-19');
  const sukru = {
    ...SUKRU_TRANSFERS,
    address: { street: 'Kerkstraat 12-A', postcode: '1017 GC', city: 'Amsterdam' },
  };
  expect((await rt.call('PUT', '/parents/p2', sukru)).status).toBe(200);
  expect((await rt.call('PUT', '/parents/p3', LUCJA_TRANSFERS)).status).toBe(200);
  await mondayContracts(rt, ['p2', 'p3']);
  await rt.staffIdentity.addUser({ ...FENNA, role: 'finance' });
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await rt?.shutdown();
  expect(pageErrors).toEqual([]);
});

describe('issue 13 item 3: finance works the back office in the console', () => {
  it('INV-5: runs March 2027 on its run date and reads the summary: 2 invoices, € 747,06', async () => {
    // Monday 22 February, 05:00: the run date, before the scheduler would start the run itself at 06:00.
    await runtime().goTo('2027-02-22', 5);
    await followRuntimeClock(page, runtime().clock.now());
    await page.goto(runtime().consoleUrl);
    await signIn(page, FENNA.email, FENNA.password);
    await page.getByRole('heading', { level: 1, name: 'Factuurruns' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('heading', { name: 'Run voor maart 2027' }).waitFor();
    await page.getByText('Voor maart 2027 is nog geen run gedaan.').waitFor();

    await page.getByRole('button', { name: 'Voorbeeld berekenen' }).click();
    expect(await fact('Facturen te maken')).toBe('2');
    expect(await fact('Totaalbedrag')).toBe(formatEuro(2 * MONTHLY));
    expect(await fact('Incassodatum')).toBe('1 maart 2027');
    await expectNoAxeViolations(page);

    const started = page.waitForResponse(
      (r) => r.url().endsWith('/invoice-runs') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Run voor maart 2027 starten' }).click();
    expect((await started).status()).toBe(202);
    await runtime().settle();
    // The page reads the run every 2 seconds until it is done.
    await page.getByRole('heading', { name: 'Samenvatting' }).waitFor({ timeout: 15_000 });
    expect(await fact('Status')).toBe('klaar');
    expect(await page.getByTestId('invoices-issued').textContent()).toBe('2');
    expect(await page.getByTestId('run-total').textContent()).toBe(formatEuro(2 * MONTHLY));
    const summary = (await runtime().call('GET', '/invoice-runs/2027-03')).body.run.summary;
    expect([summary.invoices, summary.total]).toEqual([2, 2 * MONTHLY]);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-invoice-run');

    // INV-6: neither parent has a mandate: the batch of 1 March has no file, and says who was left out.
    const sepa = page.getByRole('table', { name: 'SEPA-incassobestanden' });
    expect(await sepa.textContent()).toContain('geen bestand: niemand te incasseren');
    expect(await sepa.getByRole('button').count()).toBe(0);

    await page.getByRole('link', { name: 'De facturen van maart 2027 bekijken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Facturen' }).waitFor();
    const rows = page.locator('table tbody tr');
    await page.getByRole('cell', { name: 'Łucja Wiśniewska' }).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.getByRole('cell', { name: 'Şükrü Yılmaz' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-invoices');
  });

  it('issue 9 item 3: an expired session signs in again; a bank file is imported and its unmatched transfer matched to Łucja’s invoice', async () => {
    await runtime().goTo('2027-02-26', 10);
    const lucjaInvoice = await invoiceOf('p3');
    await followRuntimeClock(page, runtime().clock.now());
    // The token of Monday has ended (8 hours): the next page asks to sign in again, and then opens.
    await page.getByRole('link', { name: 'Bankbestanden' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Uw sessie is verlopen. Meld u opnieuw aan.');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'sign-in');
    await signIn(page, FENNA.email, FENNA.password);
    await page.getByRole('heading', { level: 1, name: 'Bankbestanden' }).waitFor();

    // Her partner pays from his own account and names only the child: nothing finds the invoice.
    const statement = camt053DayStatement({
      account: OURS,
      date: '2027-02-26',
      sequence: 41,
      openingBalance: 1_000_000,
      created: '2027-02-26T08:00:00',
      entries: [
        {
          kind: 'transfer',
          amount: MONTHLY,
          payer: { name: 'M. WISNIEWSKI', iban: 'NL69INGB0123456789' },
          remittance: 'opvang Zofia',
        },
      ],
    });
    await page.getByLabel('Bankbestand', { exact: true }).setInputFiles({
      name: 'ing-2027-02-26.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(statement, 'utf8'),
    });
    await page.getByRole('button', { name: 'Inlezen' }).click();
    await page.getByRole('heading', { name: 'Ingelezen: ing-2027-02-26.xml' }).waitFor();
    expect(await fact('Formaat')).toBe('camt.053.001.02');
    expect(await fact('Bijgeschreven')).toBe(formatEuro(MONTHLY));
    const unmatched = page.getByRole('row', { name: /niet gekoppeld/ });
    expect((await unmatched.textContent())?.replace(/\s/g, ' ')).toContain(
      `1${formatEuro(MONTHLY)}`.replace(/\s/g, ' '),
    );
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-bank-file');

    await page.getByRole('link', { name: 'Naar de boekingen om te beoordelen' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Te beoordelen boekingen' }).waitFor();
    const input = page.getByLabel(`Factuurnummer voor ${formatEuro(MONTHLY)} van 26 februari 2027`);
    await input.waitFor();
    expect(await page.getByRole('cell', { name: /NL69INGB0123456789/ }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-review-list');
    await input.fill(lucjaInvoice);
    await input.press('Enter');
    await page.getByText(`Gekoppeld aan ${lucjaInvoice}: geboekt.`).waitFor();
    await runtime().settle();
    expect((await runtime().call('GET', '/parents/p3/account')).body.invoices[0]).toMatchObject({
      number: lucjaInvoice,
      status: 'paid',
      balance: 0,
    });

    await page.goto(`${runtime().consoleUrl}#/parents/p3`);
    await page.getByRole('heading', { level: 1, name: 'Rekening van ouder p3' }).waitFor();
    expect(await fact('Saldo')).toBe(formatEuro(0));
    await expectNoAxeViolations(page);
  });

  it('DUN-3: prints the day’s letters as one PDF: Şükrü’s second reminder of 16 March 2027', async () => {
    await runtime().goTo('2027-03-16', 10);
    const sukruInvoice = await invoiceOf('p2');
    await followRuntimeClock(page, runtime().clock.now());
    await page.getByRole('link', { name: 'Brieven van de dag' }).click();
    await signIn(page, FENNA.email, FENNA.password);
    await page.getByRole('heading', { level: 1, name: 'Brieven van de dag' }).waitFor();
    expect(await page.getByLabel('Datum').inputValue()).toBe('2027-03-16');

    const answered = page.waitForResponse((r) => r.url().includes('/letters?date=2027-03-16'));
    await page.getByRole('button', { name: 'Brieven ophalen' }).click();
    expect((await answered).headers()['content-type']).toBe('application/pdf');
    await page.getByRole('link', { name: 'PDF openen om te printen' }).waitFor();
    // What the user prints is what the page hands over: the downloaded file.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Downloaden/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('brieven-2027-03-16.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    const bytes = new Uint8Array(Buffer.concat(chunks));
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    const text = await pdfTextOnOneLine(bytes);
    expect(text).toContain('Şükrü Yılmaz Kerkstraat 12-A 1017 GC AMSTERDAM');
    expect(text).toContain(`Betreft: Tweede herinnering factuur ${sukruInvoice} (maart 2027)`);
    expect(text).not.toContain('Łucja');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-letters');

    // Şükrü's account shows the arrears and the payment plan form; the other finance pages open.
    await page.goto(`${runtime().consoleUrl}#/parents/p2`);
    await page.getByRole('heading', { name: 'Betalingsregeling' }).waitFor();
    expect(await fact('Achterstand')).not.toBe(formatEuro(0));
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-account');

    // Issue 13: the arrears: Şükrü's case with its last step (the second reminder, today) and the next,
    // the hand-over on 24 March (DUN-4).
    await page.getByRole('link', { name: 'Achterstanden', exact: true }).click();
    const arrears = page.getByRole('table', { name: 'Achterstanden: lopend' });
    await arrears.waitFor();
    const row = arrears.getByRole('row').filter({ hasText: sukruInvoice });
    await expect.poll(() => row.textContent()).toContain('tweede herinnering, 16 maart 2027');
    expect(await row.textContent()).toContain('uit handen geven, 24 maart 2027');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'finance-arrears');
    await page.getByRole('link', { name: 'Toets van de voorwaarden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Toets van de voorwaarden' }).waitFor();
    await page.getByText(/botsen op \d+ punten met het consumentenrecht/).waitFor();
    await expectNoAxeViolations(page);
    for (const [menu, shot] of [
      ['Betwiste facturen', 'finance-disputes'],
      ['Taken', 'finance-tasks'],
    ] as const) {
      await page.getByRole('link', { name: menu, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: menu }).waitFor();
      await page.locator('main [aria-busy]').waitFor({ state: 'detached' });
      await expectNoAxeViolations(page);
      await saveScreenshot(page, shot);
    }
  });
});
