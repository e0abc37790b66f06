import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync } from 'esbuild';

/**
 * Issue 13: the staff console as static files: `index.html`, `styles.css` and `app.js` (console/src bundled
 * by esbuild into one ES module). The local runtime serves them from memory at `/console/…`, on the API's
 * origin; the CDK stack deploys the same files, written into a folder, to S3 behind CloudFront.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface ConsoleAsset {
  contentType: string;
  body: Buffer;
}

const options: BuildOptions = {
  entryPoints: [path.join(HERE, 'src/main.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'silent',
};

const HTML = 'text/html; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

function staticFiles(): { html: Buffer; css: Buffer } {
  return {
    html: readFileSync(path.join(HERE, 'index.html')),
    css: readFileSync(path.join(HERE, 'styles.css')),
  };
}

function assetMap(html: Buffer, css: Buffer, js: Buffer): Map<string, ConsoleAsset> {
  return new Map([
    ['/console/', { contentType: HTML, body: html }],
    ['/console/index.html', { contentType: HTML, body: html }],
    ['/console/app.js', { contentType: JS, body: js }],
    ['/console/styles.css', { contentType: CSS, body: css }],
  ]);
}

/** The console's files by URL path, built in memory. */
export async function buildConsole(): Promise<Map<string, ConsoleAsset>> {
  const result = await build(options);
  const js = result.outputFiles?.[0];
  if (!js) throw new Error('esbuild produced no console bundle');
  const { html, css } = staticFiles();
  return assetMap(html, css, Buffer.from(js.contents));
}

/** The same files written into `outDir` (index.html, app.js, styles.css), for the stack to deploy. */
export function buildConsoleSync(outDir: string): void {
  const result = buildSync(options);
  const js = result.outputFiles?.[0];
  if (!js) throw new Error('esbuild produced no console bundle');
  const { html, css } = staticFiles();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'index.html'), html);
  writeFileSync(path.join(outDir, 'styles.css'), css);
  writeFileSync(path.join(outDir, 'app.js'), js.contents);
}
