import type { Cents } from '../money.ts';
import { BankFileError } from './bank-file.ts';
import { euroAmount } from './camt-entries.ts';
import { centsFromDecimal, isoDate } from './iso-amounts-and-dates.ts';
import { at, children, decodeBankFile, parseXmlDocument, textAt, type XmlNode } from './xml-document.ts';

/** The only version `pain008` in shared/sepa.ts writes (INV-6). */
const PAIN_008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02';

const SEQUENCES = ['FRST', 'RCUR', 'OOFF', 'FNAL'] as const;
export type SequenceType = (typeof SEQUENCES)[number];

/** One collection of the batch, as the file holds it. */
export interface BatchCollection {
  /** `PmtInfId` of the payment information block (one per sequence type in our files). */
  paymentInformationId: string;
  /** `ReqdColltnDt`: the debit date on which the collection counts as paid (issue 9). */
  collectionDate: string;
  sequence: SequenceType;
  /** Our invoice number. */
  endToEndId: string;
  amount: Cents;
  mandateId: string;
  mandateSigned: string;
  /** The name as written in the file: transliterated to the EPC character set by `pain008`. */
  debtor: { name: string; iban: string };
}

export interface Pain008Batch {
  messageId: string;
  /** `GrpHdr/CreDtTm` as written (the `sepa` library writes local time without an offset). */
  created: string;
  /** `GrpHdr/NbOfTxs` as the file states it: compare with `collections.length`. */
  transactions: number;
  /** `GrpHdr/CtrlSum` in cents as the file states it: compare with the sum of the collections. */
  controlSum: Cents;
  collections: BatchCollection[];
}

/** The file's message: `camt.053.001.02` from its namespace, to say what was given instead. */
function messageName(namespace: string | null): string {
  if (namespace === null) return 'a Document without a namespace';
  const iso = /^urn:iso:std:iso:20022:tech:xsd:(.+)$/.exec(namespace)?.[1];
  return iso ? `a ${iso} message (namespace ${namespace})` : `namespace ${namespace}`;
}

function required(node: XmlNode | undefined, where: string, ...path: string[]): string {
  const text = textAt(node, ...path);
  if (text === undefined) throw new BankFileError(`${where}: no ${path.at(-1)} (${path.join('/')})`);
  return text;
}

/** An ISO date (`ReqdColltnDt`, `DtOfSgntr`): a date only, as the schema's ISODate. */
function requiredDate(node: XmlNode | undefined, where: string, ...path: string[]): string {
  const text = required(node, where, ...path);
  if (isoDate(text) !== text) throw new BankFileError(`${where}: ${path.join('/')} '${text}' is not a date`);
  return text;
}

function sequenceType(text: string, where: string): SequenceType {
  if (!(SEQUENCES as readonly string[]).includes(text))
    throw new BankFileError(`${where}: sequence type '${text}' is none of ${SEQUENCES.join(', ')}`);
  return text as SequenceType;
}

/**
 * Reads one of OUR OWN direct-debit batches (pain.008.001.02, written by `pain008` in shared/sepa.ts), so
 * that the collections booked on the debit date are exactly those the file holds (issue 9: an invoice in
 * a batch that was sent counts as paid on its debit date unless a return or reject for it comes), and so
 * that the simulator can play the bank from the file. Amounts are read from the decimal text into integer
 * cents, never through a float. The stated `NbOfTxs` and `CtrlSum` are returned as stated, not checked: a
 * bank refuses a batch whose totals disagree, and so can the simulator. Anything that is not a
 * pain.008.001.02, or lacks a field a collection needs, is refused whole with a BankFileError naming it.
 */
export function readPain008(xml: string | Uint8Array): Pain008Batch {
  const { namespace, root, document } = parseXmlDocument(decodeBankFile(xml));
  if (root !== 'Document' || namespace !== PAIN_008_NAMESPACE)
    throw new BankFileError(
      `not a pain.008.001.02 direct-debit batch: ${root !== 'Document' ? `the root element is <${root}>, not <Document>` : messageName(namespace)}`,
    );
  const initiation = at(document, 'CstmrDrctDbtInitn');
  if (initiation === undefined) throw new BankFileError('pain.008.001.02 without CstmrDrctDbtInitn');
  const header = at(initiation, 'GrpHdr');
  if (header === undefined) throw new BankFileError('pain.008.001.02 without GrpHdr');
  const messageId = required(header, 'the group header', 'MsgId');
  const created = required(header, 'the group header', 'CreDtTm');
  const stated = required(header, 'the group header', 'NbOfTxs');
  if (!/^\d+$/.test(stated))
    throw new BankFileError(`the group header: NbOfTxs '${stated}' is not a number of transactions`);
  const controlSum = centsFromDecimal(
    required(header, 'the group header', 'CtrlSum'),
    'the group header: CtrlSum',
  );

  const blocks = children(initiation, 'PmtInf');
  if (blocks.length === 0) throw new BankFileError(`batch ${messageId}: no payment information (PmtInf)`);
  const collections = blocks.flatMap((block, b) => {
    const paymentInformationId = required(block, `payment information ${b + 1}`, 'PmtInfId');
    const blockWhere = `payment information ${paymentInformationId}`;
    const collectionDate = requiredDate(block, blockWhere, 'ReqdColltnDt');
    const sequence = sequenceType(required(block, blockWhere, 'PmtTpInf', 'SeqTp'), blockWhere);
    const listed = children(block, 'DrctDbtTxInf');
    if (listed.length === 0) throw new BankFileError(`${blockWhere}: no collections (DrctDbtTxInf)`);
    return listed.map((tx, t): BatchCollection => {
      const endToEndId = required(tx, `${blockWhere}, collection ${t + 1}`, 'PmtId', 'EndToEndId');
      const where = `${blockWhere}, collection ${t + 1} (${endToEndId})`;
      required(tx, where, 'InstdAmt');
      return {
        paymentInformationId,
        collectionDate,
        sequence,
        endToEndId,
        amount: euroAmount(tx, `${where}: InstdAmt`, 'InstdAmt'),
        mandateId: required(tx, where, 'DrctDbtTx', 'MndtRltdInf', 'MndtId'),
        mandateSigned: requiredDate(tx, where, 'DrctDbtTx', 'MndtRltdInf', 'DtOfSgntr'),
        debtor: {
          name: required(tx, where, 'Dbtr', 'Nm'),
          iban: required(tx, where, 'DbtrAcct', 'Id', 'IBAN').replace(/\s+/g, '').toUpperCase(),
        },
      };
    });
  });
  return { messageId, created, transactions: Number(stated), controlSum, collections };
}
