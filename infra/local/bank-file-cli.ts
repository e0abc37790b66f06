import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BankFile, BankTransaction } from '#shared/bank-files/bank-file.ts';
import { BankFileError } from '#shared/bank-files/bank-file.ts';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';
import { formatEuro } from '#shared/money.ts';
import type { ImportSummary } from '#shared/payments/bank-entries.ts';
import { DEFAULT_PORTS } from './runtime.ts';

/**
 * `opvang bank-file show FILE [--json]` (issue 9 item 3): what a bank file holds, read on this machine
 * without a running back office. `opvang bank-file import FILE [--dry-run] [--json]`: the file, its bytes
 * unchanged, imported into the running back office (POST /bank-files), and what that booked.
 * Exit status: 0 done, 2 bad usage or a file that is not one of the formats (one line on stderr naming
 * the problem), 1 the back office not reachable or failing.
 */
const USAGE = `usage:
  opvang bank-file show FILE [--json]
  opvang bank-file import FILE [--dry-run] [--json] [--api URL] [--key KEY] [--data DIR]`;

class BankFileUsageError extends Error {}

/** The back office could not be reached, or failed: exit 1. */
class BackOfficeError extends Error {}

/** A file that cannot be read or that the back office refused, named: exit 2. */
class FileRefused extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function truncated(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function transactionLine(t: BankTransaction): string {
  // A reject moved no money: its amount is the collection that did not happen.
  const sign = t.kind === 'reject' ? ' ' : t.direction === 'credit' ? '+' : '−';
  const party = [t.counterparty.name, t.counterparty.iban].filter(Boolean).join(' ') || '—';
  return [
    t.booked,
    `${sign} ${formatEuro(t.amount)}`.padStart(14),
    t.kind.padEnd(10),
    (t.reason ?? '').padEnd(6),
    truncated(t.endToEndId ?? '—', 14).padEnd(14),
    truncated(t.mandateId ?? '—', 10).padEnd(10),
    truncated(party, 42).padEnd(42),
    truncated(t.reference ?? '—', 60),
  ].join('  ');
}

/** The human summary: what was read, what the file states and whether they agree, every transaction. */
export function bankFileSummary(file: BankFile): string {
  const { totals, stated } = file;
  const statusReport = file.format.startsWith('pain.002');
  const unit = statusReport
    ? counted(file.statements, 'status report', 'status reports')
    : file.format.startsWith('camt.054')
      ? counted(file.statements, 'notification', 'notifications')
      : counted(file.statements, 'statement', 'statements');
  const lines = [
    `${file.format}: ${unit}`,
    statusReport
      ? `  ${counted(totals.entries, 'transaction', 'transactions')} reported; a status report books nothing`
      : `  ${counted(totals.entries, 'booked entry', 'booked entries')}: credits ${formatEuro(totals.credit)}, debits ${formatEuro(totals.debit)}`,
  ];
  if (stated) {
    const parts: string[] = [];
    if (stated.entries !== undefined)
      parts.push(
        statusReport
          ? `${counted(stated.entries, 'transaction', 'transactions')} in the batch`
          : counted(stated.entries, 'entry', 'entries'),
      );
    if (stated.sum !== undefined) parts.push(`sum ${formatEuro(stated.sum)}`);
    if (stated.credit?.sum !== undefined) parts.push(`credits ${formatEuro(stated.credit.sum)}`);
    if (stated.debit?.sum !== undefined) parts.push(`debits ${formatEuro(stated.debit.sum)}`);
    if (stated.groupStatus) parts.push(`batch status ${stated.groupStatus}`);
    for (const s of stated.byStatus ?? [])
      parts.push(
        `${s.transactions ?? '?'} ${s.status}${s.sum !== undefined ? ` (${formatEuro(s.sum)})` : ''}`,
      );
    for (const b of stated.balances ?? [])
      parts.push(
        `${b.statement}: ${b.opening ? formatEuro(b.opening.amount) : '?'} → ${b.closing ? formatEuro(b.closing.amount) : '?'}`,
      );
    lines.push(`  the file states: ${parts.join('; ') || 'batch totals'}`);
    lines.push(
      stated.reconciles
        ? '  it reconciles with what was read'
        : `  it does NOT reconcile:\n${stated.differences.map((d) => `    ${d}`).join('\n')}`,
    );
  } else lines.push('  the file states no totals or balances to check');
  const byKind = new Map<string, number>();
  for (const t of file.transactions) byKind.set(t.kind, (byKind.get(t.kind) ?? 0) + 1);
  lines.push(
    `Transactions: ${file.transactions.length}${byKind.size ? ` (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}`,
  );
  if (file.transactions.length) {
    lines.push(
      `  ${['booked'.padEnd(10), 'amount'.padStart(14), 'kind'.padEnd(10), 'reason', 'end-to-end'.padEnd(14), 'mandate'.padEnd(10), 'counterparty'.padEnd(42), 'reference'].join('  ')}`,
    );
    for (const t of file.transactions) lines.push(`  ${transactionLine(t)}`);
  }
  if (file.notes.length) {
    lines.push('Read leniently:');
    for (const note of file.notes) lines.push(`  ${note}`);
  }
  return lines.join('\n');
}

/** The file's bytes as they are: a bank's own encoding (ISO-8859-1 or UTF-8) is the server's to read. */
function fileContent(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = READ_ERRORS[code] ?? (error as Error).message;
    throw new BankFileError(`cannot be read: ${why}`);
  }
}

function show(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new BankFileUsageError('bank-file show takes exactly one file');
  const read = readBankFile(fileContent(file));
  process.stdout.write(values.json ? `${JSON.stringify(read, null, 2)}\n` : `${bankFileSummary(read)}\n`);
  return 0;
}

const OUTCOMES: [keyof ImportSummary['outcome'], string][] = [
  ['booked', 'booked'],
  ['returned', 'returned'],
  ['unmatched', 'on the review list'],
  ['other', 'other, booked nowhere'],
  ['already-imported', 'imported before'],
];

/**
 * The human summary of an import (issue 9 item 3): what was read, what the file states and whether they
 * agree, what became of each transaction, the review list with why, and the mandates marked gone (INV-7).
 */
export function importSummary(file: string, summary: ImportSummary): string {
  const statusReport = summary.format.startsWith('pain.002');
  const unit = statusReport
    ? counted(summary.statements, 'status report', 'status reports')
    : summary.format.startsWith('camt.054')
      ? counted(summary.statements, 'notification', 'notifications')
      : counted(summary.statements, 'statement', 'statements');
  const { read, stated } = summary;
  // A dry run of a file imported before shows what that import did, not what this one would.
  const would = summary.dryRun && !summary.repeated;
  const lines = [
    `${summary.dryRun ? 'Dry run of' : 'Imported'} ${file}: ${summary.format}, ${unit}`,
    statusReport
      ? `  read ${counted(read.transactions, 'transaction', 'transactions')}; a status report books no money`
      : `  read ${counted(read.entries, 'booked entry', 'booked entries')} (credits ${formatEuro(read.credit)}, debits ${formatEuro(read.debit)}), ${counted(read.transactions, 'transaction', 'transactions')}`,
  ];
  const states = [
    ...(stated.entries !== undefined
      ? [
          counted(
            stated.entries,
            statusReport ? 'transaction' : 'entry',
            statusReport ? 'transactions' : 'entries',
          ),
        ]
      : []),
    ...(stated.sum !== undefined ? [`sum ${formatEuro(stated.sum)}`] : []),
  ];
  if (states.length) lines.push(`  the file states ${states.join(', ')}`);
  lines.push(
    stated.reconciles
      ? '  it reconciles with what was read'
      : `  it does NOT reconcile with what was read:\n${stated.differences.map((d) => `    ${d}`).join('\n')}`,
  );
  if (summary.repeated) lines.push('  imported before: nothing changed. As it was imported then:');
  const width = Math.max(...OUTCOMES.map(([, label]) => label.length));
  for (const [outcome, label] of OUTCOMES) {
    const { transactions, amount } = summary.outcome[outcome];
    if (outcome === 'already-imported' && !transactions) continue;
    lines.push(
      `  ${label.padEnd(width)}  ${String(transactions).padStart(5)}  ${formatEuro(amount).padStart(14)}`,
    );
  }
  if (summary.unmatched.length) {
    const more = summary.outcome.unmatched.transactions - summary.unmatched.length;
    lines.push(
      `${would ? 'Would go to the review list' : 'Review list'} (GET /bank-entries?status=unmatched; match with POST /bank-entries/{id}/match):${more > 0 ? ` the first ${summary.unmatched.length}, ${more} more` : ''}`,
    );
    for (const u of summary.unmatched)
      lines.push(
        `  ${u.booked}  ${`${u.direction === 'credit' ? '+' : '−'} ${formatEuro(u.amount)}`.padStart(14)}  ${u.id}  ${u.note}`,
      );
  }
  if (summary.mandatesGone.length) {
    lines.push(
      `Mandates ${would ? 'that would be marked' : 'marked'} gone (INV-7: the next run leaves these parents out of the SEPA batch):`,
    );
    for (const m of summary.mandatesGone) lines.push(`  parent ${m.parent}: ${m.reason}`);
  }
  if (summary.notes.length) {
    lines.push('Read leniently:');
    for (const note of summary.notes) lines.push(`  ${note}`);
  }
  if (summary.dryRun) lines.push('dry run: nothing written');
  return lines.join('\n');
}

/** The admin key as `opvang invoice-run` finds it: --key, OPVANG_ADMIN_KEY, or the data folder's admin-key. */
function adminKey(given: string | undefined, dataDir: string): string {
  const key = given ?? process.env.OPVANG_ADMIN_KEY;
  if (key) return key;
  try {
    return readFileSync(path.join(dataDir, 'admin-key'), 'utf8').trim();
  } catch {
    throw new BankFileUsageError(
      'no admin key: pass --key, set OPVANG_ADMIN_KEY, or run from the folder where npm start keeps .data/',
    );
  }
}

/** The problems a 400 names, one per line. */
function problemsOf(body: unknown): string {
  const issues = (body as { issues?: { field?: string; problem?: string }[] } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length)
    return issues
      .map((i) => (i.field && i.field !== '(body)' ? `${i.field} ${i.problem}` : (i.problem ?? '')))
      .join('; ');
  return (body as { error?: string } | undefined)?.error ?? 'refused';
}

async function importFile(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      api: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.api}` },
      key: { type: 'string' },
      data: { type: 'string', default: '.data' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new BankFileUsageError('bank-file import takes exactly one file');
  let content: Buffer;
  try {
    content = fileContent(file);
  } catch (error) {
    throw error instanceof BankFileError ? new FileRefused(file, error.message) : error;
  }
  const key = adminKey(values.key, values.data);
  const url = `${values.api.replace(/\/+$/, '')}/bank-files${values['dry-run'] ? '?dryRun=true' : ''}`;
  let response: Response;
  try {
    // Octet-stream: the bytes reach the handler unchanged, whatever the file's encoding.
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: content,
    });
  } catch {
    throw new BackOfficeError(
      `the back office does not answer at ${values.api}: start it with npm start (or pass --api).`,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  // Issue 9 item 3: a file the back office refuses is refused whole, and nothing was stored.
  if (response.status === 400 || response.status === 413)
    throw new FileRefused(
      file,
      response.status === 413 ? 'too large for the back office to take' : problemsOf(body),
    );
  if (response.status === 401 || response.status === 403)
    throw new BackOfficeError(
      `the back office at ${values.api} refused the admin key (HTTP ${response.status})`,
    );
  if (response.status !== 200 || body === undefined)
    throw new BackOfficeError(`POST /bank-files: HTTP ${response.status} ${text.slice(0, 500)}`);
  const summary = body as ImportSummary;
  process.stdout.write(
    values.json ? `${JSON.stringify(summary, null, 2)}\n` : `${importSummary(file, summary)}\n`,
  );
  return 0;
}

export async function bankFileCommand(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'show') return show(rest);
    if (subcommand === 'import') return await importFile(rest);
    throw new BankFileUsageError(
      subcommand ? `unknown bank-file command '${subcommand}'` : 'no bank-file command',
    );
  } catch (error) {
    if (error instanceof FileRefused) {
      process.stderr.write(`opvang bank-file: ${error.file}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof BankFileError) {
      // Issue 9 item 3: a file that is not one of the formats is refused whole, in one line naming why.
      process.stderr.write(
        `opvang bank-file: ${rest.find((a) => !a.startsWith('-')) ?? ''}: ${error.message}\n`,
      );
      return 2;
    }
    if (
      error instanceof BankFileUsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof BackOfficeError) {
      process.stderr.write(`opvang bank-file: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
