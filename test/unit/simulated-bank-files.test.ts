import { describe, expect, it } from 'vitest';
import {
  type BankAccount,
  type CollectionBooking,
  camt053DayStatement,
  camt054Notification,
  isoAmount,
  pain002StatusReport,
  type ReturnBooking,
  type StatementEntry,
  statementClosingBalance,
} from '#infra/local/simulated-bank.ts';
import type { BankFile, BankTransaction } from '#shared/bank-files/bank-file.ts';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';

/**
 * Issue 9 item 5: the simulator plays the bank. Every file it writes is read back by the same reader a
 * user's import uses (`readBankFile`), and must give exactly the transactions written, with the file's own
 * totals and balances agreeing (INV-6 collections, INV-7 returns and rejects with their reason codes).
 */
const US: BankAccount = {
  iban: 'NL20INGB0001234567',
  bic: 'INGBNL2A',
  name: 'Kinderopvang Accrete B.V.',
  creditorId: 'NL57ZZZ999999999999',
};
const YILMAZ = { name: 'Şükrü Yılmaz', iban: 'NL63INGB3125467896', bic: 'INGBNL2A' };
const WISNIEWSKA = { name: 'Łucja Wiśniewska & Zn <test>', iban: 'NL13 RABO 1538 2746 12' };
const NGUYEN = { name: 'Nguyễn Thị Minh Khai', iban: 'NL56ASNB7163549288', bic: 'ASNBNL21' };
const DE_VRIES = { name: 'Sanne \'de\' Vries "jr"', iban: 'NL59ABNA4827163952' };

const MARCH_BATCH: CollectionBooking = {
  kind: 'collection',
  messageId: 'OPVANG-2027-03-2027-03-01',
  paymentInformationId: 'OPVANG-2027-03-2027-03-01.1',
  collectionDate: '2027-03-01',
  transactions: [
    {
      endToEndId: '2027-000101',
      mandateId: 'M-001',
      amount: 56030,
      debtor: DE_VRIES,
      remittance: 'Factuur 2027-000101 kinderopvang maart 2027',
    },
    {
      endToEndId: '2027-000102',
      mandateId: 'M-002',
      amount: 37353,
      debtor: WISNIEWSKA,
      remittance: 'Factuur 2027-000102 kinderopvang maart 2027',
    },
    {
      endToEndId: '2027-000103',
      mandateId: 'M-003',
      amount: 112060,
      debtor: YILMAZ,
      remittance: 'Factuur 2027-000103 kinderopvang maart 2027',
    },
  ],
};

const collectionsOf = (file: BankFile) => file.transactions.filter((t) => t.kind === 'collection');

/** The file's own totals, balances and batch counts agree with what was read (issue 9 item 3). */
function expectReconciles(file: BankFile) {
  expect(file.stated?.differences).toEqual([]);
  expect(file.stated?.reconciles).toBe(true);
  expect(file.notes).toEqual([]);
}

