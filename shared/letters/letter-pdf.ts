import { PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import type { IsoDate } from '../calendar.ts';
import type { DunningAmounts } from '../dunning/ladder.ts';
import { printedIban } from '../invoice-payment.ts';
import { longDate } from '../messages/common.ts';
import { formatEuro } from '../money.ts';
import { PdfText, type Weight } from '../pdf-text.ts';
import type { Policy } from '../policy.ts';
import type { PostalAddress } from '../records.ts';

/**
 * A letter to post (issue 10 item 3, DUN-3, DUN-8): A4, folded in three and put in a standard Dutch
 * window envelope, EA5/6 (110 × 220 mm, the size of DIN lang), whose window is 90 × 45 mm, 20 mm from
 * the envelope's left edge and 15 mm from its bottom: the standard window position for DL, C6/5 and EA5/6
 * envelopes (DIN 680, as envelope makers state it, e.g. berlindruck.de's envelope glossary "Fenster").
 *
 * The folded letter's top third (99 mm) lies in the 110 mm envelope with up to 11 mm of play, and its
 * 210 mm width in 220 mm with 10 mm: the part of the page the window shows wherever the paper sits is
 * 20–100 mm from the left and 50–84 mm from the top (WINDOW). Everything that must show (the return
 * address, AANGETEKEND, the parent's address) is drawn inside it; nothing else is. The address is
 * written as PostNL asks for a printed one: name, street and number, then postcode and place separated
 * by two spaces, the place in capitals, in a sans-serif font of 10 pt (smaller only for a long name);
 * the return address in one small line at the top left.
 */
const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
/** The part of the page a window envelope shows, in mm from the page's top-left corner. */
export const WINDOW = { left: 20, right: 100, top: 50, bottom: 84 } as const;
/** A margin inside the window: a printer's offset or a crooked fold must not cut a letter off. */
const INSET = 4;
/** Text of the letter: from the window's text edge to 20 mm from the right; 25 mm clear at the bottom. */
const TEXT = { left: WINDOW.left + INSET, right: 190, bottom: 25, top: 20 };
/** The folds of a letter folded in three, marked at the left edge. */
const FOLDS = [99, 198];
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.35, 0.35, 0.35);

export type LetterKind = 'reminder-1' | 'reminder-2' | 'termination';

export interface LetterInput {
  policy: Policy;
  parent: { name: string; address: PostalAddress };
  /** The day it is sent, as the letter is dated. */
  date: IsoDate;
  kind: LetterKind;
  /** Marked AANGETEKEND in the window; the termination letter is, unless told otherwise (CON-7). */
  registered?: boolean;
  /** After "Betreft:". */
  subject: string;
  /** Paragraphs in order, the greeting and sign-off included; '' is a blank line. */
  lines: string[];
  /** The amounts, set as a table after `lines[amountsAfter]` (after the last line when not given). */
  amounts?: DunningAmounts;
  amountsAfter?: number;
}

/** Points from the page's bottom for a distance in mm from its top. */
const fromTop = (mm: number) => PAGE.height - mm * MM;

/** The place the organisation writes from: the place of its postal address ("3511 ED Utrecht"). */
function placeOf(policy: Policy): string {
  const last = policy.organisation.address.at(-1) ?? '';
  return /^[1-9][0-9]{3} ?[A-Z]{2}\s+(.+)$/.exec(last)?.[1] ?? last;
}

/** PostNL: the postcode, two spaces, the place in capitals. */
export function postcodeLine(address: PostalAddress): string {
  return `${address.postcode}  ${address.city.toLocaleUpperCase('nl-NL')}`;
}

