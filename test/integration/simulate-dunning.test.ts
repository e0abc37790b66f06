import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../infra/local/scenario.ts';
import { simulate } from '../support/simulate-on-worker-dynamodb.ts';

/**
 * Issue 10 item 9: `simulate` reports what dunning did: each reminder e-mail with the amounts it stated
 * (DUN-5..7), the letters with their PDFs under --out (DUN-3), and a `payment-plan` event that pauses
 * the ladder before the hand-over (DUN-9). Şükrü pays March 2027 by transfer and does not pay.
 */
const MONTHLY = 37_353;
/** DUN-5 by hand: 15 days (2..16 March) at 4%, actual/365, rounded once. */
const INTEREST_15_DAYS = Math.round((MONTHLY * 0.04 * 15) / 365);

const scenario = {
  start: '2027-02-15',
  end: '2027-03-31',
  parents: [
    {
      id: 'p1',
      name: 'Şükrü Yılmaz',
      email: 'sukru@example.nl',
      address: { street: 'Oudegracht 12', postcode: '3511AB', city: 'Utrecht' },
    },
  ],
  contracts: [
    {
      id: 'c1',
      parent: 'p1',
      child: { name: 'Nguyễn Thị Minh Khai', birthDate: '2025-05-10' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
      start: '2027-01-01',
    },
  ],
  events: [
    {
      on: '2027-03-18',
      type: 'payment-plan',
      parent: 'p1',
      instalments: [{ due: '2027-04-15', amount: MONTHLY + 7_000 + INTEREST_15_DAYS }],
    },
  ],
};

describe('simulate: the dunning of an unpaid invoice in the report', () => {
  it('reports each reminder with its amounts, the letter as a PDF, and the plan that stops the hand-over', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'opvang-dunning-'));
    const report = await simulate(parseScenario(JSON.stringify(scenario)), { outDir: out });
    const dunning = report.emails
      .filter((e) => e.kind !== 'invoice' && e.kind !== 'contract-confirmation')
      .map((e) => ({ on: e.on, kind: e.kind, invoice: e.invoice, amounts: e.amounts }));
    expect(dunning).toEqual([
      {
        on: '2027-03-02',
        kind: 'reminder-1',
        invoice: '2027-000001',
        amounts: { principal: MONTHLY, fees: 3_500, interest: 4, total: MONTHLY + 3_504 },
      },
      {
        on: '2027-03-16',
        kind: 'reminder-2',
        invoice: '2027-000001',
        amounts: {
          principal: MONTHLY,
          fees: 7_000,
          interest: INTEREST_15_DAYS,
          total: MONTHLY + 7_000 + INTEREST_15_DAYS,
        },
      },
      { on: '2027-03-18', kind: 'payment-plan', invoice: undefined, amounts: undefined },
    ]);
    expect(report.letters).toHaveLength(1);
    expect(report.letters[0]).toMatchObject({
      on: '2027-03-16',
      to: 'p1',
      kind: 'reminder-2',
      status: 'written',
    });
    const letter = report.letters[0]?.file as string;
    expect(letter.startsWith(path.join(out, 'letters'))).toBe(true);
    expect(readFileSync(letter).subarray(0, 5).toString()).toBe('%PDF-');
    expect(report.invoices.find((i) => i.number === '2027-000001')?.status).toBe('plan');
    expect(report.failures.filter((f) => f.what !== 'sepa')).toEqual([]);
  }, 300_000);
});
