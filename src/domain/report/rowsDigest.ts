/**
 * The text the SHA-256 "of the rows checked" is taken over, so that a supplier and the helpdesk
 * can tell they are looking at the same data: the checked sheet as canonical CSV, defined here.
 *
 * - Every row from sheet row 1 (the header) to the last row the check read, one line each, gaps
 *   as empty lines; lines end with CRLF (the last one too).
 * - A row's cells from column A to its last non-empty cell (cells after it are left out), joined
 *   with commas.
 * - A cell as text: text as it is; a number as JavaScript's shortest round-trip form (`String(n)`:
 *   `1312345678907`, `43562.5`, `1.28011001312346e+20`); TRUE or FALSE; an error value as its code
 *   (`#N/A`); a formula with no saved result as `=` and its text; an empty cell as nothing.
 * - A cell holding a comma, a double quote, CR or LF is quoted, with its double quotes doubled.
 * - The text is encoded as UTF-8, with no byte order mark.
 *
 * So the same sheet gives the same digest whichever machine reads it; a CSV file and a workbook
 * with the same data differ where the workbook holds numbers or dates (serial numbers).
 */
import type { CellValue, Rows } from "../types";

type DigestCell = CellValue | { readonly formula: string };

export function canonicalCell(value: DigestCell): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number") text = String(value);
  else if (typeof value === "boolean") text = value ? "TRUE" : "FALSE";
  else if ("error" in value) text = value.error;
  else text = `=${value.formula}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function canonicalLine(cells: readonly DigestCell[]): string {
  let last = cells.length - 1;
  while (last >= 0 && canonicalCell(cells[last]) === "") last--;
  let line = "";
  for (let i = 0; i <= last; i++) line += (i > 0 ? "," : "") + canonicalCell(cells[i]);
  return `${line}\r\n`;
}

/**
 * Calls `write` with the canonical CSV of the header and rows, in pieces of about `piece`
 * characters (a hash is fed as it goes: a 4,000,000-row sheet is never one string).
 */
export function writeCanonicalRows(
  header: readonly CellValue[],
  rows: Rows,
  write: (text: string) => void,
  piece = 1 << 16
): void {
  let buffer = canonicalLine(header);
  const n = rows.length;
  const isSource = !Array.isArray(rows);
  for (let i = 0; i < n; i++) {
    const row = isSource
      ? (rows as { row(i: number): readonly CellValue[] }).row(i)
      : (rows as readonly (readonly CellValue[])[])[i];
    buffer += canonicalLine(row ?? []);
    if (buffer.length >= piece) {
      write(buffer);
      buffer = "";
    }
  }
  if (buffer.length > 0) write(buffer);
}
