import { describe, expect, it } from 'vitest';
import { invoicePdf } from '#shared/invoice-document.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import type { ParentRecord } from '#shared/records.ts';
import { invoiceFor } from '../support/fixtures.ts';
import { glyphsWithoutOutline, pdfTextOnOneLine } from '../support/pdf-reading.ts';

/**
 * Issue 7 item 1: every invoice PDF renders every name. pdf-lib's standard fonts (WinAnsi) threw on
 * `Ş`, `ł`, `ễ`, Arabic, Chinese and emoji, so the invoice was issued but never e-mailed. Each test reads
 * the PDF back with pdf.js and finds the parent's and the child's names in its text, and checks that no
 * glyph drawn is blank.
 */
function parentNamed(name: string): ParentRecord {
  return {
    type: 'parent',
    id: 'p1',
    name,
    email: 'ouder@example.nl',
    language: 'nl',
    iban: 'NL91ABNA0417164300',
    mandate: { id: 'OPVANG-P1', signed: '2026-12-01' },
  };
}

const DOUBLE_BARRELLED =
  'Anna-Sofie von Oldenbarnevelt-Tjarda van Starkenborgh Stachouwer-Wijnbergen tot Dorth-Haag';

const families: { script: string; parent: string; child: string }[] = [
  { script: 'Turkish', parent: 'Şükrü Yılmaz', child: 'Ayşe Yılmaz' },
  { script: 'Polish', parent: 'Łucja Wiśniewska', child: 'Zdzisław Wiśniewski-Łęcki' },
  { script: 'Vietnamese', parent: 'Nguyễn Thị Minh Khai', child: 'Nguyễn Văn Đức' },
  { script: 'Arabic', parent: 'محمد الأحمد', child: 'أحمد إبراهيم' },
  { script: 'Chinese', parent: '王小明', child: '王丽' },
  { script: 'Japanese', parent: '渡辺さくら', child: '渡辺ハルト' },
  { script: 'Greek and Cyrillic', parent: 'Αλέξανδρος Παπαδόπουλος', child: 'Жанна Иванова' },
  { script: 'emoji', parent: 'Emma de Vries 🌷', child: 'Sem 👨‍👩‍👧 de Vries ❤️' },
  {
    script: 'double-barrelled (90 characters)',
    parent: DOUBLE_BARRELLED,
    child: `Pim ${DOUBLE_BARRELLED}`,
  },
];

describe('issue 7 item 1: every invoice PDF renders every name', () => {
  it('the double-barrelled name is 90 characters long', () => {
    expect(DOUBLE_BARRELLED).toHaveLength(90);
  });

  for (const { script, parent, child } of families)
    it(`draws ${script} names in the PDF: ${parent} / ${child}`, async () => {
      const pdf = await invoicePdf(parentNamed(parent), invoiceFor(child), ACCRETE_2020);
      const text = await pdfTextOnOneLine(pdf);
      expect(text).toContain(`Aan: ${parent}`);
      expect(text).toContain(child);
      expect(text).not.toContain('\uFFFD');
      for (const font of await glyphsWithoutOutline(pdf)) expect(font).toEqual({ font: font.font, text: [] });
      // Fonts are embedded as subsets of the glyphs used: a page, not megabytes.
      expect(pdf.length).toBeLessThan(60_000);
    });

  it('substitutes a character no font has with a visible U+FFFD and keeps the rest of the name', async () => {
    // Egyptian hieroglyphs are in none of the fonts.
    const pdf = await invoicePdf(parentNamed('Ankh 𓋹 Bakker'), invoiceFor('Tim Bakker'), ACCRETE_2020);
    const text = await pdfTextOnOneLine(pdf);
    expect(text).toContain('Aan: Ankh \uFFFD Bakker');
    expect(text).toContain('Dagopvang (vaste dagen) Tim Bakker');
  });

  it('draws a right-to-left name in a Dutch line with its words in reading order', async () => {
    const pdf = await invoicePdf(parentNamed('محمد الأحمد'), invoiceFor('Sara'), ACCRETE_2020);
    // pdf.js returns the logical order of what it reads right to left: the first word first.
    expect(await pdfTextOnOneLine(pdf)).toMatch(/Aan: محمد الأحمد\s/);
  });
});
