/**
 * `npm run bench [-- --json] [-- --contracts N] [-- --entries N] [-- --only invoice-run|bank-import]`: every
 * benchmark in turn, each in a process of its own so that the peak memory each reports is its own: the
 * monthly invoicing run (invoice-run.bench.ts) and the import of a bank's day statement
 * (bank-import.bench.ts, issue 9 item 6). With --json, one object: the invoicing run's figures under the
 * keys it always had, the import's under `bankImport`.
 * `--only dunning [--parents N]`: dunning (dunning.bench.ts, issue 10 item 10), its figures under `dunning`.
 * `--only simulate [--sizes 100,1000]`: a year through `simulate` (simulate.bench.ts, issue 12 item 2), its
 * figures under `simulate`.
 * `--only complaints [--seconds N] [--connections N]`: the complaint webhook under load and the complaint
 * workflow's transitions (complaint-webhook.bench.ts, issue 11 item 5, issue 12 item 4), under `complaints`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    contracts: { type: 'string' },
    entries: { type: 'string' },
    parents: { type: 'string' },
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    only: { type: 'string' },
  },
});

const benches = [
  {
    name: 'invoice-run',
    file: 'invoice-run.bench.ts',
    args: values.contracts ? ['--contracts', values.contracts] : [],
  },
  {
    name: 'bank-import',
    file: 'bank-import.bench.ts',
    args: values.entries ? ['--entries', values.entries] : [],
  },
  {
    name: 'dunning',
    file: 'dunning.bench.ts',
    args: values.parents ? ['--parents', values.parents] : [],
  },
  {
    name: 'simulate',
    file: 'simulate.bench.ts',
    args: values.sizes ? ['--sizes', values.sizes] : [],
  },
  {
    name: 'complaints',
    file: 'complaint-webhook.bench.ts',
    args: [
      ...(values.seconds ? ['--seconds', values.seconds] : []),
      ...(values.connections ? ['--connections', values.connections] : []),
    ],
  },
] as const;
if (values.only && !benches.some((b) => b.name === values.only))
  throw new RangeError(`--only ${values.only}: one of ${benches.map((b) => b.name).join(', ')}`);

/** Runs one bench file under tsx; resolves with what it printed (when piped), rejects when it fails. */
function runBench(file: string, args: readonly string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL(file, import.meta.url)),
      ...args,
      ...(values.json ? ['--json'] : []),
    ],
    { stdio: ['ignore', values.json ? 'pipe' : 'inherit', 'inherit'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve(output) : reject(new Error(`${file} ended with ${signal ?? `exit code ${code}`}`)),
    );
  });
}

const figures: Record<string, unknown> = {};
for (const bench of benches) {
  if (values.only && bench.name !== values.only) continue;
  const output = await runBench(bench.file, bench.args);
  if (!values.json) continue;
  const result = JSON.parse(output) as Record<string, unknown>;
  // The invoicing run's figures stay at the top, as scripts reading `npm run bench -- --json` expect.
  // Dunning's, simulate's and the complaints' arrive nested under `dunning`, `simulate`, `complaints` already.
  if (
    bench.name === 'invoice-run' ||
    bench.name === 'dunning' ||
    bench.name === 'simulate' ||
    bench.name === 'complaints'
  )
    Object.assign(figures, result);
  else figures.bankImport = result;
}
if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
