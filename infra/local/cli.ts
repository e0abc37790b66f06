import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatEuro } from '#shared/money.ts';
import { isMonth } from '#shared/records.ts';
import type { RunRecord } from '../../functions/adapters/invoice-store.ts';
import type { Report } from './report.ts';
import { DEFAULT_PORTS, type Runtime, startRuntime } from './runtime.ts';
import { realClock } from './runtime-clock.ts';
import { parseScenario, ScenarioError } from './scenario.ts';
import { StartupError } from './services.ts';
import { SimulationFailure, simulate } from './simulate.ts';
import { starterUsers } from './staff-users-cli.ts';

/**
 * `opvang` — the back office on one machine.
 *   opvang start [--port N] [--dynamodb-port N] [--ses-port N] [--data DIR]
 *   opvang simulate <scenario.json> [--json] [--out DIR] [--policy NAME]
 * Exit status: 0 done, 1 the system failed, 2 bad usage or invalid input.
 */
class UsageError extends Error {}

const USAGE = `usage:
  opvang start [--port N] [--dynamodb-port N] [--ses-port N] [--data DIR]
  opvang simulate <scenario.json> [--json] [--out DIR] [--policy NAME]
  opvang invoice-run --month YYYY-MM [--dry-run] [--wait SECONDS] [--api URL] [--key KEY]
  opvang bank-file show FILE [--json]
  opvang bank-file import FILE [--dry-run] [--json] [--api URL] [--key KEY] [--data DIR]
  opvang policy check <preset>
  opvang users add --email ADDRESS --name NAME --role finance|location-manager|management [--location NAME] [--password P] [--data DIR]
  opvang users list [--data DIR]
  opvang annual-statements --year YYYY [--json] [--api URL] [--key KEY] [--data DIR]
  opvang complaints-report --year YYYY [--format csv|pdf] [--out FILE] [--api URL] [--key KEY] [--data DIR]`;

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
  const staff = await starterUsers(runtime.staffIdentity, dataDir);
  console.log(`
opvang back office is running on this machine (local runtime, wall clock)

  Staff console   ${runtime.consoleUrl}   (log in as one of these; more with: npm run opvang -- users add)
${staff.map((u) => `    ${u.role.padEnd(17)} ${u.email.padEnd(24)} password ${u.password}${u.location ? `   (${u.location})` : ''}`).join('\n')}
  HTTP API        ${runtime.apiUrl}
  admin key       ${runtime.adminKey}   (send as: Authorization: Bearer <key>)
  inbox viewer    ${runtime.sesUrl}   (every e-mail sent; JSON at ${runtime.sesUrl}/store)
  DynamoDB Local  ${runtime.dynamodbUrl}   (data in ${dataDir})
  note: DynamoDB Local listens on every network interface (it has no option to change that): whoever can reach port ${new URL(runtime.dynamodbUrl).port} of this machine can read and change all data.

Complaint form webhooks (KLA-1): set the URL and its signing secret in the form provider
  Typeform  ${runtime.apiUrl}/webhooks/complaints/typeform   secret ${runtime.webhookSecrets.typeform}
  Tally     ${runtime.apiUrl}/webhooks/complaints/tally      secret ${runtime.webhookSecrets.tally}
  generic   ${runtime.apiUrl}/webhooks/complaints/generic    secret ${runtime.webhookSecrets.generic}
  (docs/complaint-webhooks.md; the secrets are kept in ${dataDir})

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
      `  ${i.number}  ${i.month}  parent ${i.parent.padEnd(8)} issued ${i.issued}, debit ${i.debit}  ${euros(i.total).padStart(13)}  ${i.status}`,
    );
  lines.push('SEPA batches:');
  for (const b of report.sepa)
    lines.push(
      `  ${b.collection}  ${b.transactions} transaction(s)  ${euros(b.total)}${b.excluded.length ? `  left out: ${b.excluded.map((e) => `${e.parent} (${e.reason})`).join(', ')}` : ''}`,
    );
  lines.push('E-mails:');
  for (const e of report.emails)
    lines.push(`  ${e.on}  ${e.kind.padEnd(22)} ${e.ref.padEnd(10)} ${e.subject}`);
  if (report.annualStatements.length) {
    lines.push('Annual statements:');
    for (const s of report.annualStatements)
      lines.push(`  ${s.year}  parent ${s.parent.padEnd(8)} ${s.status.padEnd(8)} ${s.on}  ${s.location}`);
  }
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
  // A debtor left out of a batch is reported, but the scenario ran; anything else the system failed on.
  return report.failures.some((f) => f.what !== 'sepa') ? 1 : 0;
}

function euros(cents: number): string {
  return formatEuro(cents);
}

function skippedLines(skipped: { parent: string; reason: string }[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.parent]);
  return [...byReason].map(
    ([reason, parents]) =>
      `  skipped ${parents.length} parent(s): ${reason} (${parents.slice(0, 5).join(', ')}${parents.length > 5 ? ', …' : ''})`,
  );
}

interface Preview {
  contracts: number;
  invoices: number;
  total: number;
  alreadyIssued: number;
  skipped: { parent: string; reason: string }[];
}

interface RunState {
  run: RunRecord;
  progress: { contracts: number; contractsDone: number; invoices: number };
  failures?: { what: string; subject: string; parent?: string; error: string }[];
}

/** `opvang invoice-run`: the month's run by hand, through the running back office's API. */
async function invoiceRun(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      month: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      // Issue 8 item 5: how long to wait for a run that makes no progress before giving up (exit 1).
      wait: { type: 'string', default: '900' },
      api: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.api}` },
      key: { type: 'string' },
      data: { type: 'string', default: '.data' },
    },
    strict: true,
  });
  const month = values.month;
  if (!month || !isMonth(month)) throw new UsageError('--month must be a month as YYYY-MM');
  const waitSeconds = Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds <= 0)
    throw new UsageError('--wait must be a number of seconds');
  let key = values.key ?? process.env.OPVANG_ADMIN_KEY;
  if (!key) {
    try {
      key = readFileSync(path.join(values.data, 'admin-key'), 'utf8').trim();
    } catch {
      throw new UsageError(
        'no admin key: pass --key, set OPVANG_ADMIN_KEY, or run from the folder where npm start keeps .data/',
      );
    }
  }
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${values.api}${route}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new StartupError(
        `the back office does not answer at ${values.api}: start it with npm start (or pass --api).`,
      );
    }
    const json = (await response.json()) as T;
    if (response.status >= 400)
      throw new StartupError(`${method} ${route}: HTTP ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  if (values['dry-run']) {
    const preview = await call<Preview>('GET', `/invoice-runs/${month}/preview`);
    console.log(`Invoice run ${month} (dry run, nothing written)`);
    console.log(`  ${preview.contracts} contract(s) read`);
    console.log(`  ${preview.invoices} invoice(s) would be issued, total ${euros(preview.total)}`);
    if (preview.alreadyIssued) console.log(`  ${preview.alreadyIssued} invoice(s) issued already`);
    for (const line of skippedLines(preview.skipped)) console.log(line);
    return 0;
  }

  const started = await call<{ started: boolean; attempt: number }>('POST', '/invoice-runs', { month });
  if (!started.started) process.stderr.write(`The run for ${month} was started before; showing it.\n`);
  else if (started.attempt > 1)
    process.stderr.write(
      `Finishing the run for ${month} (attempt ${started.attempt}): only what is missing.\n`,
    );
  const tty = process.stderr.isTTY;
  let lastShown = -1;
  // Issue 8 item 5: never poll for ever. A run that shows no progress for --wait seconds is reported.
  let lastProgress = '';
  let progressAt = Date.now();
  for (;;) {
    const state = await call<RunState>('GET', `/invoice-runs/${month}`).catch((error: Error) => {
      if (/HTTP 404/.test(error.message)) return undefined; // the workflow has not written its record yet
      throw error;
    });
    if (state) {
      const { contracts, contractsDone, invoices } = state.progress;
      const fraction = contracts ? Math.min(1, contractsDone / contracts) : 1;
      const width = 30;
      const bar = `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '-')}] ${contractsDone}/${contracts} contracts, ${invoices} invoices`;
      const step = Math.floor(fraction * 10);
      if (tty) process.stderr.write(`\r${bar}`);
      else if (step !== lastShown) process.stderr.write(`${bar}\n`);
      lastShown = step;
      const summary = state.run.summary;
      if (state.run.status === 'failed') {
        if (tty) process.stderr.write('\n');
        const reason = state.run.failure?.reason ?? 'no reason recorded';
        console.log(`Invoice run ${month} failed (attempt ${state.run.attempt}): ${reason}`);
        console.log(`  Run it again to finish it: opvang invoice-run --month ${month}`);
        return 1;
      }
      if (state.run.status === 'succeeded' && summary) {
        if (tty) process.stderr.write('\n');
        console.log(`Invoice run ${month} done`);
        console.log(
          `  ${summary.invoices} invoice(s), total ${euros(summary.total)}, from ${summary.contracts} contract(s)`,
        );
        if (summary.skippedByReason)
          for (const [reason, count] of Object.entries(summary.skippedByReason))
            console.log(`  skipped ${count} parent(s): ${reason}`);
        else for (const line of skippedLines(summary.skipped)) console.log(line);
        for (const late of summary.late ?? [])
          console.log(
            `  late contract: parent ${late.parent}, invoice ${late.number} of ${late.issuedOn}, ${euros(late.total)} debited ${late.debitOn}`,
          );
        for (const batch of summary.sepa) {
          console.log(
            `  SEPA ${batch.collection}: ${batch.transactions} debit(s), ${euros(batch.total)} → ${batch.file}`,
          );
          for (const e of batch.excluded) console.log(`    left out: parent ${e.parent}: ${e.reason}`);
        }
        // What the run could not do beyond its batches (an invoice e-mail not sent): each a staff task.
        const unsent = (state.failures ?? []).filter((f) => f.what !== 'sepa');
        for (const f of unsent) console.log(`  not done: ${f.what} ${f.subject}: ${f.error}`);
        if (unsent.length) console.log('  These are staff tasks: GET /tasks');
        return 0;
      }
    }
    const seen = JSON.stringify([state?.run.status, state?.run.attempt, state?.progress]);
    if (seen !== lastProgress) [lastProgress, progressAt] = [seen, Date.now()];
    else if (Date.now() - progressAt > waitSeconds * 1000) {
      if (tty) process.stderr.write('\n');
      throw new StartupError(
        `the run for ${month} made no progress for ${waitSeconds} s; it is still ${state?.run.status ?? 'not started'}: see GET /invoice-runs/${month}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'start') return await start(rest);
    if (command === 'simulate') return await runSimulate(rest);
    if (command === 'invoice-run') return await invoiceRun(rest);
    if (command === 'bank-file') return await (await import('./bank-file-cli.ts')).bankFileCommand(rest);
    if (command === 'users') return await (await import('./staff-users-cli.ts')).usersCommand(rest);
    if (command === 'policy') return await (await import('./policy-cli.ts')).policyCommand(rest);
    if (command === 'annual-statements') {
      const statements = await import('./statements-cli.ts');
      try {
        return await statements.annualStatementsCommand(rest);
      } catch (error) {
        if (error instanceof statements.StatementsUsageError) throw new UsageError(error.message);
        if (error instanceof statements.StatementsFailure) throw new StartupError(error.message);
        throw error;
      }
    }
    if (command === 'complaints-report') {
      const report = await import('./complaints-report-cli.ts');
      try {
        return await report.complaintsReportCommand(rest);
      } catch (error) {
        if (error instanceof report.ComplaintsReportUsageError) throw new UsageError(error.message);
        if (error instanceof report.ComplaintsReportFailure) throw new StartupError(error.message);
        throw error;
      }
    }
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