describe('camt053DayStatement: the day statement of a debit date (issue 9 item 5, INV-6)', () => {
  const entries: StatementEntry[] = [
    MARCH_BATCH,
    {
      kind: 'transfer',
      amount: 25000,
      payer: NGUYEN,
      remittance: 'Factuur 2027-000099 opvang februari, restant',
    },
    { kind: 'transfer', amount: 37353, payer: WISNIEWSKA, reference: '2027-000088' },
    { kind: 'transfer', amount: 1, payer: YILMAZ, reference: 'RF18539007547034', remittance: 'Noor / maart' },
  ];
  const xml = camt053DayStatement({
    account: US,
    date: '2027-03-01',
    sequence: 63,
    openingBalance: 1242988,
    entries,
  });
  const file = readBankFile(xml);

  it('books the collection batch as one credit entry whose details are our invoices, each paid (INV-6)', () => {
    expect(file.format).toBe('camt.053.001.02');
    expect(file.statements).toBe(1);
    expect(collectionsOf(file)).toEqual(
      MARCH_BATCH.transactions.map((tx) =>
        expect.objectContaining({
          booked: '2027-03-01',
          amount: tx.amount,
          direction: 'credit',
          kind: 'collection',
          reason: null,
          endToEndId: tx.endToEndId,
          mandateId: tx.mandateId,
          reference: tx.remittance,
          counterparty: { name: tx.debtor.name, iban: tx.debtor.iban.replace(/\s/g, '') },
        }),
      ),
    );
    // One Ntry for the batch (ING), plus the three transfers.
    expect(file.totals).toEqual({ entries: 4, credit: 205443 + 25000 + 37353 + 1, debit: 0 });
    expect(xml.match(/<Ntry>/g)).toHaveLength(4);
    expect(xml).toContain('<NbOfTxs>3</NbOfTxs>');
  });

  it('books parents’ transfers with their free text or structured reference and the payer', () => {
    const transfers = file.transactions.filter((t) => t.kind === 'transfer');
    expect(transfers).toEqual([
      expect.objectContaining({
        amount: 25000,
        direction: 'credit',
        endToEndId: null,
        mandateId: null,
        reference: 'Factuur 2027-000099 opvang februari, restant',
        counterparty: { name: 'Nguyễn Thị Minh Khai', iban: 'NL56ASNB7163549288' },
      }),
      expect.objectContaining({
        amount: 37353,
        reference: '2027-000088',
        counterparty: { name: 'Łucja Wiśniewska & Zn <test>', iban: 'NL13RABO1538274612' },
      }),
      // A structured reference with a text beside it: both read, the reference first.
      expect.objectContaining({
        amount: 1,
        reference: 'RF18539007547034 Noor / maart',
        counterparty: { name: 'Şükrü Yılmaz', iban: 'NL63INGB3125467896' },
      }),
    ]);
  });

  it('states balances and totals that agree with the entries: closing = opening + credits − debits', () => {
    expectReconciles(file);
    const closing = statementClosingBalance(1242988, entries);
    expect(closing).toBe(1242988 + 267797);
    expect(file.stated).toMatchObject({
      entries: 4,
      sum: 267797,
      net: 267797,
      credit: { entries: 4, sum: 267797 },
      balances: [
        {
          statement: '0000000000000063',
          account: 'NL20INGB0001234567',
          opening: { date: '2027-03-01', amount: 1242988 },
          closing: { date: '2027-03-01', amount: closing },
        },
      ],
    });
  });

  it('gives every booking its own bank reference, the same each time the file is written', () => {
    const refs = file.transactions.map((t) => t.accountServicerRef);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.every((r) => r?.startsWith('2027060'))).toBe(true);
    expect(
      camt053DayStatement({
        account: US,
        date: '2027-03-01',
        sequence: 63,
        openingBalance: 1242988,
        entries,
      }),
    ).toBe(xml);
    // Created the next morning, as ING sends it, in Amsterdam time: no wall clock.
    expect(xml).toContain('<CreDtTm>2027-03-02T06:15:00.000+01:00</CreDtTm>');
  });

  it('escapes names and texts: an ampersand or angle bracket in a name stays text', () => {
    expect(xml).toContain('<Nm>Łucja Wiśniewska &amp; Zn &lt;test&gt;</Nm>');
    expect(file.transactions.map((t) => t.counterparty.name)).toContain('Sanne \'de\' Vries "jr"');
  });
});

describe('camt053DayStatement: a collection booked per transaction, Rabobank style (INV-6)', () => {
  const file = readBankFile(
    camt053DayStatement({
      account: { ...US, iban: 'NL39RABO0300065264', bic: 'RABONL2U' },
      date: '2027-04-01',
      sequence: 64,
      openingBalance: -5000,
      entries: [{ ...MARCH_BATCH, collectionDate: '2027-04-01', perTransaction: true }],
    }),
  );

  it('books one credit entry per collection, each with its invoice, mandate and debtor', () => {
    expect(file.totals).toEqual({ entries: 3, credit: 205443, debit: 0 });
    expect(
      collectionsOf(file).map((t) => [t.endToEndId, t.mandateId, t.amount, t.counterparty.name]),
    ).toEqual([
      ['2027-000101', 'M-001', 56030, 'Sanne \'de\' Vries "jr"'],
      ['2027-000102', 'M-002', 37353, 'Łucja Wiśniewska & Zn <test>'],
      ['2027-000103', 'M-003', 112060, 'Şükrü Yılmaz'],
    ]);
    expect(collectionsOf(file).every((t) => t.entryRef && t.entryRef === t.accountServicerRef)).toBe(true);
  });

  it('carries a debit opening balance to a credit closing balance, and reconciles', () => {
    expectReconciles(file);
    expect(file.stated?.balances?.[0]).toMatchObject({
      opening: { amount: -5000 },
      closing: { amount: -5000 + 205443 },
    });
  });
});

