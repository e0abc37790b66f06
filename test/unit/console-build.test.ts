import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildConsole, buildConsoleSync } from '../../console/build.ts';
import { centsOf } from '../../console/src/amounts.ts';
import { MESSAGES } from '../../console/src/i18n.ts';

/** Issue 13 item 1: the staff console as the runtime serves it and the stack deploys it, offline. */
describe('issue 13: the console bundle', () => {
  it('is the page, its script and its styles at /console/, the script one module that parses and never writes HTML', async () => {
    const assets = await buildConsole();
    expect([...assets.keys()].sort()).toEqual([
      '/console/',
      '/console/app.js',
      '/console/index.html',
      '/console/styles.css',
    ]);
    expect(assets.get('/console/')?.body.equals(assets.get('/console/index.html')?.body as Buffer)).toBe(
      true,
    );
    expect(assets.get('/console/')?.contentType).toBe('text/html; charset=utf-8');
    expect(assets.get('/console/app.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('/console/styles.css')?.contentType).toBe('text/css; charset=utf-8');
    const html = assets.get('/console/')?.body.toString('utf8') ?? '';
    // Relative: the same files work at /console/ locally and at the root of the CloudFront distribution.
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="styles.css" />');
    expect(html).toContain('<html lang="nl">');
    const js = assets.get('/console/app.js')?.body.toString('utf8') ?? '';
    // Bundled whole: no import left to load, so it parses as a plain script too.
    expect(() => new Script(js)).not.toThrow();
    // What a parent typed is only ever text (a complaint holding <script> shows as written).
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('writes the same three files into a folder for the stack to deploy', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opvang-console-'));
    try {
      buildConsoleSync(dir);
      expect(readdirSync(dir).sort()).toEqual(['app.js', 'index.html', 'styles.css']);
      expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('src="app.js"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has every text in Dutch and English, with the same {placeholders} in both', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const keys = Object.keys(MESSAGES.nl) as (keyof typeof MESSAGES.nl)[];
    expect(Object.keys(MESSAGES.en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(MESSAGES.en[key], key).not.toBe('');
      expect(placeholders(MESSAGES.en[key]), key).toEqual(placeholders(MESSAGES.nl[key]));
    }
  });

  it('reads an amount typed in euros as whole cents, as the API takes money (a payment plan’s instalments, DUN-9)', () => {
    expect(centsOf('125,50')).toBe(12_550);
    expect(centsOf('€ 1.234,56')).toBe(123_456);
    expect(centsOf('1234.56')).toBe(123_456);
    expect(centsOf('70')).toBe(7_000);
    expect(centsOf('12,5')).toBe(1_250);
    expect(centsOf('1.234')).toBe(123_400);
    expect(centsOf('')).toBeUndefined();
    expect(centsOf('twaalf')).toBeUndefined();
  });
});
