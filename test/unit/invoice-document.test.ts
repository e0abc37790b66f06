import { describe, expect, it } from 'vitest';
import { invoicePdf } from '#shared/invoice-document.ts';
import { maskedIban, paymentOf } from '#shared/invoice-payment.ts';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { invoiceEmail } from '#shared/messages/invoice.ts';
import { ACCRETE_2020, type Policy } from '#shared/policy.ts';
import type { ParentRecord } from '#shared/records.ts';
import { invoiceFor } from '../support/fixtures.ts';
import { pdfTextOnOneLine } from '../support/pdf-reading.ts';

/**
 * The invoice as the parent reads it, in the e-mail and in the PDF. Issue 8 item 6: a direct debit is
 * promised only where there is one; without a valid IBAN and mandate the parent is told how to transfer;
 * a credit invoice says neither. Issue 8 item 9: hours and rates per line, the mandate reference and the
 * masked IBAN, the organisation from the policy. Amounts have a no-break space after the euro sign.
 */
const NBSP = '\u00a0';
const euro = (text: string) => `€${NBSP}${text}`;
/** pdf.js reads a no-break space as a space: what a PDF's text is compared with. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

const withMandate: ParentRecord = {
  type: 'parent',
  id: 'p1',
  name: 'Şükrü Yılmaz',
  email: 'sukru@example.nl',
  language: 'nl',
  iban: 'NL91ABNA0417164300',
  mandate: { id: 'OPVANG-P1', signed: '2026-12-01' },
};
const withoutMandate: ParentRecord = {
  ...withMandate,
  id: 'p2',
  name: 'Łucja Wiśniewska',
  mandate: undefined,
};
const badIban: ParentRecord = { ...withMandate, id: 'p3', iban: 'NL91ABNA0417164301' };

const march: InvoiceRecord = {
  ...invoiceFor('Ayşe Yılmaz'),
  lines: [
    ...invoiceFor('Ayşe Yılmaz').lines,
    { kind: 'change-fee', contract: 'c1', description: 'Wijzigingskosten', amount: 5000 },
  ],
  total: 64021,
};
const credit: InvoiceRecord = {
  ...march,
  number: '2027-000043',
  lines: [{ kind: 'settlement', contract: 'c1', description: 'Eindafrekening maart 2027', amount: -12652 }],
  total: -12652,
};
const english = (parent: ParentRecord): ParentRecord => ({ ...parent, language: 'en' });

describe('issue 8 item 6: a direct debit is promised only where there is one', () => {
  it('INV-6: a valid IBAN and a mandate are collected; no IBAN, no mandate or an invalid IBAN are not', () => {
    expect(paymentOf(withMandate, march)).toEqual({
      method: 'direct-debit',
      iban: 'NL91ABNA0417164300',
      mandateId: 'OPVANG-P1',
    });
    expect(paymentOf(withoutMandate, march)).toEqual({ method: 'transfer' });
    expect(paymentOf({ ...withMandate, iban: undefined }, march)).toEqual({ method: 'transfer' });
    expect(paymentOf(badIban, march)).toEqual({ method: 'transfer' });
    expect(paymentOf(withMandate, credit)).toEqual({ method: 'credit' });
  });

  it('the e-mail to a parent with a mandate says when and from which account the debit is taken (Dutch)', () => {
    const { text } = invoiceEmail(withMandate, march, ACCRETE_2020);
    expect(text).toContain(
      `Het bedrag van ${euro('640,21')} wordt op 1 maart 2027 automatisch afgeschreven van uw rekening **** **** **** **43 00 (machtigingskenmerk OPVANG-P1, incassant-ID NL57ZZZ999999999999).`,
    );
    expect(text).not.toContain('overmaken naar rekening');
    expect(text).not.toContain('NL91ABNA0417164300');
  });

  it('the e-mail to a parent without a mandate asks for a transfer: amount, IBAN, reference, due date (Dutch)', () => {
    const { text } = invoiceEmail(withoutMandate, march, ACCRETE_2020);
    expect(text).toContain(
      `Wilt u ${euro('640,21')} uiterlijk 1 maart 2027 overmaken naar rekening NL20 INGB 0001 2345 67 ten name van Kinderopvang Accrete B.V., onder vermelding van factuurnummer 2027-000042?`,
    );
    expect(text).not.toMatch(/afgeschreven|Lukt de incasso niet/);
    expect(invoiceEmail(badIban, march, ACCRETE_2020).text).not.toMatch(/afgeschreven|Lukt de incasso niet/);
  });

  it('the same in English', () => {
    expect(invoiceEmail(english(withMandate), march, ACCRETE_2020).text).toContain(
      `The amount of ${euro('640,21')} will be collected by direct debit on 1 March 2027 from your account **** **** **** **43 00 (mandate reference OPVANG-P1, creditor ID NL57ZZZ999999999999).`,
    );
    const transfer = invoiceEmail(english(withoutMandate), march, ACCRETE_2020).text;
    expect(transfer).toContain(
      `Please transfer ${euro('640,21')} by 1 March 2027 to account NL20 INGB 0001 2345 67 in the name of Kinderopvang Accrete B.V., quoting invoice number 2027-000042.`,
    );
    expect(transfer).not.toMatch(/direct debit on|collected/);
  });

  it('a credit invoice promises neither a debit nor asks for a transfer (INV-6), in Dutch and English', () => {
    const nl = invoiceEmail(withMandate, credit, ACCRETE_2020).text;
    expect(nl).toContain(`u ontvangt ${euro('126,52')} van ons terug`);
    expect(nl).not.toMatch(/afgeschreven|overmaken naar rekening/);
    const en = invoiceEmail(english(withoutMandate), credit, ACCRETE_2020).text;
    expect(en).toContain(`we owe you ${euro('126,52')}`);
    expect(en).not.toMatch(/collected by direct debit|Please transfer/);
  });

  it('the PDF says the same as the e-mail: a debit with mandate and masked IBAN, or a transfer', async () => {
    const debit = await pdfTextOnOneLine(await invoicePdf(withMandate, march, ACCRETE_2020));
    expect(debit).toContain('Incassodatum: 1 maart 2027');
    expect(debit).toContain('Machtigingskenmerk: OPVANG-P1');
    expect(debit).toContain('Rekening: **** **** **** **43 00');
    expect(debit).toContain(
      flat(`Het bedrag van ${euro('640,21')} wordt op 1 maart 2027 automatisch afgeschreven`),
    );
    expect(debit).not.toMatch(/NL91 ?ABNA/);
    const transfer = await pdfTextOnOneLine(await invoicePdf(english(withoutMandate), march, ACCRETE_2020));
    expect(transfer).toContain('Due date: 1 March 2027');
    expect(transfer).toContain(
      flat(
        `Please transfer ${euro('640,21')} by 1 March 2027 to account NL20 INGB 0001 2345 67 in the name of Kinderopvang Accrete B.V., quoting invoice number 2027-000042.`,
      ),
    );
    expect(transfer).not.toMatch(/Debit date|Mandate reference|collected/);
    const credited = await pdfTextOnOneLine(await invoicePdf(withMandate, credit, ACCRETE_2020));
    expect(credited).toContain(flat(`Totaal ${euro('-126,52')}`));
    expect(credited).not.toMatch(/Incassodatum|afgeschreven|overmaken naar rekening/);
  });
});

describe('issue 8 item 9: what parents need from an invoice', () => {
  it('masks the IBAN to be debited but for its last four characters', () => {
    expect(maskedIban('NL91ABNA0417164300')).toBe('**** **** **** **43 00');
    expect(maskedIban('nl91 abna 0417 1643 00')).toBe('**** **** **** **43 00');
    expect(maskedIban('DE89370400440532013000')).toBe('**** **** **** **** **30 00');
  });

  it('each line of the e-mail states its hours and hourly rate beside the amount (INV-1, TAR-2)', () => {
    const nl = invoiceEmail(withMandate, march, ACCRETE_2020).text;
    expect(nl).toContain(
      `  Dagopvang (vaste dagen) Ayşe Yılmaz (65 uur à ${euro('8,62')} per uur): ${euro('560,30')}`,
    );
    expect(nl).toContain(
      `  Extra opvang Ayşe Yılmaz 2027-02-03 (3 uur) (3 uur à ${euro('9,97')} per uur): ${euro('29,91')}`,
    );
    expect(nl).toContain(`  Wijzigingskosten: ${euro('50,00')}`);
    expect(nl).toContain(`  Totaal: ${euro('640,21')}`);
    const en = invoiceEmail(english(withMandate), march, ACCRETE_2020).text;
    expect(en).toContain(`(65 hours at ${euro('8,62')} an hour): ${euro('560,30')}`);
  });

  it('the PDF has a column of hours and one of hourly rates, and two rates for a month split by a price change', async () => {
    const split: InvoiceRecord = {
      ...march,
      lines: [
        {
          kind: 'contract',
          contract: 'c1',
          description: 'Dagopvang (vaste dagen) Ayşe Yılmaz',
          amount: 57265,
          // TAR-6: 1–15 June at € 8,62, 16–30 June at € 9,00, 32,5 h each (€ 280,15 + € 292,50).
          hoursAtRates: [
            { hours: 32.5, rate: 862 },
            { hours: 32.5, rate: 900 },
          ],
        },
      ],
      total: 57265,
    };
    const text = await pdfTextOnOneLine(await invoicePdf(withMandate, split, ACCRETE_2020));
    expect(text).toContain('Omschrijving Uren Uurtarief Bedrag');
    expect(text).toContain(
      flat(`Dagopvang (vaste dagen) Ayşe Yılmaz 32,5 ${euro('8,62')} ${euro('572,65')} 32,5 ${euro('9,00')}`),
    );
  });

  it("names the organisation, its address and KvK number from the policy's settings", async () => {
    const policy: Policy = {
      ...ACCRETE_2020,
      organisation: {
        name: 'Stichting Kindcentra Zwolle',
        address: ['Grote Markt 1', '8011 LW Zwolle'],
        kvk: '87654321',
      },
    };
    const text = await pdfTextOnOneLine(await invoicePdf(withMandate, march, policy));
    expect(text).toMatch(/^Stichting Kindcentra Zwolle Grote Markt 1, 8011 LW Zwolle KvK 87654321/);
    expect(invoiceEmail(withMandate, march, policy).text).toMatch(/Stichting Kindcentra Zwolle$/);
  });
});
