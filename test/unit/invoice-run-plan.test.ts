import { describe, expect, it } from 'vitest';
import { reviseNumbers } from '#shared/invoice-numbering.ts';
import { invoiceLines, planInvoices, summarizeSkipped } from '#shared/invoices.ts';
import {
  debitDateFor,
  latestRunMonth,
  leavesTwoWorkingDays,
  monthsRunBetween,
  openDebitDate,
} from '#shared/invoicing.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import type { ContractRecord } from '#shared/records.ts';

/** The run's plan, its debit dates and its invoice numbers, offline (issue 8 items 2, 5 and 7). */
const contract = (id: string, parentId: string, child: string, start = '2027-01-01'): ContractRecord => ({
  type: 'contract',
  id,
  parentId,
  status: 'active',
  signedOn: '2026-12-01',
  child: { name: child, birthDate: '2025-05-10' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
  start,
  end: '2029-05-09',
});

describe('INV-5: the debit date leaves 2 working days after the invoice', () => {
  it('keeps the first working day of the month for a run on time', () => {
    expect(debitDateFor('2027-03', '2027-02-22')).toBe('2027-03-01');
  });

  it('moves the debit of a late run or a late contract to the first date that leaves 2 working days', () => {
    // Friday 26 February: Monday 1 March is 1 working day later; Tuesday 2 March is the first that leaves 2.
    expect(debitDateFor('2027-03', '2027-02-26')).toBe('2027-03-02');
    // Thursday 25 February: Friday and Monday lie between; 1 March stands.
    expect(debitDateFor('2027-03', '2027-02-25')).toBe('2027-03-01');
    // A run in the month itself (10 March) debits on 12 March at the earliest.
    expect(debitDateFor('2027-03', '2027-03-10')).toBe('2027-03-12');
    for (const issued of ['2027-02-22', '2027-02-26', '2027-03-10', '2027-04-23', '2027-12-24'])
      expect(leavesTwoWorkingDays(issued, debitDateFor('2027-05', issued)), issued).toBe(true);
  });
});

describe('INV-5: the scheduler catches up a missed run date (issue 8 item 5)', () => {
  it('runs every month whose run date fell after the last day checked', () => {
    // March's run date is Monday 22 February 2027 (the 20th is a Saturday).
    expect(monthsRunBetween('2027-02-21', '2027-02-22', ACCRETE_2020)).toEqual(['2027-03']);
    expect(monthsRunBetween('2027-02-21', '2027-02-23', ACCRETE_2020)).toEqual(['2027-03']);
    expect(monthsRunBetween('2027-02-22', '2027-02-23', ACCRETE_2020)).toEqual([]);
    expect(monthsRunBetween('2027-01-15', '2027-03-25', ACCRETE_2020)).toEqual([
      '2027-02',
      '2027-03',
      '2027-04',
    ]);
  });

  it('knows the month the latest run was for', () => {
    expect(latestRunMonth('2027-02-21', ACCRETE_2020)).toBe('2027-02');
    expect(latestRunMonth('2027-02-22', ACCRETE_2020)).toBe('2027-03');
    expect(latestRunMonth('2027-03-05', ACCRETE_2020)).toBe('2027-03');
  });
});

describe('issue 8 item 7: one plan for the run and its preview', () => {
  it('plans what invoiceLines bills, one invoice per parent, and says why a parent is skipped', () => {
    const contracts = new Map([
      ['p1', [contract('c1', 'p1', 'Noor')]],
      ['p2', [contract('c2', 'p2', 'Şükrü Yılmaz', '2027-05-01')]],
    ]);
    const plan = planInvoices({
      month: '2027-03',
      issuedOn: '2027-02-26',
      policy: ACCRETE_2020,
      parents: ['p1', 'p2'],
      contracts,
      extras: [],
      bookings: [],
      collectable: new Set(['p1']),
    });
    const lines = invoiceLines(contracts.get('p1') ?? [], [], '2027-03', ACCRETE_2020);
    expect(plan.invoices).toEqual([
      expect.objectContaining({
        id: 'p1#2027-03',
        parentId: 'p1',
        issuedOn: '2027-02-26',
        debitOn: '2027-03-02',
        total: 56030,
        lines: 'lines' in lines ? lines.lines : [],
        collect: 'debit',
      }),
    ]);
    expect(plan.skipped).toEqual([{ parent: 'p2', reason: 'no care and no extras in the month' }]);
  });

  it('issue 8 item 6: decides once, when it issues, who pays by debit and who by transfer', () => {
    const plan = planInvoices({
      month: '2027-03',
      issuedOn: '2027-02-22',
      policy: ACCRETE_2020,
      parents: ['p1'],
      contracts: new Map([['p1', [contract('c1', 'p1', 'Noor')]]]),
      extras: [],
      bookings: [],
      collectable: new Set(),
    });
    // No valid IBAN and mandate when it is issued: told to transfer, and the SEPA export leaves it out.
    expect(plan.invoices[0]?.collect).toBe('transfer');
  });
});

describe('INV-4: a page run again after its parents changed (issue 8 item 5)', () => {
  it('keeps every reserved number, and numbers a parent the page did not have', () => {
    const revision = reviseNumbers({ p1: 5, p2: 6 }, ['p1', 'p15', 'p2'], new Set(['p1']));
    expect(revision.assignments).toEqual({ p1: 5, p2: 6 });
    expect(revision.unnumbered).toEqual(['p15']);
    expect(revision.changed).toBe(true);
  });

  it('never gives a reserved number to another parent: the new one takes the next, the old is reported', () => {
    // An earlier attempt may still be writing p2's invoice with number 6 (issue 8 item 8 found the race).
    const revision = reviseNumbers({ p1: 5, p2: 6, p3: 7 }, ['p1', 'p25', 'p3'], new Set());
    expect(revision.assignments).toEqual({ p1: 5, p2: 6, p3: 7 });
    expect(revision.unnumbered).toEqual(['p25']);
    expect(revision.unused).toEqual([{ parent: 'p2', number: 6 }]);
  });

  it('reports a number no invoice will carry, and changes nothing when the page is as it was', () => {
    expect(reviseNumbers({ p1: 5, p2: 6 }, ['p1'], new Set()).unused).toEqual([{ parent: 'p2', number: 6 }]);
    const same = reviseNumbers({ p1: 5, p2: 6 }, ['p1', 'p2'], new Set(['p1']));
    expect(same.changed).toBe(false);
    expect(same.assignments).toEqual({ p1: 5, p2: 6 });
  });
});

describe('INV-5, INV-6: a debit date whose batch is written already is not promised (issue 8 item 5)', () => {
  it('moves to the next working day without a batch, and keeps the month’s own date otherwise', () => {
    // March 2027: the 1st is a Monday; a run finished on 22 February after its 1 March file was written.
    expect(openDebitDate('2027-03', '2027-02-22', new Set())).toBe('2027-03-01');
    expect(openDebitDate('2027-03', '2027-02-22', new Set(['2027-03-01']))).toBe('2027-03-02');
    expect(openDebitDate('2027-03', '2027-02-22', new Set(['2027-03-01', '2027-03-02']))).toBe('2027-03-03');
    // Issued on Friday 26 February: 2 working days after is Tuesday 2 March.
    expect(openDebitDate('2027-03', '2027-02-26', new Set(['2027-03-01']))).toBe('2027-03-02');
  });
});

describe('the run record stays small however many parents are skipped (INV-4)', () => {
  it('keeps every skipped parent up to 500, then the first 500 and a count per reason', () => {
    const few = [{ parent: 'p1', reason: 'nothing to pay' }];
    expect(summarizeSkipped(few)).toEqual({ skipped: few });
    const many = Array.from({ length: 1200 }, (_, i) => ({
      parent: `p${String(i).padStart(5, '0')}`,
      reason: i % 3 ? 'no care and no extras in the month' : 'nothing to pay',
    }));
    const summary = summarizeSkipped(many);
    expect(summary.skipped).toHaveLength(500);
    expect(summary.skippedCount).toBe(1200);
    expect(summary.skippedByReason).toEqual({
      'nothing to pay': 400,
      'no care and no extras in the month': 800,
    });
  });
});
