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
