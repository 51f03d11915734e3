/**
 * CSV that spreadsheets open safely. A cell starting with = + - @ (or a tab or carriage
 * return) would run as a formula in Excel or Sheets (CSV injection, OWASP), so it gets a
 * leading apostrophe; every cell is quoted, quotes doubled, and rows end with CRLF (RFC 4180).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '""';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
