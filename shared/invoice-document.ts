import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { type Email, longDate, MONTHS } from './emails.ts';
import type { InvoiceRecord } from './invoices.ts';
import { formatEuro } from './money.ts';
import type { Policy } from './policy.ts';
import type { ParentRecord } from './records.ts';

/** INV-5: the invoice e-mail states the amount and the debit date; the invoice itself is a PDF attached. */
export function monthName(month: string, language: 'nl' | 'en'): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[language][m - 1]} ${y}`;
}

export function invoiceEmail(parent: ParentRecord, invoice: InvoiceRecord): Email {
  const lang = parent.language;
  const period = monthName(invoice.month, lang);
  const text =
    lang === 'nl'
      ? [
          `Beste ${parent.name},`,
          '',
          `Hierbij ontvangt u factuur ${invoice.number} voor de kinderopvang in ${period} (bijgevoegd als PDF).`,
          '',
          ...invoice.lines.map((l) => `  ${l.description}: ${formatEuro(l.amount)}`),
          `  Totaal: ${formatEuro(invoice.total)}`,
          '',
          ...(invoice.total < 0
            ? [
                `Dit is een creditfactuur: u ontvangt ${formatEuro(-invoice.total)} van ons terug. Wij maken het bedrag over naar uw rekening.`,
              ]
            : [
                `Het bedrag van ${formatEuro(invoice.total)} wordt op ${longDate(invoice.debitOn, lang)} automatisch van uw rekening afgeschreven.`,
                'Lukt de incasso niet, dan vragen wij u het bedrag zelf over te maken.',
              ]),
          '',
          'Met vriendelijke groet,\nFinanciële administratie',
        ]
      : [
          `Dear ${parent.name},`,
          '',
          `Please find attached invoice ${invoice.number} for childcare in ${period}.`,
          '',
          ...invoice.lines.map((l) => `  ${l.description}: ${formatEuro(l.amount)}`),
          `  Total: ${formatEuro(invoice.total)}`,
          '',
          ...(invoice.total < 0
            ? [
                `This is a credit note: we owe you ${formatEuro(-invoice.total)} and will transfer it to your account.`,
              ]
            : [
                `The amount of ${formatEuro(invoice.total)} will be collected from your account by direct debit on ${longDate(invoice.debitOn, lang)}.`,
                'If the debit fails, please transfer the amount yourself.',
              ]),
          '',
          'Kind regards,\nFinance department',
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

/** The invoice as a one-page PDF. */
export async function invoicePdf(
  parent: ParentRecord,
  invoice: InvoiceRecord,
  policy: Policy,
): Promise<Uint8Array> {
  const nl = parent.language === 'nl';
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${nl ? 'Factuur' : 'Invoice'} ${invoice.number}`);
  pdf.setCreationDate(new Date(`${invoice.issuedOn}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${invoice.issuedOn}T12:00:00Z`));
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const write = (text: string, x = 50, f = font, size = 11) => {
    page.drawText(text, { x, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });
  };
  write(policy.creditor.name, 50, bold, 14);
  y -= 40;
  write(`${nl ? 'Factuur' : 'Invoice'} ${invoice.number}`, 50, bold, 16);
  y -= 24;
  write(`${nl ? 'Aan' : 'To'}: ${parent.name}`);
  y -= 16;
  write(`${nl ? 'Factuurdatum' : 'Invoice date'}: ${longDate(invoice.issuedOn, parent.language)}`);
  y -= 16;
  write(`${nl ? 'Periode' : 'Period'}: ${monthName(invoice.month, parent.language)}`);
  y -= 16;
  write(`${nl ? 'Incassodatum' : 'Debit date'}: ${longDate(invoice.debitOn, parent.language)}`);
  y -= 32;
  for (const line of invoice.lines) {
    write(line.description.slice(0, 70));
    const amount = formatEuro(line.amount);
    page.drawText(amount, { x: 545 - font.widthOfTextAtSize(amount, 11), y, size: 11, font });
    y -= 18;
  }
  y -= 8;
  write(nl ? 'Totaal' : 'Total', 50, bold);
  const total = formatEuro(invoice.total);
  page.drawText(total, { x: 545 - bold.widthOfTextAtSize(total, 11), y, size: 11, font: bold });
  y -= 40;
  write(
    invoice.total < 0
      ? nl
        ? 'Creditfactuur: dit bedrag maken wij over naar uw rekening.'
        : 'Credit note: we will transfer this amount to your account.'
      : nl
        ? `Dit bedrag wordt op ${longDate(invoice.debitOn, 'nl')} via automatische incasso afgeschreven.`
        : `This amount will be collected by direct debit on ${longDate(invoice.debitOn, 'en')}.`,
    50,
    font,
    10,
  );
  y -= 14;
  write(`${nl ? 'Incassant-ID' : 'Creditor ID'}: ${policy.creditor.id}`, 50, font, 10);
  return pdf.save({ useObjectStreams: false });
}
