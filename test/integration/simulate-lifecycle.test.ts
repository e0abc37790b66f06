import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../infra/local/scenario.ts';
import { simulate } from '../support/simulate-on-worker-dynamodb.ts';

/** Four months of two families through the real pipeline: extra care, a change, a termination (examples/contracts.json). */
describe('simulate: the contract lifecycle on the invoices', () => {
  it('bills extra care next month, splits at the change, and ends with the notice period', async () => {
    const report = await simulate(parseScenario(readFileSync('examples/contracts.json', 'utf8')));
    expect(report.failures).toEqual([]);
    const rows = report.invoices.map((i) => [i.number, i.parent, i.month, i.issued, i.debit, i.total]);
    expect(rows).toEqual([
      // February, issued 20 January: c1 at 15 h (€ 560,30); c3 BSO 6 h × 40 × € 7,86 / 12 = € 157,20.
      ['2027-000001', 'p1', '2027-02', '2027-01-20', '2027-02-01', 56030],
      ['2027-000002', 'p2', '2027-02', '2027-01-20', '2027-02-01', 15720],
      // March, issued Monday 22 February: c1 from 1 March on Mondays only (10 h × 52 × € 8,62 / 12 = € 373,53)
      // plus extra care of 3 February (TAR-2: 3 h × € 9,97 = € 29,91); c3 ends 9 March (CON-6): € 157,20 × 9/31 = € 45,64.
      ['2027-000003', 'p1', '2027-03', '2027-02-22', '2027-03-01', 37353 + 2991],
      ['2027-000004', 'p2', '2027-03', '2027-02-22', '2027-03-01', 4564],
      // April, issued Monday 22 March: c3 has ended, so p2 gets no invoice.
      ['2027-000005', 'p1', '2027-04', '2027-03-22', '2027-04-01', 37353],
      // May, issued 20 April.
      ['2027-000006', 'p1', '2027-05', '2027-04-20', '2027-05-03', 37353],
    ]);
    expect(report.invoices[2]?.lines).toEqual([
      { kind: 'contract', contract: 'c1', amount: 37353 },
      { kind: 'extra-care', contract: 'c1', amount: 2991 },
    ]);
    expect(report.contracts.find((c) => c.id === 'c3')).toMatchObject({
      status: 'terminated',
      end: '2027-03-09',
    });
    // INV-6: p1's mandate is first collected in February (FRST), then recurring.
    expect(report.sepa.map((b) => [b.collection, b.transactions, b.total])).toEqual([
      ['2027-02-01', 2, 56030 + 15720],
      ['2027-03-01', 2, 40344 + 4564],
      ['2027-04-01', 1, 37353],
      ['2027-05-03', 1, 37353],
    ]);
    const kinds = report.emails.map((e) => `${e.on} ${e.kind}`);
    expect(kinds).toContain('2027-01-12 extra-care');
    expect(kinds).toContain('2027-01-20 contract-change');
    expect(kinds).toContain('2027-02-10 termination-confirmation');
    expect(kinds.filter((k) => k.endsWith(' invoice'))).toHaveLength(6);
  }, 240_000);
});

