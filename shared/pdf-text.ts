import { readFileSync } from 'node:fs';
import { createRequire as requireFrom } from 'node:module';
import type { Font } from '@pdf-lib/fontkit';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { type Fontkit, fontkitForPdf } from './fontkit-for-pdf.ts';
import { PDF_FONTS, type PdfFontFile } from './pdf-fonts.ts';

/**
 * Text in any script on a pdf-lib page (issue 7 item 1). pdf-lib's standard fonts know WinAnsi only and
 * throw on anything else (`Ş`, `ł`, `ễ`, Arabic, Chinese, emoji). Here each grapheme is set in the first
 * font of the chain (pdf-fonts.ts) that has every character of it, consecutive graphemes in the same
 * font make one run, and each font is embedded once per document as a subset of the glyphs used. A
 * grapheme that no font has is drawn as U+FFFD (the replacement character), so the rest still shows and
 * the PDF never throws for a name.
 *
 * Lines are left-to-right (the Dutch and English texts around the names); a right-to-left span inside
 * them (an Arabic name) is drawn with its runs in reverse order, and fontkit shapes each Arabic run and
 * orders its glyphs right to left. Numbers inside such a span keep their left-to-right order: a small
 * part of the Unicode bidirectional algorithm that is enough for a line with one base direction.
 */
export type Weight = keyof typeof PDF_FONTS;

