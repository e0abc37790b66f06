import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Issue 12: CDK bundles each of the ~60 functions by `npx --no-install esbuild …` (its way with an npm lock
 * file), and npm's own start-up costs ~0.8 s of CPU and 1.5–2.5 s of a loaded 2-core machine's time per
 * function, several times what esbuild takes. For this process and what it starts, `npx --no-install <bin>`
 * of a bin this project has runs that bin directly (what npx itself ends up running: the same esbuild, the
 * same arguments, the same bundle); anything else goes to the real npx.
 */
export function npxRunsProjectBins(): void {
  const found = spawnSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' });
  const realNpx = found.stdout.trim();
  if (found.status !== 0 || !realNpx) return; // no npx: CDK says so itself
  const bins = path.join(PROJECT_ROOT, 'node_modules', '.bin');
  const dir = mkdtempSync(path.join(tmpdir(), 'opvang-npx-'));
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  writeFileSync(
    path.join(dir, 'npx'),
    [
      '#!/bin/sh',
      `bins=${quote(bins)}`,
      'if [ "$1" = --no-install ] && [ -n "$2" ] && [ -x "$bins/$2" ]; then',
      '  bin=$2; shift 2; exec "$bins/$bin" "$@"',
      'fi',
      `exec ${quote(realNpx)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path.join(dir, 'npx'), 0o755);
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
