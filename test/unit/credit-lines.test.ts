import { describe, expect, it } from 'vitest';
import { CREDIT_DESCRIPTION, planInvoices } from '#shared/invoices.ts';
import { invoiceEmail } from '#shared/messages/invoice.ts';
import { bankEntryId, invoiceNumbersIn } from '#shared/payments/bank-entries.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';

/** DUN-7, issue 9 item 2: a credit is used by the next invoice as a credit line; never a negative collection. */
const contract = (parentId: string): ContractRecord => ({
  type: 'contract',
  id: `c-${parentId}`,
  parentId,
  status: 'active',
  signedOn: '2026-12-01',
  child: { name: 'Nguyễn Thị Minh Khai', birthDate: '2025-05-10' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { mon: '08:00-18:00' },
  start: '2027-01-01',
  end: '2029-05-09',
});

function april(credits: Map<string, number>) {
  return planInvoices({
    month: '2027-04',
    issuedOn: '2027-03-22',
    policy: ACCRETE_2020,
    parents: ['sukru'],
    contracts: new Map([['sukru', [contract('sukru')]]]),
    extras: [],
    bookings: [],
    collectable: new Set(['sukru']),
    credits,
  }).invoices[0];
}

describe('DUN-7: the next invoice uses the credit', () => {
  it('adds a credit line and collects only what is left', () => {
    const without = april(new Map());
    const gross = without?.total as number;
    const invoice = april(new Map([['sukru', 10_000]]));
    expect(invoice?.lines.at(-1)).toEqual({
      kind: 'credit',
      contract: '',
      description: CREDIT_DESCRIPTION,
      amount: -10_000,
    });
    expect(invoice?.total).toBe(gross - 10_000);
    expect(invoice?.collect).toBe('debit');
  });

  it('uses no more credit than the invoice: nothing to collect, the rest waits, and the e-mail says there is nothing to pay', () => {
    const gross = april(new Map())?.total as number;
    const invoice = april(new Map([['sukru', gross + 5_000]]));
    expect(invoice?.lines.at(-1)?.amount).toBe(-gross);
    expect(invoice?.total).toBe(0);
    expect(invoice?.collect).toBeUndefined();
    const parent: ParentRecord = {
      type: 'parent',
      id: 'sukru',
      name: 'Şükrü Yılmaz',
      email: 'sukru@example.nl',
      language: 'nl',
      iban: 'NL91ABNA0417164300',
      mandate: { id: 'M-001', signed: '2026-12-01' },
    };
    const email = invoiceEmail(parent, { ...invoice, number: '2027-000101' } as never, ACCRETE_2020);
    expect(email.text).toContain('u hoeft niets te betalen');
    expect(email.text).not.toContain('automatisch afgeschreven');
  });
});

describe('issue 9 item 3: what a bank entry names', () => {
  it('reads invoice numbers as payers write them, not months or IBAN digits', () => {
    expect(invoiceNumbersIn('Factuur 2027-000123 kinderopvang 2027-03')).toEqual(['2027-000123']);
    expect(invoiceNumbersIn('fact 2027 000123 en F2027-000124')).toEqual(['2027-000123', '2027-000124']);
    expect(invoiceNumbersIn('2027000125')).toEqual(['2027-000125']);
    expect(invoiceNumbersIn('maart 2027-03, klantnr 12345678901')).toEqual([]);
    expect(invoiceNumbersIn(null)).toEqual([]);
  });

  it('gives a transaction repeated in a later statement the same id, and another transaction another', () => {
    const t = {
      booked: '2027-03-05',
      amount: 37_353,
      direction: 'credit' as const,
      kind: 'transfer' as const,
      reason: null,
      endToEndId: null,
      mandateId: null,
      reference: 'Factuur 2027-000002',
      counterparty: { name: 'S YILMAZ', iban: 'NL02ABNA0123456789' },
      entryRef: '1',
    };
    expect(bankEntryId({ ...t, entryRef: '7' })).toBe(bankEntryId(t));
    expect(bankEntryId({ ...t, amount: 37_354 })).not.toBe(bankEntryId(t));
    expect(bankEntryId({ ...t, accountServicerRef: 'A1' })).not.toBe(
      bankEntryId({ ...t, accountServicerRef: 'A2' }),
    );
  });
});