describe('camt053DayStatement: a day without bookings', () => {
  it('is still a statement, with equal opening and closing balances and no transactions', () => {
    const file = readBankFile(
      camt053DayStatement({ account: US, date: '2027-03-06', sequence: 67, openingBalance: 99, entries: [] }),
    );
    expect(file.format).toBe('camt.053.001.02');
    expect(file.statements).toBe(1);
    expect(file.transactions).toEqual([]);
    expect(file.totals).toEqual({ entries: 0, credit: 0, debit: 0 });
    expectReconciles(file);
    expect(file.stated?.balances?.[0]).toMatchObject({ opening: { amount: 99 }, closing: { amount: 99 } });
  });
});

const RETURNS: ReturnBooking[] = [
  {
    kind: 'return',
    amount: 112060,
    endToEndId: '2027-000103',
    mandateId: 'M-003',
    reason: 'AM04',
    debtor: YILMAZ,
  },
  {
    kind: 'return',
    amount: 37353,
    endToEndId: '2027-000102',
    mandateId: 'M-002',
    reason: 'AC04',
    debtor: WISNIEWSKA,
    remittance: 'Factuur 2027-000102 kinderopvang maart 2027',
  },
  {
    kind: 'return',
    amount: 56030,
    endToEndId: '2027-000021',
    mandateId: 'M-001',
    reason: 'MD06',
    debtor: DE_VRIES,
  },
  {
    kind: 'return',
    amount: 30001,
    endToEndId: '2027-000104',
    mandateId: 'M-004',
    reason: 'MS02',
    debtor: NGUYEN,
  },
];

describe('camt054Notification: returned collections (issue 9 item 5, INV-7)', () => {
  const xml = camt054Notification({ account: US, date: '2027-03-03', sequence: 12, returns: RETURNS });
  const file = readBankFile(xml);

  it('reads back every return as a debit with its reason code, invoice, mandate and debtor', () => {
    expect(file.format).toBe('camt.054.001.02');
    expect(
      file.transactions.map((t: BankTransaction) => [
        t.kind,
        t.direction,
        t.booked,
        t.amount,
        t.reason,
        t.endToEndId,
        t.mandateId,
        t.counterparty,
      ]),
    ).toEqual(
      RETURNS.map((r) => [
        'return',
        'debit',
        '2027-03-03',
        r.amount,
        r.reason,
        r.endToEndId,
        r.mandateId,
        { name: r.debtor.name, iban: r.debtor.iban.replace(/\s/g, '') },
      ]),
    );
    expect(file.transactions[1]?.reference).toBe('Factuur 2027-000102 kinderopvang maart 2027');
  });

  it('states a summary equal to the returns, and no balances', () => {
    expectReconciles(file);
    expect(file.totals).toEqual({ entries: 4, credit: 0, debit: 112060 + 37353 + 56030 + 30001 });
    expect(file.stated).toMatchObject({ entries: 4, debit: { entries: 4, sum: file.totals.debit } });
    expect(file.stated?.balances).toBeUndefined();
  });

  it('gives a return the same bank reference in the notification and on the day statement', () => {
    const statement = readBankFile(
      camt053DayStatement({
        account: US,
        date: '2027-03-03',
        sequence: 65,
        openingBalance: 1000000,
        entries: [RETURNS[0] as ReturnBooking],
      }),
    );
    expectReconciles(statement);
    expect(statement.transactions).toEqual([file.transactions[0]]);
    expect(statement.stated?.balances?.[0]?.closing?.amount).toBe(1000000 - 112060);
  });
});

