import { billable } from './invoices.ts';
import { contractLine, type Month } from './invoicing.ts';
import type { Cents } from './money.ts';
import type { Policy } from './policy.ts';
import type { ContractRecord } from './records.ts';

/**
 * CON-6 / art. 8.5, CON-4: the final settlement. Invoices go out in advance (INV-5), so a notice or a
 * change that reaches a month already invoiced leaves that invoice wrong; the difference between what the
 * month costs now and what was billed for it (with earlier settlements) goes on the next invoice.
 */
export interface SettlementRecord {
  /** The month of care it corrects. */
  month: Month;
  amount: Cents;
  /** The request that caused it. */
  requestId: string;
}

export function settlements(
  after: ContractRecord,
  invoiced: { month: Month; billed: Cents }[],
  policy: Policy,
  requestId: string,
): SettlementRecord[] {
  const result: SettlementRecord[] = [];
  for (const { month, billed } of [...invoiced].sort((a, b) => a.month.localeCompare(b.month))) {
    const now =
      after.status === 'cancelled' ? 0 : (contractLine(billable(after), month, policy)?.amount ?? 0);
    const settled = (after.settlements ?? [])
      .filter((s) => s.month === month)
      .reduce((sum, s) => sum + s.amount, 0);
    const amount = now - billed - settled;
    if (amount !== 0) result.push({ month, amount, requestId });
  }
  return result;
}
