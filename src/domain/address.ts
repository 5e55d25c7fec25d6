/** A1-style addresses, as Excel and the helpdesk write them. */

/** Column letters for a zero-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Zero-based column index of column letters (`AA` → 26), or -1 when they are not letters. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) return -1;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** `C14` for zero-based column 2 on sheet row 14. */
export function cellAddress(column: number, row: number): string {
  return columnLetters(column) + String(row);
}

/** Splits `C14` (optionally `$C$14`, optionally with a sheet prefix) into zero-based column and row. */
export function parseCellAddress(address: string): { column: number; row: number } | null {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(bare.trim());
  if (!m) return null;
  return { column: columnIndex(m[1]), row: Number(m[2]) };
}
