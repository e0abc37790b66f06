import type { IsoDate } from './calendar.ts';
import type { DunningTerms } from './dunning/ladder.ts';
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
  /** CON-2 (art. 6): the days an offer stays open for acceptance, counted from the day after it is made. */
  offerAcceptanceDays: number;
  /** CON-5 (art. 11): a cancellation between signing and the start costs this many monthly amounts (INV-2). */
  cancellationFeeMonths: number;
  /** INV-3: a booked day cancelled fewer than this many days ahead is billed all the same. */
  lateCancellationDays: number;
  /**
   * Issue 10 item 0: the teams that sign the e-mails, as a parent reads them in each language: placement
   * (offers, contracts, bookings) and finance (invoices, which also carry the organisation's name).
   */
  teams: { placement: { nl: string; en: string }; finance: { nl: string; en: string } };
  /** DUN-2..6, DUN-12: the dunning ladder's days and its collection costs (art. 14.6, 14.8). */
  dunning: DunningTerms;
  /**
   * INV-8: the locations as the annual statement names them, by the name contracts carry: the address
   * and the number in the national childcare register (LRK), which the childcare allowance asks for.
   */
  locations: Location[];
  /** INV-8: the day in January (MM-DD) on which the statements of the year before are issued. */
  annualStatementsOn: string;
  /** KLA-2..7: who signs the complaint messages, and the external bodies they name (KLA-5, KLA-7). */
  complaints: ComplaintBodies;
}

export interface ComplaintBodies {
  team: { nl: string; en: string };
  klachtenloket: { name: string; phone: string; email: string; hours: { nl: string; en: string } };
  geschillencommissie: { name: string; phone: string; website: string };
}

export interface Location {
  name: string;
  address: string[];
  /** Landelijk Register Kinderopvang: 9 digits. */
  lrk: string;
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
  offerAcceptanceDays: 10,
  cancellationFeeMonths: 1,
  lateCancellationDays: 7,
  teams: {
    placement: { nl: 'De afdeling Planning en Plaatsing', en: 'Placement team' },
    finance: { nl: 'Financiële administratie', en: 'Finance department' },
  },
  dunning: {
    // DUN-2: pay within 10 days after receipt of the e-mail; DUN-6: € 35 with every reminder.
    firstReminderPayDays: 10,
    firstReminderPayCounted: 'after-receipt',
    firstReminderBy: 'email',
    secondReminderAfterDays: 14,
    secondReminderPayDays: 7,
    costs: { kind: 'fee-per-reminder', fee: 3500 },
    stepTime: '09:00',
  },
  locations: [
    { name: 'Kindcentrum De Tol', address: ['Tolsteegsingel 4', '3582 AC Utrecht'], lrk: '175432901' },
    { name: 'BSO De Vlinder', address: ['Vlinderweg 21', '3523 KB Utrecht'], lrk: '268190347' },
  ],
  annualStatementsOn: '01-31',
  complaints: {
    team: { nl: 'De klachtenfunctionaris', en: 'The complaints officer' },
    klachtenloket: {
      name: 'Klachtenloket Kinderopvang',
      phone: '0900-1877',
      email: 'info@klachtenloket-kinderopvang.nl',
      hours: {
        nl: 'gratis, maandag tot en met vrijdag 09:00–16:00',
        en: 'free, Monday to Friday 09:00–16:00',
      },
    },
    geschillencommissie: {
      name: 'De Geschillencommissie Kinderopvang',
      phone: '070-310 53 10',
      website: 'www.degeschillencommissie.nl',
    },
  },
};

/**
 * DUN-12: accrete-2020 with dunning that Dutch consumer law allows (`opvang policy check wik-compliant`
 * finds no conflict). The first reminder is the cost-free letter of art. 6:96 lid 6 BW: by e-mail and by
 * post, because the law asks for a letter the parent has received and an e-mail counts only where the
 * parent agreed to be written to that way and its receipt is hard to prove; the letter by post counts as
 * received on the second day after posting, so its fourteen days "na de dag van ontvangst" end 16 days
 * after it is sent. The second reminder comes 21 days after the first: after those 16 days even when they
 * end on a weekend or a holiday (the Algemene termijnenwet then moves the last day on, by up to 4 days:
 * a Saturday before Christmas). Only then are the collection costs of the statutory scale charged,
 * once, with the second reminder (BIK art. 2).
 */
export const WIK_COMPLIANT: Policy = {
  ...ACCRETE_2020,
  name: 'wik-compliant',
  dunning: {
    firstReminderPayDays: 14,
    firstReminderPayCounted: 'after-receipt',
    firstReminderBy: 'email-and-post',
    secondReminderAfterDays: 21,
    secondReminderPayDays: 7,
    costs: { kind: 'statutory-scale', afterCostFreeLetter: true },
    stepTime: '09:00',
  },
};

export const POLICIES: Record<string, Policy> = {
  [ACCRETE_2020.name]: ACCRETE_2020,
  [WIK_COMPLIANT.name]: WIK_COMPLIANT,
};

export function policyNamed(name: string): Policy {
  const policy = POLICIES[name];
  if (!policy) throw new Error(`unknown policy ${name}`);
  return policy;
}

/** INV-8: the location a contract names, if the policy knows it. */
export function locationNamed(policy: Policy, name: string): Location | undefined {
  return policy.locations.find((l) => l.name === name);
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
