import type { IsoDate } from './calendar.ts';
import type { Cents } from './money.ts';
import type { Product } from './products.ts';

/**
 * An organisation's policy as data: tariffs by date (TAR-6), fees, notice periods, the invoicing day.
 * Another organisation changes the settings, not the code. `accrete-2020` is the preset from the
 * delivery terms in the domain rules.
 */
export interface TariffVersion {
  /** The first day this version is in force. */
  from: IsoDate;
  /** Hourly rate per product, in cents. */
  hourly: Record<Product, Cents>;
  /** TAR-2: extra care is billed at the flexible rate of its care type. */
  extraCare: { 'day-care': Cents; 'out-of-school': Cents };
}

export interface Policy {
  name: string;
  /** Ordered by `from`, oldest first. */
  tariffs: TariffVersion[];
  /** INV-5: the run issues a month's invoices on this day of the month before (next working day if not one). */
  invoiceRunDay: number;
  /** CON-4: changes per calendar year without a fee, and the fee after that. */
  freeChangesPerYear: number;
  changeFee: Cents;
  /** CON-6: notice period in months. */
  noticeMonths: number;
  /** INV-6: the creditor on the SEPA batch; its IBAN is also where a parent without a mandate transfers to. */
  creditor: { name: string; iban: string; bic: string; id: string };
  /**
   * Issue 8 item 9: the organisation as every invoice names it: its name, postal address (one line per
   * entry) and KvK number (its number in the Dutch Chamber of Commerce's trade register).
   */
  organisation: { name: string; address: string[]; kvk: string };
}

export const ACCRETE_2020: Policy = {
  name: 'accrete-2020',
  tariffs: [
    {
      from: '2020-01-01',
      hourly: { KDV: 862, POV: 862, KDV_FLEX: 997, BSO: 786, VSO: 786, BSO_FLEX: 921 },
      extraCare: { 'day-care': 997, 'out-of-school': 921 },
    },
  ],
  invoiceRunDay: 20,
  freeChangesPerYear: 2,
  changeFee: 5000,
  noticeMonths: 1,
  creditor: {
    name: 'Kinderopvang Accrete B.V.',
    iban: 'NL20INGB0001234567',
    bic: 'INGBNL2A',
    id: 'NL57ZZZ999999999999',
  },
  organisation: {
    name: 'Kinderopvang Accrete B.V.',
    address: ['Stationsplein 12', '3511 ED Utrecht'],
    kvk: '12345678',
  },
};

export const POLICIES: Record<string, Policy> = { [ACCRETE_2020.name]: ACCRETE_2020 };

export function policyNamed(name: string): Policy {
  const policy = POLICIES[name];
  if (!policy) throw new Error(`unknown policy ${name}`);
  return policy;
}

/** TAR-6: the tariff version in force on a date. */
export function tariffOn(policy: Policy, date: IsoDate): TariffVersion {
  let current: TariffVersion | undefined;
  for (const version of policy.tariffs) if (version.from <= date) current = version;
  if (!current) throw new Error(`policy ${policy.name} has no tariff in force on ${date}`);
  return current;
}

/** A policy with the tariff versions added after its preset (stored ones, TAR-6), in date order. */
export function withTariffs(policy: Policy, added: TariffVersion[]): Policy {
  if (!added.length) return policy;
  const byDate = new Map(policy.tariffs.map((t) => [t.from, t]));
  for (const version of added) byDate.set(version.from, version);
  return { ...policy, tariffs: [...byDate.values()].sort((a, b) => a.from.localeCompare(b.from)) };
}

/** TAR-2: extra care costs the flexible rate of its care type; a new version derives it from its rates. */
export function tariffVersion(from: IsoDate, hourly: Record<Product, Cents>): TariffVersion {
  return { from, hourly, extraCare: { 'day-care': hourly.KDV_FLEX, 'out-of-school': hourly.BSO_FLEX } };
}
