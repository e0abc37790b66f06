import { isValidIBAN } from 'ibantools';
import SEPA from 'sepa';
import type { Cents } from './money.ts';
import type { Policy } from './policy.ts';

/** INV-6: SEPA Core direct debit, one pain.008.001.02 batch per collection date, FRST then RCUR. */
export interface Collection {
  /** Whose debit it is: reported when it is left out, and the name of last resort (`epcText`). */
  parentId: string;
  endToEndId: string;
  /** As stored: `pain008` makes it fit the EPC character set and 70 characters. */
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
/** INV-7: the return reasons after which the mandate cannot be used again (issue 9 item 3). */
export const MANDATE_GONE_REASONS: Record<string, string> = {
  AC04: 'account closed',
  AC06: 'account blocked for direct debit',
  MD01: 'no mandate',
};

export function collectionProblem(
  iban: string | undefined,
  mandate: { id: string; signed: string; gone?: { on: string; reason: string } } | undefined,
): string | undefined {
  if (!iban) return 'no IBAN';
  if (!isValidIBAN(iban)) return `IBAN ${iban.slice(0, 4)}… is not valid`;
  if (!mandate) return 'no SEPA mandate';
  // INV-7: the bank said the account is closed or blocked for direct debit, or knows no mandate.
  if (mandate.gone)
    return `mandate ${mandate.id} unusable since ${mandate.gone.on}: the bank returned a collection with ${mandate.gone.reason} (${MANDATE_GONE_REASONS[mandate.gone.reason] ?? 'mandate gone'})`;
  return undefined;
}

/** INV-6: a name's maximum length in a pain.008 file; the remittance text may hold 140. */
export const SEPA_NAME_LENGTH = 70;
export const SEPA_REMITTANCE_LENGTH = 140;

/**
 * Letters that Unicode does not decompose into a Latin letter and a mark (`é` = `e` + ´ does, `ł` does
 * not), and the punctuation that has a plain equivalent in the EPC set.
 */
const LATIN: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'Th',
  þ: 'th',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  Ŋ: 'N',
  ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
  Ŧ: 'T',
  ŧ: 't',
  Ə: 'E',
  ə: 'e',
  '&': '+',
  '‘': "'",
  '’': "'",
  ʼ: "'",
  '`': "'",
  '´': "'",
  '‐': '-',
  '‑': '-',
  '–': '-',
  '—': '-',
  _: '-',
};

/** Cyrillic (Russian, Ukrainian, Bulgarian) and Greek letters, as Dutch banks and passports write them. */
const CYRILLIC_GREEK: Record<string, string> = Object.fromEntries(
  [
    'аa бb вv гg ґg дd еe ёe єye жzh зz иi іi їyi йy кk лl мm нn оo пp рr сs тt уu фf хkh цts чch шsh щshch ъ ыy ь эe юyu яya',
    'αa βv γg δd εe ζz ηi θth ιi κk λl μm νn ξx οo πp ρr σs ςs τt υy φf χch ψps ωo',
  ]
    .join(' ')
    .split(' ')
    .flatMap((pair) => {
      const [letter, latin = ''] = [pair.slice(0, 1), pair.slice(1)];
      const upper = letter.toUpperCase();
      const capital = latin.slice(0, 1).toUpperCase() + latin.slice(1);
      return [
        [letter, latin],
        [upper, capital],
      ];
    }),
);

/** The EPC basic character set: Latin letters, digits, `/ - ? : ( ) . , ' +` and space. */
const NOT_EPC = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/**
 * INV-6: a text as a SEPA file may carry it: transliterated to the EPC character set (`Şükrü Yılmaz` →
 * `Sukru Yilmaz`, `Łucja` → `Lucja`, `Weiß` → `Weiss`, Cyrillic and Greek by their usual Latin spelling),
 * what has no Latin spelling here (Arabic, Chinese, emoji) left out, and shortened to `max` characters.
 * `fallback` (the parent's id) stands in when no letter or digit would remain.
 */
export function epcText(text: string, max: number, fallback = ''): string {
  const latin = [...text.normalize('NFC')]
    .map((c) => LATIN[c] ?? CYRILLIC_GREEK[c] ?? c)
    .join('')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(NOT_EPC, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const readable = /[A-Za-z0-9]/.test(latin) ? latin : epcText(fallback, max);
  return readable.slice(0, max).trimEnd();
}

export interface Pain008 {
  /** The file, or undefined when no collection could go in it. */
  xml?: string;
  collected: Collection[];
  /** INV-6: left out of the file, each with the reason the SEPA format refused it. */
  refused: { collection: Collection; reason: string }[];
}

/**
 * One pain.008.001.02 batch. Names and remittance texts are made to fit the EPC rules before the `sepa`
 * library sees them; a collection the library still refuses (a mandate id with `//`, an amount out of
 * range) is left out and returned with its reason, and the rest of the batch goes (INV-6). Only a creditor
 * that cannot collect at all fails the whole batch (CreditorError).
 */
export function pain008(options: {
  messageId: string;
  created: Date;
  collectionDate: string;
  creditor: Policy['creditor'];
  collections: Collection[];
}): Pain008 {
  const { creditor } = options;
  if (!SEPA.validateCreditorID(creditor.id))
    throw new CreditorError(`creditor id ${creditor.id} is not valid`);
  if (!isValidIBAN(creditor.iban)) throw new CreditorError(`creditor IBAN ${creditor.iban} is not valid`);
  const creditorName = epcText(creditor.name, SEPA_NAME_LENGTH, creditor.id);
  const doc = new SEPA.Document('pain.008.001.02');
  doc.grpHdr.id = options.messageId;
  doc.grpHdr.created = options.created;
  doc.grpHdr.initiatorName = creditorName;
  const result: Pain008 = { collected: [], refused: [] };
  for (const sequence of ['FRST', 'RCUR'] as const) {
    const info = doc.createPaymentInfo();
    info.collectionDate = new Date(`${options.collectionDate}T12:00:00Z`);
    info.creditorIBAN = creditor.iban;
    info.creditorBIC = creditor.bic;
    info.creditorName = creditorName;
    info.creditorId = creditor.id;
    info.sequenceType = sequence;
    const accepted: ReturnType<typeof info.createTransaction>[] = [];
    for (const c of options.collections.filter((c) => c.sequence === sequence)) {
      const tx = info.createTransaction();
      tx.debtorName = epcText(c.debtorName, SEPA_NAME_LENGTH, c.parentId);
      tx.debtorIBAN = c.iban;
      tx.mandateId = c.mandateId;
      tx.mandateSignatureDate = new Date(`${c.mandateSigned}T12:00:00Z`);
      // The library takes euros as a number; cents / 100 is exact to the cent in its two-decimal output.
      tx.amount = c.amount / 100;
      tx.remittanceInfo = epcText(c.remittance, SEPA_REMITTANCE_LENGTH);
      tx.end2endId = c.endToEndId;
      try {
        // The library's own rules, checked per debtor here rather than for the whole file in toString().
        tx.validate();
      } catch (error) {
        result.refused.push({
          collection: c,
          reason: `refused by the SEPA format: ${(error as Error).message}`,
        });
        continue;
      }
      accepted.push(tx);
      result.collected.push(c);
    }
    if (!accepted.length) continue;
    doc.addPaymentInfo(info);
    for (const tx of accepted) info.addTransaction(tx);
  }
  if (result.collected.length) result.xml = doc.toString();
  return result;
}
