import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Issue 13 item 3: a real Chromium for the console's browser tests, without `playwright install` (which
 * downloads). The system's Chromium when there is one; otherwise the one `@sparticuz/chromium` ships in
 * npm, compressed, which unpacks into the temporary folder in a few seconds on first use.
 */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * `@sparticuz/chromium`'s flags are made for Lambda: `--single-process` breaks Playwright's contexts and
 * `--disable-web-security` would hide the same-origin rules the console lives by. What it does not need
 * on a developer's machine or in CI is switched off, so that a test never talks to Google.
 */
const DROPPED_FLAGS = new Set(['--single-process', '--disable-web-security']);
const ADDED_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  const args = packaged.args.filter((flag) => !DROPPED_FLAGS.has(flag));
  return { executablePath, args: [...new Set([...args, ...ADDED_FLAGS])] };
}

/**
 * A headless Chromium. A browser that cannot be found or started fails the run, under `CI=true` as anywhere:
 * the browser tests never skip.
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    if (existsSync(SYSTEM_CHROMIUM))
      return await chromium.launch({ executablePath: SYSTEM_CHROMIUM, args: ADDED_FLAGS });
    const { executablePath, args } = await packagedChromium();
    // A machine without fontconfig's own configuration (a slim CI image) gets the fonts the package
    // unpacked (Open Sans, in the temporary folder); the system's fonts are used when there are any.
    const env = existsSync('/etc/fonts/fonts.conf')
      ? undefined
      : { ...process.env, FONTCONFIG_PATH: path.join(tmpdir(), 'fonts') };
    return await chromium.launch({ executablePath, args, ...(env ? { env } : {}) });
  } catch (error) {
    throw new Error(
      `no Chromium for the browser tests (${(error as Error).message}): install chromium, or run npm ci so that @sparticuz/chromium is present`,
    );
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Issue 13 item 1: axe-core's WCAG 2.1 A/AA rules on the page as it is now; fails listing every violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // The console's Content-Security-Policy allows no inline script, so axe is not added as a <script> tag
  // (which the policy rightly blocks) but evaluated through the DevTools protocol, which the policy leaves be.
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // axe is injected into the page, without types there; the document is the page's.
    const page = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
      document: unknown;
    };
    const result = await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations as AxeViolation[];
  });
  const listed = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
  );
  expect(listed, `axe-core violations on ${page.url()}`).toEqual([]);
}

/**
 * The console's clock set to the back office's (the runtime's virtual clock): "today" on a page (the day's
 * letters, the month to run) and a token's end are read as the back office reads them. Timers keep running.
 */
export async function followRuntimeClock(page: Page, now: Date): Promise<void> {
  await page.clock.setFixedTime(now);
}

/**
 * Signs in on the sign-in page the console shows (first visit, or a session that ended) as a user would:
 * e-mail, password, the button; waits for the page the console goes to next.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
}

/**
 * Issue 13 item 4: with `CONSOLE_SCREENSHOTS=<folder>` the tests save each main page as a PNG of 1280×800
 * there (`CONSOLE_SCREENSHOTS=docs/screenshots npm exec -- vitest run test/browser`); otherwise nothing.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.CONSOLE_SCREENSHOTS;
  if (!folder) return;
  await page.setViewportSize({ width: 1280, height: 800 });
  // The page from its top, as a user arriving on it sees it, without a pointer hovering over a link.
  await page.mouse.move(1279, 799);
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await page.screenshot({ path: `${folder}/${name}.png` });
}