const REPLACEMENT = '\uFFFD';
/** Joiners, variation selectors and tag characters: a font may lack them and still draw the grapheme. */
function ignorable(c: number): boolean {
  return (
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    (c >= 0xe0020 && c <= 0xe007f) ||
    (c >= 0xe0100 && c <= 0xe01ef)
  );
}
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
/** An emoji shown as a picture: by default, or asked for with VS16, a skin tone or a ZWJ sequence. */
const EMOJI_STYLE = /\p{Emoji_Presentation}|\ufe0f|\p{Emoji_Modifier}|\u200d|\p{Regional_Indicator}/u;
const RTL_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{' };

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const resolveInstalled = requireFrom(import.meta.url);

/** One font of a chain: the file, and its path. */
interface Face {
  file: PdfFontFile;
  path: string;
}

/**
 * Each font file read and parsed once per process (kept for warm invocations), and that one parsed font
 * used for every PDF: parsing a font's layout tables costs far more than drawing an invoice with it.
 */
const parsed = new Map<string, { bytes: Uint8Array; font: Font }>();
const parsedByBytes = new WeakMap<Uint8Array, Font>();
/** Widths at size 1 by font and text: a text is laid out once to measure it, not once per use. */
const widths = new Map<string, number>();
let fontkitPromise: Promise<Fontkit> | undefined;

/**
 * fontkit is loaded when the first PDF is made, not when the handler is imported: a stream batch without
 * an invoice does not pay for it.
 */
function loadFontkit(): Promise<Fontkit> {
  // A CommonJS module: its functions are on `default` when Node loads it, on the module when bundled.
  fontkitPromise ??= import('@pdf-lib/fontkit').then(
    (m) => ((m as { default?: Fontkit }).default ?? m) as Fontkit,
  );
  return fontkitPromise;
}

/** The font file's path in the installed package, found at run time (beside the bundle in Lambda). */
export function installedFontPath(file: PdfFontFile): string {
  return resolveInstalled.resolve(`${file.package}/${file.file}`);
}

function parsedFont(fontkit: Fontkit, face: Face): { bytes: Uint8Array; font: Font } {
  let entry = parsed.get(face.path);
  if (!entry) {
    const bytes = new Uint8Array(readFileSync(face.path));
    entry = { bytes, font: fontkitForPdf(fontkit).create(bytes) };
    parsed.set(face.path, entry);
    parsedByBytes.set(bytes, entry.font);
  }
  return entry;
}

/**
 * pdf-lib draws each glyph at its advance and ignores GPOS positioning (kerning, mark placement), so
 * fontkit is not asked for it: reading a font's GPOS table is most of the cost of laying text out.
 */
const NO_POSITIONING = {
  kern: false,
  mark: false,
  mkmk: false,
  curs: false,
  dist: false,
  abvm: false,
  blwm: false,
};

function featuresOf(face: Face): Record<string, boolean> {
  return { ...NO_POSITIONING, ...face.file.features };
}

type Direction = 'R' | 'L' | 'N' | 'D';

interface Grapheme {
  text: string;
  face: number;
  direction: Direction;
}

/** A run of text in one font, in the order it is drawn. */
export interface TextRun {
  text: string;
  face: number;
}

export class PdfText {
  private readonly embedded = new Map<string, Promise<PDFFont>>();
  private readonly chains: Record<Weight, Face[]>;

  private constructor(
    private readonly pdf: PDFDocument,
    private readonly fontkit: Fontkit,
  ) {
    const face = (file: PdfFontFile): Face => ({ file, path: installedFontPath(file) });
    this.chains = { regular: PDF_FONTS.regular.map(face), bold: PDF_FONTS.bold.map(face) };
  }

  static async for(pdf: PDFDocument): Promise<PdfText> {
    const fontkit = await loadFontkit();
    // pdf-lib parses the bytes it embeds: hand it the font parsed already.
    const cached: Fontkit = {
      create: (bytes) => parsedByBytes.get(bytes) ?? fontkitForPdf(fontkit).create(bytes),
    };
    pdf.registerFontkit(cached as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
    return new PdfText(pdf, fontkit);
  }

  /** The runs of a line in drawing order, each in the font that has its characters. */
  runs(text: string, weight: Weight = 'regular'): TextRun[] {
    const chain = this.chains[weight];
    const graphemes: Grapheme[] = [];
    for (const { segment } of segmenter.segment(text.normalize('NFC'))) {
      const previous = graphemes.at(-1)?.face;
      const face = this.faceFor(chain, segment, previous);
      graphemes.push(
        face === undefined
          ? { text: REPLACEMENT, face: this.faceFor(chain, REPLACEMENT, previous) ?? 0, direction: 'N' }
          : { text: segment, face, direction: directionOf(segment) },
      );
    }
    return visualRuns(graphemes);
  }

  /** The width of a line at a font size, in points: the glyphs' advances, as pdf-lib draws them. */
  width(text: string, size: number, weight: Weight = 'regular'): number {
    return this.runs(text, weight).reduce((sum, run) => sum + this.runWidth(run, size, weight), 0);
  }

  /** A run's width in its own font. */
  private runWidth(run: TextRun, size: number, weight: Weight): number {
    const face = this.chains[weight][run.face] as Face;
    const key = `${face.path} ${run.text}`;
    let width = widths.get(key);
    if (width === undefined) {
      const { font } = parsedFont(this.fontkit, face);
      const units = font.layout(run.text, featuresOf(face)).glyphs.reduce((s, g) => s + g.advanceWidth, 0);
      width = units / font.unitsPerEm;
      if (widths.size >= 10_000) widths.clear();
      widths.set(key, width);
    }
    return width * size;
  }

  /** Draws a line from (x, y); returns its width. */
  async draw(
    page: PDFPage,
    text: string,
    options: { x: number; y: number; size: number; weight?: Weight; color?: Color },
  ): Promise<number> {
    const weight = options.weight ?? 'regular';
    let x = options.x;
    for (const run of this.runs(text, weight)) {
      const font = await this.embed(this.chains[weight][run.face] as Face);
      page.drawText(run.text, { x, y: options.y, size: options.size, font, color: options.color });
      x += this.runWidth(run, options.size, weight);
    }
    return x - options.x;
  }

  /**
   * The text broken into lines no wider than `maxWidth`, at spaces where it can be and inside a word
   * only when the word alone is wider (a long double-barrelled name is kept whole, not cut off). Words
   * are measured one by one: a line's width is its words' and spaces' widths.
   */
  wrap(text: string, size: number, maxWidth: number, weight: Weight = 'regular'): string[] {
    if (this.width(text, size, weight) <= maxWidth) return [text];
    const space = this.width(' ', size, weight);
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0;
    for (const word of text.split(' ')) {
      const wordWidth = this.width(word, size, weight);
      if (line && lineWidth + space + wordWidth <= maxWidth) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      [line, lineWidth] = [word, wordWidth];
      if (wordWidth <= maxWidth) continue;
      // A word wider than the line: broken between graphemes.
      [line, lineWidth] = ['', 0];
      for (const { segment } of segmenter.segment(word)) {
        const width = this.width(segment, size, weight);
        if (line && lineWidth + width > maxWidth) {
          lines.push(line);
          [line, lineWidth] = ['', 0];
        }
        line += segment;
        lineWidth += width;
      }
    }
    if (line || !lines.length) lines.push(line);
    return lines;
  }

  /** Each font once per document, as a subset of the glyphs drawn with it (the PDF stays small). */
  private embed(face: Face): Promise<PDFFont> {
    let font = this.embedded.get(face.path);
    if (!font) {
      font = this.pdf.embedFont(parsedFont(this.fontkit, face).bytes, {
        subset: true,
        features: featuresOf(face),
      });
      this.embedded.set(face.path, font);
    }
    return font;
  }

  /** The first font of the chain that draws the grapheme: the emoji font first for an emoji. */
  private faceFor(chain: Face[], grapheme: string, previous: number | undefined): number | undefined {
    const needed = [...grapheme].map((c) => c.codePointAt(0) as number).filter((c) => !ignorable(c));
    const has = (i: number) =>
      needed.every((c) => parsedFont(this.fontkit, chain[i] as Face).font.hasGlyphForCodePoint(c));
    // A space or punctuation stays in the font of what precedes it, which keeps runs whole; not in the
    // emoji font, whose space is as wide as an emoji.
    const stays = previous !== undefined && !chain[previous]?.file.emoji;
    if (stays && !LETTER.test(grapheme) && !EMOJI.test(grapheme) && has(previous)) return previous;
    const order = chain.map((_, i) => i);
    if (EMOJI.test(grapheme) && EMOJI_STYLE.test(grapheme))
      order.sort((a, b) => Number(!!chain[b]?.file.emoji) - Number(!!chain[a]?.file.emoji));
    return order.find(has);
  }
}

function directionOf(grapheme: string): Direction {
  if (DIGIT.test(grapheme)) return 'D';
  if (RTL_LETTER.test(grapheme) && LETTER.test(grapheme)) return 'R';
  if (LETTER.test(grapheme)) return 'L';
  return 'N';
}

/**
 * The runs in drawing order. A grapheme belongs to a right-to-left span when it is a right-to-left
 * letter, or a neutral or digit with right-to-left letters as the nearest strong characters on both
 * sides; the line itself is left to right.
 */
function visualRuns(graphemes: Grapheme[]): TextRun[] {
  const strongBefore: Direction[] = [];
  let last: Direction = 'L';
  for (const g of graphemes) {
    strongBefore.push(last);
    if (g.direction === 'R' || g.direction === 'L') last = g.direction;
  }
  const inSpan: boolean[] = new Array(graphemes.length);
  let next: Direction = 'L';
  for (let i = graphemes.length - 1; i >= 0; i--) {
    const g = graphemes[i] as Grapheme;
    inSpan[i] = g.direction === 'R' || (g.direction !== 'L' && strongBefore[i] === 'R' && next === 'R');
    if (g.direction === 'R' || g.direction === 'L') next = g.direction;
  }
  // Runs in logical order: one font, one side of a span boundary, digits apart inside a span.
  const runs: { text: string[]; face: number; rtl: boolean; digits: boolean }[] = [];
  graphemes.forEach((g, i) => {
    const rtl = inSpan[i] as boolean;
    const digits = rtl && g.direction === 'D';
    const run = runs.at(-1);
    if (run && run.face === g.face && run.rtl === rtl && run.digits === digits) run.text.push(g.text);
    else runs.push({ text: [g.text], face: g.face, rtl, digits });
  });
  const visual: TextRun[] = [];
  let span: TextRun[] = [];
  const closeSpan = () => {
    visual.push(...span.reverse());
    span = [];
  };
  for (const run of runs) {
    if (!run.rtl) {
      closeSpan();
      visual.push({ text: run.text.join(''), face: run.face });
      continue;
    }
    // fontkit lays out a run with right-to-left letters right to left itself; digits stay left to
    // right; anything else in the span (spaces, punctuation, emoji in another font) is reversed here.
    const letters = run.text.some((t) => RTL_LETTER.test(t));
    const text =
      letters || run.digits
        ? run.text.join('')
        : run.text
            .reverse()
            .map((t) => MIRRORED[t] ?? t)
            .join('');
    span.push({ text, face: run.face });
  }
  closeSpan();
  return visual;
}
