/**
 * Calendar dates as 'YYYY-MM-DD' strings (Europe/Amsterdam calendar days), Dutch public holidays and
 * working days. Arithmetic is done on UTC midnights so that no time zone or DST can shift a date.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function toUtc(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Adds calendar years, keeping the day; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = daysInMonth(y + years, m);
  return `${y + years}-${pad(m)}-${pad(Math.min(d, last))}`;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** CAL-1: the Dutch public holidays of a year, date → name. */
export function publicHolidays(year: number): Map<IsoDate, string> {
  const easter = easterSunday(year);
  const kingsDay = weekday(`${year}-04-27`) === 0 ? `${year}-04-26` : `${year}-04-27`;
  const holidays: [IsoDate, string][] = [
    [`${year}-01-01`, 'Nieuwjaarsdag'],
    [easter, 'Eerste Paasdag'],
    [addDays(easter, 1), 'Tweede Paasdag'],
    [kingsDay, 'Koningsdag'],
    [addDays(easter, 39), 'Hemelvaartsdag'],
    [addDays(easter, 49), 'Eerste Pinksterdag'],
    [addDays(easter, 50), 'Tweede Pinksterdag'],
    [`${year}-12-25`, 'Eerste Kerstdag'],
    [`${year}-12-26`, 'Tweede Kerstdag'],
  ];
  // CAL-1: Liberation Day is a day off only in lustrum years (2025, 2030, …).
  if (year % 5 === 0) holidays.push([`${year}-05-05`, 'Bevrijdingsdag']);
  return new Map(holidays.sort(([a], [b]) => a.localeCompare(b)));
}

const holidayCache = new Map<number, Map<IsoDate, string>>();

export function isPublicHoliday(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  let holidays = holidayCache.get(year);
  if (!holidays) {
    holidays = publicHolidays(year);
    holidayCache.set(year, holidays);
  }
  return holidays.has(date);
}

/** CAL-1: Monday to Friday, except Dutch public holidays. */
export function isWorkingDay(date: IsoDate): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !isPublicHoliday(date);
}

/** The date itself when it is a working day, otherwise the next one. */
export function workingDayOnOrAfter(date: IsoDate): IsoDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The first working day strictly after the date. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(date, 1));
}

/** The date `n` working days before the date (n ≥ 1). */
export function workingDaysBefore(date: IsoDate, n: number): IsoDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, -1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** CAL-2: care opens at 06:30 (TAR-1); it closes at 19:30, earlier on Good Friday and on 24 and 31 December. */
export const CARE_OPENS = '06:30';

/** CAL-2: when care closes on a date, or undefined when it is closed all day (weekend, public holiday). */
export function careClosesAt(date: IsoDate): string | undefined {
  if (!isWorkingDay(date)) return undefined;
  if (date === addDays(easterSunday(Number(date.slice(0, 4))), -2)) return '18:00'; // Good Friday
  if (date.endsWith('-12-24') || date.endsWith('-12-31')) return '17:00';
  return '19:30';
}
