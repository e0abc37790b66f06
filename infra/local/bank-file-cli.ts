import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BankFile, BankTransaction } from '#shared/bank-files/bank-file.ts';
import { BankFileError } from '#shared/bank-files/bank-file.ts';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';
import { formatEuro } from '#shared/money.ts';

/**
 * `opvang bank-file show FILE [--json]` (issue 9 item 3): what a bank file holds, read on this machine
 * without a running back office. Exit status: 0 read, 2 bad usage or a file that is not one of the
 * formats (one line on stderr naming the problem).
 */
const USAGE = 'usage: opvang bank-file show FILE [--json]';

class BankFileUsageError extends Error {}

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

function show(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const path = positionals[0];
  if (!path || positionals.length > 1) throw new BankFileUsageError('bank-file show takes exactly one file');
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = READ_ERRORS[code] ?? (error as Error).message;
    throw new BankFileError(`cannot be read: ${why}`);
  }
  const file = readBankFile(content);
  process.stdout.write(values.json ? `${JSON.stringify(file, null, 2)}\n` : `${bankFileSummary(file)}\n`);
  return 0;
}

export async function bankFileCommand(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'show') return show(rest);
    throw new BankFileUsageError(
      subcommand ? `unknown bank-file command '${subcommand}'` : 'no bank-file command',
    );
  } catch (error) {
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
    throw error;
  }
}
