/** A parent with a valid IBAN and a signed SEPA mandate, as the connected tests register her. */
export const SANNE = {
  name: 'Sanne de Vries',
  email: 'sanne@example.nl',
  iban: 'NL91ABNA0417164300',
  mandate: { id: 'M-001', signed: '2026-12-01' },
};
