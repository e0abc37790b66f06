import type { InvoiceRecord } from '../invoices.ts';
import type { LineKind } from '../invoicing.ts';
import { type Cents, roundHalfUp } from '../money.ts';
import type { InvoiceBalance } from '../payments/account.ts';
import { type Location, locationNamed, type Policy } from '../policy.ts';
import type { Product } from '../products.ts';
import type { ContractRecord } from '../records.ts';

/**
 * INV-8: the annual statement (*jaaropgave*) a parent needs for the childcare allowance, one per child
 * and location (the allowance is asked per child and per registered location): the organisation, the
 * location with its LRK number, parent and child, the hours and the amount of each month of care in the
 * year, the year's hours, the average hourly price and what was paid. The months are the months of care
 * (invoices go out in advance, INV-5); a settlement (art. 8.5) counts in the month of the invoice that
 * carries it. Fees (a change or cancellation fee) are not childcare and are left out; a credit line is
 * money the parent had paid before, not a cost.
 */
export interface StatementMonth {
  month: string;
  /** Hours billed, in hundredths of an hour (exact). */
  hundredths: number;
  amount: Cents;
}

export interface AnnualStatementFacts {
  /** `<year>-<parent>-<first contract>`: one per child and location. */
  id: string;
  year: number;
  parentId: string;
  child: { name: string; birthDate: string };
  location: Location;
  products: Product[];
  contracts: string[];
  months: StatementMonth[];
  hundredths: number;
  amount: Cents;
  /** The amount divided by the hours, rounded half-up to the cent; absent without hours. */
  averageHourly?: Cents;
  /** Paid towards these amounts (each invoice's payments shared over its lines in proportion). */
  paid: Cents;
}

/** What the statements of a parent could not be made from, in words staff can act on. */
export interface StatementProblem {
  contract: string;
  problem: string;
}

const CARE_KINDS: ReadonlySet<LineKind> = new Set(['contract', 'extra-care', 'flex-overage', 'settlement']);

const toHundredths = (hours: number) => Math.round(hours * 100);

export function annualStatementFacts(input: {
  year: number;
  parentId: string;
  contracts: Pick<ContractRecord, 'id' | 'child' | 'location' | 'product'>[];
  invoices: InvoiceRecord[];
  balances: Pick<InvoiceBalance, 'number' | 'paid' | 'total'>[];
  policy: Pick<Policy, 'locations'>;
}): { statements: AnnualStatementFacts[]; problems: StatementProblem[] } {
  const year = String(input.year);
  // The year's invoices, and later ones that may carry a settlement of a month of the year.
  const allInvoices = input.invoices
    .filter((i) => i.status !== 'void' && i.month >= `${year}-01`)
    .sort((a, b) => a.month.localeCompare(b.month));
  const invoices = allInvoices.filter((i) => i.month.startsWith(`${year}-`));
  const paidOf = new Map(input.balances.map((b) => [b.number, b]));
  const groups = new Map<string, { contracts: (typeof input.contracts)[number][]; location: Location }>();
  const problems: StatementProblem[] = [];
  const billed = new Set(invoices.flatMap((i) => i.lines.map((l) => l.contract)));
  for (const contract of [...input.contracts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!billed.has(contract.id)) continue;
    const location = locationNamed(input.policy as Policy, contract.location);
    if (!location) {
      problems.push({
        contract: contract.id,
        problem: `location "${contract.location}" is not among the policy's locations: no LRK number to print (INV-8)`,
      });
      continue;
    }
    const key = `${contract.child.name}\u0000${contract.child.birthDate}\u0000${location.lrk}`;
    const group = groups.get(key) ?? { contracts: [], location };
    group.contracts.push(contract);
    groups.set(key, group);
  }
  const statements: AnnualStatementFacts[] = [];
  for (const { contracts, location } of groups.values()) {
    const ids = new Set(contracts.map((c) => c.id));
    const byMonth = new Map<
      string,
      { hundredths: number; contractHundredths: number; amount: Cents; contractAmount: Cents; settled: Cents }
    >();
    let paid = 0;
    for (const invoice of allInvoices) {
      const lines = invoice.lines.filter((l) => ids.has(l.contract) && CARE_KINDS.has(l.kind));
      if (!lines.length) continue;
      let invoiceAmount = 0;
      for (const line of lines) {
        // A settlement counts in the month of care it corrects; everything else in the invoice's month.
        const month = line.kind === 'settlement' ? (line.month ?? invoice.month) : invoice.month;
        if (!month.startsWith(`${year}-`)) continue;
        invoiceAmount += line.amount;
        const m = byMonth.get(month) ?? {
          hundredths: 0,
          contractHundredths: 0,
          amount: 0,
          contractAmount: 0,
          settled: 0,
        };
        m.amount += line.amount;
        const hundredths = (line.hoursAtRates ?? []).reduce((h, part) => h + toHundredths(part.hours), 0);
        m.hundredths += hundredths;
        if (line.kind === 'contract') {
          m.contractAmount += line.amount;
          m.contractHundredths += hundredths;
        }
        if (line.kind === 'settlement') m.settled += line.amount;
        byMonth.set(month, m);
      }
      const balance = paidOf.get(invoice.number);
      if (balance && balance.total > 0 && invoiceAmount)
        paid += roundHalfUp(
          BigInt(invoiceAmount) * BigInt(Math.min(balance.paid, balance.total)),
          BigInt(balance.total),
        );
    }
    const months: StatementMonth[] = [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({
        month,
        // A settled month's contract hours in the proportion its amount was settled to (one rate a month).
        hundredths:
          m.settled && m.contractAmount > 0
            ? m.hundredths -
              m.contractHundredths +
              Math.max(
                0,
                roundHalfUp(
                  BigInt(m.contractHundredths) * BigInt(m.contractAmount + m.settled),
                  BigInt(m.contractAmount),
                ),
              )
            : m.hundredths,
        amount: m.amount,
      }));
    const hundredths = months.reduce((s, m) => s + m.hundredths, 0);
    const amount = months.reduce((s, m) => s + m.amount, 0);
    const first = contracts[0] as (typeof contracts)[number];
    statements.push({
      id: `${year}-${input.parentId}-${first.id}`,
      year: input.year,
      parentId: input.parentId,
      child: { name: first.child.name, birthDate: first.child.birthDate },
      location,
      products: [...new Set(contracts.map((c) => c.product))],
      contracts: contracts.map((c) => c.id),
      months,
      hundredths,
      amount,
      ...(hundredths > 0
        ? { averageHourly: Number(roundHalfUp(BigInt(amount) * 100n, BigInt(hundredths))) }
        : {}),
      paid,
    });
  }
  return { statements, problems };
}
