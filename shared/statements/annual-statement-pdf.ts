import { PDFDocument, rgb } from 'pdf-lib';
import { hoursNumber, type Language, longDate, monthName } from '../messages/common.ts';
import { formatEuro } from '../money.ts';
import { PdfText, type Weight } from '../pdf-text.ts';
import type { Policy } from '../policy.ts';
import { PRODUCT_RULES } from '../products.ts';
import type { AnnualStatementFacts } from './annual-statement.ts';

const PAGE = { width: 595, height: 842, left: 56, right: 539, bottom: 60 };
/** Right edges of the month table's columns. */
const COLUMNS = { hours: 380, amount: PAGE.right };
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.7, 0.7, 0.7);

export interface StatementDocument {
  facts: AnnualStatementFacts;
  policy: Pick<Policy, 'organisation'>;
  parent: { name: string; language: Language };
  /** INV-8: the BSN in full: the statement is the one place it is printed. */
  bsn?: string;
  /** The day it is issued. */
  issuedOn: string;
}

const LABELS = {
  nl: {
    title: (year: number) => `Jaaropgave kinderopvang ${year}`,
    organisation: 'Kinderopvangorganisatie',
    kvk: 'KvK-nummer',
    location: 'Locatie',
    lrk: 'Registratienummer LRK',
    parent: 'Ouder / aanvrager',
    bsn: 'BSN',
    noBsn: 'niet bij ons bekend',
    child: 'Kind',
    born: 'Geboortedatum',
    care: 'Soort opvang',
    month: 'Maand',
    hours: 'Uren',
    amount: 'Bedrag',
    total: (year: number) => `Totaal ${year}`,
    average: 'Gemiddelde uurprijs',
    paid: (year: number) => `Totaal betaald voor ${year}`,
    issued: 'Datum',
    note: 'Bewaar deze jaaropgave: de Belastingdienst/Toeslagen kan ernaar vragen bij de definitieve berekening van uw kinderopvangtoeslag. De uren en bedragen zijn die van de gefactureerde opvang in dit jaar.',
  },
  en: {
    title: (year: number) => `Annual childcare statement ${year}`,
    organisation: 'Childcare organisation',
    kvk: 'Chamber of Commerce no.',
    location: 'Location',
    lrk: 'LRK registration number',
    parent: 'Parent / applicant',
    bsn: 'BSN',
    noBsn: 'not known to us',
    child: 'Child',
    born: 'Date of birth',
    care: 'Type of care',
    month: 'Month',
    hours: 'Hours',
    amount: 'Amount',
    total: (year: number) => `Total ${year}`,
    average: 'Average hourly price',
    paid: (year: number) => `Total paid for ${year}`,
    issued: 'Date',
    note: 'Keep this statement: the Dutch tax authority (Belastingdienst/Toeslagen) may ask for it when it settles your childcare allowance. The hours and amounts are those of the care invoiced in this year.',
  },
} as const;

const CARE_NAMES: Record<string, { nl: string; en: string }> = {
  'day-care': { nl: 'dagopvang', en: 'day care' },
  'out-of-school': { nl: 'buitenschoolse opvang', en: 'out-of-school care' },
};

/**
 * INV-8: the annual statement as an A4 PDF: who gives the care (the organisation and the location with
 * its LRK number), for whom (parent with BSN, child with date of birth), the hours and amount of each
 * month, the year's totals, the average hourly price and what was paid. Every name is drawn in a font
 * that has its letters, and a long name wraps.
 */
