import type { BankFile } from './bank-file.ts';
import { BankFileError } from './bank-file.ts';
import { readCamtReports } from './camt-reports.ts';
import { at, children, type XmlNode } from './xml-document.ts';

/**
 * camt.053.001.08, the same statement in the 2019 version that banks move to (ING's CGI version among
 * them). What changed for us: the entry status is `Sts/Cd`, parties are `Dbtr/Pty/Nm`, a transaction has
 * its own `Amt` and `CdtDbtInd`, and the summary's net amount is `TtlNetNtry/Amt`; the entry reader
 * accepts both spellings.
 */
export function readCamt053v08(document: XmlNode): BankFile {
  const message = at(document, 'BkToCstmrStmt');
  if (message === undefined) throw new BankFileError('camt.053.001.08 without BkToCstmrStmt');
  return readCamtReports({
    format: 'camt.053.001.08',
    reports: children(message, 'Stmt'),
    label: 'statement',
    expectBalances: true,
  });
}
