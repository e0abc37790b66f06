import { electronicFormatIBAN, friendlyFormatIBAN } from 'ibantools';
import type { InvoiceRecord } from './invoices.ts';
import type { ParentRecord } from './records.ts';
import { collectionProblem } from './sepa.ts';

/**
 * How the parent pays (issue 8 item 6): a direct debit is promised only where there is one to collect
 * (a valid IBAN and a mandate: the test the SEPA export applies, INV-6); without it, by transfer. A
 * credit invoice is paid by us, so it says neither.
 */
export type Payment =
  | { method: 'credit' }
  /** DUN-7: the parent's credit paid the whole invoice: nothing to pay or collect. */
  | { method: 'settled' }
  | { method: 'direct-debit'; iban: string; mandateId: string }
  | { method: 'transfer' };

export function paymentOf(parent: ParentRecord, invoice: InvoiceRecord): Payment {
  if (invoice.total < 0) return { method: 'credit' };
  if (invoice.total === 0) return { method: 'settled' };
  // Decided when it was issued (issue 8 item 6); a mandate gone since cannot be collected either.
  if (
    invoice.collect === 'transfer' ||
    collectionProblem(parent.iban, parent.mandate) ||
    !parent.iban ||
    !parent.mandate
  )
    return { method: 'transfer' };
  return { method: 'direct-debit', iban: parent.iban, mandateId: parent.mandate.id };
}

/** Issue 8 item 9: the IBAN to be debited, shown but for its last four characters: "**** **** **** **45 67". */
export function maskedIban(iban: string): string {
  const electronic = electronicFormatIBAN(iban) ?? iban.replace(/\s/g, '').toUpperCase();
  const masked = '*'.repeat(Math.max(0, electronic.length - 4)) + electronic.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

/** An IBAN as a person reads it, in groups of four: "NL20 INGB 0001 2345 67". */
export function printedIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban;
}
