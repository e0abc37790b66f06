import type { InvoiceRecord } from '#shared/invoices.ts';

/** A parent with a valid IBAN and a signed SEPA mandate, as the connected tests register her. */
export const SANNE = {
  name: 'Sanne de Vries',
  email: 'sanne@example.nl',
  iban: 'NL91ABNA0417164300',
  mandate: { id: 'M-001', signed: '2026-12-01' },
};

/** A parent whose name is not Latin-1, with a valid IBAN and a signed SEPA mandate. */
export const SUKRU = {
  name: 'Şükrü Yılmaz',
  email: 'sukru@example.nl',
  iban: 'NL91ABNA0417164300',
  mandate: { id: 'M-001', signed: '2026-12-01' },
};

/** Day care on Mondays, whole days, 52 weeks (INV-1: € 373,53 a month at € 8,62), for a Vietnamese-named child. */
export const KDV_MONDAYS = {
  child: { name: 'Nguyễn Thị Minh Khai', birthDate: '2025-05-10' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { mon: '08:00-18:00' },
};

/** March's invoice for a child: a KDV line (65 h at € 8,62, INV-1) and 3 h of extra care at € 9,97 (TAR-2). */
export function invoiceFor(child: string): InvoiceRecord {
  return {
    type: 'invoice',
    id: 'p1#2027-03',
    number: '2027-000042',
    parentId: 'p1',
    month: '2027-03',
    issuedOn: '2027-02-22',
    debitOn: '2027-03-01',
    lines: [
      {
        kind: 'contract',
        contract: 'c1',
        description: `Dagopvang (vaste dagen) ${child}`,
        amount: 56030,
        hoursAtRates: [{ hours: 65, rate: 862 }],
      },
      {
        kind: 'extra-care',
        contract: 'c1',
        description: `Extra opvang ${child} 2027-02-03 (3 uur)`,
        amount: 2991,
        hoursAtRates: [{ hours: 3, rate: 997 }],
      },
    ],
    total: 59021,
    status: 'open',
    paid: 0,
  };
}
