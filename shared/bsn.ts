/**
 * INV-8 (Regeling Wet kinderopvang art. 11): the parent's citizen service number (BSN), which the annual
 * statement carries for the childcare allowance. A BSN has nine digits (older ones eight, written with a
 * leading zero) and passes the eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 and not 0.
 * It is stored encrypted, never logged, and shown masked everywhere but on the statement itself.
 */
export function normalBsn(input: string): string {
  const digits = input.replace(/[\s.-]/g, '');
  return digits.length === 8 ? `0${digits}` : digits;
}

export function bsnProblem(input: string): string | undefined {
  const bsn = normalBsn(input);
  if (!/^[0-9]{9}$/.test(bsn)) return 'must be a BSN of 9 digits';
  const weights = [9, 8, 7, 6, 5, 4, 3, 2, -1];
  const sum = [...bsn].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  if (sum === 0 || sum % 11 !== 0) return 'is not a valid BSN (it fails the eleven test)';
  return undefined;
}

/** The BSN as staff and parents see it outside the statement: only its last three digits. */
export function maskedBsn(bsn: string): string {
  return `******${normalBsn(bsn).slice(-3)}`;
}
