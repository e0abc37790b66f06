import { describe, expect, it } from 'vitest';
import {
  addDays,
  careClosesAt,
  easterSunday,
  isWorkingDay,
  nextWorkingDay,
  publicHolidays,
  workingDayOnOrAfter,
  workingDaysBefore,
} from '#shared/calendar.ts';

describe('CAL-1 Dutch public holidays', () => {
  it('computes Easter for known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('lists the holidays of 2027 with the moveable feasts', () => {
    expect([...publicHolidays(2027).keys()]).toEqual([
      '2027-01-01',
      '2027-03-28',
      '2027-03-29',
      '2027-04-27',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it("moves King's Day to 26 April when the 27th is a Sunday (2025)", () => {
    expect(publicHolidays(2025).has('2025-04-26')).toBe(true);
    expect(publicHolidays(2025).has('2025-04-27')).toBe(false);
  });

  it('makes Liberation Day a holiday only in lustrum years', () => {
    expect(publicHolidays(2025).has('2025-05-05')).toBe(true);
    expect(publicHolidays(2030).has('2030-05-05')).toBe(true);
    expect(publicHolidays(2026).has('2026-05-05')).toBe(false);
    expect(isWorkingDay('2026-05-05')).toBe(true);
  });
});

describe('CAL-1 working days', () => {
  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2027-01-01')).toBe(false); // New Year's Day, a Friday
    expect(isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(workingDayOnOrAfter('2027-01-01')).toBe('2027-01-04');
    expect(nextWorkingDay('2027-03-26')).toBe('2027-03-30'); // Friday → past Easter Monday
    expect(workingDaysBefore('2027-02-01', 2)).toBe('2027-01-28');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});

describe('CAL-2 care closing days', () => {
  it('closes on public holidays, at 18:00 on Good Friday and at 17:00 on 24 and 31 December', () => {
    expect(careClosesAt('2027-03-29')).toBeUndefined(); // Easter Monday
    expect(careClosesAt('2027-03-26')).toBe('18:00'); // Good Friday: not a public holiday, open until 18:00
    expect(careClosesAt('2027-12-24')).toBe('17:00');
    expect(careClosesAt('2027-12-31')).toBe('17:00');
    expect(careClosesAt('2027-12-30')).toBe('19:30');
    expect(careClosesAt('2027-12-25')).toBeUndefined();
  });
});
