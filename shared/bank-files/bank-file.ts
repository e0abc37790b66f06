import type { Cents } from '../money.ts';

/**
 * The normalised content of a bank file (issue 9 item 3): what `opvang bank-file show --json` prints and
 * what an import books. INV-6 (our SEPA collections), INV-7 (returns and rejects with their reason codes),
 * DUN-1 (a return makes an invoice found unpaid that day) all start from this shape.
 */
export const BANK_FILE_FORMATS = [
  'camt.053.001.02',
  'camt.053.001.08',
  'camt.054.001.02',
  'pain.002.001.03',
] as const;
export type BankFileFormat = (typeof BANK_FILE_FORMATS)[number];

export type Direction = 'credit' | 'debit';

/**
 * - `transfer`: an incoming credit transfer (a parent paying by hand);
 * - `collection`: the booked collection of one of our direct debits (INV-6);
 * - `return`: a collection that came back: returned, refused or refunded (INV-7, camt `RtrInf`);
 * - `reject`: a collection refused before it was booked (INV-7, pain.002 `RJCT`);
 * - `other`: anything else (bank costs, our own payments): listed, booked nowhere.
 */
export type TransactionKind = 'transfer' | 'collection' | 'return' | 'reject' | 'other';

export interface Counterparty {
  name: string | null;
  iban: string | null;
}

/** One transaction: one per `TxDtls` of a batch entry, one per entry without details, one per pain.002 `TxInfAndSts`. */
export interface BankTransaction {
  /** The booking date (camt `BookgDt`); for a pain.002 reject the date of the status report. */
  booked: string;
  /** Integer cents, never negative: the direction says which way the money went. */
  amount: Cents;
  direction: Direction;
  kind: TransactionKind;
  /** INV-7: the ISO reason code of a return or reject (AM04, MD06, …), else null. */
  reason: string | null;
  /** Our invoice number on our own collections; null when the file says `NOTPROVIDED` or nothing. */
  endToEndId: string | null;
  mandateId: string | null;
  /** The structured creditor reference and/or the free remittance text, whole (also beyond 140 characters). */
  reference: string | null;
  /** The other party: the parent who paid, was debited or whose collection came back. */
  counterparty: Counterparty;
  /** camt `NtryRef` of the entry the transaction belongs to. */
  entryRef?: string;
  /** camt `AcctSvcrRef`: the bank's own reference of the transaction, else of its entry. */
  accountServicerRef?: string;
}

export interface StatedBalances {
  /** The statement's (or notification's) `Id`. */
  statement: string;
  account: string | null;
  /** Signed cents: a debit balance is negative. `OPBD`, else `PRCD`. */
  opening?: { date: string; amount: Cents };
  /** Signed cents. `CLBD`. */
  closing?: { date: string; amount: Cents };
}

/** What the file itself states about its content, and whether that agrees with what was read. */
export interface StatedTotals {
  /** camt: `TxsSummry/TtlNtries/NbOfNtries` over all statements; pain.002: `OrgnlNbOfTxs` of the batch. */
  entries?: number;
  /** camt: `TxsSummry/TtlNtries/Sum` (credits plus debits); pain.002: `OrgnlCtrlSum` of the batch. */
  sum?: Cents;
  credit?: { entries?: number; sum?: Cents };
  debit?: { entries?: number; sum?: Cents };
  /** camt: `TtlNetNtryAmt`, signed (credits minus debits). */
  net?: Cents;
  balances?: StatedBalances[];
  /** pain.002: the status of the whole batch (`ACCP`, `PART`, `RJCT`, …). */
  groupStatus?: string;
  /** pain.002: `NbOfTxsPerSts`, the count and sum per transaction status. */
  byStatus?: { status: string; transactions?: number; sum?: Cents }[];
  /** True when every total, balance and batch count the file states agrees with the entries read. */
  reconciles: boolean;
  /** One line per disagreement, naming the statement and both figures. */
  differences: string[];
}

export interface BankFile {
  format: BankFileFormat;
  /** camt.053 `Stmt`s, camt.054 `Ntfctn`s; 1 for a pain.002 status report. */
  statements: number;
  /**
   * `entries`: the booked camt entries (`Ntry`), or the transactions of a pain.002; `credit`/`debit`: the
   * sums of the booked entries (a pain.002 books nothing: 0).
   */
  totals: { entries: number; credit: Cents; debit: Cents };
  stated?: StatedTotals;
  transactions: BankTransaction[];
  /** Where the reader was lenient: what deviates from the standard but could still be read. */
  notes: string[];
}

/** A file that cannot be read as one of the formats: refused whole, naming what is wrong (issue 9 item 3). */
export class BankFileError extends Error {
  override name = 'BankFileError';
}