export async function annualStatementPdf(input: StatementDocument): Promise<Uint8Array> {
  const { facts, policy, parent } = input;
  const lang = parent.language;
  const label = LABELS[lang];
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${label.title(facts.year)} ${facts.child.name}`);
  pdf.setAuthor(policy.organisation.name);
  pdf.setCreationDate(new Date(`${input.issuedOn}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${input.issuedOn}T12:00:00Z`));
  const text = await PdfText.for(pdf);
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = 786;
  const newPageIfFull = (height: number) => {
    if (y - height >= PAGE.bottom) return;
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = 786;
  };
  type Style = { size?: number; weight?: Weight; color?: ReturnType<typeof rgb> };
  const paragraph = async (content: string, style: Style = {}, left = PAGE.left) => {
    const size = style.size ?? 11;
    for (const row of text.wrap(content, size, PAGE.right - left, style.weight)) {
      newPageIfFull(size + 4);
      await text.draw(page, row, { x: left, y, size, weight: style.weight, color: style.color ?? INK });
      y -= size + 5;
    }
  };
  const rightAligned = async (content: string, right: number, style: Style = {}) => {
    const size = style.size ?? 11;
    const x = right - text.width(content, size, style.weight);
    await text.draw(page, content, { x, y, size, weight: style.weight, color: style.color ?? INK });
  };
  /** A label in grey with its value beside it, wrapped under itself. */
  const field = async (name: string, value: string) => {
    const valueLeft = PAGE.left + 170;
    const rows = text.wrap(value, 11, PAGE.right - valueLeft);
    newPageIfFull(16 * rows.length);
    await text.draw(page, name, { x: PAGE.left, y, size: 10, color: GREY });
    for (const row of rows) {
      await text.draw(page, row, { x: valueLeft, y, size: 11, color: INK });
      y -= 16;
    }
  };
  const rule = () => {
    page.drawLine({
      start: { x: PAGE.left, y: y + 10 },
      end: { x: PAGE.right, y: y + 10 },
      thickness: 0.5,
      color: RULE,
    });
  };

  await paragraph(label.title(facts.year), { size: 18, weight: 'bold' });
  y -= 10;
  const org = policy.organisation;
  await field(label.organisation, org.name);
  await field('', org.address.join(', '));
  await field(label.kvk, org.kvk);
  y -= 6;
  await field(label.location, facts.location.name);
  await field('', facts.location.address.join(', '));
  await field(label.lrk, facts.location.lrk);
  y -= 6;
  await field(label.parent, parent.name);
  await field(label.bsn, input.bsn ?? label.noBsn);
  y -= 6;
  await field(label.child, facts.child.name);
  await field(label.born, longDate(facts.child.birthDate, lang));
  const care = [...new Set(facts.products.map((p) => CARE_NAMES[PRODUCT_RULES[p].careType]?.[lang] ?? p))];
  await field(label.care, `${care.join(', ')} (${facts.products.join(', ')})`);
  y -= 18;

  newPageIfFull(40);
  await text.draw(page, label.month, { x: PAGE.left, y, size: 10, weight: 'bold' });
  await rightAligned(label.hours, COLUMNS.hours, { size: 10, weight: 'bold' });
  await rightAligned(label.amount, COLUMNS.amount, { size: 10, weight: 'bold' });
  y -= 16;
  for (const month of facts.months) {
    newPageIfFull(16);
    await text.draw(page, monthName(month.month, lang), { x: PAGE.left, y, size: 11, color: INK });
    await rightAligned(hoursNumber(month.hundredths / 100, lang), COLUMNS.hours);
    await rightAligned(formatEuro(month.amount), COLUMNS.amount);
    y -= 16;
  }
  y -= 4;
  newPageIfFull(60);
  rule();
  await text.draw(page, label.total(facts.year), { x: PAGE.left, y, size: 11, weight: 'bold' });
  await rightAligned(hoursNumber(facts.hundredths / 100, lang), COLUMNS.hours, { weight: 'bold' });
  await rightAligned(formatEuro(facts.amount), COLUMNS.amount, { weight: 'bold' });
  y -= 22;
  if (facts.averageHourly !== undefined) {
    await text.draw(page, label.average, { x: PAGE.left, y, size: 11, color: INK });
    await rightAligned(formatEuro(facts.averageHourly), COLUMNS.amount);
    y -= 16;
  }
  await text.draw(page, label.paid(facts.year), { x: PAGE.left, y, size: 11, weight: 'bold' });
  await rightAligned(formatEuro(facts.paid), COLUMNS.amount, { weight: 'bold' });
  y -= 30;
  await paragraph(label.note, { size: 9, color: GREY });
  y -= 6;
  await paragraph(`${label.issued}: ${longDate(input.issuedOn, lang)}`, { size: 9, color: GREY });
  return pdf.save({ useObjectStreams: false });
}
