import { isWorkingDay } from '#shared/calendar.ts';
import { now } from '#shared/clock.ts';
import { overageMonth, planInvoices } from '#shared/invoices.ts';
import { addMonths, monthOf, openDebitDate } from '#shared/invoicing.ts';
import type { Policy } from '#shared/policy.ts';
import { creditsBetween } from '../payments/account-store.ts';
import { settleMonthsInvoicedBefore } from './contract-store.ts';
import { numberPlannedInvoices } from './invoice-issuing.ts';
import { summarizeRun } from './invoice-runs.ts';
import {
  bookingsFor,
  clearLateContracts,
  collectableParents,
  contractsOfParents,
  extrasFor,
  getRun,
  invoicedParents,
  type LateInvoiceSummary,
  lateContractMarks,
  markLateContract,
  putInvoices,
  sepaExports,
  updateRunSummary,
} from './invoice-store.ts';
import { exportSepaBatches } from './sepa-export.ts';
import { getContract } from './store.ts';

/**
 * INV-5: a contract that starts in a month whose run has already issued its invoices is invoiced on the
 * next working day, with a debit date at least 2 working days after that (issue 8 item 2).
 *
 * Cheap when there is nothing to do: a new contract marks its parent on the month's run (only when that
 * month's run has started), and the daily pass reads the marks of two months, one partition each.
 */

/**
 * The months a contract that arrives today may have missed the run of: its start month or, for a contract
 * that started earlier, this month, and up to next month (the latest a run can have issued).
 */
export function monthsAContractMayHaveMissed(start: string, today: string): string[] {
  const current = monthOf(today);
  const months: string[] = [];
  for (let month = monthOf(start) > current ? monthOf(start) : current; month <= addMonths(current, 1); ) {
    months.push(month);
    month = addMonths(month, 1);
  }
  return months;
}

/** A contract was stored (the stream's INSERT): marks its parent on each month whose run it may have missed. */
export async function noteLateContract(
  contract: { id: string; parentId: string; start: string },
  today: string,
): Promise<string[]> {
  const marked: string[] = [];
  for (const month of monthsAContractMayHaveMissed(contract.start, today)) {
    // A run not started yet reads the contract itself. One that has started may have passed this parent.
    if (!(await getRun(month))) continue;
    await markLateContract(month, contract.parentId, contract.id);
    marked.push(month);
  }
  return marked;
}

/**
 * The supplementary pass of a month, on a working day: the marked parents who have no invoice for the
 * month get one now, issued today, debited on the first date that leaves 2 working days (INV-5) and has
 * no batch written yet, collected in that date's SEPA batch (FRST for a new mandate, INV-6), and counted
 * on the month's run. Marks of parents who have an invoice are cleared: their contract is settled on the
 * next invoice. The run itself must have succeeded; until then its pages invoice these parents.
 */
export async function billLateContracts(
  month: string,
  today: string,
  policy: Policy,
): Promise<LateInvoiceSummary[]> {
  const marks = await lateContractMarks(month);
  const parents = [...new Set(marks.map((m) => m.parentId))].sort();
  if (!parents.length || !isWorkingDay(today)) return [];
  const run = await getRun(month);
  if (run?.status !== 'succeeded') return [];
  const [contracts, extras, bookings, exported, collectable, credits] = await Promise.all([
    contractsOfParents(parents),
    Promise.all(parents.map((p) => extrasFor(month, p, p))).then((all) => all.flat()),
    Promise.all(parents.map((p) => bookingsFor(overageMonth(month), p, p))).then((all) => all.flat()),
    sepaExports(month),
    collectableParents(parents),
    creditsBetween(parents[0] as string, parents.at(-1) as string),
  ]);
  // INV-6: a batch once written is never written again: a late invoice is debited on a date that has none.
  const debitOn = openDebitDate(month, today, new Set(exported.map((e) => e.collection)));
  const plan = planInvoices({
    month,
    issuedOn: today,
    debitOn,
    policy,
    parents,
    contracts,
    extras,
    bookings,
    collectable,
    credits,
  });
  const contractCount = [...contracts.values()].reduce((n, list) => n + list.length, 0);
  const numbered = await numberPlannedInvoices({ kind: 'late', month, contracts: contractCount }, plan);
  await putInvoices(numbered.invoices);
  // A parent whose invoice for the month is out already gets the new contract's month on the next one.
  const newlyInvoiced = new Set(numbered.invoices.map((i) => i.parentId));
  const invoicedBefore = await invoicedParents(
    parents.filter((p) => !newlyInvoiced.has(p)),
    month,
  );
  for (const parent of invoicedBefore)
    for (const { id } of contracts.get(parent) ?? []) {
      // The whole contract, with the settlements recorded on it (the run's pages read only what they bill).
      const contract = await getContract(id);
      if (contract?.status === 'active') await settleMonthsInvoicedBefore(contract, policy, today, month);
    }
  await exportSepaBatches(month, now(), policy);
  const summary = await summarizeRun(month);
  await updateRunSummary(month, summary);
  await clearLateContracts(month, marks);
  return summary.late.filter((l) => l.issuedOn === today);
}
