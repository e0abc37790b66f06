import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';
import { bankEntryId } from '#shared/payments/bank-entries.ts';

/**
 * Issue 9 item 3: every transaction of a bank file is booked once, and once only. A batch entry's
 * transactions share the entry's bank reference (AcctSvcrRef) when they carry none of their own.
 */
const FIXTURES = 'test/fixtures/bank-files';
const read = (name: string) => readBankFile(readFileSync(`${FIXTURES}/${name}`));

describe('bank entry ids (issue 9 item 3: booked once, none dropped)', () => {
  it('gives two collections of the same amount in one batch entry an id each (INV-6)', () => {
    const { transactions } = read('ing-camt053-collection-batch-same-amounts.xml');
    const collections = transactions.filter((t) => t.kind === 'collection');
    expect(collections.map((t) => [t.endToEndId, t.amount, t.accountServicerRef])).toEqual([
      ['2027-000301', 37_353, '2027091C0000038'],
      ['2027-000302', 56_030, '2027091C0000038'],
      ['2027-000303', 37_353, '2027091C0000038'],
      ['2027-000304', 74_706, '2027091C0000038'],
    ]);
    expect(new Set(collections.map(bankEntryId)).size).toBe(4);
  });

  it('gives a return the same id in the camt.054 that announces it and the camt.053 that books it (INV-7)', () => {
    const announced = read('ing-camt054-return-notifications.xml').transactions.map(bankEntryId);
    const booked = read('ing-camt053-returns-booked.xml').transactions.map(bankEntryId);
    expect(booked).toHaveLength(3);
    expect(booked).toEqual(announced);
  });
});
