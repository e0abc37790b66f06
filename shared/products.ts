/** TAR: the products of a childcare organisation and what each one requires of a contract. */
export const PRODUCTS = ['KDV', 'POV', 'KDV_FLEX', 'BSO', 'VSO', 'BSO_FLEX'] as const;
export type Product = (typeof PRODUCTS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ProductRules {
  /** Day care (0–4) or out-of-school care (4–13). */
  careType: 'day-care' | 'out-of-school';
  /** Contracts are a weekly schedule (fixed) or an agreed average of hours per month (flexible). */
  flexible: boolean;
  /** CON-3: the contract ends the day before this birthday. */
  endsAtAge: number;
  /** The youngest age at which care can start. */
  minimumAge: number;
  /** Allowed contract weeks per year. */
  weeks: { min: number; max: number };
  /** Minimum number of sessions a week (POV: at least 2 mornings). */
  minimumSessions: number;
  label: { nl: string; en: string };
  /** TAR-1: the regular opening of fixed day care; time before or after it is extended opening. */
  regular?: { from: string; to: string };
}

export const PRODUCT_RULES: Record<Product, ProductRules> = {
  KDV: {
    careType: 'day-care',
    flexible: false,
    endsAtAge: 4,
    minimumAge: 0,
    weeks: { min: 40, max: 52 },
    minimumSessions: 1,
    regular: { from: '08:00', to: '18:00' },
    label: { nl: 'Dagopvang (vaste dagen)', en: 'Day care (fixed days)' },
  },
  POV: {
    careType: 'day-care',
    flexible: false,
    endsAtAge: 4,
    minimumAge: 2,
    weeks: { min: 40, max: 40 },
    minimumSessions: 2,
    regular: { from: '08:30', to: '12:00' },
    label: { nl: 'Peuteropvang', en: 'Toddler care' },
  },
  KDV_FLEX: {
    careType: 'day-care',
    flexible: true,
    endsAtAge: 4,
    minimumAge: 0,
    weeks: { min: 1, max: 52 },
    minimumSessions: 0,
    label: { nl: 'Dagopvang (flexibel)', en: 'Day care (flexible)' },
  },
  BSO: {
    careType: 'out-of-school',
    flexible: false,
    endsAtAge: 13,
    minimumAge: 4,
    weeks: { min: 40, max: 52 },
    minimumSessions: 1,
    label: { nl: 'Buitenschoolse opvang (vast)', en: 'After-school care (fixed)' },
  },
  VSO: {
    careType: 'out-of-school',
    flexible: false,
    endsAtAge: 13,
    minimumAge: 4,
    weeks: { min: 40, max: 52 },
    minimumSessions: 1,
    label: { nl: 'Voorschoolse opvang (vast)', en: 'Before-school care (fixed)' },
  },
  BSO_FLEX: {
    careType: 'out-of-school',
    flexible: true,
    endsAtAge: 13,
    minimumAge: 4,
    weeks: { min: 1, max: 52 },
    minimumSessions: 0,
    label: { nl: 'Buitenschoolse opvang (flexibel)', en: 'Out-of-school care (flexible)' },
  },
};