export async function letterPdf(input: LetterInput): Promise<Uint8Array> {
  const { policy, parent } = input;
  const org = policy.organisation;
  const registered = input.registered ?? input.kind === 'termination';
  const pdf = await PDFDocument.create();
  pdf.setTitle(input.subject);
  pdf.setAuthor(org.name);
  pdf.setLanguage('nl-NL');
  pdf.setCreationDate(new Date(`${input.date}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${input.date}T12:00:00Z`));
  const text = await PdfText.for(pdf);
  const pages: PDFPage[] = [];
  const newPage = () => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    // Fold marks in the left margin: where to fold for the window envelope.
    for (const fold of FOLDS)
      page.drawLine({
        start: { x: 5 * MM, y: fromTop(fold) },
        end: { x: 10 * MM, y: fromTop(fold) },
        thickness: 0.4,
        color: GREY,
      });
    pages.push(page);
    return page;
  };
  let page = newPage();

  // The letterhead, above the window.
  await text.draw(page, org.name, { x: TEXT.left * MM, y: fromTop(TEXT.top + 2), size: 14, weight: 'bold' });
  await text.draw(page, org.address.join(' · '), {
    x: TEXT.left * MM,
    y: fromTop(TEXT.top + 8),
    size: 8.5,
    color: GREY,
  });
  await text.draw(page, `KvK ${org.kvk} · IBAN ${printedIban(policy.creditor.iban)}`, {
    x: TEXT.left * MM,
    y: fromTop(TEXT.top + 12),
    size: 8.5,
    color: GREY,
  });

  // The window: the return address, AANGETEKEND, the parent's address.
  const windowLeft = (WINDOW.left + INSET) * MM;
  const windowWidth = (WINDOW.right - WINDOW.left - 2 * INSET) * MM;
  const returnLine = `Retour: ${org.name}, ${org.address.join(', ')}`;
  const returnSize = Math.max(5.5, Math.min(7, (7 * windowWidth) / text.width(returnLine, 7)));
  await text.draw(page, returnLine, {
    x: windowLeft,
    y: fromTop(WINDOW.top + 4),
    size: returnSize,
    color: GREY,
  });
  if (registered)
    await text.draw(page, 'AANGETEKEND', {
      x: windowLeft,
      y: fromTop(WINDOW.top + 10),
      size: 11,
      weight: 'bold',
    });
  const addressTop = WINDOW.top + (registered ? 16 : 11);
  const addressBottom = WINDOW.bottom - 2.5;
  const address = [parent.name, parent.address.street, postcodeLine(parent.address)];
  // 10 pt, or smaller until a long name or street fits the window (never cut off).
  let size = 10;
  let rows = address.flatMap((line) => text.wrap(line, size, windowWidth));
  while (size > 6 && addressTop + ((rows.length - 1) * size * 1.25) / MM > addressBottom) {
    size -= 0.5;
    rows = address.flatMap((line) => text.wrap(line, size, windowWidth));
  }
  for (const [i, row] of rows.entries())
    await text.draw(page, row, { x: windowLeft, y: fromTop(addressTop) - i * size * 1.25, size, color: INK });

  // Place and date, the subject, the text: below the window and the first fold.
  let y = fromTop(104);
  const width = (TEXT.right - TEXT.left) * MM;
  const room = (height: number) => {
    if (y - height >= TEXT.bottom * MM) return;
    page = newPage();
    y = fromTop(TEXT.top + 5);
  };
  type Style = { size?: number; weight?: Weight };
  const paragraph = async (content: string, style: Style = {}) => {
    const size = style.size ?? 10.5;
    if (!content) {
      y -= size * 0.9;
      return;
    }
    for (const row of text.wrap(content, size, width, style.weight)) {
      room(size * 1.4);
      await text.draw(page, row, { x: TEXT.left * MM, y, size, weight: style.weight, color: INK });
      y -= size * 1.4;
    }
  };
  await paragraph(`${placeOf(policy)}, ${longDate(input.date, 'nl')}`);
  y -= 14;
  await paragraph(`Betreft: ${input.subject}`, { weight: 'bold' });
  y -= 14;
  const amountsAfter = input.amountsAfter ?? input.lines.length - 1;
  for (const [i, line] of input.lines.entries()) {
    await paragraph(line);
    if (i === amountsAfter && input.amounts) await amountsTable(input.amounts);
  }
  if (pages.length > 1)
    for (const [i, p] of pages.entries())
      await text.draw(p, `Pagina ${i + 1} van ${pages.length}`, {
        x: TEXT.left * MM,
        y: 12 * MM,
        size: 8,
        color: GREY,
      });
  return pdf.save({ useObjectStreams: false });

  /** DUN-5, DUN-6, DUN-7: what is owed, as the reminder e-mail states it, the total in bold under a rule. */
  async function amountsTable(a: DunningAmounts): Promise<void> {
    const rows: [string, number][] = [
      ['Openstaand factuurbedrag', a.principal],
      // DUN-6 the organisation's fee; DUN-12 the statutory scale's collection costs, named as the law does.
      [
        input.policy.dunning.costs.kind === 'statutory-scale' ? 'Incassokosten' : 'Administratiekosten',
        a.fees,
      ],
      ['Wettelijke rente', a.interest],
    ];
    const left = (TEXT.left + 8) * MM;
    const right = (TEXT.left + 110) * MM;
    room(5 * 16);
    y -= 8;
    const row = async (label: string, cents: number, weight: Weight = 'regular') => {
      await text.draw(page, label, { x: left, y, size: 10.5, weight, color: INK });
      const amount = formatEuro(cents);
      await text.draw(page, amount, { x: right - text.width(amount, 10.5, weight), y, size: 10.5, weight });
      y -= 16;
    };
    for (const [label, cents] of rows) await row(label, cents);
    page.drawLine({
      start: { x: left, y: y + 11 },
      end: { x: right, y: y + 11 },
      thickness: 0.6,
      color: INK,
    });
    await row('Totaal te betalen', a.total, 'bold');
    y -= 8;
  }
}
