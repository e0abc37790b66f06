import { PDFDocument, rgb } from 'pdf-lib';
import { maskedIban, paymentOf, printedIban } from './invoice-payment.ts';
import type { InvoiceRecord } from './invoices.ts';
import { hoursNumber, longDate, monthName } from './messages/common.ts';
import { paymentText } from './messages/invoice.ts';
import { formatEuro } from './money.ts';
import { PdfText, type Weight } from './pdf-text.ts';
import type { Policy } from './policy.ts';
import type { ParentRecord } from './records.ts';

const PAGE = { width: 595, height: 842, left: 50, right: 545, bottom: 60 };
/** Right edges of the table's number columns, and the description's width before them. */
const COLUMNS = { hours: 385, rate: 465, amount: PAGE.right, description: 270 };
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.35, 0.35, 0.35);

/**
 * The invoice as a PDF (issue 8 item 9): the organisation's name, address and KvK number from the
 * policy; per line the hours and the hourly rate beside the amount; how it is paid, with the mandate
 * reference and the masked IBAN for a direct debit. Every name is drawn in a font that has it (issue 7
 * item 1), and a long one wraps instead of being cut off.
 */
export async function invoicePdf(
  parent: ParentRecord,
  invoice: InvoiceRecord,
  policy: Policy,
): Promise<Uint8Array> {
  const lang = parent.language;
  const nl = lang === 'nl';
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${nl ? 'Factuur' : 'Invoice'} ${invoice.number}`);
  pdf.setAuthor(policy.organisation.name);
  pdf.setCreationDate(new Date(`${invoice.issuedOn}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${invoice.issuedOn}T12:00:00Z`));
  const text = await PdfText.for(pdf);
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = 790;
  const newPageIfFull = (height: number) => {
    if (y - height >= PAGE.bottom) return;
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = 790;
  };
  type Style = { size?: number; weight?: Weight; color?: ReturnType<typeof rgb> };
  /** A paragraph at the left margin, wrapped to the page's width. */
  const paragraph = async (content: string, style: Style = {}) => {
    const size = style.size ?? 11;
    for (const row of text.wrap(content, size, PAGE.right - PAGE.left, style.weight)) {
      newPageIfFull(size + 4);
      await text.draw(page, row, {
        x: PAGE.left,
        y,
        size,
        weight: style.weight,
        color: style.color ?? INK,
      });
      y -= size + 5;
    }
  };
  const rightAligned = async (content: string, right: number, style: Style = {}) => {
    const size = style.size ?? 11;
    const x = right - text.width(content, size, style.weight);
    await text.draw(page, content, { x, y, size, weight: style.weight, color: style.color ?? INK });
  };

  const org = policy.organisation;
  await paragraph(org.name, { size: 14, weight: 'bold' });
  await paragraph(org.address.join(', '), { size: 9, color: GREY });
  await paragraph(`KvK ${org.kvk} · IBAN ${printedIban(policy.creditor.iban)}`, { size: 9, color: GREY });
  y -= 20;
  await paragraph(`${nl ? 'Factuur' : 'Invoice'} ${invoice.number}`, { size: 16, weight: 'bold' });
  y -= 4;
  const payment = paymentOf(parent, invoice);
  await paragraph(`${nl ? 'Aan' : 'To'}: ${parent.name}`);
  await paragraph(`${nl ? 'Factuurdatum' : 'Invoice date'}: ${longDate(invoice.issuedOn, lang)}`);
  await paragraph(`${nl ? 'Periode' : 'Period'}: ${monthName(invoice.month, lang)}`);
  if (payment.method === 'direct-debit') {
    await paragraph(`${nl ? 'Incassodatum' : 'Debit date'}: ${longDate(invoice.debitOn, lang)}`);
    await paragraph(`${nl ? 'Machtigingskenmerk' : 'Mandate reference'}: ${payment.mandateId}`);
    await paragraph(`${nl ? 'Rekening' : 'Account'}: ${maskedIban(payment.iban)}`);
  } else if (payment.method === 'transfer')
    await paragraph(`${nl ? 'Uiterste betaaldatum' : 'Due date'}: ${longDate(invoice.debitOn, lang)}`);
  y -= 18;

  const header: Style = { size: 10, weight: 'bold' };
  newPageIfFull(30);
  await text.draw(page, nl ? 'Omschrijving' : 'Description', { x: PAGE.left, y, size: 10, weight: 'bold' });
  await rightAligned(nl ? 'Uren' : 'Hours', COLUMNS.hours, header);
  await rightAligned(nl ? 'Uurtarief' : 'Hourly rate', COLUMNS.rate, header);
  await rightAligned(nl ? 'Bedrag' : 'Amount', COLUMNS.amount, header);
  y -= 18;
  for (const line of invoice.lines) {
    // The numbers stand on the description's last row, so that a wrapped name reads on in one piece.
    const rows = text.wrap(line.description, 11, COLUMNS.description);
    const parts = line.hoursAtRates ?? [];
    const numbersFrom = rows.length - 1;
    const height = numbersFrom + Math.max(1, parts.length);
    newPageIfFull(16 * height);
    for (let i = 0; i < height; i++) {
      const row = rows[i];
      if (row) await text.draw(page, row, { x: PAGE.left, y, size: 11, color: INK });
      const part = parts[i - numbersFrom];
      if (part) {
        await rightAligned(hoursNumber(part.hours, lang), COLUMNS.hours);
        await rightAligned(formatEuro(part.rate), COLUMNS.rate);
      }
      if (i === numbersFrom) await rightAligned(formatEuro(line.amount), COLUMNS.amount);
      y -= 16;
    }
    y -= 2;
  }
  y -= 6;
  newPageIfFull(16);
  await text.draw(page, nl ? 'Totaal' : 'Total', { x: PAGE.left, y, size: 11, weight: 'bold' });
  await rightAligned(formatEuro(invoice.total), COLUMNS.amount, { weight: 'bold' });
  y -= 36;
  for (const sentence of paymentText(payment, invoice, policy, lang)) await paragraph(sentence, { size: 10 });
  return pdf.save({ useObjectStreams: false });
}
