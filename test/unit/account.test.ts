import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/calendar.ts';
import type { Cents } from '#shared/money.ts';
import {
  type Account,
  type AccountEntry,
  type AccountInvoice,
  deriveAccount,
  type EntryKind,
  type InvoiceBalance,
} from '#shared/payments/account.ts';

/**
 * Issue 9 items 1 and 2: the account of a parent, derived from appended entries, as a finance administrator
 * checks it: what each invoice still needs, which money paid what (DUN-7, art. 6:44 BW), what a return or
 * reject undoes (INV-7), when an invoice is found unpaid (DUN-1). Offline, on the pure derivation; every
 * amount compared exactly in integer cents.
 */

/** Şükrü Yılmaz: a month of full-day care for his daughter costs € 747,07. */
const SUKRU = 'sukru';
const MONTH_OF_CARE: Cents = 74707;

const MARCH = '2027-000101';
const APRIL = '2027-000187';
const MAY = '2027-000263';

/** A monthly invoice: issued on the 20th of the month before, due (and debited) on the 1st. */
function invoice(
  number: string,
  month: string,
  total: Cents,
  more: Partial<AccountInvoice> = {},
): AccountInvoice {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const before = m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
  return { number, month, issuedOn: `${before}-20`, debitOn: `${month}-01`, total, creditUsed: 0, ...more };
}

const SOURCE_OF: Record<EntryKind, AccountEntry['source']['kind']> = {
  payment: 'bank',
  collection: 'sepa',
  return: 'bank',
  reject: 'bank',
  fee: 'system',
  interest: 'system',
  'found-unpaid': 'system',
};

/** An entry as the back office appends it: its id deterministic from what it records. */
function entry(
  kind: EntryKind,
  on: string,
  amount: Cents,
  more: { invoice?: string; reason?: string; ref?: string } = {},
): AccountEntry {
  const ref = more.ref ?? more.invoice ?? on;
  return {
    type: 'account-entry',
    parentId: SUKRU,
    id: `${kind}#${ref}`,
    kind,
    on,
    amount,
    ...(more.invoice ? { invoice: more.invoice } : {}),
    ...(more.reason ? { reason: more.reason } : {}),
    source: { kind: SOURCE_OF[kind], ref },
    recordedAt: `${on}T09:00:00.000Z`,
  };
}

const collection = (invoiceNumber: string, on: string, amount: Cents) =>
  entry('collection', on, amount, { invoice: invoiceNumber });
/** A transfer seen on a statement; `invoiceNumber` when the parent quoted it. */
const transfer = (ref: string, on: string, amount: Cents, invoiceNumber?: string) =>
  entry('payment', on, amount, { ref, ...(invoiceNumber ? { invoice: invoiceNumber } : {}) });
const bankReturn = (invoiceNumber: string, on: string, amount: Cents, reason: string) =>
  entry('return', on, amount, { invoice: invoiceNumber, reason });
const reject = (invoiceNumber: string, on: string, reason: string) =>
  entry('reject', on, 0, { invoice: invoiceNumber, reason });
const fee = (invoiceNumber: string, on: string, amount: Cents) =>
  entry('fee', on, amount, { invoice: invoiceNumber, ref: `${invoiceNumber}#${on}` });
const interest = (invoiceNumber: string, on: string, amount: Cents) =>
  entry('interest', on, amount, { invoice: invoiceNumber, ref: `${invoiceNumber}#${on}` });
const foundUnpaid = (invoiceNumber: string, on: string) =>
  entry('found-unpaid', on, 0, { invoice: invoiceNumber });

function invoiceIn(account: Account, number: string): InvoiceBalance {
  const found = account.invoices.find((i) => i.number === number);
  if (!found) throw new Error(`invoice ${number} not on the account`);
  return found;
}

