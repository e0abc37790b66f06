import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { readPain008 } from '#shared/bank-files/pain008.ts';
import {
  type BankAccount,
  camt053DayStatement,
  camt054Notification,
} from '../../infra/local/simulated-bank.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { KDV_MONDAYS, SANNE } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 9 end to end, through the HTTP API, DynamoDB Local and its stream: three families' March
 * invoices paid by direct debit and by transfer, a bank's day statement and return notification imported
 * as a user would, the review list, a payment by hand, and what April's invoices and SEPA batch make of
 * it all (INV-6, INV-7, DUN-1, DUN-7).
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

const OURS: BankAccount = { iban: 'NL39RABO0300065264', bic: 'RABONL2U', name: 'Kinderopvang De Tol B.V.' };
const SUKRU_IBAN = 'NL02ABNA0123456789';
const LUCJA_IBAN = 'NL20INGB0001234567';

async function tableItems(runtime: TestRuntime) {
  const result = await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return result.Items ?? [];
}

async function account(runtime: TestRuntime, parent: string) {
  const response = await runtime.call('GET', `/parents/${parent}/account`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('payments in: three families, March and April 2027', () => {
  it('books collections, transfers, returns and a payment by hand; April uses the credit and leaves the closed account out', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    // Sanne pays by direct debit; Şükrü has no mandate and transfers; Łucja pays by direct debit.
    expect((await rt.call('PUT', '/parents/p1', SANNE)).status).toBe(200);
    const sukru = { name: 'Şükrü Yılmaz', email: 'sukru@example.nl', iban: SUKRU_IBAN };
    expect((await rt.call('PUT', '/parents/p2', sukru)).status).toBe(200);
    const lucja = {
      name: 'Łucja Wiśniewska',
      email: 'lucja@example.nl',
      iban: LUCJA_IBAN,
      mandate: { id: 'M-003', signed: '2027-01-15' },
    };
    expect((await rt.call('PUT', '/parents/p3', lucja)).status).toBe(200);
    for (const [id, parent] of [
      ['c1', 'p1'],
      ['c2', 'p2'],
      ['c3', 'p3'],
    ] as const)
      expect(
        (await rt.call('POST', '/contracts', { ...KDV_MONDAYS, id, parent, start: '2027-01-01' })).status,
      ).toBe(201);

    // INV-5: March is invoiced on Monday 22 February, debited on Monday 1 March.
    await rt.goTo('2027-02-22', 10);
    const march = (await account(rt, 'p2')).invoices[0];
    expect(march).toMatchObject({ number: '2027-000002', status: 'open', paid: 0, balance: march.total });
    const monthly: number = march.total;

    // Friday 26 February: Şükrü's transfer names no invoice; the IBAN and the exact amount find it. A
    // stranger's transfer names nothing we know: the review list.
    await rt.goTo('2027-02-26', 10);
    const statement = camt053DayStatement({
      account: OURS,
      date: '2027-02-26',
      sequence: 41,
      openingBalance: 1_000_000,
      created: '2027-02-26T08:00:00',
      entries: [
        {
          kind: 'transfer',
          amount: monthly,
          payer: { name: 'S YILMAZ', iban: SUKRU_IBAN },
          remittance: 'kinderopvang maart',
        },
        {
          kind: 'transfer',
          amount: 4_250,
          payer: { name: 'J. de Boer', iban: 'NL69INGB0123456789' },
          remittance: 'bijdrage uitje',
        },
      ],
    });
    const imported = await rt.upload('/bank-files', statement);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      format: 'camt.053.001.02',
      repeated: false,
      stated: { reconciles: true },
      outcome: {
        booked: { transactions: 1, amount: monthly },
        unmatched: { transactions: 1, amount: 4_250 },
        returned: { transactions: 0 },
        other: { transactions: 0 },
      },
    });
    await rt.goTo('2027-02-26', 11);
    expect((await account(rt, 'p2')).invoices[0]).toMatchObject({
      status: 'paid',
      paid: monthly,
      balance: 0,
    });

    // The same file again changes nothing.
    const before = (await tableItems(rt)).length;
    const again = await rt.upload('/bank-files', statement);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeated: true });
    expect((await tableItems(rt)).length).toBe(before);

    // INV-6: on the debit date the batch is collected: Sanne's and Łucja's invoices are paid.
    await rt.goTo('2027-03-01', 10);
    expect((await account(rt, 'p1')).invoices[0]).toMatchObject({ status: 'paid', paid: monthly });
    expect((await account(rt, 'p3')).invoices[0]).toMatchObject({ status: 'paid', paid: monthly });

    // Wednesday 3 March: Łucja's collection comes back, account closed (AC04): her invoice re-opens and is
    // found unpaid that day (DUN-1, INV-7); her mandate is gone.
    await rt.goTo('2027-03-03', 10);
    const returned = await rt.upload(
      '/bank-files',
      camt054Notification({
        account: OURS,
        date: '2027-03-03',
        sequence: 7,
        created: '2027-03-03T08:00:00',
        returns: [
          {
            kind: 'return',
            amount: monthly,
            endToEndId: '2027-000003',
            mandateId: 'M-003',
            reason: 'AC04',
            debtor: { name: 'Lucja Wisniewska', iban: LUCJA_IBAN },
          },
        ],
      }),
    );
    expect(returned.body).toMatchObject({
      format: 'camt.054.001.02',
      outcome: { returned: { transactions: 1, amount: monthly } },
      mandatesGone: [{ parent: 'p3', reason: 'AC04' }],
    });
    await rt.goTo('2027-03-03', 11);
    expect((await account(rt, 'p3')).invoices[0]).toMatchObject({
      status: 'open',
      paid: 0,
      balance: monthly,
      foundUnpaidOn: '2027-03-03',
      returned: { on: '2027-03-03', reason: 'AC04' },
    });
    // Found unpaid, the invoice is in dunning (SCENARIOS.md's status); its account says what is open.
    const stored = (await tableItems(rt)).find((i) => i.type === 'invoice' && i.number === '2027-000003');
    expect(stored).toMatchObject({ status: 'in-dunning', paid: 0, foundUnpaidOn: '2027-03-03' });

    // The stranger's transfer was Łucja's grandmother paying for her: staff match it from the review list.
    const review = await rt.call('GET', '/bank-entries?status=unmatched');
    expect(review.status).toBe(200);
    expect(review.body.entries).toHaveLength(1);
    const entry = review.body.entries[0];
    expect(entry).toMatchObject({ amount: 4_250, direction: 'credit', kind: 'transfer' });
    const matched = await rt.call('POST', `/bank-entries/${entry.id}/match`, { invoice: '2027-000003' });
    expect(matched.status).toBe(200);
    expect(
      (await rt.call('POST', `/bank-entries/${entry.id}/match`, { invoice: '2027-000003' })).status,
    ).toBe(200);
    expect(
      (await rt.call('POST', `/bank-entries/${entry.id}/match`, { invoice: '2027-000001' })).status,
    ).toBe(409);
    expect((await rt.call('GET', '/bank-entries?status=unmatched')).body.entries).toHaveLength(0);
    expect((await account(rt, 'p3')).invoices[0]).toMatchObject({ paid: 4_250, balance: monthly - 4_250 });

    // Friday 5 March: Sanne transfers € 100 too many, by hand booked by staff: a credit (DUN-7).
    await rt.goTo('2027-03-05', 10);
    const payment = { parent: 'p1', amount: 10_000, date: '2027-03-05', reference: 'ING-20270305-0042' };
    const paid = await rt.call('POST', '/payments', payment);
    expect(paid.status).toBe(201);
    expect(paid.body.account).toMatchObject({ credit: 10_000, owed: 0, balance: -10_000 });
    expect((await rt.call('POST', '/payments', payment)).status).toBe(200);
    const conflicting = await rt.call('POST', '/payments', { ...payment, amount: 9_999 });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.issues[0].field).toBe('reference');
    expect((await account(rt, 'p1')).credit).toBe(10_000);
    // The day statement shows the same transfer: not booked twice on a guess, but put before staff.
    const sameDay = await rt.upload(
      '/bank-files',
      camt053DayStatement({
        account: OURS,
        date: '2027-03-05',
        sequence: 45,
        openingBalance: 1_000_000,
        created: '2027-03-05T18:00:00',
        entries: [
          {
            kind: 'transfer',
            amount: 10_000,
            payer: { name: 'S de Vries', iban: SANNE.iban },
            remittance: 'extra',
          },
        ],
      }),
    );
    expect(sameDay.body.outcome.unmatched.transactions).toBe(1);
    expect(sameDay.body.unmatched[0].note).toContain('ING-20270305-0042');
    await rt.goTo('2027-03-05', 19);
    expect((await account(rt, 'p1')).credit).toBe(10_000);

    // Staff save Łucja's details again, with the same mandate: it stays gone (INV-7).
    expect((await rt.call('PUT', '/parents/p3', lucja)).status).toBe(200);

    // April is invoiced on Monday 22 March: Sanne's invoice uses the credit and its collection is reduced;
    // Łucja is left out of the batch because her account is closed.
    await rt.goTo('2027-03-22', 10);
    const april = (await account(rt, 'p1')).invoices.find((i: { month: string }) => i.month === '2027-04');
    expect(april).toMatchObject({ total: monthly - 10_000, status: 'open' });
    expect((await account(rt, 'p1')).credit).toBe(0);
    const run = (await rt.call('GET', '/invoice-runs/2027-04')).body.run;
    const batch = run.summary.sepa[0];
    const collections = readPain008(readFileSync(batch.file, 'utf8')).collections;
    expect(collections.find((c) => c.mandateId === 'M-001')?.amount).toBe(monthly - 10_000);
    expect(collections.some((c) => c.mandateId === 'M-003')).toBe(false);
    expect(batch.excluded).toContainEqual({
      parent: 'p3',
      reason: expect.stringContaining('AC04'),
    });
  }, 240_000);

  it('refuses a file that is not a bank file, naming why, and stores nothing', async () => {
    if (!rt) throw new Error('the runtime of the first test is needed');
    const before = (await tableItems(rt)).length;
    const csv = readFileSync('test/fixtures/bank-files/malformed-not-xml.csv');
    const refused = await rt.upload('/bank-files', csv, 'text/csv');
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0]).toMatchObject({ field: '(body)' });
    const pain001 = readFileSync('test/fixtures/bank-files/malformed-pain001-credit-transfer.xml');
    const wrong = await rt.upload('/bank-files', pain001);
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues[0].problem).toContain('pain.001');
    expect((await tableItems(rt)).length).toBe(before);
  });
});
