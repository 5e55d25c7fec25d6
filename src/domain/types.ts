/**
 * The shapes every layer shares. Pure data: no Office, React or Node types here.
 */

/** An Excel error value as a cell holds it (`#N/A`, `#VALUE!`, `#REF!` …). */
export interface CellError {
  readonly error: string;
}

/**
 * A formula whose result was never calculated or saved (a workbook written by a program, not by
 * Excel): `formula` is its text without the leading "=". A reader hands this over instead of
 * "empty", so that the user is told (MAM-193); it never reaches the MA file.
 */
export interface CellFormula {
  readonly formula: string;
}

/**
 * A cell's value as a spreadsheet hands it over: text, a number (Excel turns digit strings into
 * numbers, and dates into serial numbers in the workbook's 1900 or 1904 date system), a boolean,
 * an error value, a formula without a result, or nothing. Adapters convert whatever their library
 * gives into this.
 */
export type CellValue = string | number | boolean | null | undefined | CellError | CellFormula;

/**
 * Rows of cell values that are not held as one array per row: a CSV file's text and the offsets of
 * its fields, say. Values are made when asked for (a check reads each cell once, with `cell`, and
 * keeps none of them), so a 100,000-row file is not 1.3 million strings the garbage collector must
 * copy while the check runs.
 */
export interface RowSource {
  readonly length: number;
  /** Row `i`'s cells (index 0 = sheet column A), made on demand: the caller may keep it. */
  row(i: number): readonly CellValue[];
  /** One cell of row `i` (undefined beyond the row's last cell). */
  cell(i: number, column: number): CellValue;
}

/** The engine's input rows: row arrays, or a source that makes them on demand. */
export type Rows = readonly (readonly CellValue[])[] | RowSource;

export type Severity = "error" | "warning" | "info";
export type Basis = "verified" | "modelled";

/** Excel's two date systems: serial 1 is 1900-01-01, or 1904-01-02 (serial 0 is 1904-01-01). */
export type DateSystem = 1900 | 1904;

/** One problem (or note) about one cell, as the CLI prints it and the task pane lists it. */
export interface Finding {
  /** Stable within one state of the sheet: `${cell}|${code}` (header findings add `|${column}`). */
  readonly id: string;
  /** Sheet row number (the header is row 1). */
  readonly row: number;
  /** The profile's header text for the column (e.g. "MPAN"), or the sheet's own header for unknown columns. */
  readonly column: string;
  /** Profile column key (`mpan`), or null for a column outside the profile. */
  readonly columnKey: string | null;
  /** A1 address of the cell (`C14`), or `1:1` for the header row as a whole. */
  readonly cell: string;
  readonly code: string;
  readonly severity: Severity;
  readonly basis: Basis;
  /** Plain-language message naming the value. */
  readonly message: string;
  /** How to put it right, in the user's terms. */
  readonly hint: string;
  /** The canonical value a "Fix" writes into the cell, when the finding is auto-fixable. */
  readonly fixValue?: string;
}

/** What changed after an update: findings that went away and findings that appeared. */
export interface Delta {
  readonly added: Finding[];
  readonly removed: Finding[];
}

export interface Summary {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}