describe('pain002StatusReport: collections refused before booking (issue 9 item 5, INV-7)', () => {
  const rejects = [
    {
      endToEndId: '2027-000242',
      mandateId: 'M-042',
      amount: 74706,
      reason: 'AC04',
      debtor: WISNIEWSKA,
      // A first collection, in the pain.008's FRST block: the report groups rejects per block.
      paymentInformationId: 'OPVANG-2027-04-2027-04-01.0',
      sequenceType: 'FRST' as const,
      remittance: 'Factuur 2027-000242 kinderopvang april 2027',
    },
    { endToEndId: '2027-000243', mandateId: 'M-043', amount: 29885, reason: 'MS02', debtor: YILMAZ },
  ];
  const report = (originalTransactions: number, originalSum: number) =>
    readBankFile(
      pain002StatusReport({
        account: US,
        date: '2027-03-30',
        originalMessageId: 'OPVANG-2027-04-2027-04-01',
        originalPaymentInformationId: 'OPVANG-2027-04-2027-04-01.1',
        collectionDate: '2027-04-01',
        rejects,
        originalTransactions,
        originalSum,
      }),
    );

  it('reads back each reject with its reason, invoice, mandate, amount and debtor', () => {
    const file = report(24, 1187432);
    expect(file.format).toBe('pain.002.001.03');
    expect(file.transactions).toEqual([
      expect.objectContaining({
        booked: '2027-03-30',
        amount: 74706,
        direction: 'credit',
        kind: 'reject',
        reason: 'AC04',
        endToEndId: '2027-000242',
        mandateId: 'M-042',
        reference: 'Factuur 2027-000242 kinderopvang april 2027',
        counterparty: { name: 'Łucja Wiśniewska & Zn <test>', iban: 'NL13RABO1538274612' },
      }),
      expect.objectContaining({
        amount: 29885,
        kind: 'reject',
        reason: 'MS02',
        endToEndId: '2027-000243',
        mandateId: 'M-043',
        counterparty: { name: 'Şükrü Yılmaz', iban: 'NL63INGB3125467896' },
      }),
    ]);
    expect(file.totals).toEqual({ entries: 2, credit: 0, debit: 0 });
  });

  it('states the batch partly accepted, with counts and sums per status that agree', () => {
    const file = report(24, 1187432);
    expectReconciles(file);
    expect(file.stated).toMatchObject({
      entries: 24,
      sum: 1187432,
      groupStatus: 'PART',
      byStatus: [
        { status: 'RJCT', transactions: 2, sum: 104591 },
        { status: 'ACCP', transactions: 22, sum: 1187432 - 104591 },
      ],
    });
  });

  it('states the batch rejected whole when every collection in it is refused', () => {
    const file = report(2, 104591);
    expectReconciles(file);
    expect(file.stated).toMatchObject({ entries: 2, sum: 104591, groupStatus: 'RJCT' });
  });

  it('refuses rejects that do not fit the batch they are said to come from', () => {
    expect(() => report(1, 104591)).toThrow(RangeError);
    expect(() => report(2, 104590)).toThrow(RangeError);
  });
});

describe('amounts and input checks', () => {
  it('writes cents as decimal text from the integer’s digits, also beyond what a float holds exactly', () => {
    expect(isoAmount(0)).toBe('0.00');
    expect(isoAmount(5)).toBe('0.05');
    expect(isoAmount(123456)).toBe('1234.56');
    expect(isoAmount(-1001)).toBe('-10.01');
    expect(isoAmount(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('reads back a large amount to the cent through the bank file', () => {
    const file = readBankFile(
      camt053DayStatement({
        account: US,
        date: '2027-03-02',
        sequence: 64,
        openingBalance: 0,
        entries: [
          { kind: 'transfer', amount: 9_999_999_999_99, payer: YILMAZ, remittance: 'Factuur 2027-000123' },
        ],
      }),
    );
    expect(file.transactions[0]?.amount).toBe(9_999_999_999_99);
    expectReconciles(file);
  });

  it('refuses an amount that is not a positive whole number of cents, and an unknown reason format', () => {
    const statement = (entries: StatementEntry[]) =>
      camt053DayStatement({ account: US, date: '2027-03-02', sequence: 64, openingBalance: 0, entries });
    expect(() => statement([{ kind: 'transfer', amount: 12.5, payer: YILMAZ, remittance: 'x' }])).toThrow(
      RangeError,
    );
    expect(() => statement([{ kind: 'transfer', amount: 0, payer: YILMAZ, remittance: 'x' }])).toThrow(
      RangeError,
    );
    expect(() => statement([{ ...(RETURNS[0] as ReturnBooking), reason: 'insufficient' }])).toThrow(
      RangeError,
    );
  });

  it('splits a remittance text beyond 140 characters over several Ustrd and reads it back whole', () => {
    const long = `Factuur 2027-000123 ${'opvang Noor en Daan maart 2027, inclusief extra dag '.repeat(4)}einde`;
    const file = readBankFile(
      camt053DayStatement({
        account: US,
        date: '2027-03-02',
        sequence: 64,
        openingBalance: 0,
        entries: [{ kind: 'transfer', amount: 100, payer: NGUYEN, remittance: long }],
      }),
    );
    expect(long.length).toBeGreaterThan(140);
    expect(file.transactions[0]?.reference).toBe(long.replace(/\s+/g, ' ').trim());
  });
});
