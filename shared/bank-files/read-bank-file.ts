import { BANK_FILE_FORMATS, type BankFile, BankFileError, type BankFileFormat } from './bank-file.ts';
import { readCamt053v02 } from './camt053-v02.ts';
import { readCamt053v08 } from './camt053-v08.ts';
import { readCamt054v02 } from './camt054-v02.ts';
import { readPain002v03 } from './pain002-v03.ts';
import { decodeBankFile, parseXmlDocument, type XmlNode } from './xml-document.ts';

const ISO_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:';

const READERS: Record<BankFileFormat, (document: XmlNode) => BankFile> = {
  'camt.053.001.02': readCamt053v02,
  'camt.053.001.08': readCamt053v08,
  'camt.054.001.02': readCamt054v02,
  'pain.002.001.03': readPain002v03,
};

/** What a neighbouring ISO 20022 message is, to say what was sent instead of a bank file we read. */
const OTHER_MESSAGES: Record<string, string> = {
  'pain.001': 'a credit transfer initiation',
  'pain.008': 'a direct debit initiation (our own SEPA batch, not the bank’s answer)',
  'camt.052': 'an intraday account report',
  'camt.053': 'a statement in a version not read here',
  'camt.054': 'a notification in a version not read here',
  'pain.002': 'a status report in a version not read here',
};

/** The format named by a root namespace, or a BankFileError naming what the file is instead. */
export function bankFileFormat(namespace: string | null, root: string): BankFileFormat {
  if (root !== 'Document')
    throw new BankFileError(`not an ISO 20022 bank file: the root element is <${root}>, not <Document>`);
  if (namespace === null) throw new BankFileError('unknown format: the Document element has no namespace');
  const message = namespace.startsWith(ISO_NAMESPACE) ? namespace.slice(ISO_NAMESPACE.length) : '';
  if ((BANK_FILE_FORMATS as readonly string[]).includes(message)) return message as BankFileFormat;
  const what = OTHER_MESSAGES[message.slice(0, 8)];
  throw new BankFileError(
    `unknown format: namespace ${namespace}${what ? ` (${what})` : ''} is none of ${BANK_FILE_FORMATS.join(', ')}`,
  );
}

/**
 * Reads a bank file (issue 9 item 3): detects the format by the root's namespace and returns its
 * normalised content. Lenient in reading (element order, missing balances, remittance text beyond 140
 * characters, several statements in one file), strict in concluding: a file that is not XML, is
 * truncated, or is none of the formats is refused whole with a BankFileError naming why.
 */
export function readBankFile(content: string | Uint8Array): BankFile {
  const { namespace, root, document } = parseXmlDocument(decodeBankFile(content));
  const format = bankFileFormat(namespace, root);
  return READERS[format](document);
}
