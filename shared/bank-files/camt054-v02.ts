import type { BankFile } from './bank-file.ts';
import { BankFileError } from './bank-file.ts';
import { readCamtReports } from './camt-reports.ts';
import { at, children, type XmlNode } from './xml-document.ts';

/**
 * camt.054.001.02, the Bank to Customer Debit Credit Notification: the bank's message about single
 * bookings, here above all the returns of our collections (INV-7, `RtrInf` with its reason code) and the
 * details of a collection batch. One or more `Ntfctn`, each with its entries; no balances.
 */
export function readCamt054v02(document: XmlNode): BankFile {
  const message = at(document, 'BkToCstmrDbtCdtNtfctn');
  if (message === undefined) throw new BankFileError('camt.054.001.02 without BkToCstmrDbtCdtNtfctn');
  return readCamtReports({
    format: 'camt.054.001.02',
    reports: children(message, 'Ntfctn'),
    label: 'notification',
    expectBalances: false,
  });
}
