import type { Direction, TransactionKind } from './bank-file.ts';

/**
 * The ISO bank transaction code of an entry or transaction (`BkTxCd`): domain / family / sub-family, e.g.
 * `PMNT/RCDT/ESCT` (a SEPA credit transfer received), `PMNT/IDDT/ESDD` (a SEPA core direct debit we
 * issued), `PMNT/IDDT/UPDD` (one of them returned unpaid), `ACMT/MDOP/CHRG` (bank charges). Banks add
 * their own proprietary code beside it (ING, Rabobank, ABN AMRO each have a list); those are kept for
 * display but not relied on.
 */
export interface BankTransactionCode {
  domain?: string;
  family?: string;
  subFamily?: string;
  proprietary?: string;
}

/** IDDT sub-families that reverse a collection: returned unpaid, refunded, reversed or cancelled. */
const REVERSING_SUB_FAMILIES = new Set(['UPDD', 'PRDD', 'RRDD', 'RCDD', 'ARET', 'AREV']);

export interface KindEvidence {
  direction: Direction;
  code: BankTransactionCode;
  /** The transaction carries return information (`RtrInf`, or ING's `/RTRN/` in the entry text). */
  returned: boolean;
  mandateId: string | null;
}

/**
 * What a booked camt transaction is (issue 9 item 3). INV-7: anything carrying return information, or a
 * debit in the family of the direct debits we issue, is a return. INV-6: a credit in that family, or a
 * credit without a bank transaction code but carrying a mandate, is the collection of one of our direct
 * debits. A received credit transfer (or a credit without any code or mandate) is a transfer; everything
 * else (costs, interest, our own payments, direct debits on us) is `other`.
 */
export function transactionKind({ direction, code, returned, mandateId }: KindEvidence): TransactionKind {
  if (returned) return 'return';
  const { domain, family, subFamily } = code;
  const payments = domain === undefined || domain === 'PMNT';
  if (payments && family === 'IDDT') {
    if (direction === 'debit') return 'return';
    return REVERSING_SUB_FAMILIES.has(subFamily ?? '') ? 'other' : 'collection';
  }
  if (direction === 'debit') return 'other';
  if (payments && (family === 'RCDT' || family === 'RRCT')) return 'transfer';
  if (domain === undefined && family === undefined) return mandateId ? 'collection' : 'transfer';
  return 'other';
}
