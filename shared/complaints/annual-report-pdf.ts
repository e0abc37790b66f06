import { PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import { longDate } from '../messages/common.ts';
import { PdfText, type Weight } from '../pdf-text.ts';
import type { Policy } from '../policy.ts';
import type { AnnualComplaintsReport, ComplaintCounts } from './annual-report.ts';

const PAGE = { width: 595, height: 842, left: 56, right: 539, top: 786, bottom: 60 };
/** The table: labels indented under their group, counts right-aligned at this edge. */
const TABLE = { label: PAGE.left + 12, count: 420 };
const ROW = 15;
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.7, 0.7, 0.7);

/** The rows of each location's table, in groups: the nature, the outcomes, measures and disputes (KLA-9). */
const GROUPS: { title: string; rows: [string, (c: ComplaintCounts) => number][] }[] = [
  {
    title: 'Aard van de klachten',
    rows: [
      ['Opvang of bejegening', (c) => c.nature.care],
      ['Contract, prijs, factuur of openingstijden', (c) => c.nature.money],
      ['Anders', (c) => c.nature.other],
      ['Ingediend door een ouder', (c) => c.nature.byParent],
      ['Ingediend door de oudercommissie', (c) => c.nature.byParentsCommittee],
    ],
  },
  {
    title: 'Afhandeling',
    rows: [
      ['Beantwoord binnen 6 weken', (c) => c.outcomes.answeredWithinSixWeeks],
      ['Beantwoord na 6 weken', (c) => c.outcomes.answeredLate],
      ['Niet beantwoord', (c) => c.outcomes.notAnswered],
      ['Nog binnen de termijn van 6 weken', (c) => c.outcomes.notYetDue],
      ['Voorgelegd aan de directie (na 6 weken)', (c) => c.outcomes.escalated],
      ['Naar het Klachtenloket Kinderopvang', (c) => c.outcomes.klachtenloket],
      ['Bemiddeling door het Klachtenloket', (c) => c.outcomes.mediation],
      ['Geschil bij de Geschillencommissie', (c) => c.outcomes.disputeFiled],
      ['Bindend advies ontvangen', (c) => c.outcomes.bindingAdvice],
    ],
  },
  {
    title: 'Maatregelen',
    rows: [
      ['Antwoorden met maatregelen', (c) => c.measures.set],
      ['waarvan met een termijn', (c) => c.measures.withTerm],
    ],
  },
  {
    title: 'Geschillen',
    rows: [['Klachten over een factuur', (c) => c.disputes.aboutInvoice]],
  },
];

const TABLE_HEIGHT = ROW * (1 + GROUPS.reduce((n, g) => n + 1 + g.rows.length, 0)) + 8 * GROUPS.length;

/**
 * KLA-9: the annual complaints report as an A4 PDF in Dutch, for the GGD and the parents: the
 * organisation, per location a small table of counts (or the line that a location without complaints
 * needs no report), the totals, and the day it is due to the GGD. Only counts and category words: the
 * report holds nothing that identifies a person.
 */
export async function annualComplaintsReportPdf(
  report: AnnualComplaintsReport,
  policy: Pick<Policy, 'organisation'>,
): Promise<Uint8Array> {
  const title = `Jaarverslag klachten ${report.year}`;
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setAuthor(policy.organisation.name);
  pdf.setCreationDate(new Date(`${report.madeOn}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${report.madeOn}T12:00:00Z`));
  const text = await PdfText.for(pdf);
  let page: PDFPage = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.top;
  const newPageIfFull = (height: number) => {
    if (y - height >= PAGE.bottom) return;
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.top;
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
  const count = async (value: number, weight?: Weight) => {
    const content = String(value);
    const x = TABLE.count - text.width(content, 11, weight);
    await text.draw(page, content, { x, y, size: 11, weight, color: INK });
  };
  const rule = () =>
    page.drawLine({
      start: { x: PAGE.left, y: y + 11 },
      end: { x: TABLE.count, y: y + 11 },
      thickness: 0.5,
      color: RULE,
    });
  const table = async (counts: ComplaintCounts) => {
    await text.draw(page, 'Aantal klachten', { x: PAGE.left, y, size: 11, weight: 'bold', color: INK });
    await count(counts.complaints, 'bold');
    y -= ROW + 4;
    for (const group of GROUPS) {
      rule();
      await text.draw(page, group.title, { x: PAGE.left, y, size: 10, weight: 'bold', color: GREY });
      y -= ROW;
      for (const [label, value] of group.rows) {
        await text.draw(page, label, { x: TABLE.label, y, size: 11, color: INK });
        await count(value(counts));
        y -= ROW;
      }
      y -= 4;
    }
  };

  await paragraph(title, { size: 18, weight: 'bold' });
  y -= 6;
  const org = policy.organisation;
  await paragraph(org.name, { weight: 'bold' });
  await paragraph(org.address.join(', '));
  await paragraph(`KvK-nummer ${org.kvk}`);
  y -= 8;
  await paragraph(
    `Dit verslag beschrijft per locatie het aantal en de aard van de klachten die in ${report.year} bij ons zijn ingediend, hoe ze zijn afgehandeld, welke maatregelen zijn genomen en hoeveel klachten over een factuur gingen (Wet kinderopvang, artikel 1.57b). Het bevat alleen aantallen en is niet herleidbaar tot personen.`,
    { size: 10 },
  );
  await paragraph(
    `Toe te zenden aan de GGD vóór ${longDate(report.dueToGgdBefore, 'nl')} en bekend te maken aan de ouders.`,
    { size: 10, weight: 'bold' },
  );
  if (!report.reportRequired)
    await paragraph(`In ${report.year} zijn geen klachten ingediend: over dit jaar is geen verslag nodig.`, {
      size: 10,
    });
  y -= 10;

  for (const location of report.locations) {
    newPageIfFull(location.reportRequired ? 40 + TABLE_HEIGHT : 60);
    await paragraph(location.location, { size: 13, weight: 'bold' });
    if (location.lrk) await paragraph(`Registratienummer LRK ${location.lrk}`, { size: 9, color: GREY });
    y -= 4;
    if (location.reportRequired) await table(location);
    else
      await paragraph(
        `Geen klachten in ${report.year}: voor deze locatie is over dit jaar geen verslag nodig.`,
        { size: 10 },
      );
    y -= 14;
  }
  // The totals when more than one location had complaints (else they repeat that location's table).
  if (report.locations.filter((l) => l.reportRequired).length > 1) {
    newPageIfFull(40 + TABLE_HEIGHT);
    await paragraph('Alle locaties samen', { size: 13, weight: 'bold' });
    y -= 4;
    await table(report.totals);
    y -= 14;
  }
  newPageIfFull(30);
  await paragraph(`Opgemaakt op ${longDate(report.madeOn, 'nl')}.`, { size: 9, color: GREY });
  return pdf.save({ useObjectStreams: false });
}
