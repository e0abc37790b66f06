import { children, textAt, type XmlNode } from './xml-document.ts';

/** The standard's limit for one `Ustrd`; real files exceed it, and the text is kept whole. */
export const UNSTRUCTURED_LIMIT = 140;

/**
 * The free remittance text of several `Ustrd` elements as one text. A chunk filled to the limit (or one
 * ending or starting with a space) continues in the next without a separator, as banks split a long text;
 * otherwise the chunks are separate lines, joined with a space.
 */
export function joinUnstructured(chunks: readonly string[]): string | undefined {
  let text = '';
  let previous = '';
  for (const chunk of chunks) {
    const continues =
      text === '' || previous.length >= UNSTRUCTURED_LIMIT || /\s$/.test(previous) || /^\s/.test(chunk);
    text += continues ? chunk : ` ${chunk}`;
    previous = chunk;
  }
  const joined = text.replace(/\s+/g, ' ').trim();
  return joined === '' ? undefined : joined;
}

export interface Remittance {
  /** Structured creditor references (`Strd/CdtrRefInf/Ref`) and other structured text, then the free text. */
  reference: string | null;
  /** The longest single free-text element, to note a text beyond the standard's limit. */
  longestText: number;
}

/** The remittance information (`RmtInf`) of a transaction. */
export function remittance(rmtInf: XmlNode | undefined): Remittance {
  const parts: string[] = [];
  for (const structured of children(rmtInf, 'Strd')) {
    const ref = textAt(structured, 'CdtrRefInf', 'Ref');
    if (ref) parts.push(ref);
    for (const extra of children(structured, 'AddtlRmtInf')) {
      const text = textAt(extra);
      if (text) parts.push(text);
    }
  }
  const chunks = children(rmtInf, 'Ustrd').map((u) => (typeof u === 'string' ? u : (textAt(u) ?? '')));
  const free = joinUnstructured(chunks);
  if (free) parts.push(free);
  return {
    reference: parts.length ? parts.join(' ') : null,
    longestText: Math.max(0, ...chunks.map((c) => c.trim().length)),
  };
}

/**
 * ING (and the Dutch MT940 structured layout it comes from) can write an entry's details as
 * `/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/…/NAME/…/REMI/…/EREF/…` in `AddtlNtryInf`, and a return's reason as
 * `/RTRN/MS03/`. Read when an entry has no transaction details of its own.
 */
export interface EntryInformation {
  text: string;
  fields: Partial<Record<'TRTP' | 'IBAN' | 'NAME' | 'REMI' | 'EREF' | 'MARF' | 'RTRN', string>>;
}

type EntryField = keyof EntryInformation['fields'];
const KEPT = new Set<string>(['TRTP', 'IBAN', 'NAME', 'REMI', 'EREF', 'MARF', 'RTRN']);
const FIELD =
  /\/(TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|RTRN|ORDP|BENM|ID|ADDR|CNTP|PURP|ISDT|PREF|SVCL|ULTD|ULTC)\//g;

export function entryInformation(entry: XmlNode): EntryInformation | undefined {
  const text = children(entry, 'AddtlNtryInf')
    .map((node) => textAt(node))
    .filter((t): t is string => Boolean(t))
    .join(' ');
  if (!text) return undefined;
  const fields: EntryInformation['fields'] = {};
  const marks = [...text.matchAll(FIELD)];
  marks.forEach((mark, i) => {
    const key = mark[1] as string;
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    let value = text.slice(start, end).replace(/\/+$/, '').trim();
    if (key === 'REMI') value = value.replace(/^(USTD\/\/|STRD\/[A-Z]*\/+)/, '');
    if (key === 'RTRN') value = value.split('/')[0] ?? value;
    if (value && KEPT.has(key)) fields[key as EntryField] ??= value;
  });
  return { text, fields };
}

/** `RtrInf` reason: the ISO code (`Rsn/Cd`), else the bank's proprietary one. */
export function returnReason(returnInfo: XmlNode | undefined): string | undefined {
  return textAt(returnInfo, 'Rsn', 'Cd') ?? textAt(returnInfo, 'Rsn', 'Prtry');
}