/** Five months of a fixed and a flexible contract (examples/tariffs-and-flex.json). */
describe('simulate: price change, flexible hours, swap day and the automatic end', () => {
  it('TAR-6, INV-3, CON-9, CON-3: bills the new rate from its date and the hours beyond the average after the month', async () => {
    const report = await simulate(parseScenario(readFileSync('examples/tariffs-and-flex.json', 'utf8')));
    expect(report.failures).toEqual([]);
    const rows = report.invoices.map((i) => [
      i.parent,
      i.month,
      i.issued,
      i.lines.map((l) => [l.kind, l.amount]),
    ]);
    expect(rows).toEqual([
      // c1: 10 h a week × 52 × € 8,62 = € 4.482,40 a year, € 373,53 a month (INV-1). The swap day changes nothing (CON-9).
      ['p1', '2027-02', '2027-01-20', [['contract', 37353]]],
      // c2: 40 h × € 9,97 = € 398,80 in advance (INV-3).
      ['p2', '2027-02', '2027-01-20', [['contract', 39880]]],
      // CON-3: Noor turns 4 on 15 March, so c1 ends on the 14th: € 373,53 × 14/31 = € 168,69 (INV-2).
      ['p1', '2027-03', '2027-02-22', [['contract', 16869]]],
      ['p2', '2027-03', '2027-02-22', [['contract', 39880]]],
      // April: the new flexible rate € 10,40 × 40 h = € 416,00 (TAR-6). February's bookings: 6 days × 10 h
      // (the 16th was cancelled 4 days ahead and is billed; the 23rd, 13 days ahead, is not) = 60 h,
      // 20 h beyond the average × February's rate € 9,97 = € 199,40 (INV-3).
      [
        'p2',
        '2027-04',
        '2027-03-22',
        [
          ['contract', 41600],
          ['flex-overage', 19940],
        ],
      ],
      ['p2', '2027-05', '2027-04-20', [['contract', 41600]]],
      ['p2', '2027-06', '2027-05-20', [['contract', 41600]]],
    ]);
    expect(report.contracts.map((c) => [c.id, c.status, c.end])).toEqual([
      ['c1', 'ended', '2027-03-14'],
      ['c2', 'active', '2029-05-31'],
    ]);
    const emails = report.emails.map((e) => `${e.on} ${e.to} ${e.kind}`);
    // TAR-6: announced the day it was posted, to the parent whose contract runs past 1 April only.
    expect(emails.filter((e) => e.endsWith('price-change'))).toEqual([
      '2027-01-25 joris@example.nl price-change',
    ]);
    // CON-3: a month ahead of the automatic end.
    expect(emails.filter((e) => e.endsWith('contract-end'))).toEqual([
      '2027-02-14 sanne@example.nl contract-end',
    ]);
    expect(emails).toContain('2027-01-11 sanne@example.nl swap-day');
    expect(emails.filter((e) => e.endsWith(' booking'))).toHaveLength(7);
    expect(emails.filter((e) => e.endsWith('booking-cancellation'))).toEqual([
      '2027-02-10 joris@example.nl booking-cancellation',
      '2027-02-12 joris@example.nl booking-cancellation',
    ]);
  }, 240_000);
});

/** Notice and a change that reach a month invoiced already (art. 8.5): settled on the next invoice. */
describe('simulate: the final settlement', () => {
  it('CON-6, CON-4: credits the part of an invoiced month that a later notice or change took away', async () => {
    const base = {
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
      start: '2027-01-01',
    };
    const parent = (id: string, n: number) => ({
      id,
      name: `Ouder ${n}`,
      email: `ouder${n}@example.nl`,
      iban: 'NL91ABNA0417164300',
      mandate: { id: `M-${n}`, signed: '2026-12-01' },
    });
    const scenario = parseScenario(
      JSON.stringify({
        start: '2027-01-04',
        end: '2027-04-30',
        parents: [parent('p1', 1), parent('p2', 2)],
        contracts: [
          { ...base, id: 'c1', parent: 'p1', child: { name: 'Noor', birthDate: '2025-05-10' } },
          { ...base, id: 'c2', parent: 'p2', child: { name: 'Daan', birthDate: '2025-06-01' } },
        ],
        events: [
          // Both after March's invoices went out on Monday 22 February.
          {
            on: '2027-02-24',
            type: 'contract-change',
            contract: 'c2',
            schedule: { mon: '08:00-18:00' },
            effective: '2027-03-01',
          },
          { on: '2027-02-25', type: 'termination', contract: 'c1' },
        ],
      }),
    );
    const report = await simulate(scenario);
    expect(report.failures).toEqual([]);
    const rows = report.invoices.map((i) => [
      i.parent,
      i.month,
      i.lines.map((l) => [l.kind, l.amount]),
      i.total,
    ]);
    expect(rows).toEqual([
      // 15 h × 52 × € 8,62 / 12 = € 560,30 a month, in advance.
      ['p1', '2027-02', [['contract', 56030]], 56030],
      ['p2', '2027-02', [['contract', 56030]], 56030],
      ['p1', '2027-03', [['contract', 56030]], 56030],
      ['p2', '2027-03', [['contract', 56030]], 56030],
      // c1 ends 24 March (one month's notice): March costs € 560,30 × 24/31 = € 433,78, so € 126,52 comes
      // back, as a credit invoice (nothing after March to bill).
      ['p1', '2027-04', [['settlement', -12652]], -12652],
      // c2 from 1 March on Mondays only, € 373,53: April at that, and € 186,77 back for March, billed at 15 h.
      [
        'p2',
        '2027-04',
        [
          ['contract', 37353],
          ['settlement', -18677],
        ],
        18676,
      ],
      // Nothing more to settle: May is billed as it stands.
      ['p2', '2027-05', [['contract', 37353]], 37353],
    ]);
    // A credit is never collected by direct debit (INV-6).
    expect(report.sepa.find((b) => b.collection === '2027-04-01')).toMatchObject({
      transactions: 1,
      total: 18676,
    });
  }, 240_000);
});
