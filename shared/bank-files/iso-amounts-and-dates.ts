import type { Cents } from '../money.ts';
import { BankFileError } from './bank-file.ts';

/**
 * "1234.56" → 123456. Read from the digits, never through a float (money is integer cents). A third or
 * later decimal is accepted only when it is zero: "12.300" is 1230, "12.345" is refused.
 */
export function centsFromDecimal(text: string | undefined, where: string): Cents {
  const match = text === undefined ? null : /^\+?(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new BankFileError(`${where}: '${text ?? ''}' is not an amount`);
  const [, whole = '0', fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(2)))
    throw new BankFileError(`${where}: '${text}' has more than two decimals`);
  const cents = BigInt(whole) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw new BankFileError(`${where}: '${text}' is too large`);
  return Number(cents);
}

/** The date part of an ISO date or date-time (`2027-03-01`, `2027-03-01T06:12:00+01:00`), as written. */
export function isoDate(text: string | undefined): string | undefined {
  const match =
    text === undefined ? null : /^(\d{4}-\d{2}-\d{2})(?:$|T|Z|[+-]\d{2}:\d{2}$)/.exec(text.trim());
  return match?.[1];
}
