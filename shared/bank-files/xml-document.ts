import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BankFileError } from './bank-file.ts';

/**
 * Reading ISO 20022 XML leniently: any element order, any namespace prefix, optional parts missing.
 * Every element that can repeat is always an array, so one `Ntry` and a thousand read the same way; codes
 * such as `086` stay text and amounts are never parsed as floats (ARCHITECTURE.md, "Bank files").
 */
const REPEATING = new Set([
  'Stmt',
  'Ntfctn',
  'Ntry',
  'NtryDtls',
  'TxDtls',
  'Bal',
  'Ustrd',
  'Strd',
  'RltdDts',
  'AddtlInf',
  'AddtlRtrInf',
  'OrgnlGrpInfAndSts',
  'OrgnlPmtInfAndSts',
  'TxInfAndSts',
  'StsRsnInf',
  'NbOfTxsPerSts',
  // pain.008, our own direct-debit batch (shared/bank-files/pain008.ts).
  'PmtInf',
  'DrctDbtTxInf',
]);

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  // Keep text exactly: a remittance text split over several `Ustrd` may break between words.
  trimValues: false,
  parseAttributeValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Character references (`&#350;` for Ş) are XML; a file in ISO-8859-1 writes names that way.
  htmlEntities: true,
  // Callbacks get a matcher instead of a path string built for every element: twice as fast on big files.
  jPath: false,
  isArray: (tagName, _path, _leaf, isAttribute) => !isAttribute && REPEATING.has(tagName),
});

/** An element as fast-xml-parser gives it: text, or an object of children (and `@attributes`, `#text`). */
export type XmlNode = string | { [name: string]: unknown };

export interface XmlDocument {
  /** The namespace of the root element (`urn:iso:std:iso:20022:tech:xsd:camt.053.001.02`), or null. */
  namespace: string | null;
  /** The root element's local name, normally `Document`. */
  root: string;
  /** The root element's content. */
  document: XmlNode;
}

/** Text of a file, decoded as its XML declaration says (UTF-8 unless it names ISO-8859-1 or windows-1252). */
export function decodeBankFile(content: string | Uint8Array): string {
  if (typeof content === 'string') return content.replace(/^\uFEFF/, '');
  const head = new TextDecoder('latin1').decode(content.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  const encoding = declared === 'iso-8859-1' || declared === 'windows-1252' ? 'latin1' : 'utf-8';
  return new TextDecoder(encoding).decode(content).replace(/^\uFEFF/, '');
}

function firstWords(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** Parses the text, or throws a BankFileError that says why it is not (well-formed) XML. */
export function parseXmlDocument(text: string): XmlDocument {
  const trimmed = text.trimStart();
  if (trimmed === '') throw new BankFileError('the file is empty');
  if (!trimmed.startsWith('<'))
    throw new BankFileError(`not XML: the file starts with '${firstWords(trimmed)}'`);
  const start = rootStartTag(text);
  if (!start) throw new BankFileError('not XML: no root element');
  // A download cut off halfway is the commonest broken file: say so, and where it stops.
  const tail = text.replace(/<!--[\s\S]*?-->\s*$/g, '').trimEnd();
  if (!start.selfClosing && !tail.endsWith(`</${start.qualified}>`)) {
    const lines = tail.split(/\r?\n/);
    const last = (lines.at(-1) ?? '').trim();
    throw new BankFileError(
      `truncated XML: the file ends at line ${lines.length} ('${last.length > 40 ? `…${last.slice(-40)}` : last}') without closing <${start.qualified}>`,
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new BankFileError(`not well-formed XML: ${msg.replace(/\s+/g, ' ')} (line ${line}, column ${col})`);
  }
  const parsed = parser.parse(text) as Record<string, XmlNode>;
  return { namespace: start.namespace, root: start.local, document: parsed[start.local] ?? '' };
}

/**
 * The root's name and namespace, read from its start tag: the parser drops namespace declarations
 * (removeNSPrefix), and banks write both `<Document xmlns="…">` and `<ns2:Document xmlns:ns2="…">`.
 */
function rootStartTag(
  text: string,
): { local: string; qualified: string; namespace: string | null; selfClosing: boolean } | undefined {
  // The root's start tag comes first: look at the head of the file only, whatever its size.
  const head = text.slice(0, 65_536);
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/gi, '');
  const match = /<(?![?!])(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(withoutComments);
  if (!match) return undefined;
  const [, prefix, local = '', attributes = ''] = match;
  const declaration = prefix ? `xmlns:${prefix}` : 'xmlns';
  const escaped = declaration.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const pattern = new RegExp(`(?:^|\\s)${escaped}\\s*=\\s*["']([^"']*)["']`);
  return {
    local,
    qualified: prefix ? `${prefix}:${local}` : local,
    namespace: pattern.exec(attributes)?.[1]?.trim() ?? null,
    selfClosing: attributes.trimEnd().endsWith('/'),
  };
}

function isElement(node: unknown): node is { [name: string]: unknown } {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The child element `name` (the first, when it repeats), or undefined. */
export function child(node: unknown, name: string): XmlNode | undefined {
  if (!isElement(node)) return undefined;
  const value = node[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' || isElement(first) ? (first as XmlNode) : undefined;
}

/** The child elements `name`, in document order (none: an empty array). */
export function children(node: unknown, name: string): XmlNode[] {
  if (!isElement(node)) return [];
  const value = node[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is XmlNode => typeof item === 'string' || isElement(item));
}

/** The element at a path of child names. */
export function at(node: unknown, ...path: string[]): XmlNode | undefined {
  let current: unknown = node;
  for (const name of path) {
    current = child(current, name);
    if (current === undefined) return undefined;
  }
  return current as XmlNode;
}

/** The text of the element at a path, trimmed; undefined when absent or empty. */
export function textAt(node: unknown, ...path: string[]): string | undefined {
  const element = path.length ? at(node, ...path) : (node as XmlNode | undefined);
  const raw = typeof element === 'string' ? element : isElement(element) ? element['#text'] : undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  return text === '' ? undefined : text;
}

/** An attribute of the element at a path. */
export function attributeAt(node: unknown, attribute: string, ...path: string[]): string | undefined {
  const element = at(node, ...path);
  const value = isElement(element) ? element[`@${attribute}`] : undefined;
  return typeof value === 'string' ? value.trim() : undefined;
}
