import { maskedIban, type Payment, paymentOf, printedIban } from '../invoice-payment.ts';
import type { InvoiceRecord } from '../invoices.ts';
import type { HoursAtRate, InvoiceLine } from '../invoicing.ts';
import type { Policy } from '../policy.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Language, type Texts, WORDING, type Wording } from './common.ts';

interface PaymentValues {
  invoice: InvoiceRecord;
  creditor: Policy['creditor'];
}

type PaymentTexts = {
  [M in Payment['method']]: (
    payment: Extract<Payment, { method: M }>,
    v: PaymentValues,
    say: Wording,
  ) => string[];
};

/**
 * The sentences on paying, the same in the e-mail and the PDF: when and from which account the debit
 * is taken, or how to transfer (amount, the organisation's IBAN, the invoice number as the reference,
 * the due date), or that we pay a credit back.
 */
const PAYMENT_TEXT: Record<Language, PaymentTexts> = {
  nl: {
    credit: (_, v, say) => [
      `Dit is een creditfactuur: u ontvangt ${say.euro(-v.invoice.total)} van ons terug. Wij maken het bedrag over naar uw rekening.`,
    ],
    settled: () => [
      'Uw tegoed uit eerdere betalingen dekt deze factuur: u hoeft niets te betalen en wij schrijven niets af.',
    ],
    transfer: (_, v, say) => [
      `Wij kunnen dit bedrag niet automatisch incasseren. Wilt u ${say.euro(v.invoice.total)} uiterlijk ${say.date(v.invoice.debitOn)} overmaken naar rekening ${printedIban(v.creditor.iban)} ten name van ${v.creditor.name}, onder vermelding van factuurnummer ${v.invoice.number}?`,
    ],
    'direct-debit': (payment, v, say) => [
      `Het bedrag van ${say.euro(v.invoice.total)} wordt op ${say.date(v.invoice.debitOn)} automatisch afgeschreven van uw rekening ${maskedIban(payment.iban)} (machtigingskenmerk ${payment.mandateId}, incassant-ID ${v.creditor.id}).`,
      'Lukt de incasso niet, dan vragen wij u het bedrag zelf over te maken.',
    ],
  },
  en: {
    credit: (_, v, say) => [
      `This is a credit note: we owe you ${say.euro(-v.invoice.total)} and will transfer it to your account.`,
    ],
    settled: () => [
      'Your credit from earlier payments covers this invoice: there is nothing to pay and nothing will be debited.',
    ],
    transfer: (_, v, say) => [
      `We cannot collect this amount by direct debit. Please transfer ${say.euro(v.invoice.total)} by ${say.date(v.invoice.debitOn)} to account ${printedIban(v.creditor.iban)} in the name of ${v.creditor.name}, quoting invoice number ${v.invoice.number}.`,
    ],
    'direct-debit': (payment, v, say) => [
      `The amount of ${say.euro(v.invoice.total)} will be collected by direct debit on ${say.date(v.invoice.debitOn)} from your account ${maskedIban(payment.iban)} (mandate reference ${payment.mandateId}, creditor ID ${v.creditor.id}).`,
      'If the debit fails, please transfer the amount yourself.',
    ],
  },
};

export function paymentText(
  payment: Payment,
  invoice: InvoiceRecord,
  policy: Pick<Policy, 'creditor'>,
  language: Language,
): string[] {
  const texts = PAYMENT_TEXT[language];
  const v = { invoice, creditor: policy.creditor };
  const say = WORDING[language];
  switch (payment.method) {
    case 'credit':
      return texts.credit(payment, v, say);
    case 'settled':
      return texts.settled(payment, v, say);
    case 'transfer':
      return texts.transfer(payment, v, say);
    case 'direct-debit':
      return texts['direct-debit'](payment, v, say);
  }
}

interface Values {
  invoice: InvoiceRecord;
  /** The sentences on paying, in the parent's language (`paymentText`). */
  payment: string[];
}

/** "  Opvang Daan (80 uur à € 8,62 per uur): € 689,60": a line with the hours and rates it bills (issue 8 item 9). */
function lineText(
  line: InvoiceLine,
  say: Wording,
  hoursAtRate: (part: HoursAtRate) => string,
  and: string,
): string {
  const parts = line.hoursAtRates ?? [];
  const hours = parts.length ? ` (${parts.map(hoursAtRate).join(and)})` : '';
  return `  ${line.description}${hours}: ${say.euro(line.amount)}`;
}

const TEXT: Texts<Values> = {
  nl: (v, say) => ({
    subject: `Factuur ${v.invoice.number} kinderopvang ${say.month(v.invoice.month)}`,
    lines: [
      `Hierbij ontvangt u factuur ${v.invoice.number} voor de kinderopvang in ${say.month(v.invoice.month)} (bijgevoegd als PDF).`,
      '',
      ...v.invoice.lines.map((line) =>
        lineText(line, say, (p) => `${say.hours(p.hours)} uur à ${say.euro(p.rate)} per uur`, ' en '),
      ),
      `  Totaal: ${say.euro(v.invoice.total)}`,
      '',
      ...v.payment,
    ],
  }),
  en: (v, say) => ({
    subject: `Invoice ${v.invoice.number} childcare ${say.month(v.invoice.month)}`,
    lines: [
      `Please find attached invoice ${v.invoice.number} for childcare in ${say.month(v.invoice.month)}.`,
      '',
      ...v.invoice.lines.map((line) =>
        lineText(line, say, (p) => `${say.hours(p.hours)} hours at ${say.euro(p.rate)} an hour`, ' and '),
      ),
      `  Total: ${say.euro(v.invoice.total)}`,
      '',
      ...v.payment,
    ],
  }),
};

/**
 * INV-5: the invoice e-mail states the amount and the debit date (or how to pay otherwise); the invoice
 * itself is a PDF the caller attaches. Signed by the finance team and the organisation.
 */
export function invoiceEmail(
  parent: ParentRecord,
  invoice: InvoiceRecord,
  policy: Pick<Policy, 'creditor' | 'organisation' | 'teams'>,
): Email {
  return emailTo(
    parent,
    { kind: 'invoice', ref: invoice.number },
    TEXT,
    { invoice, payment: paymentText(paymentOf(parent, invoice), invoice, policy, parent.language) },
    { team: policy.teams.finance, organisation: policy.organisation.name },
  );
}
