import { addDays, type IsoDate } from './calendar.ts';
import { billable } from './invoices.ts';
import { monthlyAmount, monthOf, termsOn } from './invoicing.ts';
import type { Cents } from './money.ts';
import { type Policy, tariffOn } from './policy.ts';
import type { Product } from './products.ts';
import type { ContractRecord } from './records.ts';

/** TAR-6: what a price change means for one contract: the rate before and after, and the new monthly amount. */
export interface PriceChangeLine {
  contract: string;
  child: string;
  product: Product;
  oldRate: Cents;
  newRate: Cents;
  /** The monthly amount under the new rate with the terms in force on the change's date. */
  newMonthly: Cents;
}

/**
 * The contracts of one parent that a tariff version from `from` touches: running on or after that day
 * (not cancelled, not ended before it) with a product whose rate changes.
 */
export function priceChangeLines(
  contracts: ContractRecord[],
  from: IsoDate,
  policy: Policy,
): PriceChangeLine[] {
  const lines: PriceChangeLine[] = [];
  const before = tariffOn(policy, addDays(from, -1));
  const after = tariffOn(policy, from);
  for (const contract of [...contracts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (contract.status === 'cancelled' || contract.status === 'ended' || contract.end < from) continue;
    if (contract.subsidy) continue; // TAR-5: the parent contribution does not follow the hourly rate
    const oldRate = before.hourly[contract.product];
    const newRate = after.hourly[contract.product];
    if (oldRate === newRate) continue;
    const care = billable(contract);
    const terms = termsOn(care, from < contract.start ? contract.start : from) ?? care.terms[0];
    if (!terms) continue;
    lines.push({
      contract: contract.id,
      child: contract.child.name,
      product: contract.product,
      oldRate,
      newRate,
      // A twelfth of the year (INV-1); January stands for any month but December's rounding difference.
      newMonthly: monthlyAmount(contract.product, terms, newRate, `${monthOf(from).slice(0, 4)}-01`),
    });
  }
  return lines;
}
