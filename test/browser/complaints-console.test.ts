import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  followRuntimeClock,
  launchBrowser,
  saveScreenshot,
  signIn,
} from '../support/browser.ts';
import { complaintFixture, postComplaint } from '../support/complaints.ts';
import { mondayContracts, SUKRU_TRANSFERS } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 13 item 3, complaints in a real Chromium against the local runtime. On Thursday 25 February 2027
 * Şükrü Yılmaz complains about the care at Kindcentrum De Tol (his text holds markup, shown as text) and
 * Łucja Wiśniewska about BSO De Vlinder; on 1 April a third parent complains at De Tol. On 8 April, day 42
 * (KLA-4, KLA-7), Anouk de Vries, De Tol's location manager, answers Şükrü's overdue complaint: it leaves the
 * overdue list; Łucja's complaint is of another location and she is refused it. Management (Henk Jansen)
 * sees the escalated complaint, records its external stage (KLA-8) and reads the annual report (KLA-9).
 */
let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let page: Page;
/** Script errors on the console's page: none may happen. */
const pageErrors: string[] = [];

const ANOUK = { email: 'anouk.devries@example.nl', name: 'Anouk de Vries', password: 'De-Tol-locatie-2027' };
const HENK = { email: 'henk.jansen@example.nl', name: 'Henk Jansen', password: 'Directie-Utrecht-2027' };
const SUKRU_TEXT = 'Mijn zoon kreeg <script>alert("x")</script> om 16.00 uur geen fruit.\nNiemand belde ons.';
let sukruComplaint = '';
let lucjaComplaint = '';

function runtime(): TestRuntime {
  if (!rt) throw new Error('the runtime did not start');
  return rt;
}

async function complain(
  submissionId: string,
  submittedAt: string,
  parent: { name: string; email: string },
  location: string,
  complaint: string,
): Promise<string> {
  const posted = await postComplaint(runtime(), 'generic', {
    ...complaintFixture('generic'),
    submissionId,
    submittedAt,
    parent,
    child: { name: 'Nguyễn Thị Minh Khai' },
    location,
    category: 'care',
    complaint,
    invoiceNumber: undefined,
  });
  expect(posted.status).toBe(202);
  return posted.body.complaint;
}

async function fact(label: string): Promise<string> {
  const value = page.locator('dl.facts > div', { has: page.locator('dt', { hasText: label }) }).locator('dd');
  await value.first().waitFor();
  return ((await value.first().textContent()) ?? '').trim();
}

/** Waits until the page has drawn what it loaded (its lists included). */
async function settled(): Promise<void> {
  await page.locator('main [aria-busy]').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-19' });
  await rt.goTo('2027-02-19');
  expect((await rt.call('PUT', '/parents/p2', SUKRU_TRANSFERS)).status).toBe(200);
  await mondayContracts(rt, ['p2']);
  await rt.goTo('2027-02-25', 10);
  sukruComplaint = await complain(
    'website-klacht-2027-0101',
    '2027-02-25T09:30:00+01:00',
    { name: 'Şükrü Yılmaz', email: 'sukru@example.nl' },
    'Kindcentrum De Tol',
    SUKRU_TEXT,
  );
  lucjaComplaint = await complain(
    'website-klacht-2027-0102',
    '2027-02-25T09:45:00+01:00',
    { name: 'Łucja Wiśniewska', email: 'lucja@example.nl' },
    'BSO De Vlinder',
    'De BSO ging een uur te vroeg dicht.',
  );
  await rt.goTo('2027-04-01', 10);
  await complain(
    'website-klacht-2027-0140',
    '2027-04-01T09:00:00+02:00',
    { name: 'Mevlüde Çelik-de Graaf', email: 'm.celik-degraaf@example.nl' },
    'Kindcentrum De Tol',
    'Het hek van de speelplaats staat open.',
  );
  // Day 42 of the first two: without an answer they are overdue and escalate (KLA-4, KLA-7).
  await rt.goTo('2027-04-08', 12);
  await rt.staffIdentity.addUser({ ...ANOUK, role: 'location-manager', location: 'Kindcentrum De Tol' });
  await rt.staffIdentity.addUser({ ...HENK, role: 'management' });
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await followRuntimeClock(page, rt.clock.now());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await rt?.shutdown();
  expect(pageErrors).toEqual([]);
});

