/**
 * Money is integer euro cents. Computations that divide keep an exact fraction (bigint numerator over
 * denominator) and round half-up to the cent once, at the end.
 */
export type Cents = number;

/** Rounds numerator/denominator half-up to an integer (away from zero for .5, as for positive amounts). */
export function roundHalfUp(numerator: bigint, denominator: bigint): Cents {
  if (denominator <= 0n) throw new Error('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const quotient = (2n * n + denominator) / (2n * denominator);
  return Number(negative ? -quotient : quotient);
}

/**
 * Issue 8 item 7: every amount a person reads (e-mails, PDFs, the CLI) is written by this one formatter,
 * as Dutch invoices write it: "€ 1.234,56" and "€ -1.234,56", with a no-break space after the euro sign.
 */
const EURO = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

export function formatEuro(cents: Cents): string {
  return EURO.format(cents / 100);
}

/** "1234.56" — the decimal notation of bank files. */
export function decimalAmount(cents: Cents): string {
  if (!Number.isInteger(cents)) throw new Error(`amount ${cents} is not whole cents`);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
