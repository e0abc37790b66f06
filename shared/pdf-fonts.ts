/**
 * The fonts a PDF embeds (issue 7 item 1: every PDF renders every name). Each is a static TrueType font
 * of the Noto family, shipped by an npm package of Expo's Google Fonts collection under the SIL Open
 * Font License 1.1 (the package's LICENSE_FONT; its code is MIT). The files are read at run time from
 * the installed package, never bundled into JavaScript; the CDK bundling copies exactly these files and
 * their licences beside the functions that make PDFs (infra/stack.ts).
 *
 * A chain per weight is tried in order for each grapheme; the emoji font goes first for a grapheme
 * that is shown as an emoji. Noto Sans SC has the Japanese kana and kanji too, so one CJK font serves
 * Chinese and Japanese names; bold CJK and emoji use the regular files, which keeps the deployment
 * 10 MB smaller.
 */
export interface PdfFontFile {
  /** The npm package that ships it. */
  package: string;
  /** The font file, inside the package. */
  file: string;
  /** What it covers, for the reader. */
  covers: string;
  /** The emoji font: tried first for a grapheme shown as an emoji. */
  emoji?: true;
  /**
   * OpenType features to turn off. Noto Sans's `ccmp` splits a precomposed letter (`ị`, `ễ`) into a
   * letter and a mark that only GPOS places right, and pdf-lib draws no GPOS: off, the precomposed glyph
   * is drawn. Arabic and emoji need theirs (lam-alef with hamza, ZWJ sequences).
   */
  features?: Record<string, boolean>;
}

const NOTO_SANS = '@expo-google-fonts/noto-sans';
const NOTO_SANS_ARABIC = '@expo-google-fonts/noto-sans-arabic';
const NOTO_SANS_SC = '@expo-google-fonts/noto-sans-sc';
const NOTO_EMOJI = '@expo-google-fonts/noto-emoji';

const LATIN = 'Latin (Turkish, Polish, Vietnamese, …), Greek, Cyrillic';
const CJK = 'Chinese, Japanese kana and kanji';
const NO_CCMP = { ccmp: false };

export const PDF_FONTS: Record<'regular' | 'bold', PdfFontFile[]> = {
  regular: [
    { package: NOTO_SANS, file: '400Regular/NotoSans_400Regular.ttf', covers: LATIN, features: NO_CCMP },
    { package: NOTO_SANS_ARABIC, file: '400Regular/NotoSansArabic_400Regular.ttf', covers: 'Arabic' },
    { package: NOTO_SANS_SC, file: '400Regular/NotoSansSC_400Regular.ttf', covers: CJK },
    { package: NOTO_EMOJI, file: '400Regular/NotoEmoji_400Regular.ttf', covers: 'emoji', emoji: true },
  ],
  bold: [
    { package: NOTO_SANS, file: '700Bold/NotoSans_700Bold.ttf', covers: LATIN, features: NO_CCMP },
    { package: NOTO_SANS_ARABIC, file: '700Bold/NotoSansArabic_700Bold.ttf', covers: 'Arabic' },
    { package: NOTO_SANS_SC, file: '400Regular/NotoSansSC_400Regular.ttf', covers: CJK },
    { package: NOTO_EMOJI, file: '400Regular/NotoEmoji_400Regular.ttf', covers: 'emoji', emoji: true },
  ],
};

/** The licence file beside each package's fonts. */
export const PDF_FONT_LICENCE = 'LICENSE_FONT';

/**
 * Every file a function that makes PDFs needs at run time, as paths under node_modules: the fonts of
 * both chains and each package's licence (the OFL asks that it travel with the fonts).
 */
export function pdfFontFiles(): string[] {
  const fonts = [...PDF_FONTS.regular, ...PDF_FONTS.bold];
  const files = fonts.map((f) => `${f.package}/${f.file}`);
  const licences = fonts.map((f) => `${f.package}/${PDF_FONT_LICENCE}`);
  return [...new Set([...files, ...licences])];
}
