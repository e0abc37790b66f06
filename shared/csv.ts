/**
 * A CSV field as a spreadsheet reads it safely: quoted, quotes doubled, a leading formula character
 * defused (the claim for the collection agency, the annual complaints report).
 */
export function csvField(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}
