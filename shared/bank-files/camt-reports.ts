import { type Cents, decimalAmount } from '../money.ts';
import type { BankFile, BankFileFormat, BankTransaction, StatedBalances, StatedTotals } from './bank-file.ts';
import { BankFileError } from './bank-file.ts';
import { direction, euroAmount, readEntry } from './camt-entries.ts';
import { isoDate } from './iso-amounts-and-dates.ts';
import { at, children, textAt, type XmlNode } from './xml-document.ts';

/**
 * The statements of a camt.053 or the notifications of a camt.054: their booked entries as transactions,
 * the totals read, and what each report states of itself (`TxsSummry`, balances) checked against them.
 * Rabobank writes several statements in one file (one per account and book day, also days without
 * entries); each is read and reconciled on its own.
 */
export interface CamtReports {
  format: BankFileFormat;
  /** `Stmt` (camt.053) or `Ntfctn` (camt.054). */
  reports: XmlNode[];
  label: 'statement' | 'notification';
  /** A day statement carries balances; a notification normally does not. */
  expectBalances: boolean;
}

interface Summary {
  entries?: number;
  sum?: Cents;
  net?: Cents;
  credit: { entries?: number; sum?: Cents };
  debit: { entries?: number; sum?: Cents };
}

function count(text: string | undefined, where: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new BankFileError(`${where}: '${text}' is not a number of entries`);
  return Number(text);
}

function optionalAmount(node: XmlNode | undefined, where: string, ...path: string[]): Cents | undefined {
  return textAt(node, ...path) === undefined ? undefined : euroAmount(node, where, ...path);
}

function summary(report: XmlNode, where: string): Summary | undefined {
  const txs = at(report, 'TxsSummry');
  if (txs === undefined) return undefined;
  const total = at(txs, 'TtlNtries');
  // .02 writes TtlNetNtryAmt + CdtDbtInd; .08 writes TtlNetNtry/Amt + TtlNetNtry/CdtDbtInd.
  const netNode = at(total, 'TtlNetNtry') ?? total;
  const netPath = at(total, 'TtlNetNtry') ? ['Amt'] : ['TtlNetNtryAmt'];
  const netAmount = optionalAmount(netNode, `${where}: TxsSummry net amount`, ...netPath);
  const netSign = textAt(netNode, 'CdtDbtInd');
  const side = (name: string) => ({
    entries: count(textAt(txs, name, 'NbOfNtries'), `${where}: ${name}`),
    sum: optionalAmount(txs, `${where}: ${name}/Sum`, name, 'Sum'),
  });
  return {
    entries: count(textAt(total, 'NbOfNtries'), `${where}: TtlNtries`),
    sum: optionalAmount(total, `${where}: TtlNtries/Sum`, 'Sum'),
    net:
      netAmount === undefined
        ? undefined
        : direction(netSign ?? 'CRDT', `${where}: TxsSummry`) === 'debit'
          ? -netAmount
          : netAmount,
    credit: side('TtlCdtNtries'),
    debit: side('TtlDbtNtries'),
  };
}

