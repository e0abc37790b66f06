import { describe, expect, it } from 'vitest';
import { bsnProblem, maskedBsn, normalBsn } from '#shared/bsn.ts';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import { annualStatementFacts } from '#shared/statements/annual-statement.ts';
import { annualStatementPdf } from '#shared/statements/annual-statement-pdf.ts';
import { openBsn, sealBsn, withMaskedBsn } from '../../functions/adapters/bsn-vault.ts';
import { pdfText } from '../support/pdf-reading.ts';

/**
 * INV-8: the annual statement per child and location: hours and amount of each month of care, the year's
 * totals, the average hourly price and what was paid; fees are no childcare; a settlement counts in the
 * month it corrects. And the BSN it carries: validated by the eleven test, sealed, shown masked.
 */
const KHAI = { name: 'Nguyễn Thị Minh Khai', birthDate: '2025-05-10' };
const DAAN = { name: 'Daan Wiśniewski-van der Berg', birthDate: '2019-03-02' };
const contracts = [
  { id: 'c1', child: KHAI, location: 'Kindcentrum De Tol', product: 'KDV' as const },
  { id: 'c2', child: DAAN, location: 'BSO De Vlinder', product: 'BSO' as const },
];

function invoice(month: string, number: string, lines: InvoiceRecord['lines']): InvoiceRecord {
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    type: 'invoice',
    id: `p1#${month}`,
    number,
    parentId: 'p1',
    month,
    issuedOn: `${month}-01`,
    debitOn: `${month}-01`,
    lines,
    total,
    status: 'paid',
    paid: total,
  };
}

const kdv = (amount: number, hours: number) => ({
  kind: 'contract' as const,
  contract: 'c1',
  description: 'Dagopvang',
  amount,
  hoursAtRates: [{ hours, rate: 862 }],
});
const bso = (amount: number, hours: number) => ({
  kind: 'contract' as const,
  contract: 'c2',
  description: 'BSO',
  amount,
  hoursAtRates: [{ hours, rate: 786 }],
});

describe('INV-8: the facts of an annual statement', () => {
  const invoices = [
    invoice('2026-12', '2026-000900', [kdv(37_353, 43.33)]),
    invoice('2027-11', '2027-000101', [
      kdv(37_353, 43.33),
      bso(27_246, 34.66),
      { kind: 'change-fee', contract: 'c1', description: 'Wijzigingskosten', amount: 5_000 },
      {
        kind: 'extra-care',
        contract: 'c1',
        description: 'Extra opvang',
        amount: 2_991,
        hoursAtRates: [{ hours: 3, rate: 997 }],
      },
    ]),
    invoice('2027-12', '2027-000202', [kdv(37_353, 43.33), bso(27_246, 34.66)]),
    // The contract ended on 15 December: January's invoice settles half of December back (art. 8.5).
    invoice('2028-01', '2028-000003', [
      {
        kind: 'settlement',
        contract: 'c1',
        description: 'Verrekening 2027-12',
        amount: -18_677,
        month: '2027-12',
      },
      bso(27_246, 34.66),
    ]),
  ];
  const balances = invoices.map((i) => ({ number: i.number, total: i.total, paid: i.paid }));

  it('makes one statement per child and location with each month of care in the year, fees left out', () => {
    const { statements, problems } = annualStatementFacts({
      year: 2027,
      parentId: 'p1',
      contracts,
      invoices,
      balances,
      policy: ACCRETE_2020,
    });
    expect(problems).toEqual([]);
    expect(statements.map((s) => [s.id, s.child.name, s.location.lrk])).toEqual([
      ['2027-p1-c1', KHAI.name, '175432901'],
      ['2027-p1-c2', DAAN.name, '268190347'],
    ]);
    const khai = statements[0];
    // November: 43,33 h + 3 h extra care; the change fee is no childcare.
    expect(khai?.months[0]).toEqual({ month: '2027-11', hundredths: 4_633, amount: 37_353 + 2_991 });
    // December: settled to half, its hours in the same proportion (43,33 h × 18.676 / 37.353).
    expect(khai?.months[1]).toEqual({ month: '2027-12', hundredths: 2_166, amount: 37_353 - 18_677 });
    expect(khai?.hundredths).toBe(4_633 + 2_166);
    expect(khai?.amount).toBe(37_353 + 2_991 + 18_676);
    // The average hourly price: € 590,20 / 67,99 h = € 8,68, rounded half-up.
    expect(khai?.averageHourly).toBe(Math.round((59_020 * 100) / 6_799));
    // Paid in full: everything of the year, the settlement on January's invoice included.
    expect(khai?.paid).toBe(khai?.amount);
    expect(statements[1]?.months.map((m) => m.month)).toEqual(['2027-11', '2027-12']);
  });

  it('shares a partly paid invoice over its lines in proportion', () => {
    const partly = balances.map((b) => (b.number === '2027-000202' ? { ...b, paid: b.total / 2 - 0.5 } : b));
    const { statements } = annualStatementFacts({
      year: 2027,
      parentId: 'p1',
      contracts,
      invoices,
      balances: partly.map((b) => ({ ...b, paid: Math.round(b.paid) })),
      policy: ACCRETE_2020,
    });
    const december = 37_353 + 27_246;
    const paidDecember = Math.round(december / 2 - 0.5);
    expect(statements[1]?.paid).toBe(27_246 + Math.round((27_246 * paidDecember) / december));
  });

  it('names a contract whose location the policy does not know, instead of printing no LRK number', () => {
    const { statements, problems } = annualStatementFacts({
      year: 2027,
      parentId: 'p1',
      contracts: [{ ...contracts[0], location: 'Kindcentrum Het Anker' } as (typeof contracts)[0]],
      invoices,
      balances,
      policy: ACCRETE_2020,
    });
    expect(statements).toEqual([]);
    expect(problems).toEqual([
      { contract: 'c1', problem: expect.stringContaining('"Kindcentrum Het Anker" is not among the policy') },
    ]);
  });
});