/** Every number anywhere in the account. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** What a finance administrator reconciles: the running total, the sum of the invoices, whole cents. */
function expectConsistent(account: Account): void {
  let running = 0;
  for (const line of account.lines) {
    running += line.amount;
    expect(line.balanceAfter).toBe(running);
  }
  expect(account.lines.at(-1)?.balanceAfter ?? 0).toBe(account.balance);
  expect(account.owed).toBe(account.invoices.reduce((sum, i) => sum + i.balance, 0));
  expect(account.balance).toBe(account.owed - account.credit);
  expect(account.credit).toBeGreaterThanOrEqual(0);
  for (const n of numbersIn(account)) expect(Number.isInteger(n), `${n} is not whole cents`).toBe(true);
}

describe('a parent’s account: allocation of money (DUN-7, art. 6:44 BW)', () => {
  it('DUN-7: a partial transfer naming nothing pays costs first (also on the newer invoice), then interest, then the oldest principal', () => {
    const invoices = [invoice(MARCH, '2027-03', MONTH_OF_CARE), invoice(APRIL, '2027-04', MONTH_OF_CARE)];
    const account = deriveAccount(invoices, [
      interest(MARCH, '2027-04-10', 312),
      fee(APRIL, '2027-04-10', 4000),
      transfer('NL-ING-20270415-0007', '2027-04-15', 50000),
    ]);

    const march = invoiceIn(account, MARCH);
    const april = invoiceIn(account, APRIL);
    // 50000: 4000 costs on April, 312 interest on March, the remaining 45688 on March's principal.
    expect(april.feesPaid).toBe(4000);
    expect(march.interestPaid).toBe(312);
    expect(march.paid).toBe(45688);
    expect(march.principalOpen).toBe(74707 - 45688);
    expect(march.balance).toBe(29019);
    expect(april.paid).toBe(0);
    expect(april.principalOpen).toBe(MONTH_OF_CARE);
    expect(april.balance).toBe(MONTH_OF_CARE);
    expect([march.status, april.status]).toEqual(['open', 'open']);
    expect(account.owed).toBe(2 * MONTH_OF_CARE + 4000 + 312 - 50000);
    expect(account.credit).toBe(0);
    expectConsistent(account);
  });

  it('DUN-7: a transfer naming an invoice number pays that invoice’s costs, interest and principal first; the rest costs, interest, oldest principal', () => {
    const invoices = [invoice(MARCH, '2027-03', MONTH_OF_CARE), invoice(APRIL, '2027-04', MONTH_OF_CARE)];
    const charges = [
      fee(MARCH, '2027-04-10', 4000),
      interest(MARCH, '2027-04-10', 312),
      fee(APRIL, '2027-04-20', 4000),
      interest(APRIL, '2027-04-20', 95),
    ];
    const named = deriveAccount(invoices, [
      ...charges,
      transfer('NL-RABO-0423-118', '2027-04-23', 80000, APRIL),
    ]);

    const april = invoiceIn(named, APRIL);
    const march = invoiceIn(named, MARCH);
    // April: 4000 + 95 + 74707 = 78802; the 1198 left pays March's costs, nothing of its interest or principal.
    expect([april.feesPaid, april.interestPaid, april.paid, april.balance]).toEqual([
      4000,
      95,
      MONTH_OF_CARE,
      0,
    ]);
    expect(april.status).toBe('paid');
    expect([march.feesPaid, march.interestPaid, march.paid]).toEqual([1198, 0, 0]);
    expect(march.balance).toBe(MONTH_OF_CARE + 4000 + 312 - 1198);
    expect(march.status).toBe('open');

    // The same money naming nothing goes by DUN-7 alone: all costs (8000), all interest (407), then 71593 on
    // March's principal (the oldest); April's principal gets nothing.
    const unnamed = deriveAccount(invoices, [...charges, transfer('NL-RABO-0423-118', '2027-04-23', 80000)]);
    expect(invoiceIn(unnamed, MARCH)).toMatchObject({
      feesPaid: 4000,
      interestPaid: 312,
      paid: 71593,
      balance: 3114,
    });
    expect(invoiceIn(unnamed, APRIL)).toMatchObject({
      feesPaid: 4000,
      interestPaid: 95,
      paid: 0,
      balance: MONTH_OF_CARE,
    });
    expect(unnamed.owed).toBe(named.owed);
    expectConsistent(named);
    expectConsistent(unnamed);
  });

  it('DUN-7: a payment beyond all that is owed is a credit; the next invoice’s credit line uses it and its collection pays the reduced total in full', () => {
    const march = invoice(MARCH, '2027-03', MONTH_OF_CARE);
    const overpaid = transfer('NL-ABNA-0226-031', '2027-02-26', 100000, MARCH);
    const before = deriveAccount([march], [overpaid]);
    expect(invoiceIn(before, MARCH).status).toBe('paid');
    expect(before.credit).toBe(100000 - MONTH_OF_CARE);
    expect(before.balance).toBe(-25293);

    // The April run puts a credit line of -252,93 on the invoice: the parent is collected 494,14.
    const april = invoice(APRIL, '2027-04', MONTH_OF_CARE - 25293, { creditUsed: 25293 });
    const account = deriveAccount([march, april], [overpaid, collection(APRIL, '2027-04-01', april.total)]);
    const aprilBalance = invoiceIn(account, APRIL);
    expect(aprilBalance.total).toBe(49414);
    expect(aprilBalance.paid).toBe(49414);
    expect(aprilBalance.principalOpen).toBe(0);
    expect(aprilBalance.status).toBe('paid');
    expect(account.credit).toBe(0);
    expect(account.owed).toBe(0);
    expect(account.balance).toBe(0);
    expect(account.lines.map((l) => [l.kind, l.amount, l.balanceAfter])).toEqual([
      ['invoice', MONTH_OF_CARE, MONTH_OF_CARE],
      ['payment', -100000, -25293],
      ['invoice', MONTH_OF_CARE, 49414],
      ['collection', -49414, 0],
    ]);
    expect(account.lines.at(-1)?.balanceAfter).toBe(account.balance);
    expectConsistent(account);
  });
});

