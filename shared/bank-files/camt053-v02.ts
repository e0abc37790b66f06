import type { BankFile } from './bank-file.ts';
import { BankFileError } from './bank-file.ts';
import { readCamtReports } from './camt-reports.ts';
import { at, children, type XmlNode } from './xml-document.ts';

/**
 * camt.053.001.02, the Bank to Customer Statement: the day statement ING, Rabobank and ABN AMRO send
 * (Dutch implementation guidelines of the Betaalvereniging). One or more `Stmt` per file, each with its
 * balances (`Bal`: OPBD, CLBD, …), an optional `TxsSummry` and the booked entries (`Ntry`).
 */
export function readCamt053v02(document: XmlNode): BankFile {
  const message = at(document, 'BkToCstmrStmt');
  if (message === undefined) throw new BankFileError('camt.053.001.02 without BkToCstmrStmt');
  return readCamtReports({
    format: 'camt.053.001.02',
    reports: children(message, 'Stmt'),
    label: 'statement',
    expectBalances: true,
  });
}
