import { isValidIBAN } from 'ibantools';
import SEPA from 'sepa';
import type { Cents } from './money.ts';
import type { Policy } from './policy.ts';

/** INV-6: SEPA Core direct debit, one pain.008.001.02 batch per collection date, FRST then RCUR. */
export interface Collection {
  endToEndId: string;
  debtorName: string;
  iban: string;
  mandateId: string;
  mandateSigned: string;
  amount: Cents;
  sequence: 'FRST' | 'RCUR';
  remittance: string;
}

export class CreditorError extends Error {}

/** Why a debtor cannot be collected, or undefined when they can. */
export function collectionProblem(
  iban: string | undefined,
  mandate: { id: string; signed: string } | undefined,
): string | undefined {
  if (!iban) return 'no IBAN';
  if (!isValidIBAN(iban)) return `IBAN ${iban.slice(0, 4)}… is not valid`;
  if (!mandate) return 'no SEPA mandate';
  return undefined;
}

export function pain008(options: {
  messageId: string;
  created: Date;
  collectionDate: string;
  creditor: Policy['creditor'];
  collections: Collection[];
}): string {
  const { creditor } = options;
  if (!SEPA.validateCreditorID(creditor.id))
    throw new CreditorError(`creditor id ${creditor.id} is not valid`);
  if (!isValidIBAN(creditor.iban)) throw new CreditorError(`creditor IBAN ${creditor.iban} is not valid`);
  const doc = new SEPA.Document('pain.008.001.02');
  doc.grpHdr.id = options.messageId;
  doc.grpHdr.created = options.created;
  doc.grpHdr.initiatorName = creditor.name;
  for (const sequence of ['FRST', 'RCUR'] as const) {
    const collections = options.collections.filter((c) => c.sequence === sequence);
    if (!collections.length) continue;
    const info = doc.createPaymentInfo();
    info.collectionDate = new Date(`${options.collectionDate}T12:00:00Z`);
    info.creditorIBAN = creditor.iban;
    info.creditorBIC = creditor.bic;
    info.creditorName = creditor.name;
    info.creditorId = creditor.id;
    info.sequenceType = sequence;
    doc.addPaymentInfo(info);
    for (const c of collections) {
      const tx = info.createTransaction();
      tx.debtorName = c.debtorName;
      tx.debtorIBAN = c.iban;
      tx.mandateId = c.mandateId;
      tx.mandateSignatureDate = new Date(`${c.mandateSigned}T12:00:00Z`);
      // The library takes euros as a number; cents / 100 is exact to the cent in its two-decimal output.
      tx.amount = c.amount / 100;
      tx.remittanceInfo = c.remittance;
      tx.end2endId = c.endToEndId;
      info.addTransaction(tx);
    }
  }
  return doc.toString();
}