describe('a parent’s account: returns and rejects (INV-7, DUN-1)', () => {
  it('INV-7: an AM04 return re-opens the paid invoice and finds it unpaid on the return’s day', () => {
    const march = invoice(MARCH, '2027-03', MONTH_OF_CARE);
    const paid = deriveAccount([march], [collection(MARCH, '2027-03-01', MONTH_OF_CARE)]);
    expect(invoiceIn(paid, MARCH).status).toBe('paid');

    const account = deriveAccount(
      [march],
      [
        collection(MARCH, '2027-03-01', MONTH_OF_CARE),
        bankReturn(MARCH, '2027-03-04', MONTH_OF_CARE, 'AM04'),
      ],
    );
    const balance = invoiceIn(account, MARCH);
    expect(balance.status).toBe('open');
    expect(balance.paid).toBe(0);
    expect(balance.principalOpen).toBe(MONTH_OF_CARE);
    expect(balance.foundUnpaidOn).toBe('2027-03-04');
    expect(balance.returned).toEqual({ on: '2027-03-04', reason: 'AM04' });
    expect(account.lines.at(-1)).toMatchObject({ kind: 'return', amount: MONTH_OF_CARE, reason: 'AM04' });
    expect(account.balance).toBe(MONTH_OF_CARE);
    expectConsistent(account);
  });

  it('INV-7: an MD06 refund seven weeks after the debit re-opens that invoice only; the next month stays paid', () => {
    const invoices = [invoice(MARCH, '2027-03', MONTH_OF_CARE), invoice(APRIL, '2027-04', MONTH_OF_CARE)];
    const account = deriveAccount(invoices, [
      collection(MARCH, '2027-03-01', MONTH_OF_CARE),
      collection(APRIL, '2027-04-01', MONTH_OF_CARE),
      bankReturn(MARCH, '2027-04-19', MONTH_OF_CARE, 'MD06'),
    ]);
    const march = invoiceIn(account, MARCH);
    expect(march).toMatchObject({
      status: 'open',
      paid: 0,
      principalOpen: MONTH_OF_CARE,
      foundUnpaidOn: '2027-04-19',
      returned: { on: '2027-04-19', reason: 'MD06' },
    });
    expect(invoiceIn(account, APRIL)).toMatchObject({ status: 'paid', paid: MONTH_OF_CARE, balance: 0 });
    expect(invoiceIn(account, APRIL).foundUnpaidOn).toBeUndefined();
    expect(account.balance).toBe(MONTH_OF_CARE);
    expectConsistent(account);
  });

  it('INV-7: a pain.002 reject before the debit date means the collection booked on the debit date took no money', () => {
    const march = invoice(MARCH, '2027-03', MONTH_OF_CARE);
    const account = deriveAccount(
      [march],
      [
        reject(MARCH, '2027-02-26', 'AC04'),
        collection(MARCH, '2027-03-01', MONTH_OF_CARE),
        foundUnpaid(MARCH, '2027-03-01'),
      ],
    );
    const balance = invoiceIn(account, MARCH);
    expect(balance.status).toBe('open');
    expect(balance.paid).toBe(0);
    expect(balance.principalOpen).toBe(MONTH_OF_CARE);
    expect(balance.foundUnpaidOn).toBe('2027-02-26');
    expect(balance.returned).toEqual({ on: '2027-02-26', reason: 'AC04' });
    expect(account.lines.find((l) => l.kind === 'collection')?.amount).toBe(0);
    expect(account.lines.find((l) => l.kind === 'reject')?.amount).toBe(0);
    expect(account.credit).toBe(0);
    expect(account.balance).toBe(MONTH_OF_CARE);
    expectConsistent(account);
  });

  it('INV-7: a pain.002 reject dated on the debit date itself also means the collection took no money', () => {
    const account = deriveAccount(
      [invoice(MARCH, '2027-03', MONTH_OF_CARE)],
      [collection(MARCH, '2027-03-01', MONTH_OF_CARE), reject(MARCH, '2027-03-01', 'MS02')],
    );
    expect(invoiceIn(account, MARCH)).toMatchObject({
      status: 'open',
      paid: 0,
      foundUnpaidOn: '2027-03-01',
      returned: { on: '2027-03-01', reason: 'MS02' },
    });
    expect(account.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['invoice', MONTH_OF_CARE],
      ['collection', 0],
      ['reject', 0],
    ]);
    expect(account.balance).toBe(MONTH_OF_CARE);
    expectConsistent(account);
  });

  it('INV-7: returning a collection that overpaid takes back the credit a later invoice used: that invoice owes it again', () => {
    // Şükrü transferred 200,00 towards March; the SEPA batch (already sent) still collected all 747,07.
    const march = invoice(MARCH, '2027-03', MONTH_OF_CARE);
    const april = invoice(APRIL, '2027-04', MONTH_OF_CARE - 20000, { creditUsed: 20000 });
    const entries = [
      transfer('NL-ING-20270226-0044', '2027-02-26', 20000, MARCH),
      collection(MARCH, '2027-03-01', MONTH_OF_CARE),
      collection(APRIL, '2027-04-01', april.total),
    ];
    const before = deriveAccount([march, april], entries);
    expect(invoiceIn(before, APRIL)).toMatchObject({ status: 'paid', principalOpen: 0, paid: 54707 });
    expect(before.balance).toBe(0);

    // He has the bank refund March's collection (MD06): its 747,07 never arrived, the 200,00 credit neither.
    const account = deriveAccount(
      [march, april],
      [...entries, bankReturn(MARCH, '2027-04-12', MONTH_OF_CARE, 'MD06')],
    );
    expect(invoiceIn(account, MARCH)).toMatchObject({
      status: 'open',
      paid: 20000,
      principalOpen: 54707,
      foundUnpaidOn: '2027-04-12',
    });
    expect(invoiceIn(account, APRIL)).toMatchObject({ status: 'open', paid: 54707, principalOpen: 20000 });
    expect(account.credit).toBe(0);
    expect(account.owed).toBe(MONTH_OF_CARE);
    expect(account.lines.at(-1)).toMatchObject({
      kind: 'return',
      amount: MONTH_OF_CARE,
      balanceAfter: MONTH_OF_CARE,
    });
    expectConsistent(account);
  });

  it('INV-7, DUN-7: a parent who paid twice and had the collection refunded (MD06) owes nothing: the transfer pays the re-opened invoice', () => {
    const march = invoice(MARCH, '2027-03', MONTH_OF_CARE);
    const paidTwice = [
      collection(MARCH, '2027-03-01', MONTH_OF_CARE),
      transfer('NL-ING-20270303-0912', '2027-03-03', MONTH_OF_CARE, MARCH),
    ];
    expect(deriveAccount([march], paidTwice).credit).toBe(MONTH_OF_CARE);

    const account = deriveAccount(
      [march],
      [...paidTwice, bankReturn(MARCH, '2027-03-15', MONTH_OF_CARE, 'MD06')],
    );
    const balance = invoiceIn(account, MARCH);
    expect(balance.status).toBe('paid');
    expect(balance.paid).toBe(MONTH_OF_CARE);
    expect(balance.balance).toBe(0);
    // Never found unpaid: the money to pay it was here when the refund came.
    expect(balance.foundUnpaidOn).toBeUndefined();
    expect(account.credit).toBe(0);
    expect(account.owed).toBe(0);
    expect(account.balance).toBe(0);
    expectConsistent(account);
  });
});

