/**
 * What `mam` reads from a workbook at most. Excel's own limits for rows and columns; the rest are
 * far above what a real Migration Authorisation workbook needs (13 columns, at most 1,048,575 data
 * rows) and keep a hostile file (a zip bomb, a shared-strings bomb, a row numbered 2,000,000,000)
 * from taking the machine's memory: it is refused in seconds instead.
 */

/** Excel's last row and column (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Inflated size of any one part (a sheet, the shared strings): what the zip declares and what arrives. */
export const MAX_PART_BYTES = 2 ** 31;
/** Cells with a value in the sheet read: 16 columns of Excel's full height. */
export const MAX_CELLS = 16 * MAX_ROWS;
/** Entries of the shared-string table, and their characters in all. */
export const MAX_SHARED_STRINGS = MAX_CELLS;
export const MAX_SHARED_CHARS = 2 ** 29;
/** Parts (files) in the zip. */
export const MAX_ZIP_ENTRIES = 100_000;
/** One tag or one text between tags, in characters (Excel's cells hold at most 32,767). */
export const MAX_XML_TOKEN = 2 ** 24;
/** Columns of a CSV row (Excel's limit too: more cannot be a sheet). */
export const MAX_CSV_FIELDS = MAX_COLUMNS;

/** A limit above was passed: the message says which; the CLI adds the file and exits 2. */
export class LimitError extends Error {
  constructor(what: string) {
    super(`it holds ${what}, beyond what mam reads`);
  }
}

export function count(n: number): string {
  return n.toLocaleString("en-GB");
}
