import { createHash } from 'node:crypto';
import type { BankFile, BankTransaction } from '../bank-files/bank-file.ts';
import type { Cents } from '../money.ts';

/**
 * A bank file's transactions as the back office keeps them (issue 9 item 3): every one ends `booked` on a
 * parent's account, `returned` (a return or reject booked against its invoice), `unmatched` on the review
 * list, or `other` (bank costs, our own payments: listed, booked nowhere). Never dropped.
 */
export type BankEntryStatus = 'booked' | 'returned' | 'unmatched' | 'other';

export interface BankEntryRecord extends BankTransaction {
  type: 'bank-entry';
  /** Deterministic from the transaction itself: the same entry in a later statement is the same id. */
  id: string;
  status: BankEntryStatus;
  /** The file it was first read from (the hash of its content) and that file's format. */
  file: string;
  format: BankFile['format'];
  importedAt: string;
  /** Where it was booked: the parent, the invoice it named or was matched to, the account entry. */
  parentId?: string;
  invoice?: string;
  entryId?: string;
  /** Why it is on the review list, or how it was matched. */
  note?: string;
  matchedBy?: 'file' | 'staff';
}

/**
 * The id of a bank transaction. A bank's own reference (`AcctSvcrRef`) with the amount and direction
 * when it gives one; else what the transaction says (date, amount, kind, references, counterparty). Not
 * the statement or the entry's position, which differ when a later statement repeats it. The transactions
 * of a batch entry share the entry's reference when they have none of their own: their end-to-end id
 * (our invoice number) and counterparty tell two of the same amount apart.
 */
export function bankEntryId(t: BankTransaction): string {
  const identity = t.accountServicerRef
    ? ['ref', t.accountServicerRef, t.direction, t.amount, t.kind, t.endToEndId, t.counterparty.iban]
    : [
        'tx',
        t.booked,
        t.direction,
        t.amount,
        t.kind,
        t.reason,
        t.endToEndId,
        t.mandateId,
        t.reference,
        t.counterparty.iban,
      ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24);
}

/** The hash of a file's bytes: the same file imported twice is recognised as such. */
export function bankFileHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Invoice numbers (`2027-000123`) a payer wrote in the remittance text or reference, in the order written.
 * Lenient as payers are: `2027 000123`, `2027000123` and `F2027-000123` are read too; a month like
 * `2027-02` is not a number.
 */
export function invoiceNumbersIn(text: string | null): string[] {
  if (!text) return [];
  const found: string[] = [];
  for (const match of text.matchAll(/(?<!\d)(20\d{2})[- ./]?(\d{6})(?!\d)/g)) {
    const number = `${match[1]}-${match[2]}`;
    if (!found.includes(number)) found.push(number);
  }
  return found;
}

/** What importing a file did (or, in a dry run, would do), reconciled with what the file states. */
export interface ImportSummary {
  file: string;
  format: BankFile['format'];
  statements: number;
  /** The file was imported before: nothing was changed. */
  repeated: boolean;
  dryRun: boolean;
  /** What was read: booked entries (camt `Ntry`, pain.002 transactions), transactions, sums. */
  read: { entries: number; transactions: number; credit: Cents; debit: Cents };
  /** What the file states, and whether it agrees with what was read. */
  stated: { entries?: number; sum?: Cents; reconciles: boolean; differences: string[] };
  /** Per outcome: how many transactions and their sum; every transaction is in exactly one. */
  outcome: Record<BankEntryStatus | 'already-imported', { transactions: number; amount: Cents }>;
  /** The entries now on the review list, with why. */
  unmatched: { id: string; booked: string; amount: Cents; direction: string; note: string }[];
  /** Mandates marked gone by a return (AC04, AC06, MD01): the next run leaves these parents out. */
  mandatesGone: { parent: string; reason: string }[];
  /** Where the reader was lenient. */
  notes: string[];
}

export function emptyOutcome(): ImportSummary['outcome'] {
  const zero = () => ({ transactions: 0, amount: 0 });
  return { booked: zero(), returned: zero(), unmatched: zero(), other: zero(), 'already-imported': zero() };
}