describe('a parent’s account: found unpaid (DUN-1)', () => {
  it('DUN-1: an open transfer invoice is found unpaid on its due date', () => {
    const account = deriveAccount(
      [invoice(MARCH, '2027-03', MONTH_OF_CARE)],
      [foundUnpaid(MARCH, '2027-03-01')],
    );
    expect(invoiceIn(account, MARCH)).toMatchObject({ status: 'open', foundUnpaidOn: '2027-03-01' });
    expectConsistent(account);
  });

  it('DUN-1: an invoice paid before the end of its due date (also on the day itself) is not found unpaid', () => {
    for (const paidOn of ['2027-02-27', '2027-03-01']) {
      const account = deriveAccount(
        [invoice(MARCH, '2027-03', MONTH_OF_CARE)],
        [foundUnpaid(MARCH, '2027-03-01'), transfer('NL-ABNA-0301-77', paidOn, MONTH_OF_CARE, MARCH)],
      );
      expect(invoiceIn(account, MARCH).status).toBe('paid');
      expect(invoiceIn(account, MARCH).foundUnpaidOn).toBeUndefined();
      expectConsistent(account);
    }
  });

  it('DUN-1, DUN-7: a credit waiting on the due date pays the invoice instead of it being found unpaid', () => {
    // The final settlement of Şükrü's son's ended contract credits 800,00 after March was issued.
    const account = deriveAccount(
      [
        invoice(MARCH, '2027-03', MONTH_OF_CARE),
        invoice('2027-000140', '2027-03', -80000, { issuedOn: '2027-02-25' }),
      ],
      [foundUnpaid(MARCH, '2027-03-01')],
    );
    const march = invoiceIn(account, MARCH);
    expect(march.status).toBe('paid');
    expect(march.paid).toBe(MONTH_OF_CARE);
    expect(march.foundUnpaidOn).toBeUndefined();
    expect(account.credit).toBe(80000 - MONTH_OF_CARE);
    expect(account.balance).toBe(-5293);
    expectConsistent(account);
  });

  it('DUN-1: a partly paid invoice is found unpaid for the rest', () => {
    const account = deriveAccount(
      [invoice(MARCH, '2027-03', MONTH_OF_CARE)],
      [transfer('NL-ING-0228-5', '2027-02-28', 50000, MARCH), foundUnpaid(MARCH, '2027-03-01')],
    );
    expect(invoiceIn(account, MARCH)).toMatchObject({
      status: 'open',
      paid: 50000,
      principalOpen: 24707,
      foundUnpaidOn: '2027-03-01',
    });
    expectConsistent(account);
  });
});

