/**
 * A worksheet part's cells as the engine's values, row by row: shared strings looked up, inline
 * and shared rich text whole, numbers as numbers (a date is its serial number, read later with the
 * workbook's date system, as every host hands it over), booleans, error values, and a formula's
 * saved result, or the formula itself when it has none (`CellFormula`). Row and column numbers
 * beyond Excel's limits, and more cells than MAX_CELLS, are refused as they arrive.
 */
import { columnLetters } from "../../domain/address";
import type { CellValue, RowSource } from "../../domain/types";
import { count, LimitError, MAX_CELLS, MAX_COLUMNS, MAX_ROWS } from "./limits";
import { grown } from "./grown";
import type { SharedStrings } from "./sharedStrings";
import { type Attributes, type XmlHandler } from "./xmlScanner";

/** A sheet row as the engine takes it (a formula with no saved result is a `CellFormula`). */
export type SheetRow = readonly CellValue[];

/** Rows with no cell share this one (a gap in the sheet, or a row of formats only). */
export const EMPTY_SHEET_ROW: SheetRow = Object.freeze([]);

/** A cell's text to 0-based column: `AB12` → 27; -1 when it starts with no letter. */
function columnOf(text: string, from = 0, to = text.length): number {
  let column = 0;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
    if (column > MAX_COLUMNS) return MAX_COLUMNS + 1;
  }
  return i === from ? -1 : column - 1;
}

/** Longest run of digits read as a number without a string: past it, doubles lose integers. */
const MAX_DIGITS = 15;

