import { describe, expect, it } from 'vitest';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { cancellationEmail } from '#shared/messages/cancellation.ts';
import { contractChangeEmail } from '#shared/messages/contract-change.ts';
import { extraCareEmail } from '#shared/messages/extra-care.ts';
import { invoiceEmail } from '#shared/messages/invoice.ts';
import { priceChangeEmail } from '#shared/messages/price-change.ts';
import { formatEuro } from '#shared/money.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';

/**
 * Issue 8 item 7: money is formatted in one place, `Intl.NumberFormat('nl-NL', {style: 'currency',
 * currency: 'EUR'})`. There were four formatters that disagreed: "- € 1.234,56" against "€ -1234,56",
 * thousands with and without a dot. Every e-mail now writes an amount as the invoice does.
 */
const NBSP = '\u00a0';

const parent: ParentRecord = {
  type: 'parent',
  id: 'p1',
  name: 'Nguyễn Thị Minh Khai',
  email: 'minh@example.nl',
  language: 'nl',
};
const contract: ContractRecord = {
  type: 'contract',
  id: 'c1',
  parentId: 'p1',
  status: 'active',
  signedOn: '2026-12-01',
  child: { name: 'Nguyễn Văn Đức', birthDate: '2025-05-10' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
  start: '2027-01-01',
  end: '2029-05-09',
};

describe('issue 8 item 7: one money formatter', () => {
  it('writes amounts as Intl does for nl-NL: thousands with a dot, cents after a comma, a no-break space', () => {
    expect(formatEuro(123456)).toBe(`€${NBSP}1.234,56`);
    expect(formatEuro(123456789)).toBe(`€${NBSP}1.234.567,89`);
    expect(formatEuro(5)).toBe(`€${NBSP}0,05`);
    expect(formatEuro(0)).toBe(`€${NBSP}0,00`);
  });

  it('writes a negative amount with its minus after the euro sign, as Intl does', () => {
    expect(formatEuro(-123456)).toBe(`€${NBSP}-1.234,56`);
    expect(formatEuro(-5)).toBe(`€${NBSP}-0,05`);
    expect(formatEuro(-123456)).toBe(
      new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(-1234.56),
    );
  });

  it('every e-mail writes its amounts with it, thousands included', () => {
    expect(
      contractChangeEmail(parent, contract, { effective: '2027-03-01', ref: 'r1' }, 123456, ACCRETE_2020)
        .text,
    ).toContain(`hiervoor brengen wij €${NBSP}1.234,56 in rekening`);
    expect(cancellationEmail(parent, contract, 56030, ACCRETE_2020).text).toContain(
      `één maandbedrag: €${NBSP}560,30`,
    );
    expect(
      extraCareEmail(
        parent,
        contract,
        {
          id: 'x1',
          date: '2027-02-03',
          hours: 3,
          amount: 2991,
          billMonth: '2027-03',
        },
        ACCRETE_2020,
      ).text,
    ).toContain(`(3 uur): €${NBSP}29,91`);
    expect(
      priceChangeEmail(
        parent,
        '2027-07-01',
        [{ contract: 'c1', child: 'Đức', product: 'KDV', oldRate: 862, newRate: 900, newMonthly: 58500 }],
        ACCRETE_2020,
      ).text,
    ).toContain(`€${NBSP}8,62 → €${NBSP}9,00 per uur; nieuw maandbedrag €${NBSP}585,00`);
    const credit: InvoiceRecord = {
      type: 'invoice',
      id: 'p1#2027-04',
      number: '2027-000077',
      parentId: 'p1',
      month: '2027-04',
      issuedOn: '2027-03-22',
      debitOn: '2027-04-01',
      lines: [{ kind: 'settlement', contract: 'c1', description: 'Eindafrekening', amount: -123456 }],
      total: -123456,
      status: 'open',
      paid: 0,
    };
    const text = invoiceEmail(parent, credit, ACCRETE_2020).text;
    expect(text).toContain(`  Eindafrekening: €${NBSP}-1.234,56`);
    expect(text).toContain(`  Totaal: €${NBSP}-1.234,56`);
    expect(text).toContain(`u ontvangt €${NBSP}1.234,56 van ons terug`);
  });
});