describe('a parent’s account: credit invoices and void invoices', () => {
  it('DUN-7: a credit invoice (a final settlement, negative total) adds to the credit; a void invoice shows as void and counts nothing', () => {
    const settlement = invoice('2027-000140', '2027-03', -12345, { issuedOn: '2027-03-10' });
    const voided = invoice('2027-000141', '2027-03', MONTH_OF_CARE, { void: true });
    const account = deriveAccount([invoice(MARCH, '2027-03', MONTH_OF_CARE), settlement, voided], []);

    expect(invoiceIn(account, '2027-000140')).toMatchObject({
      status: 'credit',
      total: -12345,
      principalOpen: 0,
      balance: 0,
    });
    expect(invoiceIn(account, '2027-000141')).toMatchObject({
      status: 'void',
      total: 0,
      paid: 0,
      balance: 0,
    });
    expect(account.lines.map((l) => l.id)).not.toContain('2027-000141');
    expect(account.lines.find((l) => l.kind === 'credit-invoice')?.amount).toBe(-12345);
    expect(account.credit).toBe(12345);
    expect(account.owed).toBe(MONTH_OF_CARE);
    expect(account.balance).toBe(MONTH_OF_CARE - 12345);
    expectConsistent(account);

    // The next invoice's credit line uses it.
    const april = invoice(APRIL, '2027-04', MONTH_OF_CARE - 12345, { creditUsed: 12345 });
    const next = deriveAccount(
      [invoice(MARCH, '2027-03', MONTH_OF_CARE), settlement, voided, april],
      [collection(MARCH, '2027-03-01', MONTH_OF_CARE), collection(APRIL, '2027-04-01', april.total)],
    );
    expect(next.credit).toBe(0);
    expect(next.balance).toBe(0);
    expect(invoiceIn(next, APRIL).status).toBe('paid');
    expectConsistent(next);
  });
});

