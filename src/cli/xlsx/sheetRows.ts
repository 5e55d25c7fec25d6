/**
 * A worksheet part's cells as the engine's values, row by row: shared strings looked up, inline
 * and shared rich text whole, numbers as numbers (a date is its serial number, read later with the
 * workbook's date system, as every host hands it over), booleans, error values, and a formula's
 * saved result, or the formula itself when it has none (`CellFormula`). Row and column numbers
 * beyond Excel's limits, and more cells than MAX_CELLS, are refused as they arrive.
 */
import { columnLetters } from "../../domain/address";
import type { CellValue } from "../../domain/types";
import { count, LimitError, MAX_CELLS, MAX_COLUMNS, MAX_ROWS } from "./limits";
import { attribute, readAttributes, type XmlHandler } from "./xmlScanner";

const CELL_ATTRIBUTES = ["r", "t"];

/** A sheet row as the engine takes it (a formula with no saved result is a `CellFormula`). */
export type SheetRow = readonly CellValue[];

/** Rows with no cell share this one (a gap in the sheet, or a row of formats only). */
export const EMPTY_SHEET_ROW: SheetRow = Object.freeze([]);

/** A cell's text to 1-based row and 0-based column: `AB12` → column 27. */
function columnOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
    if (column > MAX_COLUMNS) return MAX_COLUMNS + 1;
  }
  return i === 0 ? -1 : column - 1;
}

const enum Capture {
  None,
  Value,
  Formula,
  InlineText,
}

export class CellFormatError extends Error {}

/**
 * The handler that turns a sheet's XML into rows. `headerOnly`: stop after row 1 (a sheet read
 * only to see whether its header is the MA header).
 */
export class SheetRowsHandler implements XmlHandler {
  /** rows[i] is sheet row i + 1. */
  readonly rows: SheetRow[] = [];
  /** Cells holding a formula without a saved result, by address. */
  readonly uncalculated: string[] = [];
  private cells = 0;
  private inSheetData = false;
  private row: CellValue[] | null = null;
  private rowNumber = 0;
  private column = -1;
  private cellType: string | undefined;
  private cellRef = "";
  private capture = Capture.None;
  private value: string | null = null;
  private formula: string | null = null;
  private inline: string | null = null;
  private phonetic = 0;
  private sharedFormulas = new Map<string, string>();
  private sharedIndex: string | undefined;
  private readonly cellAttributes: (string | undefined)[] = [undefined, undefined];

  constructor(
    private readonly shared: readonly string[],
    private readonly date1904: boolean,
    private readonly onRow?: (rowNumber: number) => boolean | void
  ) {}

  get lastRow(): number {
    return this.rowNumber;
  }

  open(name: string, attrs: string, selfClosing: boolean): void {
    if (!this.inSheetData) {
      if (name === "sheetData") this.inSheetData = !selfClosing;
      return;
    }
    switch (name) {
      case "row":
        return this.openRow(attrs);
      case "c":
        return this.openCell(attrs);
      case "v":
        if (this.row !== null) {
          this.value = "";
          this.capture = Capture.Value;
        }
        return;
      case "f":
        return this.openFormula(attrs);
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

  text(text: string): void {
    switch (this.capture) {
      case Capture.Value:
        this.value += text;
        return;
      case Capture.Formula:
        this.formula += text;
        return;
      case Capture.InlineText:
        this.inline += text;
        return;
    }
  }

  private openRow(attrs: string): void {
    const r = attribute(attrs, "r");
    const number = r === undefined ? this.rowNumber + 1 : Number(r);
    if (!Number.isInteger(number) || number < 1) throw new CellFormatError(`a row numbered "${r}"`);
    if (number > MAX_ROWS)
      throw new LimitError(
        `a row numbered ${count(number)}, past Excel's last row ${count(MAX_ROWS)}`
      );
    if (number <= this.rowNumber)
      throw new CellFormatError(`row ${number} comes after row ${this.rowNumber}`);
    this.rowNumber = number;
    this.row = [];
    this.column = -1;
  }

  private closeRow(): void {
    const row = this.row;
    if (row === null) return;
    const rows = this.rows;
    while (rows.length < this.rowNumber - 1) rows.push(EMPTY_SHEET_ROW);
    rows.push(row.length === 0 ? EMPTY_SHEET_ROW : row);
    this.row = null;
    this.onRow?.(this.rowNumber);
  }

  private openCell(attrs: string): void {
    if (this.row === null) throw new CellFormatError("a cell outside a row");
    readAttributes(attrs, CELL_ATTRIBUTES, this.cellAttributes);
    const [ref, type] = this.cellAttributes;
    let column: number;
    if (ref === undefined) column = this.column + 1;
    else {
      column = columnOf(ref);
      if (column < 0) throw new CellFormatError(`a cell at "${ref}"`);
    }
    if (column >= MAX_COLUMNS)
      throw new LimitError(
        `a cell in column ${count(column + 1)}, past Excel's last column XFD (${count(MAX_COLUMNS)})`
      );
    if (column <= this.column)
      throw new CellFormatError(
        `cell ${ref ?? column + 1} of row ${this.rowNumber} is out of order`
      );
    this.column = column;
    this.cellRef = ref ?? "";
    this.cellType = type;
    this.value = null;
    this.formula = null;
    this.inline = null;
    this.sharedIndex = undefined;
  }

  private openFormula(attrs: string): void {
    if (this.row === null) return;
    this.formula = "";
    this.capture = Capture.Formula;
    // A shared formula's later cells carry only its index: the first one carries the text.
    this.sharedIndex = attribute(attrs, "t") === "shared" ? attribute(attrs, "si") : undefined;
  }

  private closeCell(): void {
    const value = this.cellValue();
    this.capture = Capture.None;
    if (value === null) return;
    if (++this.cells > MAX_CELLS)
      throw new LimitError(`more than ${count(MAX_CELLS)} cells with a value`);
    this.row![this.column] = value;
  }

  private cellValue(): CellValue {
    const { value, cellType } = this;
    if (value === null) {
      if (cellType === "inlineStr" && this.inline !== null) return this.inline;
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
    switch (cellType) {
      case "s": {
        const index = Number(value);
        const text = Number.isInteger(index) ? this.shared[index] : undefined;
        if (text === undefined)
          throw new CellFormatError(
            `cell ${this.address()} names shared string ${value}, which does not exist`
          );
        return text;
      }
      case "str":
      case "inlineStr":
        return value;
      case "b":
        return value === "1" || value === "true";
      case "e":
        return { error: value };
      case "d":
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