describe('issue 13 item 3: complaints in the console', () => {
  it('KLA-4: the location manager answers the overdue complaint of her location by keyboard; it leaves the overdue list; another location’s complaint is refused', async () => {
    await page.goto(runtime().consoleUrl);
    await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
    // By keyboard: the labelled fields, Tab between them, Enter submits.
    await page.getByLabel('E-mailadres').focus();
    await page.keyboard.type(ANOUK.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ANOUK.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Klachten' }).waitFor();
    await settled();
    expect(await page.getByText('Klachten van Kindcentrum De Tol.').count()).toBe(1);
    // Her location's two complaints; never Łucja's at BSO De Vlinder.
    expect(await page.getByRole('link', { name: /^Şükrü Yılmaz/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Mevlüde Çelik-de Graaf/ }).count()).toBe(1);
    expect(await page.getByText('Łucja Wiśniewska').count()).toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'location-manager-complaints');

    await page.getByLabel('Alleen te laat beantwoord').check();
    await page.getByRole('button', { name: 'Tonen' }).press('Enter');
    await page.getByRole('table', { name: 'Klachten zonder antwoord na de antwoorddatum (1)' }).waitFor();
    await page.getByRole('link', { name: /^Şükrü Yılmaz/ }).press('Enter');

    await page.getByRole('heading', { level: 1, name: `Klacht ${sukruComplaint}` }).waitFor();
    expect(await fact('Antwoord uiterlijk')).toBe('8 april 2027');
    expect(await fact('Vervolgstappen melden op')).toContain('25 maart 2027');
    expect(await fact('Escalatie op')).toContain('8 april 2027');
    // What the parent typed is shown as he typed it, markup and all, and never runs.
    expect(await page.locator('blockquote.parent-text').first().textContent()).toBe(SUKRU_TEXT);
    expect(await page.locator('main script').count()).toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'location-manager-complaint');

    await page.getByLabel('Antwoord aan de ouder').fill('U heeft gelijk: het fruit is die middag vergeten.');
    await page.getByLabel('Redenen').fill('De invalkracht kende het dagritme van de groep niet.');
    await page
      .getByLabel('Maatregelen', { exact: true })
      .fill('Invalkrachten krijgen voortaan een dagritmekaart.');
    await page.getByLabel('Maatregelen uiterlijk').fill('2027-05-01');
    await page.getByRole('button', { name: 'Antwoord versturen' }).press('Enter');
    await page.getByText('Het antwoord is vastgelegd en gaat per e-mail naar de ouder.').waitFor();
    expect(await fact('Beantwoord op')).toBe('8 april 2027');
    await expectNoAxeViolations(page);

    await page.goto(`${runtime().consoleUrl}#/complaints?overdue=true`);
    await page.getByRole('table', { name: 'Klachten zonder antwoord na de antwoorddatum (0)' }).waitFor();
    expect(await page.getByRole('link', { name: /^Şükrü Yılmaz/ }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // Łucja's complaint is BSO De Vlinder's: the API refuses it (403, or 404) and the page says so.
    const refused = page.waitForResponse((r) => r.url().endsWith(`/complaints/${lucjaComplaint}`));
    await page.goto(`${runtime().consoleUrl}#/complaints/${lucjaComplaint}`);
    expect([403, 404]).toContain((await refused).status());
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^(Dit is niet toegestaan voor uw rol\.|Niet gevonden, of niet van uw locatie\.)/,
    );
    expect(await page.getByText('De BSO ging een uur te vroeg dicht.').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('CON-1, CON-2: the location manager sees her location’s contracts and makes an offer, shown with the day it lapses', async () => {
    await page.getByRole('link', { name: 'Contracten', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Contracten' }).waitFor();
    await page.getByRole('link', { name: 'c2' }).waitFor();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'location-manager-contracts');
    await page.getByRole('link', { name: 'c2' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contract c2' }).waitFor();
    expect(await fact('Kind')).toBe('Nguyễn Thị Minh Khai (10 mei 2025)');
    await page.getByRole('form', { name: 'Ruildag aanvragen' }).waitFor();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'location-manager-contract');

    await page.getByRole('link', { name: 'Aanbiedingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanbiedingen' }).waitFor();
    expect(await page.getByLabel('Locatie').inputValue()).toBe('Kindcentrum De Tol');
    await page.getByLabel('Naam van de ouder').fill('Łucja Wiśniewska');
    await page.getByLabel('E-mailadres van de ouder').fill('lucja@example.nl');
    await page.getByLabel('Naam van het kind').fill('Zofia Wiśniewska');
    await page.getByLabel('Geboortedatum').fill('2026-09-14');
    await page.getByLabel('Begin').fill('2027-06-01');
    await page.getByLabel('Weken per jaar').fill('52');
    await page.getByLabel('maandag').fill('08:00-18:00');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'location-manager-offer-form');
    await page.getByRole('button', { name: 'Aanbieding versturen' }).click();
    await page.getByText('De aanbieding is gemaakt en gaat per e-mail naar de ouder.').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]?.split('?')[0] ?? '');
    const offer = (await runtime().call('GET', `/offers/${id}`)).body.offer;
    expect(offer.child.name).toBe('Zofia Wiśniewska');
    const lapses = new Intl.DateTimeFormat('nl-NL', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${offer.lapsesOn}T00:00:00Z`));
    expect(await fact('Vervalt op')).toBe(lapses);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'location-manager-offer');

    await page.getByRole('link', { name: 'Taken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Taken' }).waitFor();
    await settled();
    await expectNoAxeViolations(page);
  });

  it('KLA-7, KLA-8, KLA-9: management sees the escalated complaint, records its stage, reads the annual report, in English too', async () => {
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await signIn(page, HENK.email, HENK.password);
    await page.getByRole('heading', { level: 1, name: 'Geëscaleerde klachten' }).waitFor();
    await settled();
    await page.getByRole('link', { name: /^Łucja Wiśniewska/ }).waitFor();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'management-escalated');

    await page.getByRole('link', { name: /^Łucja Wiśniewska/ }).click();
    await page.getByRole('heading', { level: 1, name: `Klacht ${lucjaComplaint}` }).waitFor();
    await page.getByLabel('Stap', { exact: true }).selectOption('klachtenloket');
    await page.getByLabel('Toelichting').fill('De ouder heeft het Klachtenloket Kinderopvang gebeld.');
    await page.getByRole('button', { name: 'Stap vastleggen' }).click();
    await page.getByText('De stap is vastgelegd.').waitFor();
    expect(await page.getByRole('cell', { name: 'Klachtenloket Kinderopvang', exact: true }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'management-complaint');

    await page.getByRole('link', { name: 'Jaarverslag klachten' }).click();
    await page.getByLabel('Jaar', { exact: true }).fill('2027');
    await page.getByRole('button', { name: 'Tonen' }).click();
    const report = page.getByRole('table', { name: 'Klachten in 2027 per locatie' });
    await report.waitFor();
    const deTol = page.getByRole('row', { name: /^Kindcentrum De Tol/ });
    expect((await deTol.locator('td').nth(1).textContent())?.trim()).toBe('2');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'management-report');

    // The English switch: remembered, and <html lang> follows it.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Annual complaints report' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('table', { name: 'Complaints in 2027 by location' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jaarverslag klachten' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
  });
});