/** Half a year of Şükrü's account with everything that can happen on it. */
const YEAR_INVOICES: AccountInvoice[] = [
  invoice('2027-000030', '2027-02', MONTH_OF_CARE),
  invoice(MARCH, '2027-03', MONTH_OF_CARE),
  invoice('2027-000140', '2027-03', -12345, { issuedOn: '2027-03-10' }),
  invoice('2027-000141', '2027-03', 31250, { void: true }),
  invoice(APRIL, '2027-04', MONTH_OF_CARE),
  invoice(MAY, '2027-05', MONTH_OF_CARE - 20000, { creditUsed: 20000 }),
  invoice('2027-000339', '2027-06', 68211),
];
const YEAR_ENTRIES: AccountEntry[] = [
  collection('2027-000030', '2027-02-01', MONTH_OF_CARE),
  reject(MARCH, '2027-02-26', 'MS03'),
  collection(MARCH, '2027-03-01', MONTH_OF_CARE),
  foundUnpaid(MARCH, '2027-03-01'),
  transfer('NL-ING-20270310-0001', '2027-03-10', 30000, MARCH),
  fee(MARCH, '2027-03-25', 4000),
  interest(MARCH, '2027-03-25', 187),
  collection(APRIL, '2027-04-01', MONTH_OF_CARE),
  transfer('NL-ING-20270405-0002', '2027-04-05', 70000),
  bankReturn(APRIL, '2027-04-06', MONTH_OF_CARE, 'AM04'),
  transfer('NL-ING-20270420-0003', '2027-04-20', 80000, APRIL),
  collection(MAY, '2027-05-01', MONTH_OF_CARE - 20000),
  bankReturn('2027-000030', '2027-05-10', MONTH_OF_CARE, 'MD06'),
  foundUnpaid('2027-000339', '2027-06-01'),
];