function balances(report: XmlNode, id: string, account: string | null, where: string): StatedBalances {
  const result: StatedBalances = { statement: id, account };
  for (const balance of children(report, 'Bal')) {
    const type = textAt(balance, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(balance, 'Tp', 'CdOrPrtry', 'Prtry');
    const amount = euroAmount(balance, `${where}: balance ${type ?? ''}`, 'Amt');
    const signed = direction(textAt(balance, 'CdtDbtInd') ?? 'CRDT', `${where}: balance`) === 'debit';
    const date = isoDate(textAt(balance, 'Dt', 'Dt') ?? textAt(balance, 'Dt', 'DtTm')) ?? '';
    const value = { date, amount: signed ? -amount : amount };
    // OPBD: opening booked; PRCD: the previous statement's closing, which some banks give instead.
    if (type === 'OPBD' || (type === 'PRCD' && !result.opening)) result.opening = value;
    if (type === 'CLBD') result.closing = value;
  }
  return result;
}

const euro = (cents: Cents) => `EUR ${decimalAmount(cents)}`;

function compare(
  differences: string[],
  where: string,
  what: string,
  stated: number | undefined,
  read: number,
) {
  if (stated !== undefined && stated !== read)
    differences.push(`${where}: the file states ${what} ${stated}, read ${read}`);
}

function compareAmount(
  differences: string[],
  where: string,
  what: string,
  stated: Cents | undefined,
  read: Cents,
) {
  if (stated !== undefined && stated !== read)
    differences.push(`${where}: the file states ${what} ${euro(stated)}, read ${euro(read)}`);
}

function addUp(values: (number | undefined)[]): number | undefined {
  return values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

export function readCamtReports({ format, reports, label, expectBalances }: CamtReports): BankFile {
  if (reports.length === 0)
    throw new BankFileError(`${format} without any ${label === 'statement' ? 'Stmt' : 'Ntfctn'}`);
  const transactions: BankTransaction[] = [];
  const notes: string[] = [];
  const differences: string[] = [];
  const statedBalances: StatedBalances[] = [];
  const summaries: { summary: Summary | undefined; entries: number }[] = [];
  let anyStated = false;
  const totals = { entries: 0, credit: 0, debit: 0 };

  reports.forEach((report, r) => {
    const id = textAt(report, 'Id') ?? `#${r + 1}`;
    const where = `${label} ${id}`;
    const rawIban = textAt(report, 'Acct', 'Id', 'IBAN');
    const ownIban = rawIban ? rawIban.replace(/\s+/g, '').toUpperCase() : null;
    const account = ownIban ?? textAt(report, 'Acct', 'Id', 'Othr', 'Id') ?? null;
    const read = { entries: 0, credit: 0, debit: 0 };
    const entriesOf = { credit: 0, debit: 0 };
    children(report, 'Ntry').forEach((entry, e) => {
      const ref = textAt(entry, 'NtryRef');
      const entryWhere = `${where}, entry ${e + 1}${ref ? ` (${ref})` : ''}`;
      const result = readEntry(entry, { where: entryWhere, ownIban });
      notes.push(...result.notes);
      differences.push(...result.differences);
      if (result.differences.length) anyStated = true;
      if (!result.booked) return;
      read.entries += 1;
      read[result.direction] += result.amount;
      entriesOf[result.direction] += 1;
      transactions.push(...result.transactions);
    });
    totals.entries += read.entries;
    totals.credit += read.credit;
    totals.debit += read.debit;

    const stated = summary(report, where);
    summaries.push({ summary: stated, entries: read.entries });
    if (stated) {
      anyStated = true;
      compare(differences, where, 'number of entries', stated.entries, read.entries);
      compareAmount(differences, where, 'a sum of', stated.sum, read.credit + read.debit);
      compareAmount(differences, where, 'a net amount of', stated.net, read.credit - read.debit);
      compare(differences, where, 'number of credit entries', stated.credit.entries, entriesOf.credit);
      compareAmount(differences, where, 'credits of', stated.credit.sum, read.credit);
      compare(differences, where, 'number of debit entries', stated.debit.entries, entriesOf.debit);
      compareAmount(differences, where, 'debits of', stated.debit.sum, read.debit);
    }

    const balance = balances(report, id, account, where);
    if (balance.opening || balance.closing) {
      anyStated = true;
      statedBalances.push(balance);
      if (balance.opening && balance.closing) {
        const expected = balance.opening.amount + read.credit - read.debit;
        if (expected !== balance.closing.amount)
          differences.push(
            `${where}: opening balance ${euro(balance.opening.amount)} + credits ${euro(read.credit)} − debits ${euro(read.debit)} = ${euro(expected)}, but the closing balance is ${euro(balance.closing.amount)}`,
          );
      }
    }
    if (expectBalances && (!balance.opening || !balance.closing))
      notes.push(
        `${where}: no ${balance.opening ? 'closing' : balance.closing ? 'opening' : 'opening or closing'} balance`,
      );
  });

  return {
    format,
    statements: reports.length,
    totals,
    ...(anyStated ? { stated: statedTotals(summaries, statedBalances, differences) } : {}),
    transactions,
    notes,
  };
}

/**
 * The file's own totals over all its reports. A total is given only when every report with entries states
 * it (a statement of a day without entries may leave its summary out).
 */
function statedTotals(
  summaries: { summary: Summary | undefined; entries: number }[],
  balances: StatedBalances[],
  differences: string[],
): StatedTotals {
  const relevant = summaries.filter((s) => s.summary !== undefined || s.entries > 0);
  const pick = (get: (s: Summary) => number | undefined) =>
    relevant.length ? addUp(relevant.map((s) => (s.summary ? get(s.summary) : undefined))) : undefined;
  const stated: Omit<StatedTotals, 'reconciles' | 'differences'> = {};
  const entries = pick((s) => s.entries);
  const sum = pick((s) => s.sum);
  const net = pick((s) => s.net);
  const credit = withoutUndefined({ entries: pick((s) => s.credit.entries), sum: pick((s) => s.credit.sum) });
  const debit = withoutUndefined({ entries: pick((s) => s.debit.entries), sum: pick((s) => s.debit.sum) });
  if (entries !== undefined) stated.entries = entries;
  if (sum !== undefined) stated.sum = sum;
  if (Object.keys(credit).length) stated.credit = credit;
  if (Object.keys(debit).length) stated.debit = debit;
  if (net !== undefined) stated.net = net;
  if (balances.length) stated.balances = balances;
  return { ...stated, reconciles: differences.length === 0, differences };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
