/**
 * A table as CSV for Excel: UTF-8 with a byte order mark (so Excel reads it as UTF-8), CRLF line
 * ends, RFC 4180 quoting, and every cell that Excel would take for a formula (one starting with
 * = + - @, a tab or a carriage return) made inert with a leading apostrophe, so a finding that
 * quotes a supplier's `=HYPERLINK(…)` cannot run as one when the report is opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export const UTF8_BOM = "\ufeff";

export function csvCell(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

export function csvTable(table: {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvCell).join(","));
  return `${UTF8_BOM}${lines.join("\r\n")}\r\n`;
}
