import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Report } from './report.ts';
import { DEFAULT_PORTS, type Runtime, startRuntime } from './runtime.ts';
import { realClock } from './runtime-clock.ts';
import { parseScenario, ScenarioError } from './scenario.ts';
import { StartupError } from './services.ts';
import { SimulationFailure, simulate } from './simulate.ts';

/**
 * `opvang` — the back office on one machine.
 *   opvang start [--port N] [--dynamodb-port N] [--ses-port N] [--data DIR]
 *   opvang simulate <scenario.json> [--json] [--out DIR] [--policy NAME]
 * Exit status: 0 done, 1 the system failed, 2 bad usage or invalid input.
 */
class UsageError extends Error {}

const USAGE = `usage:
  opvang start [--port N] [--dynamodb-port N] [--ses-port N] [--data DIR]
  opvang simulate <scenario.json> [--json] [--out DIR] [--policy NAME]`;

function port(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${option} must be a port number, got '${value}'`);
  return n;
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'ses-port': { type: 'string' },
      data: { type: 'string', default: '.data' },
    },
    strict: true,
  });
  const clock = realClock();
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      clock,
      dataDir: values.data,
      ports: {
        api: port(values.port, '--port') ?? DEFAULT_PORTS.api,
        dynamodb: port(values['dynamodb-port'], '--dynamodb-port') ?? DEFAULT_PORTS.dynamodb,
        ses: port(values['ses-port'], '--ses-port') ?? DEFAULT_PORTS.ses,
      },
      log: (line) => console.log(`[opvang] ${line}`),
    });
  } catch (error) {
    clock.uninstall();
    throw error;
  }
  const dataDir = path.resolve(values.data);
  console.log(`
opvang back office is running on this machine (local runtime, wall clock)

  HTTP API        ${runtime.apiUrl}
  admin key       ${runtime.adminKey}   (send as: Authorization: Bearer <key>)
  inbox viewer    ${runtime.sesUrl}   (every e-mail sent; JSON at ${runtime.sesUrl}/store)
  DynamoDB Local  ${runtime.dynamodbUrl}   (data in ${dataDir})

Try it:
  curl -s -X PUT ${runtime.apiUrl}/parents/p1 -H "Authorization: Bearer ${runtime.adminKey}" \\
    -d '{"name":"Sanne de Vries","email":"sanne@example.nl"}'
  curl -s -X POST ${runtime.apiUrl}/offers -H "Authorization: Bearer ${runtime.adminKey}" \\
    -d '{"id":"o1","parent":"p1","child":{"name":"Daan","birthDate":"2025-02-01"},"location":"Kindcentrum De Tol","product":"KDV","weeks":52,"schedule":{"tue":"08:00-18:00"},"start":"2027-03-01"}'
  curl -s -X POST ${runtime.apiUrl}/offers/o1/accept -H "Authorization: Bearer ${runtime.adminKey}"

Ctrl-C stops everything; a restart keeps all data.
`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('\n[opvang] stopping…');
  await runtime.stop();
  clock.uninstall();
  return 0;
}

function summary(report: Report): string {
  const lines = ['Offers:'];
  for (const o of report.offers)
    lines.push(
      `  ${o.id.padEnd(10)} ${o.status.padEnd(9)} offered ${o.offeredOn}${o.acceptedOn ? `, accepted ${o.acceptedOn} → ${o.contract}` : `, lapses ${o.lapsesOn}`}`,
    );
  lines.push('Contracts:');
  for (const c of report.contracts)
    lines.push(
      `  ${c.id.padEnd(10)} ${c.status.padEnd(9)} ${c.product.padEnd(8)} ${c.start} – ${c.end}  parent ${c.parent}`,
    );
  lines.push('Invoices:');
  for (const i of report.invoices)
    lines.push(
      `  ${i.number}  ${i.month}  parent ${i.parent.padEnd(8)} issued ${i.issued}, debit ${i.debit}  ${(i.total / 100).toFixed(2).padStart(10)}  ${i.status}`,
    );
  lines.push('SEPA batches:');
  for (const b of report.sepa)
    lines.push(
      `  ${b.collection}  ${b.transactions} transaction(s)  ${(b.total / 100).toFixed(2)}${b.excluded.length ? `  left out: ${b.excluded.map((e) => `${e.parent} (${e.reason})`).join(', ')}` : ''}`,
    );
  lines.push('E-mails:');
  for (const e of report.emails)
    lines.push(`  ${e.on}  ${e.kind.padEnd(22)} ${e.ref.padEnd(10)} ${e.subject}`);
  if (report.failures.length) {
    lines.push('Failures:');
    for (const f of report.failures) lines.push(`  ${f.what} ${f.id}: ${f.error}`);
  }
  return lines.join('\n');
}

async function runSimulate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      policy: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('simulate takes exactly one scenario file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError([{ field: '(file)', problem: `cannot be read: ${(error as Error).message}` }]);
  }
  const raw = values.policy ? JSON.stringify({ ...JSON.parse(text), policy: values.policy }) : text;
  const scenario = parseScenario(raw);
  const report = await simulate(scenario, {
    outDir: values.out,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${summary(report)}\n`);
  return report.failures.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'start') return await start(rest);
    if (command === 'simulate') return await runSimulate(rest);
    throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  } catch (error) {
    if (error instanceof ScenarioError) {
      process.stderr.write(`invalid scenario:\n${error.message.replace(/^/gm, '  ')}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`opvang: ${error.message}\n`);
      return 1;
    }
    if (error instanceof SimulationFailure) {
      process.stderr.write(`simulation failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`opvang: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
