import { type Cents, decimalAmount } from '../money.ts';
import type { BankFile, BankTransaction, StatedTotals } from './bank-file.ts';
import { BankFileError } from './bank-file.ts';
import { euroAmount } from './camt-entries.ts';
import { isoDate } from './iso-amounts-and-dates.ts';
import { remittance } from './remittance-information.ts';
import { at, children, textAt, type XmlNode } from './xml-document.ts';

/**
 * pain.002.001.03, the Customer Payment Status Report: the bank's answer to our direct-debit batch
 * (pain.008, INV-6) before it is booked. INV-7: a transaction with status `RJCT` and its reason
 * (`StsRsnInf/Rsn/Cd`: AC04, MD01, AM05, …) is a reject; the status of a transaction falls back to that of
 * its payment information block, then to the group's, as banks report a block or a batch refused whole.
 * Nothing in it is booked: its totals count the transactions, with sums of 0.
 */
function statusReason(...levels: (XmlNode | undefined)[]): string | null {
  for (const level of levels)
    for (const info of children(level, 'StsRsnInf')) {
      const code = textAt(info, 'Rsn', 'Cd') ?? textAt(info, 'Rsn', 'Prtry');
      if (code) return code;
    }
  return null;
}

const euro = (cents: Cents) => `EUR ${decimalAmount(cents)}`;

function count(text: string | undefined, where: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new BankFileError(`${where}: '${text}' is not a number of transactions`);
  return Number(text);
}

export function readPain002v03(document: XmlNode): BankFile {
  const report = at(document, 'CstmrPmtStsRpt');
  if (report === undefined) throw new BankFileError('pain.002.001.03 without CstmrPmtStsRpt');
  const group = at(report, 'OrgnlGrpInfAndSts');
  if (group === undefined) throw new BankFileError('pain.002.001.03 without OrgnlGrpInfAndSts');
  const notes: string[] = [];
  const reportDate = isoDate(textAt(report, 'GrpHdr', 'CreDtTm'));
  const originalMessage = textAt(group, 'OrgnlMsgNmId') ?? '';
  const directDebits = originalMessage === '' || originalMessage.startsWith('pain.008');
  if (!directDebits)
    notes.push(
      `a status report on ${originalMessage}, not on a direct-debit batch: nothing in it is a reject`,
    );
  const groupStatus = textAt(group, 'GrpSts');

  const transactions: BankTransaction[] = [];
  const statuses: string[] = [];
  children(report, 'OrgnlPmtInfAndSts').forEach((block, b) => {
    const blockId = textAt(block, 'OrgnlPmtInfId') ?? `#${b + 1}`;
    const blockStatus = textAt(block, 'PmtInfSts') ?? groupStatus;
    const listed = children(block, 'TxInfAndSts');
    if (listed.length === 0 && blockStatus === 'RJCT')
      notes.push(
        `payment information ${blockId} is rejected whole (${statusReason(block, group) ?? 'no reason'}), without its transactions`,
      );
    listed.forEach((tx, t) => {
      const endToEnd = textAt(tx, 'OrgnlEndToEndId');
      const where = `payment information ${blockId}, transaction ${t + 1}${endToEnd ? ` (${endToEnd})` : ''}`;
      const original = at(tx, 'OrgnlTxRef');
      if (textAt(original, 'Amt', 'InstdAmt') === undefined)
        throw new BankFileError(`${where}: no amount (OrgnlTxRef/Amt/InstdAmt)`);
      const status = textAt(tx, 'TxSts') ?? blockStatus ?? 'unknown';
      statuses.push(status);
      const rejected = status === 'RJCT' && directDebits;
      const booked = reportDate ?? isoDate(textAt(original, 'ReqdColltnDt'));
      if (!booked) throw new BankFileError(`${where}: no date (GrpHdr/CreDtTm)`);
      const name = textAt(original, 'Dbtr', 'Nm') ?? null;
      const iban = textAt(original, 'DbtrAcct', 'Id', 'IBAN');
      const reason = rejected ? statusReason(tx, block, group) : null;
      if (rejected && reason === null) notes.push(`${where}: rejected without a reason code`);
      const transaction: BankTransaction = {
        booked,
        amount: euroAmount(original, `${where}: OrgnlTxRef/Amt/InstdAmt`, 'Amt', 'InstdAmt'),
        // The collection would have credited our account; a reject means it never did.
        direction: 'credit',
        kind: rejected ? 'reject' : 'other',
        reason,
        endToEndId: endToEnd && endToEnd.toUpperCase() !== 'NOTPROVIDED' ? endToEnd : null,
        mandateId: textAt(original, 'MndtRltdInf', 'MndtId') ?? null,
        reference: remittance(at(original, 'RmtInf')).reference,
        counterparty: { name, iban: iban ? iban.replace(/\s+/g, '').toUpperCase() : null },
      };
      const servicerRef = textAt(tx, 'AcctSvcrRef');
      if (servicerRef) transaction.accountServicerRef = servicerRef;
      transactions.push(transaction);
    });
  });
  if (children(report, 'OrgnlPmtInfAndSts').length === 0 && groupStatus === 'RJCT')
    notes.push(
      `the whole batch is rejected (${statusReason(group) ?? 'no reason'}), without its transactions`,
    );

  return {
    format: 'pain.002.001.03',
    statements: 1,
    totals: { entries: transactions.length, credit: 0, debit: 0 },
    stated: statedTotals(group, groupStatus, transactions, statuses),
    transactions,
    notes,
  };
}

