import fontkit, { type Glyph } from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

/**
 * Reading a PDF back as a person's reader would: its text as pdf.js (Firefox's PDF reader) extracts it,
 * and its embedded fonts, to check that every glyph drawn has an outline.
 */

/** The text of every page, lines as pdf.js finds them; NFC, as Unicode compares text. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(
      content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
    );
  }
  await doc.destroy();
  return pages.join('\n').normalize('NFC');
}

/** A run of text as pdf.js finds it, with where it stands: points from the page's bottom-left corner. */
export interface PlacedText {
  page: number;
  text: string;
  x: number;
  /** The baseline. */
  y: number;
  width: number;
  /** The font size: the run reaches about this far above its baseline. */
  height: number;
}

/** Every text run of every page with its position (issue 10 item 3: what a window envelope shows). */
export async function pdfPlacedText(bytes: Uint8Array): Promise<PlacedText[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const placed: PlacedText[] = [];
  for (let n = 1; n <= doc.numPages; n++)
    for (const item of (await (await doc.getPage(n)).getTextContent()).items)
      if ('str' in item && item.str.trim())
        placed.push({
          page: n,
          text: item.str.normalize('NFC'),
          x: item.transform[4] as number,
          y: item.transform[5] as number,
          width: item.width,
          height: item.height,
        });
  await doc.destroy();
  return placed;
}

/** The same text on one line: a name wrapped over two lines reads whole. */
export async function pdfTextOnOneLine(bytes: Uint8Array): Promise<string> {
  return (await pdfText(bytes)).replace(/\s+/g, ' ');
}

function hasOutline(glyph: Glyph): boolean {
  try {
    return (glyph.path as unknown as { commands: unknown[] }).commands.length > 0;
  } catch {
    return false; // glyph data that does not decode is drawn blank too
  }
}

/** Per embedded font: its name, and the text of each glyph drawn that has no outline. */
export async function glyphsWithoutOutline(bytes: Uint8Array): Promise<{ font: string; text: string[] }[]> {
  const doc = await PDFDocument.load(bytes);
  const fonts: { font: string; text: string[] }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const descendant = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const descriptor = descendant.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const file = descriptor.lookup(PDFName.of('FontFile2'));
    const toUnicode = object.lookup(PDFName.of('ToUnicode'));
    if (!(file instanceof PDFRawStream) || !(toUnicode instanceof PDFRawStream))
      throw new Error('a Type0 font without an embedded TrueType file or ToUnicode map');
    const font = fontkit.create(decodePDFRawStream(file).decode());
    const cmap = new TextDecoder().decode(decodePDFRawStream(toUnicode).decode());
    const blank: string[] = [];
    for (const [, id, unicode] of cmap.matchAll(/<([0-9A-Fa-f]+)> <([0-9A-Fa-f]*)>/g)) {
      const text = String.fromCharCode(
        ...(unicode?.match(/.{4}/g) ?? []).map((hex) => Number.parseInt(hex, 16)),
      );
      // Spaces and the invisible word joiner have no outline by design.
      if (/^[\s\u2060]*$/u.test(text)) continue;
      if (!hasOutline(font.getGlyph(Number.parseInt(id as string, 16)))) blank.push(text);
    }
    fonts.push({ font: object.lookup(PDFName.of('BaseFont'))?.toString() ?? '?', text: blank });
  }
  return fonts;
}
