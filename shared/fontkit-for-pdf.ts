import type { Font, Glyph } from '@pdf-lib/fontkit';

/**
 * fontkit as pdf-lib should get it (issue 7 item 1). pdf-lib embeds fonts through fontkit 1 (its fork
 * @pdf-lib/fontkit 1.1.1), which draws Latin, CJK and emoji text right but loses what Arabic text says,
 * and whose subsets of the Noto fonts draw blank glyphs. Four corrections, each on fontkit 1's own
 * objects, make the PDF draw every glyph and give back the text that was written when it is copied or
 * extracted:
 *
 * 1. Each glyph of a layout carries the characters of *its* place in the text. fontkit keeps one object
 *    per glyph with the characters of its first use, but a font can draw several letters with one glyph:
 *    Noto Sans Arabic draws ب, ت, ث and ن on one dotless shape and adds the dots as marks.
 * 2. A glyph that stands for no character (a dot or a hamza split off a letter) gets one: the letter's
 *    canonical decomposition where it has one (`أ` is alef, then hamza above: the same text to
 *    Unicode), else the invisible U+2060. pdf-lib would map it to nothing, which readers copy as a stray
 *    control character.
 * 3. A glyph drawn for two different texts is embedded twice, under a second id: a PDF maps each glyph
 *    id to one text (its ToUnicode map).
 * 4. Each glyph copied into a subset is padded to an even length. fontkit 1 writes a small subset's
 *    `loca` table in the short format, which counts in 2-byte words, but the Noto fonts store glyphs of
 *    odd length, so every glyph after one of them would point 1 byte off and be drawn blank.
 */
export interface Fontkit {
  create(bytes: Uint8Array, postscriptName?: string): Font;
}

/** U+2060 WORD JOINER: invisible, and skipped by text extraction. */
const NO_TEXT = 0x2060;
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** The part of fontkit 1's TrueType subset that corrections 3 and 4 change. */
interface GlyphSubset {
  glyphs: number[];
  mapping: Record<number, number>;
  glyf: Uint8Array[];
  offset: number;
  includeGlyph(glyph: number | Glyph): number;
  _addGlyph(gid: number): number;
}

/** A view of a glyph with some properties of its own: fontkit's glyph object is shared, never changed. */
function view(glyph: Glyph, own: Partial<Pick<Glyph, 'id' | 'codePoints' | 'advanceWidth'>>): Glyph {
  return Object.create(
    glyph,
    Object.fromEntries(Object.entries(own).map(([key, value]) => [key, { value }])),
  ) as Glyph;
}

const sameCharacters = (a: number[], b: number[]) => a.length === b.length && a.every((c, i) => c === b[i]);

export function fontkitForPdf(fontkit: Fontkit): Fontkit {
  return {
    create(bytes, postscriptName) {
      const font = fontkit.create(bytes, postscriptName);
      // 1: fontkit's shaper asks for each glyph of its result with that place's characters.
      const getGlyph = font.getGlyph.bind(font);
      font.getGlyph = (id: number, codePoints?: number[]) => {
        const glyph = getGlyph(id, codePoints);
        return glyph && codePoints?.length && !sameCharacters(glyph.codePoints, codePoints)
          ? view(glyph, { codePoints })
          : glyph;
      };
      // 3: the id each glyph is embedded under, per text it stands for.
      const firstText = new Map<number, string>();
      const secondIds = new Map<string, number>();
      const realIds = new Map<number, number>();
      const embeddedId = (glyph: Glyph): Glyph => {
        const text = String.fromCodePoint(...glyph.codePoints);
        const first = firstText.get(glyph.id);
        if (first === undefined) firstText.set(glyph.id, text);
        if (first === undefined || first === text) return glyph;
        const key = `${glyph.id} ${text}`;
        let id = secondIds.get(key);
        if (id === undefined) {
          id = font.numGlyphs + secondIds.size;
          secondIds.set(key, id);
          realIds.set(id, glyph.id);
        }
        return view(glyph, { id, advanceWidth: glyph.advanceWidth });
      };
      const layout = font.layout.bind(font);
      font.layout = (text: string, features?: Parameters<Font['layout']>[1]) => {
        const run = layout(text, features);
        const rtl = (run.direction ?? (RTL.test(text) ? 'rtl' : 'ltr')) === 'rtl';
        run.glyphs = withCharacters(run.glyphs, rtl).map(embeddedId);
        return run;
      };
      const createSubset = font.createSubset.bind(font);
      font.createSubset = () => {
        const subset = createSubset() as unknown as GlyphSubset;
        const includeGlyph = subset.includeGlyph.bind(subset);
        subset.includeGlyph = (glyph) => {
          const id = typeof glyph === 'object' ? glyph.id : glyph;
          const real = realIds.get(id);
          if (real === undefined) return includeGlyph(id);
          if (subset.mapping[id] === undefined) {
            subset.glyphs.push(real);
            subset.mapping[id] = subset.glyphs.length - 1;
          }
          return subset.mapping[id] as number;
        };
        return withEvenGlyphs(subset) as never;
      };
      return font;
    },
  };
}

/** 2: the glyphs, each standing for some text. */
function withCharacters(glyphs: Glyph[], rtl: boolean): Glyph[] {
  if (glyphs.every((g) => g.codePoints.length)) return glyphs;
  const logical = rtl ? [...glyphs].reverse() : [...glyphs];
  for (let i = 0; i < logical.length; i++) {
    if (logical[i]?.codePoints.length) continue;
    let end = i;
    while (end < logical.length && !logical[end]?.codePoints.length) end++;
    // The glyphs i … end-1 have no character: the marks split off the letter before them.
    const base = logical[i - 1];
    const letter = base?.codePoints.length === 1 ? String.fromCodePoint(base.codePoints[0] as number) : '';
    const [first, ...marks] = [...letter.normalize('NFD')].map((c) => c.codePointAt(0) as number);
    if (base && first !== undefined && marks.length) logical[i - 1] = view(base, { codePoints: [first] });
    else marks.length = 0;
    for (let k = i; k < end; k++) {
      const n = k - i;
      const codePoints =
        n >= marks.length ? [NO_TEXT] : k === end - 1 ? marks.slice(n) : [marks[n] as number];
      logical[k] = view(logical[k] as Glyph, { codePoints });
    }
    i = end - 1;
  }
  return rtl ? logical.reverse() : logical;
}

/** 4: each glyph copied into the subset padded to an even length, as the TrueType format asks. */
function withEvenGlyphs(subset: GlyphSubset): GlyphSubset {
  const addGlyph = subset._addGlyph.bind(subset);
  subset._addGlyph = (gid) => {
    const index = addGlyph(gid);
    const glyph = subset.glyf[index] as Uint8Array;
    if (glyph.length % 2) {
      // fontkit brings its own Buffer class and writes only its instances: pad with that class.
      const FontkitBuffer = glyph.constructor as typeof Buffer;
      subset.glyf[index] = FontkitBuffer.concat([glyph, FontkitBuffer.alloc(1)]);
      subset.offset += 1;
    }
    return index;
  };
  return subset;
}
