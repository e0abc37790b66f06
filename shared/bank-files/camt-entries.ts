import { type Cents, decimalAmount } from '../money.ts';
import { BankFileError, type BankTransaction, type Counterparty, type Direction } from './bank-file.ts';
import { centsFromDecimal, isoDate } from './iso-amounts-and-dates.ts';
import { entryInformation, remittance, returnReason, UNSTRUCTURED_LIMIT } from './remittance-information.ts';
import { type BankTransactionCode, transactionKind } from './transaction-kind.ts';
import { at, attributeAt, children, textAt, type XmlNode } from './xml-document.ts';

/**
 * One camt entry (`Ntry`) of a statement (camt.053) or notification (camt.054), versions .02 and .08 alike:
 * the reader accepts both spellings where they differ (`Sts` or `Sts/Cd`, `Dbtr/Nm` or `Dbtr/Pty/Nm`,
 * `TxDtls/Amt` or `TxDtls/AmtDtls/TxAmt/Amt`).
 */
export interface ReadEntry {
  booked: boolean;
  amount: Cents;
  direction: Direction;
  transactions: BankTransaction[];
  /** Disagreements between the entry and its own batch details (count, sum). */
  differences: string[];
  notes: string[];
}

export function direction(indicator: string | undefined, where: string): Direction {
  if (indicator === 'CRDT') return 'credit';
  if (indicator === 'DBIT') return 'debit';
  throw new BankFileError(`${where}: credit/debit indicator '${indicator ?? ''}' is neither CRDT nor DBIT`);
}

export function euroAmount(node: XmlNode | undefined, where: string, ...path: string[]): Cents {
  const currency = attributeAt(node, 'Ccy', ...path);
  if (currency !== undefined && currency !== 'EUR')
    throw new BankFileError(`${where}: amount in ${currency}; only euro accounts are read`);
  return centsFromDecimal(textAt(node, ...path), where);
}

function bankTransactionCode(node: XmlNode | undefined): BankTransactionCode {
  const code: BankTransactionCode = {};
  const domain = textAt(node, 'Domn', 'Cd');
  const family = textAt(node, 'Domn', 'Fmly', 'Cd');
  const subFamily = textAt(node, 'Domn', 'Fmly', 'SubFmlyCd');
  const proprietary = textAt(node, 'Prtry', 'Cd');
  if (domain) code.domain = domain;
  if (family) code.family = family;
  if (subFamily) code.subFamily = subFamily;
  if (proprietary) code.proprietary = proprietary;
  return code;
}

function iban(text: string | undefined): string | null {
  return text ? text.replace(/\s+/g, '').toUpperCase() : null;
}

function party(parties: XmlNode | undefined, role: 'Dbtr' | 'Cdtr'): Counterparty {
  const name = textAt(parties, role, 'Nm') ?? textAt(parties, role, 'Pty', 'Nm') ?? null;
  const account =
    textAt(parties, `${role}Acct`, 'Id', 'IBAN') ?? textAt(parties, `${role}Acct`, 'Id', 'Othr', 'Id');
  return { name, iban: iban(account) };
}

const empty = (p: Counterparty) => p.name === null && p.iban === null;

/**
 * The other party of a transaction: not us. Our own account (the statement's) identifies our side when the
 * bank reports it; otherwise the payer of a credit, and the debtor of a collection or a return (the
 * parent), and the creditor of any other debit.
 */
function counterparty(
  parties: XmlNode | undefined,
  parentIsDebtor: boolean,
  ownIban: string | null,
): Counterparty {
  const debtor = party(parties, 'Dbtr');
  const creditor = party(parties, 'Cdtr');
  if (ownIban && debtor.iban === ownIban) return creditor;
  if (ownIban && creditor.iban === ownIban) return debtor;
  const [preferred, other] = parentIsDebtor ? [debtor, creditor] : [creditor, debtor];
  return empty(preferred) && other.iban !== null ? other : preferred;
}

function meaningful(reference: string | undefined): string | null {
  return reference && reference.toUpperCase() !== 'NOTPROVIDED' ? reference : null;
}

/** A transaction's own amount: `Amt` (.08), else `AmtDtls/TxAmt` (.02), else the instructed amount. */
function transactionAmount(tx: XmlNode | undefined, where: string): Cents | undefined {
  for (const path of [['Amt'], ['AmtDtls', 'TxAmt', 'Amt'], ['AmtDtls', 'InstdAmt', 'Amt']])
    if (textAt(tx, ...path) !== undefined) return euroAmount(tx, `${where}: ${path.join('/')}`, ...path);
  return undefined;
}

export interface EntryContext {
  /** "statement 2027-03-02-001, entry 3": where problems are named. */
  where: string;
  ownIban: string | null;
}

