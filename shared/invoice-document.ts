import { electronicFormatIBAN, friendlyFormatIBAN } from 'ibantools';
import { PDFDocument, rgb } from 'pdf-lib';
import { type Email, longDate, MONTHS } from './emails.ts';
import type { InvoiceRecord } from './invoices.ts';
import type { HoursAtRate, InvoiceLine } from './invoicing.ts';
import { formatEuro } from './money.ts';
import { PdfText, type Weight } from './pdf-text.ts';
import type { Policy } from './policy.ts';
import type { ParentRecord } from './records.ts';
import { collectionProblem } from './sepa.ts';

type Language = 'nl' | 'en';

/** INV-5: the invoice e-mail states the amount and the debit date; the invoice itself is a PDF attached. */
export function monthName(month: string, language: Language): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[language][m - 1]} ${y}`;
}

/**
 * How the parent pays (issue 8 item 6): a direct debit is promised only where there is one to collect
 * (a valid IBAN and a mandate: the test the SEPA export applies, INV-6); without it, by transfer. A
 * credit invoice is paid by us, so it says neither.
 */
export type Payment =
  | { method: 'credit' }
  /** DUN-7: the parent's credit paid the whole invoice: nothing to pay or collect. */
  | { method: 'settled' }
  | { method: 'direct-debit'; iban: string; mandateId: string }
  | { method: 'transfer' };

export function paymentOf(parent: ParentRecord, invoice: InvoiceRecord): Payment {
  if (invoice.total < 0) return { method: 'credit' };
  if (invoice.total === 0) return { method: 'settled' };
  // Decided when it was issued (issue 8 item 6); a mandate gone since cannot be collected either.
  if (
    invoice.collect === 'transfer' ||
    collectionProblem(parent.iban, parent.mandate) ||
    !parent.iban ||
    !parent.mandate
  )
    return { method: 'transfer' };
  return { method: 'direct-debit', iban: parent.iban, mandateId: parent.mandate.id };
}

/** Issue 8 item 9: the IBAN to be debited, shown but for its last four characters: "**** **** **** **45 67". */
export function maskedIban(iban: string): string {
  const electronic = electronicFormatIBAN(iban) ?? iban.replace(/\s/g, '').toUpperCase();
  const masked = '*'.repeat(Math.max(0, electronic.length - 4)) + electronic.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

function printedIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban;
}

/**
 * The sentences on paying, the same in the e-mail and the PDF: when and from which account the debit
 * is taken, or how to transfer (amount, the organisation's IBAN, the invoice number as the reference,
 * the due date), or that we pay a credit back.
 */
export function paymentText(
  payment: Payment,
  invoice: InvoiceRecord,
  policy: Policy,
  language: Language,
): string[] {
  const amount = formatEuro(invoice.total);
  const due = longDate(invoice.debitOn, language);
  const creditor = policy.creditor;
  if (payment.method === 'credit')
    return language === 'nl'
      ? [
          `Dit is een creditfactuur: u ontvangt ${formatEuro(-invoice.total)} van ons terug. Wij maken het bedrag over naar uw rekening.`,
        ]
      : [
          `This is a credit note: we owe you ${formatEuro(-invoice.total)} and will transfer it to your account.`,
        ];
  if (payment.method === 'settled')
    return language === 'nl'
      ? ['Uw tegoed uit eerdere betalingen dekt deze factuur: u hoeft niets te betalen en wij schrijven niets af.']
      : ['Your credit from earlier payments covers this invoice: there is nothing to pay and nothing will be debited.'];
  if (payment.method === 'transfer')
    return language === 'nl'
      ? [
          `Wij kunnen dit bedrag niet automatisch incasseren. Wilt u ${amount} uiterlijk ${due} overmaken naar rekening ${printedIban(creditor.iban)} ten name van ${creditor.name}, onder vermelding van factuurnummer ${invoice.number}?`,
        ]
      : [
          `We cannot collect this amount by direct debit. Please transfer ${amount} by ${due} to account ${printedIban(creditor.iban)} in the name of ${creditor.name}, quoting invoice number ${invoice.number}.`,
        ];
  const account = maskedIban(payment.iban);
  return language === 'nl'
    ? [
        `Het bedrag van ${amount} wordt op ${due} automatisch afgeschreven van uw rekening ${account} (machtigingskenmerk ${payment.mandateId}, incassant-ID ${creditor.id}).`,
        'Lukt de incasso niet, dan vragen wij u het bedrag zelf over te maken.',
      ]
    : [
        `The amount of ${amount} will be collected by direct debit on ${due} from your account ${account} (mandate reference ${payment.mandateId}, creditor ID ${creditor.id}).`,
        'If the debit fails, please transfer the amount yourself.',
      ];
}

const HOURS = {
  nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** "80 uur à € 8,62 per uur": the hours of care and the rate, as the line stores them (issue 8 item 9). */
function hoursAtRateText(part: HoursAtRate, language: Language): string {
  const hours = HOURS[language].format(part.hours);
  return language === 'nl'
    ? `${hours} uur à ${formatEuro(part.rate)} per uur`
    : `${hours} hours at ${formatEuro(part.rate)} an hour`;
}

function lineText(line: InvoiceLine, language: Language): string {
  const parts = line.hoursAtRates ?? [];
  const hours = parts.length
    ? ` (${parts.map((p) => hoursAtRateText(p, language)).join(language === 'nl' ? ' en ' : ' and ')})`
    : '';
  return `  ${line.description}${hours}: ${formatEuro(line.amount)}`;
}

export function invoiceEmail(parent: ParentRecord, invoice: InvoiceRecord, policy: Policy): Email {
  const lang = parent.language;
  const period = monthName(invoice.month, lang);
  const payment = paymentText(paymentOf(parent, invoice), invoice, policy, lang);
  const text =
    lang === 'nl'
      ? [
          `Beste ${parent.name},`,
          '',
          `Hierbij ontvangt u factuur ${invoice.number} voor de kinderopvang in ${period} (bijgevoegd als PDF).`,
          '',
          ...invoice.lines.map((l) => lineText(l, lang)),
          `  Totaal: ${formatEuro(invoice.total)}`,
          '',
          ...payment,
          '',
          `Met vriendelijke groet,\nFinanciële administratie\n${policy.organisation.name}`,
        ]
      : [
          `Dear ${parent.name},`,
          '',
          `Please find attached invoice ${invoice.number} for childcare in ${period}.`,
          '',
          ...invoice.lines.map((l) => lineText(l, lang)),
          `  Total: ${formatEuro(invoice.total)}`,
          '',
          ...payment,
          '',
          `Kind regards,\nFinance department\n${policy.organisation.name}`,
        ];
  return {
    kind: 'invoice',
    ref: invoice.number,
    to: parent.email,
    subject:
      lang === 'nl'
        ? `Factuur ${invoice.number} kinderopvang ${period}`
        : `Invoice ${invoice.number} childcare ${period}`,
    text: text.join('\n'),
  };
}

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
        await rightAligned(HOURS[lang].format(part.hours), COLUMNS.hours);
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
