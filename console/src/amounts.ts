/**
 * Money in the console is integer cents, as in the API; euros appear only where a person reads or types
 * them. An amount typed as "1.234,56", "1234.56", "€ 70" or "12,5" is read as cents: the last separator
 * followed by one or two digits is the decimal one, any other separates thousands.
 */
export function centsOf(text: string): number | undefined {
  const cleaned = text.replace(/[€\s]/g, '');
  const match = /^([0-9.,]*?)(?:[.,]([0-9]{1,2}))?$/.exec(cleaned);
  if (!cleaned || !match) return undefined;
  const whole = (match[1] ?? '').replace(/[.,]/g, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  if (!whole && !match[2]) return undefined;
  const cents = Number(whole || '0') * 100 + Number(fraction);
  return Number.isSafeInteger(cents) ? cents : undefined;
}