export function readEntry(entry: XmlNode, { where, ownIban }: EntryContext): ReadEntry {
  const notes: string[] = [];
  const differences: string[] = [];
  const status = textAt(entry, 'Sts') ?? textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts', 'Prtry');
  const amount = euroAmount(entry, `${where}: Amt`, 'Amt');
  const entryDirection = direction(textAt(entry, 'CdtDbtInd'), where);
  if (status !== undefined && status !== 'BOOK') {
    notes.push(`${where}: status ${status}, not booked: left out`);
    return { booked: false, amount, direction: entryDirection, transactions: [], differences, notes };
  }
  let booked = isoDate(textAt(entry, 'BookgDt', 'Dt') ?? textAt(entry, 'BookgDt', 'DtTm'));
  if (!booked) {
    booked = isoDate(textAt(entry, 'ValDt', 'Dt') ?? textAt(entry, 'ValDt', 'DtTm'));
    if (!booked) throw new BankFileError(`${where}: no booking date (BookgDt) and no value date`);
    notes.push(`${where}: no booking date, the value date ${booked} is used`);
  }
  const entryCode = bankTransactionCode(at(entry, 'BkTxCd'));
  const entryRef = textAt(entry, 'NtryRef');
  const entryServicerRef = textAt(entry, 'AcctSvcrRef');
  const details = children(entry, 'NtryDtls').flatMap((d) => children(d, 'TxDtls'));
  const batch = children(entry, 'NtryDtls')
    .map((d) => at(d, 'Btch'))
    .find((b) => b !== undefined);
  const batchCount = textAt(batch, 'NbOfTxs');
  const information = details.length <= 1 ? entryInformation(entry) : undefined;
  const fields = information?.fields ?? {};

  if (batch && batchCount !== undefined && details.length > 0 && Number(batchCount) !== details.length)
    differences.push(`${where}: the batch states ${batchCount} transactions, ${details.length} are detailed`);
  if (batch && textAt(batch, 'TtlAmt') !== undefined) {
    const stated = euroAmount(batch, `${where}: Btch/TtlAmt`, 'TtlAmt');
    if (stated !== amount)
      differences.push(
        `${where}: the batch states a total of EUR ${decimalAmount(stated)}, the entry is EUR ${decimalAmount(amount)}`,
      );
  }
  if (details.length === 0 && batchCount !== undefined && Number(batchCount) > 1)
    notes.push(`${where}: a batch of ${batchCount} transactions booked as one entry, without details`);

  const sources: (XmlNode | undefined)[] = details.length ? details : [undefined];
  const transactions = sources.map((tx, index): BankTransaction => {
    const txWhere = details.length > 1 ? `${where}, transaction ${index + 1}` : where;
    const ownAmount = transactionAmount(tx, txWhere);
    if (ownAmount === undefined && details.length > 1)
      throw new BankFileError(`${txWhere}: a transaction of a batch entry without an amount`);
    const txAmount = ownAmount ?? amount;
    const txIndicator = textAt(tx, 'CdtDbtInd');
    const txDirection = txIndicator ? direction(txIndicator, txWhere) : entryDirection;
    const ownCode = bankTransactionCode(at(tx, 'BkTxCd'));
    const code = ownCode.domain || ownCode.family ? ownCode : entryCode;
    const returnInfo = at(tx, 'RtrInf');
    const reason = returnReason(returnInfo) ?? (returnInfo ? undefined : fields.RTRN);
    const mandateId = textAt(tx, 'Refs', 'MndtId') ?? fields.MARF ?? null;
    const kind = transactionKind({
      direction: txDirection,
      code,
      returned: returnInfo !== undefined || fields.RTRN !== undefined,
      mandateId,
    });
    const remitted = remittance(at(tx, 'RmtInf'));
    if (remitted.longestText > UNSTRUCTURED_LIMIT)
      notes.push(
        `${txWhere}: remittance text of ${remitted.longestText} characters (the standard allows ${UNSTRUCTURED_LIMIT}), kept whole`,
      );
    // Without remittance information: ING's /REMI/, the batch's payment information id (our own batch's
    // id, for a collection booked without details), else the entry's free text (bank costs say what they are).
    const batchId = details.length === 0 ? textAt(batch, 'PmtInfId') : undefined;
    const entryText = information && Object.keys(fields).length === 0 ? information.text : undefined;
    const reference = remitted.reference ?? fields.REMI ?? batchId ?? entryText ?? null;
    let other = counterparty(
      at(tx, 'RltdPties'),
      txDirection === 'credit' || kind === 'return' || kind === 'collection',
      ownIban,
    );
    if (empty(other) && (fields.NAME || fields.IBAN))
      other = { name: fields.NAME ?? null, iban: iban(fields.IBAN) };
    const transaction: BankTransaction = {
      booked,
      amount: txAmount,
      direction: txDirection,
      kind,
      reason: kind === 'return' ? (reason ?? null) : null,
      endToEndId: meaningful(textAt(tx, 'Refs', 'EndToEndId') ?? fields.EREF),
      mandateId,
      reference,
      counterparty: other,
    };
    if (entryRef) transaction.entryRef = entryRef;
    const servicerRef = textAt(tx, 'Refs', 'AcctSvcrRef') ?? entryServicerRef;
    if (servicerRef) transaction.accountServicerRef = servicerRef;
    if (kind === 'return' && transaction.reason === null)
      notes.push(`${txWhere}: a return without a reason code`);
    return transaction;
  });

  if (details.length > 1) {
    const signed = (t: BankTransaction) => (t.direction === entryDirection ? t.amount : -t.amount);
    const detailed = transactions.reduce((sum, t) => sum + signed(t), 0);
    if (detailed !== amount)
      differences.push(
        `${where}: the details add up to EUR ${decimalAmount(detailed)}, the entry is EUR ${decimalAmount(amount)}`,
      );
  }
  return { booked: true, amount, direction: entryDirection, transactions, differences, notes };
}
