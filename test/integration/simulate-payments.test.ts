import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';
import type { Report } from '../../infra/local/report.ts';
import { parseScenario, ScenarioError } from '../../infra/local/scenario.ts';
import { simulate } from '../support/simulate-on-worker-dynamodb.ts';

/**
 * Issue 9 item 5: `simulate` plays the bank. Three families, January to April 2027, each on Mondays
 * (INV-1: € 373,53 a month). Şükrü has no mandate and no IBAN: staff book his payments by hand, March's
 * in part and then the rest. Minh Khai transfers € 50 too much: her April invoice uses it and its
 * collection is € 50 less (DUN-7); that collection comes back on 30 April (AM04, a camt.054). Łucja
 * refuses her April collection before its date (MS02, a pain.002) and transfers it the same day. Every
 * other invoice is paid before a reminder would go out (DUN-2), so no dunning step runs.
 */
const MONTHLY = 37353;
const LUCJA_IBAN = 'NL13RABO1538274612';
const MINH_KHAI_IBAN = 'NL56ASNB7163549288';
const mondays = (id: string, parent: string, child: string) => ({
  id,
  parent,
  child: { name: child, birthDate: '2025-05-10' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { mon: '08:00-18:00' },
  start: '2027-01-01',
});

const scenario = {
  start: '2027-01-04',
  end: '2027-04-30',
  parents: [
    {
      id: 'p1',
      name: 'Łucja Wiśniewska',
      email: 'lucja@example.nl',
      iban: LUCJA_IBAN,
      mandate: { id: 'M-101', signed: '2026-12-01' },
    },
    { id: 'p2', name: 'Şükrü Yılmaz', email: 'sukru@example.nl' },
    {
      id: 'p3',
      name: 'Nguyễn Thị Minh Khai',
      email: 'minh.khai@example.nl',
      iban: MINH_KHAI_IBAN,
      mandate: { id: 'M-103', signed: '2026-12-01' },
    },
  ],
  contracts: [mondays('c1', 'p1', 'Zofia'), mondays('c2', 'p2', 'Elif'), mondays('c3', 'p3', 'An')],
  events: [
    // Şükrü, by hand: February's without naming it (DUN-7: the oldest open invoice); March's in part,
    // then the rest on its due date; April's before it.
    { on: '2027-01-28', type: 'payment', parent: 'p2', amount: MONTHLY, reference: 'KAS-2027-0128' },
    {
      on: '2027-02-24',
      type: 'payment',
      parent: 'p2',
      amount: 15_000,
      reference: 'KAS-2027-0224',
      invoice: '2027-000005',
    },
    {
      on: '2027-03-01',
      type: 'payment',
      parent: 'p2',
      amount: MONTHLY - 15_000,
      reference: 'KAS-2027-0301',
      invoice: '2027-000005',
    },
    { on: '2027-03-31', type: 'payment', parent: 'p2', amount: MONTHLY, reference: 'KAS-2027-0331' },
    // Minh Khai pays March a second time, € 50 of it: March was collected, so it is a credit (DUN-7).
    {
      on: '2027-03-12',
      type: 'payment',
      parent: 'p3',
      amount: 5_000,
      reference: 'opvang An maart',
      invoice: '2027-000006',
    },
    // INV-7: before April's collection date (1 April) Łucja refuses it; she transfers it that day
    // without naming it (her IBAN and the exact amount of her one open invoice find it).
    { on: '2027-03-24', type: 'bank-return', parent: 'p1', month: '2027-04', reason: 'MS02' },
    { on: '2027-03-24', type: 'payment', parent: 'p1', amount: MONTHLY, reference: 'opvang Zofia april' },
    // INV-7: Minh Khai's April collection comes back, insufficient funds, on the scenario's last day.
    { on: '2027-04-30', type: 'bank-return', parent: 'p3', month: '2027-04', reason: 'AM04' },
  ],
};

const out = path.join(mkdtempSync(path.join(tmpdir(), 'opvang-simulate-payments-')), 'outbox');
let report: Report;

beforeAll(async () => {
  report = await simulate(parseScenario(JSON.stringify(scenario)), { outDir: out });
}, 600_000);

const bankFile = (name: string) => readBankFile(readFileSync(path.join(out, 'bank', name)));

describe('simulate plays the bank (issue 9 item 5)', () => {
  it('INV-6, INV-7, DUN-7: invoice status and paid as stored after collections, a return, a reject and payments', () => {
    // Şükrü's invoices are left out of the batches (no IBAN: he transfers); nothing else failed.
    expect(report.failures.filter((f) => f.what !== 'sepa')).toEqual([]);
    expect(new Set(report.failures.map((f) => f.id.split('#')[1]))).toEqual(new Set(['p2']));

    const rows = report.invoices
      .filter((i) => i.month <= '2027-04')
      .map((i) => [i.number, i.parent, i.month, i.total, i.status, i.paid]);
    expect(rows).toEqual([
      ['2027-000001', 'p1', '2027-02', MONTHLY, 'paid', MONTHLY],
      ['2027-000002', 'p2', '2027-02', MONTHLY, 'paid', MONTHLY],
      ['2027-000003', 'p3', '2027-02', MONTHLY, 'paid', MONTHLY],
      ['2027-000004', 'p1', '2027-03', MONTHLY, 'paid', MONTHLY],
      // In part, then the rest.
      ['2027-000005', 'p2', '2027-03', MONTHLY, 'paid', MONTHLY],
      ['2027-000006', 'p3', '2027-03', MONTHLY, 'paid', MONTHLY],
      // Refused before its date, paid by transfer.
      ['2027-000007', 'p1', '2027-04', MONTHLY, 'paid', MONTHLY],
      ['2027-000008', 'p2', '2027-04', MONTHLY, 'paid', MONTHLY],
      // The € 50 credit used; collected, then returned: re-opened, nothing paid (status below).
      ['2027-000009', 'p3', '2027-04', MONTHLY - 5_000, expect.any(String), 0],
    ]);
    // DUN-1: found unpaid the day it came back, so in dunning (its first reminder is due after the end).
    expect(report.invoices.find((i) => i.number === '2027-000009')?.status).toBe('in-dunning');
    // Everything else was paid in time: no reminder went out (DUN-2).
    expect(report.emails.filter((e) => e.kind.startsWith('reminder'))).toEqual([]);
    expect(report.invoices.find((i) => i.number === '2027-000009')?.lines).toEqual([
      { kind: 'contract', contract: 'c3', amount: MONTHLY },
      { kind: 'credit', contract: '', amount: -5_000 },
    ]);
    // INV-6: April's batch collects € 50 less of Minh Khai.
    expect(report.sepa.map((b) => [b.collection, b.transactions, b.total])).toEqual([
      ['2027-02-01', 2, 2 * MONTHLY],
      ['2027-03-01', 2, 2 * MONTHLY],
      ['2027-04-01', 2, MONTHLY + MONTHLY - 5_000],
      ['2027-05-03', 2, 2 * MONTHLY],
    ]);
  });

  it('--out holds the bank files, each read back by readBankFile, with one running balance', () => {
    const names = readdirSync(path.join(out, 'bank')).sort();
    expect(names).toEqual([
      'camt.053-2027-02-01.xml',
      'camt.053-2027-03-01.xml',
      'camt.053-2027-03-12.xml',
      'camt.053-2027-03-24.xml',
      'camt.053-2027-04-01.xml',
      'camt.053-2027-04-30.xml',
      'camt.054-2027-04-30.xml',
      'pain.002-2027-03-24.xml',
    ]);
    const files = Object.fromEntries(names.map((name) => [name, bankFile(name)]));
    for (const [name, file] of Object.entries(files)) {
      expect(file.format, name).toBe(`${name.slice(0, 8)}.001.${name.startsWith('pain') ? '03' : '02'}`);
      expect(file.stated?.reconciles, name).toBe(true);
    }

    // INV-6: a batch booked on its date as one entry, the collections as its details.
    expect(
      files['camt.053-2027-02-01.xml']?.transactions.map((t) => [t.kind, t.endToEndId, t.amount]),
    ).toEqual([
      ['collection', '2027-000001', MONTHLY],
      ['collection', '2027-000003', MONTHLY],
    ]);
    expect(files['camt.053-2027-02-01.xml']?.totals).toEqual({ entries: 1, credit: 2 * MONTHLY, debit: 0 });

    // INV-7: refused before its date; April's batch is booked without it.
    expect(files['pain.002-2027-03-24.xml']?.transactions).toEqual([
      expect.objectContaining({
        kind: 'reject',
        reason: 'MS02',
        endToEndId: '2027-000007',
        mandateId: 'M-101',
      }),
    ]);
    expect(
      files['camt.053-2027-04-01.xml']?.transactions.map((t) => [t.kind, t.endToEndId, t.amount]),
    ).toEqual([['collection', '2027-000009', MONTHLY - 5_000]]);

    // INV-7: the return, as notified and as booked on that day's statement.
    for (const name of ['camt.054-2027-04-30.xml', 'camt.053-2027-04-30.xml'])
      expect(files[name]?.transactions, name).toEqual([
        expect.objectContaining({
          kind: 'return',
          direction: 'debit',
          reason: 'AM04',
          endToEndId: '2027-000009',
          mandateId: 'M-103',
          amount: MONTHLY - 5_000,
        }),
      ]);

    // The transfers: from the parent's name and IBAN, with what the payer wrote.
    expect(files['camt.053-2027-03-12.xml']?.transactions).toEqual([
      expect.objectContaining({
        kind: 'transfer',
        direction: 'credit',
        amount: 5_000,
        counterparty: { name: 'Nguyễn Thị Minh Khai', iban: MINH_KHAI_IBAN },
        reference: '2027-000006 opvang An maart',
      }),
    ]);
    expect(files['camt.053-2027-03-24.xml']?.transactions).toEqual([
      expect.objectContaining({
        kind: 'transfer',
        amount: MONTHLY,
        counterparty: { name: 'Łucja Wiśniewska', iban: LUCJA_IBAN },
        reference: 'opvang Zofia april',
      }),
    ]);

    // One running balance: each statement opens with the previous one's closing balance.
    let balance = 0;
    for (const name of names.filter((n) => n.startsWith('camt.053'))) {
      const stated = files[name]?.stated?.balances?.[0];
      expect(stated?.opening?.amount, name).toBe(balance);
      balance = stated?.closing?.amount as number;
    }
    // Collected 2 + 2 + 1 (€ 50 less, then returned), and transferred € 50 and Łucja's April.
    expect(balance).toBe(4 * MONTHLY + 5_000 + MONTHLY);
  });
});

describe('simulate: payment and bank-return events that cannot happen are refused (exit 2)', () => {
  const withEvents = (events: unknown[]) => JSON.stringify({ ...scenario, events });
  const problems = (events: unknown[]) => {
    try {
      parseScenario(withEvents(events));
    } catch (error) {
      if (error instanceof ScenarioError) return error.issues;
      throw error;
    }
    return [];
  };

  it('INV-7: a return of a parent without a mandate, before the month is invoiced, or twice', () => {
    expect(
      problems([{ on: '2027-03-03', type: 'bank-return', parent: 'p2', month: '2027-03', reason: 'AM04' }]),
    ).toEqual([{ field: 'events.0.parent', problem: expect.stringContaining('no mandate') }]);
    expect(
      problems([{ on: '2027-02-10', type: 'bank-return', parent: 'p1', month: '2027-03', reason: 'AM04' }]),
    ).toEqual([{ field: 'events.0.on', problem: expect.stringContaining('2027-02-22') }]);
    const twice = { on: '2027-03-03', type: 'bank-return', parent: 'p1', month: '2027-03', reason: 'AM04' };
    expect(problems([twice, { ...twice, on: '2027-03-05' }])).toEqual([
      { field: 'events.1.month', problem: expect.stringContaining('once') },
    ]);
    expect(
      problems([{ on: '2027-03-03', type: 'bank-return', parent: 'p9', month: '2027-03', reason: 'am04' }]),
    ).toEqual(
      expect.arrayContaining([
        { field: 'events.0.reason', problem: expect.stringContaining('ISO reason code') },
      ]),
    );
  });

  it('issue 9 item 2: a payment of an unknown parent, in part cents, or with a reference used twice', () => {
    const pay = { on: '2027-03-03', type: 'payment', parent: 'p2', amount: 100, reference: 'KAS-1' };
    expect(problems([{ ...pay, parent: 'p9' }])).toEqual([
      { field: 'events.0.parent', problem: 'no parent p9' },
    ]);
    expect(problems([{ ...pay, amount: 10.5 }])).toEqual([
      { field: 'events.0.amount', problem: 'must be whole cents' },
    ]);
    expect(problems([pay, { ...pay, on: '2027-03-04' }])).toEqual([
      { field: 'events.1.reference', problem: expect.stringContaining('another payment of p2') },
    ]);
  });
});

describe('simulate: a bank-return of an invoice that was never collected is a failure with its reason', () => {
  it('INV-7: Łucja has a mandate but no contract, so March brings no invoice to return', async () => {
    const short = parseScenario(
      JSON.stringify({
        start: '2027-02-15',
        end: '2027-03-04',
        parents: [scenario.parents[0]],
        events: [{ on: '2027-03-03', type: 'bank-return', parent: 'p1', month: '2027-03', reason: 'AM04' }],
      }),
    );
    const result = await simulate(short);
    expect(result.failures).toEqual([
      { what: 'bank-return', id: 'p1 2027-03', error: 'p1 has no invoice for 2027-03' },
    ]);
  }, 300_000);
});
