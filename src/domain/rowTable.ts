/**
 * The engine's data rows as parallel arrays, one entry per sheet row from row 2 (index = sheet
 * row − 2). No object per row: at 100,000 rows, per-row objects and their arrays were most of
 * the garbage collector's work (it copies every survivor), and at 1,000,000 most of the memory.
 *
 * What a row holds besides its cell values are bit masks over the profile columns (bit c =
 * profile column c): which cells are filled, which have a canonical value, and which of those
 * differ from the cell's own text. Canonical values are not stored: almost always the cell's text
 * is already canonical, and the rest are worked out again when asked (see MamEngine.canonical).
 * The masks are typed arrays (4 bytes a row, nothing for the garbage collector to trace), with
 * room to grow; entries at and beyond `length` mean nothing.
 */
import type { CellValue, Finding, Rows, RowSource } from "./types";

export const NO_FINDINGS: Finding[] = [];
/** The masks are 32-bit integers, one bit per profile column: a profile has 32 columns at most. */
export const MAX_PROFILE_COLUMNS = 32;
export const EMPTY_ROW: readonly CellValue[] = [];

/** Duplicate findings of a row, per profile column (null where it has none). */
export type DuplicateFindings = (Finding | null)[];

export class RowTable {
  /**
   * The cell values as the sheet gave them: the caller's row arrays (never written to), or a
   * RowSource that makes rows on demand. After `reset` this is the caller's own list or source,
   * until the first change makes it a list of our own (`writableValues`): 8 MB saved at 1,000,000
   * rows, where memory is tight.
   */
  private rowValues: (readonly CellValue[])[] = [];
  private source: RowSource | null = null;
  private valuesShared = false;
  /** Profile columns with a non-blank cell; 0 for an empty row (skipped by every rule). */
  filled: Int32Array = new Int32Array(0);
  /** Profile columns with a canonical value (filled and usable). */
  usable: Int32Array = new Int32Array(0);
  /** Usable columns whose canonical value is not the cell's text as it stands. */
  altered: Int32Array = new Int32Array(0);
  /**
   * Hash of the canonical value of each indexed cell (`hashStride` per row, see the constructor):
   * a row leaving the duplicate indexes is found there without reading its values again.
   */
  hashes: Int32Array = new Int32Array(0);
  /** Findings of the row's own rules (NO_FINDINGS when none). */
  own: Finding[][] = [];
  /**
   * Duplicate findings by row, for the few rows that have some. A row's entry is dropped when it
   * leaves the duplicate indexes (`MamEngine.unindexRow`), so rows that move have none.
   */
  dup = new Map<number, DuplicateFindings>();

  /** `hashStride`: the number of indexed columns (hash k of row i is hashes[i × hashStride + k]). */
  constructor(readonly hashStride: number) {}

  get length(): number {
    return this.source !== null ? this.source.length : this.rowValues.length;
  }

  /** The RowSource the rows come from, until the first change turns them into arrays; null for arrays. */
  get rowSource(): RowSource | null {
    return this.source;
  }

  /** The rows as given to `reset` and changed since (to check them all again). */
  get all(): Rows {
    return this.source ?? this.rowValues;
  }

  /** Row `i`'s cell values (EMPTY_ROW beyond the last row). */
  row(i: number): readonly CellValue[] {
    if (i < 0 || i >= this.length) return EMPTY_ROW;
    return this.source !== null ? this.source.row(i) : this.rowValues[i];
  }

  /** One cell of row `i` (zero-based sheet column). */
  cell(i: number, column: number): CellValue {
    return this.source !== null ? this.source.cell(i, column) : this.rowValues[i][column];
  }

  /** Replaces every row with unchecked ones holding these values (the list or source is kept, not copied). */
  reset(values: Rows): void {
    const n = values.length;
    if (Array.isArray(values)) {
      this.rowValues = values as (readonly CellValue[])[];
      this.source = null;
    } else {
      this.rowValues = [];
      this.source = values as RowSource;
    }
    this.valuesShared = true;
    this.filled = new Int32Array(n);
    this.usable = new Int32Array(n);
    this.altered = new Int32Array(n);
    this.hashes = new Int32Array(n * this.hashStride);
    this.own = new Array<Finding[]>(n).fill(NO_FINDINGS);
    this.dup = new Map();
  }

  /** Row `i`'s cell values are now `values`. */
  setValues(i: number, values: readonly CellValue[]): void {
    this.writableValues()[i] = values;
  }

  /** The list of rows, copied first if it is still the caller's. */
  private writableValues(): (readonly CellValue[])[] {
    if (this.source !== null) {
      const source = this.source;
      this.rowValues = Array.from({ length: source.length }, (_, i) => source.row(i));
      this.source = null;
      this.valuesShared = false;
    } else if (this.valuesShared) {
      this.rowValues = this.rowValues.slice();
      this.valuesShared = false;
    }
    return this.rowValues;
  }

  /** Appends empty rows until there are `length` rows. */
  padTo(length: number): void {
    const from = this.length;
    if (length <= from) return;
    this.reserve(length);
    const values = this.writableValues();
    for (let i = from; i < length; i++) {
      values.push(EMPTY_ROW);
      this.own.push(NO_FINDINGS);
    }
    this.filled.fill(0, from, length);
    this.usable.fill(0, from, length);
    this.altered.fill(0, from, length);
  }

  /** Inserts `count` empty rows before index `at`; the rows from `at` move down. */
  insertEmpty(at: number, count: number): void {
    const length = this.length;
    this.reserve(length + count);
    insertFilled(this.writableValues(), at, count, EMPTY_ROW);
    insertFilled(this.own, at, count, NO_FINDINGS);
    for (const masks of [this.filled, this.usable, this.altered]) {
      masks.copyWithin(at + count, at, length);
      masks.fill(0, at, at + count);
    }
    const k = this.hashStride;
    this.hashes.copyWithin((at + count) * k, at * k, length * k);
    this.moveDuplicates(at, count);
  }

  /** Deletes `count` rows from index `at`; the rows below move up. */
  delete(at: number, count: number): void {
    const length = this.length;
    const end = Math.min(at + count, length);
    this.writableValues().splice(at, count);
    this.own.splice(at, count);
    for (const masks of [this.filled, this.usable, this.altered]) masks.copyWithin(at, end, length);
    const k = this.hashStride;
    this.hashes.copyWithin(at * k, end * k, length * k);
    for (let i = at; i < end; i++) this.dup.delete(i);
    this.moveDuplicates(end, at - end);
  }

  /** Renumbers the duplicate findings of rows from `from` by `by` (normally there are none to move). */
  private moveDuplicates(from: number, by: number): void {
    const moved = [...this.dup].filter(([i]) => i >= from);
    for (const [i] of moved) this.dup.delete(i);
    for (const [i, findings] of moved) this.dup.set(i + by, findings);
  }

  /** Makes room in the mask arrays for `length` rows. */
  private reserve(length: number): void {
    if (length <= this.filled.length) return;
    const capacity = Math.max(length, this.filled.length * 2, 64);
    this.filled = grown(this.filled, capacity);
    this.usable = grown(this.usable, capacity);
    this.altered = grown(this.altered, capacity);
    this.hashes = grown(this.hashes, capacity * this.hashStride);
  }
}

function grown(array: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

/** `array.splice(at, 0, ...count × value)` without spreading (a spread of 100,000 overflows the stack). */
function insertFilled<T>(array: T[], at: number, count: number, value: T): void {
  const length = array.length;
  array.length = length + count;
  array.copyWithin(at + count, at, length);
  array.fill(value, at, at + count);
}
