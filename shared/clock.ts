import { TZDate } from '@date-fns/tz';

/**
 * The one clock. All code asks it for "now". In the cloud it is the wall clock; the local runtime can
 * make it virtual (it fakes `Date` and the timers together), so waits and schedules fire as it advances.
 */
export const TIME_ZONE = 'Europe/Amsterdam';

export function now(): Date {
  return new Date();
}

/** Today's calendar date in Europe/Amsterdam, as YYYY-MM-DD. */
export function today(at: Date = now()): string {
  return calendarDateOf(at);
}

/** The calendar date (Europe/Amsterdam) of an instant. */
export function calendarDateOf(at: Date): string {
  const local = new TZDate(at.getTime(), TIME_ZONE);
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The instant a calendar date starts in Europe/Amsterdam (00:00 local time). */
export function startOfDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, TIME_ZONE).getTime());
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