/** text[from, to) as a whole number when it is 1 to MAX_DIGITS digits and nothing else; else -1. */
function digitsValue(text: string, from: number, to: number): number {
  if (to <= from || to - from > MAX_DIGITS) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * A sheet's cells, flat, row after row, in typed arrays: a number as itself, a shared string as
 * its index, anything else (rare) in a list of its own. Nothing per cell or per row is an object
 * the garbage collector must copy, however large the sheet. The engine reads it as a RowSource.
 */
export class SheetCells {
  /** Rows so far (sheet rows 1 to `length`). */
  length = 0;
  /** Cells so far. */
  count = 0;
  /** Each cell's 0-based column, kind, and number (its value, or its index in `shared` or `others`). */
  private columns: Uint16Array;
  private kinds: Uint8Array;
  private numbers: Float64Array;
  private readonly others: CellValue[] = [];
  /** starts[i]: the first cell of row i + 1; starts[length]: `count`. */
  private starts: Int32Array;

  /** `expected`: about how many cells and rows will come (room is made for them at once). */
  constructor(
    private readonly shared: SharedStrings,
    expected: { cells: number; rows: number } = { cells: 1 << 12, rows: 1 << 10 }
  ) {
    this.columns = new Uint16Array(expected.cells);
    this.kinds = new Uint8Array(expected.cells);
    this.numbers = new Float64Array(expected.cells);
    this.starts = new Int32Array(expected.rows + 1);
  }

  /** Sheet row `rowNumber` (after the last one) starts; rows skipped have no cell. */
  startRow(rowNumber: number): void {
    if (rowNumber >= this.starts.length)
      this.starts = grown(this.starts, Math.max(rowNumber + 1, 2 * this.starts.length));
    this.starts.fill(this.count, this.length, rowNumber + 1);
    this.length = rowNumber;
  }

  /** A cell of the last row (columns in increasing order). */
  add(column: number, value: CellValue): void {
    if (typeof value === "number") this.push(column, Kind.Number, value);
    else this.push(column, Kind.Other, this.others.push(value) - 1);
  }

  /** A cell of the last row holding shared string `index` (which exists). */
  addShared(column: number, index: number): void {
    this.shared.use(index);
    this.push(column, Kind.Shared, index);
  }

  private push(column: number, kind: Kind, number: number): void {
    const i = this.count++;
    if (i >= this.columns.length) {
      this.columns = grown(this.columns, 2 * i + 1);
      this.kinds = grown(this.kinds, 2 * i + 1);
      this.numbers = grown(this.numbers, 2 * i + 1);
    }
    this.columns[i] = column;
    this.kinds[i] = kind;
    this.numbers[i] = number;
    this.starts[this.length] = this.count;
  }

  private value(k: number): CellValue {
    switch (this.kinds[k]) {
      case Kind.Number:
        return this.numbers[k];
      case Kind.Shared:
        return this.shared.get(this.numbers[k]);
      default:
        return this.others[this.numbers[k]];
    }
  }

  /** Row i (sheet row i + 1) as an array (a gap: undefined). */
  row(i: number): SheetRow {
    if (i >= this.length) return EMPTY_SHEET_ROW;
    const from = this.starts[i];
    const to = this.starts[i + 1];
    if (from === to) return EMPTY_SHEET_ROW;
    const row: CellValue[] = [];
    for (let k = from; k < to; k++) row[this.columns[k]] = this.value(k);
    return row;
  }

  /** Row i's cell in `column`; undefined when it has none. */
  cell(i: number, column: number): CellValue | undefined {
    if (i >= this.length) return undefined;
    const from = this.starts[i];
    const to = this.starts[i + 1];
    // A row with no gap before `column` has it at once.
    const at = from + column;
    if (at < to && this.columns[at] === column) return this.value(at);
    for (let k = from; k < to; k++) {
      const c = this.columns[k];
      if (c >= column) return c === column ? this.value(k) : undefined;
    }
    return undefined;
  }

  /** The rows from row `first` on, as the engine reads them. */
  rowsFrom(first: number): RowSource {
    const length = Math.max(0, this.length - first);
    return {
      length,
      row: (i) => this.row(i + first),
      cell: (i, column) => this.cell(i + first, column) as CellValue,
    };
  }
}

const enum Kind {
  Number,
  Shared,
  Other,
}

const enum Capture {
  None,
  Value,
  Formula,
  InlineText,
}

/** A cell's `t` attribute: what its `<v>` holds. */
const enum CellType {
  Number,
  Shared,
  Text,
  InlineText,
  Boolean,
  Error,
  IsoDate,
}

function cellTypeOf(text: string, from: number, to: number): CellType {
  switch (to - from) {
    case 1:
      switch (text.charCodeAt(from)) {
        case 115 /* s */:
          return CellType.Shared;
        case 98 /* b */:
          return CellType.Boolean;
        case 101 /* e */:
          return CellType.Error;
        case 100 /* d */:
          return CellType.IsoDate;
      }
      return CellType.Number;
    case 3:
      return text.startsWith("str", from) ? CellType.Text : CellType.Number;
    case 9:
      return text.startsWith("inlineStr", from) ? CellType.InlineText : CellType.Number;
  }
  return CellType.Number;
}

export class CellFormatError extends Error {}

/**
 * The handler that turns a sheet's XML into rows. `headerOnly`: stop after row 1 (a sheet read
 * only to see whether its header is the MA header).
 *
 * The common cell (`<c r="B7" s="1" t="s"><v>42</v></c>`) makes no string: its column and type
 * are read in the tag's text, and a value of digits is read as a number there too (`digits`).
 */
export class SheetRowsHandler implements XmlHandler {
  /** The cells read: row i is sheet row i + 1. */
  readonly cells: SheetCells;
  /** Cells holding a formula without a saved result, by address. */
  readonly uncalculated: string[] = [];
  private inSheetData = false;
  private inRow = false;
  private rowNumber = 0;
  private column = -1;
  private cellType = CellType.Number;
  /** The cell's `r` as written, when it is not its plain address (`B7` in row 7); else "". */
  private cellRef = "";
  private capture = Capture.None;
  /** The `<v>` text; while `digits` > 0 it is "" and the text is `number`, written in that many digits. */
  private value: string | null = null;
  private digits = 0;
  private number = 0;
  private formula: string | null = null;
  private inline: string | null = null;
  private phonetic = 0;
  private sharedFormulas = new Map<string, string>();
  private sharedIndex: string | undefined;

  constructor(
    private readonly shared: SharedStrings,
    private readonly date1904: boolean,
    private readonly onRow?: (rowNumber: number) => boolean | void,
    partBytes = 0
  ) {
    // Excel writes a cell in 20 to 40 bytes, and 14 or more cells a row on an MA sheet.
    const cells = Math.min(MAX_CELLS, Math.max(1 << 12, Math.ceil(partBytes / 24)));
    this.cells = new SheetCells(shared, { cells, rows: Math.min(MAX_ROWS, cells >> 3) });
  }

  get lastRow(): number {
    return this.rowNumber;
  }

  open(name: string, tag: Attributes, selfClosing: boolean): void {
    if (!this.inSheetData) {
      if (name === "sheetData") this.inSheetData = !selfClosing;
      return;
    }
    switch (name) {
      case "row":
        return this.openRow(tag);
      case "c":
        return this.openCell(tag);
      case "v":
        if (this.inRow) {
          this.value = "";
          this.digits = 0;
          this.capture = Capture.Value;
        }
        return;
      case "f":
        return this.openFormula(tag);
      case "is":
        this.inline = "";
        return;
      case "t":
        if (this.inline !== null && this.phonetic === 0) this.capture = Capture.InlineText;
        return;
      case "rPh":
        this.phonetic++;
        return;
    }
  }

  close(name: string): void {
    if (!this.inSheetData) return;
    switch (name) {
      case "sheetData":
        this.inSheetData = false;
        return;
      case "row":
        return this.closeRow();
      case "c":
        return this.closeCell();
      case "f":
        if (this.sharedIndex !== undefined && this.formula)
          this.sharedFormulas.set(this.sharedIndex, this.formula);
        this.capture = Capture.None;
        return;
      case "v":
      case "t":
        this.capture = Capture.None;
        return;
      case "rPh":
        this.phonetic--;
        return;
    }
  }

  text(source: string, from: number, to: number): void {
    switch (this.capture) {
      case Capture.Value:
        if (this.value === "" && this.digits === 0) {
          const number = digitsValue(source, from, to);
          if (number >= 0) {
            this.number = number;
            this.digits = to - from;
            return;
          }
        }
        this.value = this.valueText() + source.slice(from, to);
        this.digits = 0;
        return;
      case Capture.Formula:
        this.formula += source.slice(from, to);
        return;
      case Capture.InlineText:
        this.inline += source.slice(from, to);
        return;
    }
  }

  /** The `<v>` text as written. */
  private valueText(): string {
    return this.digits === 0 ? this.value! : String(this.number).padStart(this.digits, "0");
  }

  private openRow(tag: Attributes): void {
    const i = tag.find("r");
    let number: number;
    if (i === -1) number = this.rowNumber + 1;
    else {
      number = tag.hasEntity(i) ? -1 : digitsValue(tag.source, tag.valueFrom(i), tag.valueTo(i));
      if (number < 0) {
        const r = tag.value(i);
        number = Number(r);
        if (!Number.isInteger(number) || number < 1)
          throw new CellFormatError(`a row numbered "${r}"`);
      }
      if (number < 1) throw new CellFormatError(`a row numbered "${tag.value(i)}"`);
    }
    if (number > MAX_ROWS)
      throw new LimitError(
        `a row numbered ${count(number)}, past Excel's last row ${count(MAX_ROWS)}`
      );
    if (number <= this.rowNumber)
      throw new CellFormatError(`row ${number} comes after row ${this.rowNumber}`);
    this.rowNumber = number;
    this.inRow = true;
    this.cells.startRow(number);
    this.column = -1;
  }

  private closeRow(): void {
    if (!this.inRow) return;
    this.inRow = false;
    this.onRow?.(this.rowNumber);
  }

  private openCell(tag: Attributes): void {
    const r = tag.find("r");
    const t = tag.find("t");
    if ((r === -1 || !tag.hasEntity(r)) && (t === -1 || !tag.hasEntity(t))) {
      const source = tag.source;
      this.beginCell(
        source,
        r === -1 ? -1 : tag.valueFrom(r),
        r === -1 ? -1 : tag.valueTo(r),
        t === -1 ? -1 : tag.valueFrom(t),
        t === -1 ? -1 : tag.valueTo(t)
      );
    } else {
      // Entities in `r` or `t` (never written by Excel): read them decoded.
      const ref = r === -1 ? "" : tag.value(r);
      const type = t === -1 ? "" : tag.value(t);
      this.beginCell(
        ref + type,
        r === -1 ? -1 : 0,
        ref.length,
        t === -1 ? -1 : ref.length,
        ref.length + type.length
      );
    }
  }

  cell(
    source: string,
    refFrom: number,
    refTo: number,
    typeFrom: number,
    typeTo: number,
    valueFrom: number,
    valueTo: number
  ): boolean {
    if (!this.inSheetData || !this.inRow) return false;
    this.beginCell(source, refFrom, refTo, typeFrom, typeTo);
    this.value = "";
    this.digits = 0;
    this.capture = Capture.Value;
    this.text(source, valueFrom, valueTo);
    this.closeCell();
    return true;
  }

  /** A cell starts: its `r` at source[refFrom, refTo) and `t` at source[typeFrom, typeTo) (-1: absent). */
  private beginCell(
    source: string,
    refFrom: number,
    refTo: number,
    typeFrom: number,
    typeTo: number
  ): void {
    if (!this.inRow) throw new CellFormatError("a cell outside a row");
    let column: number;
    let ref = "";
    if (refFrom === -1) column = this.column + 1;
    else {
      column = this.plainColumn(source, refFrom, refTo);
      if (column === -1) {
        column = columnOf(source, refFrom, refTo);
        ref = source.slice(refFrom, refTo);
        if (column < 0) throw new CellFormatError(`a cell at "${ref}"`);
      }
    }
    if (column >= MAX_COLUMNS)
      throw new LimitError(
        `a cell in column ${count(column + 1)}, past Excel's last column XFD (${count(MAX_COLUMNS)})`
      );
    if (column <= this.column)
      throw new CellFormatError(
        `cell ${refFrom === -1 ? column + 1 : source.slice(refFrom, refTo)} of row ${this.rowNumber} is out of order`
      );
    this.cellType = typeFrom === -1 ? CellType.Number : cellTypeOf(source, typeFrom, typeTo);
    this.column = column;
    this.cellRef = ref;
    this.value = null;
    this.digits = 0;
    this.formula = null;
    this.inline = null;
    this.sharedIndex = undefined;
  }

  /**
   * The 0-based column of text[from, to) when it is what `address()` makes (upper-case letters of
   * a column within Excel's, then this row's number); else -1.
   */
  private plainColumn(text: string, from: number, to: number): number {
    let column = 0;
    let i = from;
    for (let c = text.charCodeAt(i); c >= 65 && c <= 90; c = text.charCodeAt(++i))
      column = column * 26 + (c - 64);
    if (i === from || column > MAX_COLUMNS || text.charCodeAt(i) === 48) return -1;
    return digitsValue(text, i, to) === this.rowNumber ? column - 1 : -1;
  }

  private openFormula(tag: Attributes): void {
    if (!this.inRow) return;
    this.formula = "";
    this.capture = Capture.Formula;
    // A shared formula's later cells carry only its index: the first one carries the text.
    this.sharedIndex = tag.get("t") === "shared" ? tag.get("si") : undefined;
  }

  private closeCell(): void {
    this.capture = Capture.None;
    const cells = this.cells;
    if (this.digits > 0 && this.cellType === CellType.Shared && this.number < this.shared.length) {
      this.countCell();
      cells.addShared(this.column, this.number);
      return;
    }
    const value = this.cellValue();
    if (value === null) return;
    this.countCell();
    cells.add(this.column, value);
  }

  private countCell(): void {
    if (this.cells.count >= MAX_CELLS)
      throw new LimitError(`more than ${count(MAX_CELLS)} cells with a value`);
  }

  private cellValue(): CellValue {
    const { cellType } = this;
    if (this.digits > 0) {
      // A value of digits: a shared string's index, or a whole number.
      if (cellType === CellType.Number) return this.number;
    }
    if (this.value === null) {
      if (cellType === CellType.InlineText && this.inline !== null) return this.inline;
      if (this.formula !== null) {
        const text =
          this.formula === "" && this.sharedIndex !== undefined
            ? (this.sharedFormulas.get(this.sharedIndex) ?? "")
            : this.formula;
        this.uncalculated.push(this.address());
        return { formula: text };
      }
      return null;
    }
    const value = this.valueText();
    switch (cellType) {
      case CellType.Shared: {
        const index = Number(value);
        const text =
          Number.isInteger(index) && index >= 0 && index < this.shared.length
            ? this.shared.get(index)
            : undefined;
        if (text === undefined)
          throw new CellFormatError(
            `cell ${this.address()} names shared string ${value}, which does not exist`
          );
        return text;
      }
      case CellType.Text:
      case CellType.InlineText:
        return value;
      case CellType.Boolean:
        return value === "1" || value === "true";
      case CellType.Error:
        return { error: value };
      case CellType.IsoDate:
        return this.isoDate(value);
      default: {
        const number = Number(value);
        if (value.trim() === "" || !Number.isFinite(number))
          throw new CellFormatError(
            `cell ${this.address()} holds "${value.slice(0, 40)}" as a number`
          );
        return number;
      }
    }
  }

  /** An ISO 8601 date cell (t="d", rare) as the serial number Excel would store. */
  private isoDate(value: string): number {
    const ms = Date.parse(
      /[zZ]|[+-]\d\d:?\d\d$/.test(value) || !value.includes("T") ? value : `${value}Z`
    );
    if (!Number.isFinite(ms))
      throw new CellFormatError(`cell ${this.address()} holds "${value}" as a date`);
    return 25569 + ms / 86_400_000 - (this.date1904 ? 1462 : 0);
  }

  private address(): string {
    return this.cellRef || `${columnLetters(this.column)}${this.rowNumber}`;
  }
}