describe('a parent’s account: derived, whatever order the entries are read in', () => {
  it('issue 9 item 1: the same entries in any order give the same account', () => {
    const expected = deriveAccount(YEAR_INVOICES, YEAR_ENTRIES);
    expectConsistent(expected);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(YEAR_ENTRIES, { minLength: YEAR_ENTRIES.length }),
        fc.shuffledSubarray(YEAR_INVOICES, { minLength: YEAR_INVOICES.length }),
        (entries, invoices) => {
          expect(deriveAccount(invoices, entries)).toEqual(expected);
        },
      ),
      { seed: 20270901, numRuns: 300 },
    );
  });

  it('issue 9 item 1, DUN-7, INV-7: any month of collections, returns, rejects, transfers and charges reconciles in whole cents, in any order', () => {
    const months = ['2027-02', '2027-03', '2027-04', '2027-05'];
    const monthly = fc.record({
      total: fc.integer({ min: 1, max: 150000 }),
      creditUsed: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30000 })),
      collected: fc.boolean(),
      undone: fc.constantFrom(undefined, 'AM04', 'MD06', 'AC04', 'reject'),
      undoneAfter: fc.integer({ min: 1, max: 50 }),
      fee: fc.integer({ min: 0, max: 4000 }),
      interest: fc.integer({ min: 0, max: 400 }),
    });
    const transfers = fc.array(
      fc.record({
        amount: fc.integer({ min: 1, max: 200000 }),
        day: fc.integer({ min: 0, max: 150 }),
        names: fc.option(fc.integer({ min: 0, max: months.length - 1 }), { nil: undefined }),
      }),
      { maxLength: 6 },
    );
    const scenario = fc
      .record({
        invoices: fc.array(monthly, { minLength: months.length, maxLength: months.length }),
        transfers,
        settlement: fc.option(fc.integer({ min: 1, max: 90000 }), { nil: undefined }),
      })
      .map(({ invoices: months_, transfers: paid, settlement }) => {
        const invoices: AccountInvoice[] = [];
        const entries: AccountEntry[] = [];
        months_.forEach((m, i) => {
          const month = months[i] as string;
          const number = `2027-0002${String(i).padStart(2, '0')}`;
          const inv = invoice(number, month, m.total, { creditUsed: Math.min(m.creditUsed, m.total) });
          invoices.push(inv);
          if (m.undone === 'reject') entries.push(reject(number, addDays(inv.debitOn, -3), 'AC06'));
          if (m.collected) entries.push(collection(number, inv.debitOn, inv.total));
          else entries.push(foundUnpaid(number, inv.debitOn));
          if (m.undone && m.undone !== 'reject')
            entries.push(bankReturn(number, addDays(inv.debitOn, m.undoneAfter), inv.total, m.undone));
          if (m.fee) entries.push(fee(number, addDays(inv.debitOn, 24), m.fee));
          if (m.interest) entries.push(interest(number, addDays(inv.debitOn, 24), m.interest));
        });
        paid.forEach((t, i) => {
          const named = t.names === undefined ? undefined : invoices[t.names]?.number;
          entries.push(transfer(`NL-ING-${i}`, addDays('2027-01-25', t.day), t.amount, named));
        });
        if (settlement)
          invoices.push(invoice('2027-000299', '2027-04', -settlement, { issuedOn: '2027-04-11' }));
        return { invoices, entries };
      });

    fc.assert(
      fc.property(scenario, fc.infiniteStream(fc.nat()), ({ invoices, entries }, keys) => {
        const account = deriveAccount(invoices, entries);
        expectConsistent(account);
        const shuffled = entries
          .map((e) => ({ e, key: keys.next().value as number }))
          .sort((a, b) => a.key - b.key)
          .map(({ e }) => e);
        expect(deriveAccount([...invoices].reverse(), shuffled)).toEqual(account);
      }),
      { seed: 20270902, numRuns: 500 },
    );
  });

  it('money stays whole cents: no amount, paid, balance or running total is ever a fraction', () => {
    const account = deriveAccount(YEAR_INVOICES, YEAR_ENTRIES);
    const numbers = numbersIn(account);
    expect(numbers.length).toBeGreaterThan(50);
    for (const n of numbers) expect(Number.isInteger(n), `${n} is not whole cents`).toBe(true);
    expect(account.lines.at(-1)?.balanceAfter).toBe(account.balance);
  });
});