describe('INV-8: the BSN', () => {
  it('accepts a BSN that passes the eleven test and refuses one that does not, naming the problem', () => {
    expect(bsnProblem('111222333')).toBeUndefined();
    expect(bsnProblem('1112.22.333')).toBeUndefined();
    expect(bsnProblem('12345678')).toBe('is not a valid BSN (it fails the eleven test)');
    expect(bsnProblem('111222334')).toBe('is not a valid BSN (it fails the eleven test)');
    expect(bsnProblem('000000000')).toBe('is not a valid BSN (it fails the eleven test)');
    expect(bsnProblem('11122233')).toBe('is not a valid BSN (it fails the eleven test)');
    expect(bsnProblem('abc')).toBe('must be a BSN of 9 digits');
    expect(normalBsn('11122233')).toBe('011122233');
    expect(maskedBsn('111222333')).toBe('******333');
  });

  it('seals it so that only the parent it belongs to opens it, and shows it masked', async () => {
    process.env.BSN_KEY ??= 'a-test-key-of-at-least-32-characters-long';
    const sealed = await sealBsn('p1', '111222333');
    expect(sealed.sealed).not.toContain('111222333');
    expect(sealed.masked).toBe('******333');
    expect(await openBsn('p1', sealed)).toBe('111222333');
    await expect(openBsn('p2', sealed)).rejects.toThrow();
    expect((await sealBsn('p1', '111222333')).sealed).not.toBe(sealed.sealed);
    expect(withMaskedBsn({ id: 'p1', bsn: sealed })).toEqual({ id: 'p1', bsn: '******333' });
  });
});

describe('INV-8: the statement as a PDF', () => {
  it('prints the organisation, the location with its LRK number, parent with BSN, child, the months and totals', async () => {
    const { statements } = annualStatementFacts({
      year: 2027,
      parentId: 'p1',
      contracts,
      invoices: [invoice('2027-11', '2027-000101', [kdv(37_353, 43.33)])],
      balances: [{ number: '2027-000101', total: 37_353, paid: 37_353 }],
      policy: ACCRETE_2020,
    });
    const pdf = await annualStatementPdf({
      facts: statements[0] as (typeof statements)[0],
      policy: ACCRETE_2020,
      parent: { name: 'Łucja Wiśniewska', language: 'nl' },
      bsn: '111222333',
      issuedOn: '2028-01-31',
    });
    const text = await pdfText(pdf);
    for (const expected of [
      'Jaaropgave kinderopvang 2027',
      'Kinderopvang Accrete B.V.',
      'KvK-nummer',
      'Kindcentrum De Tol',
      '175432901',
      'Łucja Wiśniewska',
      '111222333',
      KHAI.name,
      '10 mei 2025',
      'november 2027',
      '43,33',
      '€ 373,53',
      'Gemiddelde uurprijs',
      '€ 8,62',
      'Totaal betaald voor 2027',
    ])
      expect(text.replaceAll('\u00a0', ' ')).toContain(expected);
  });
});