/**
 * What the report states (`OrgnlNbOfTxs`/`OrgnlCtrlSum` of the original batch, `NbOfTxsPerSts`), checked
 * against the transactions it lists. The batch's own count is comparable only when the report lists the
 * whole batch: when the group is rejected, or as many transactions as the batch held.
 */
function statedTotals(
  group: XmlNode,
  groupStatus: string | undefined,
  transactions: BankTransaction[],
  statuses: string[],
): StatedTotals {
  const differences: string[] = [];
  const where = 'the original batch';
  const stated: Omit<StatedTotals, 'reconciles' | 'differences'> = {};
  const entries = count(textAt(group, 'OrgnlNbOfTxs'), `${where}: OrgnlNbOfTxs`);
  const sum =
    textAt(group, 'OrgnlCtrlSum') === undefined
      ? undefined
      : euroAmount(group, `${where}: OrgnlCtrlSum`, 'OrgnlCtrlSum');
  if (entries !== undefined) stated.entries = entries;
  if (sum !== undefined) stated.sum = sum;
  if (groupStatus) stated.groupStatus = groupStatus;
  const listedSum = transactions.reduce((total, t) => total + t.amount, 0);
  if (groupStatus === 'RJCT' || (entries !== undefined && entries === transactions.length)) {
    if (entries !== undefined && entries !== transactions.length)
      differences.push(`${where} held ${entries} transactions, the report lists ${transactions.length}`);
    if (sum !== undefined && sum !== listedSum)
      differences.push(`${where} summed to ${euro(sum)}, the listed transactions to ${euro(listedSum)}`);
  }
  const perStatus = children(group, 'NbOfTxsPerSts');
  if (perStatus.length) {
    stated.byStatus = perStatus.map((line, i) => {
      const status = textAt(line, 'DtldSts') ?? '';
      const detailed = count(textAt(line, 'DtldNbOfTxs'), `NbOfTxsPerSts ${i + 1}`);
      const detailedSum =
        textAt(line, 'DtldCtrlSum') === undefined
          ? undefined
          : euroAmount(line, `NbOfTxsPerSts ${i + 1}: DtldCtrlSum`, 'DtldCtrlSum');
      const listed = transactions.filter((_, t) => statuses[t] === status);
      const listedStatusSum = listed.reduce((total, t) => total + t.amount, 0);
      // A report that lists only its rejects says nothing of the accepted ones: compare what it lists.
      if (listed.length || status === 'RJCT') {
        if (detailed !== undefined && detailed !== listed.length)
          differences.push(`the report states ${detailed} ${status} transactions, lists ${listed.length}`);
        if (detailedSum !== undefined && detailedSum !== listedStatusSum)
          differences.push(
            `the report states ${status} transactions of ${euro(detailedSum)}, lists ${euro(listedStatusSum)}`,
          );
      }
      const entry: { status: string; transactions?: number; sum?: Cents } = { status };
      if (detailed !== undefined) entry.transactions = detailed;
      if (detailedSum !== undefined) entry.sum = detailedSum;
      return entry;
    });
  }
  return { ...stated, reconciles: differences.length === 0, differences };
}
