/**
 * CSV text into rows of fields, read exactly as papaparse 5 reads it: the same fields for every
 * input papaparse reads without a quote error, and a quote error wherever papaparse reports its
 * first one (a property test holds the two together, test/cli/csv.property.test.ts).
 *
 * Why not papaparse itself: on a 100,000-row file it takes about 2.5 times as long as splitting
 * the text into lines and fields, and it hands back 1.3 million strings. Those outlive several
 * garbage collections while the engine checks them, and copying them was a third of `mam
 * validate`'s time. Here the result is the text and the offsets of its fields (CsvRows, a
 * RowSource): a cell's string is made when the engine reads the cell, and dies young.
 *
 * Most supplier files hold no quote at all, and then (as in papaparse's own "fast mode") fields are
 * simply what lies between delimiters and line breaks. A file with quotes here and there is still
 * read line by line: a line with no quote, starting at a row boundary, is one whole row. Only rows
 * with a quote go through the field-by-field reader, which follows papaparse's rules: a field is
 * quoted only when its first character is the quote; `""` inside one is a quote; after the closing
 * quote only blanks may come before the delimiter or the line break; and an unquoted field takes
 * any quote in it literally. Those rows are kept as arrays of their (unquoted) fields.
 *
 * A UTF-8 file that is not all ASCII can be read through a byte view (`Utf8View`): its bytes one to
 * a character, as latin1 makes them from a buffer at the speed of a copy, where decoding them all
 * took twice as long. Delimiters and line breaks are ASCII, and UTF-8 never uses an ASCII byte
 * inside a character, so the fields fall in the same places; only the fields of the rows that hold
 * other bytes are decoded, as they are read. (Not for a text with quotes: papaparse's blanks after
 * a closing quote include U+00A0, a byte that can also sit inside a character.)
 */
import type { RowSource } from "../domain/types";

export interface CsvDialect {
  readonly delimiter: string;
  readonly newline: "\r\n" | "\n" | "\r";
}

export interface CsvQuoteError {
  /** Zero-based row (record) where papaparse reports it, as its `row`. */
  readonly row: number;
  /** One-based line of the text where that row starts (quoted fields can hold line breaks). */
  readonly line: number;
  /** papaparse's message for the same error. */
  readonly message: string;
}

/** How to read a byte view (see above). */
export interface Utf8View {
  /** Where the characters from 0x80 up are in the text, in order. */
  readonly wide: Int32Array;
  /** A field's bytes, one to a character, as the text they are in UTF-8. */
  readonly decode: (bytes: string) => string;
}

export type CsvParse =
  | { readonly ok: true; readonly rows: CsvRows }
  | { readonly ok: false; readonly error: CsvQuoteError };

const QUOTE = '"';
const QUOTE_CODE = 34;
/** What `String.prototype.trim` removes, and so what papaparse allows after a closing quote. */
const BLANK = /\s/;
/** A character from 0x80 up: in a byte view, part of a UTF-8 character that is not ASCII. */
const WIDE = /[^\0-\x7f]/;

/** Reads `text` (or, given `utf8`, the byte view of a text: it must hold no quote). */
export function parseCsv(
  text: string,
  dialect: CsvDialect,
  utf8: Utf8View | null = null
): CsvParse {
  const grid = new GridBuilder(text, dialect);
  // papaparse drops one byte order mark at the start of the text it is given.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.length === start) return { ok: true, rows: grid.build(utf8) };
  if (text.indexOf(QUOTE) === -1) {
    grid.plain(start, text.length);
    return { ok: true, rows: grid.build(utf8) };
  }
  if (utf8 !== null) throw new Error("parseCsv: a byte view with quotes in it");
  return new QuotedReader(text, dialect, grid).read(start);
}

/**
 * The rows of a CSV text: row i's fields are the text between its field starts (each field ends
 * one delimiter before the next starts, the last at the row's end), or, for a row that held
 * quotes, the fields read from them.
 */
export class CsvRows implements RowSource {
  constructor(
    private readonly text: string,
    private readonly delimiterLength: number,
    /** Start of each field, row after row. */
    private readonly fieldStarts: Int32Array,
    /** Row i's fields are fieldStarts[rowFields[i]] up to fieldStarts[rowFields[i + 1]]. */
    private readonly rowFields: Int32Array,
    /** Where row i's last field ends; -1 for a row in `quoted`. */
    private readonly rowEnds: Int32Array,
    private readonly quoted: ReadonlyMap<number, string[]>,
    /** For a byte view: 1 for each row holding a character from 0x80 up (its fields are decoded), and how. */
    private readonly wideRows: Uint8Array | null,
    private readonly decode: ((bytes: string) => string) | null,
    /** This view's rows are rows first … first + length − 1 of the text. */
    private readonly first: number,
    readonly length: number
  ) {}

  row(i: number): string[] {
    const r = i + this.first;
    if (this.rowEnds[r] < 0) return this.quoted.get(r)!.slice();
    const from = this.rowFields[r];
    const to = this.rowFields[r + 1];
    const out = new Array<string>(to - from);
    for (let k = from; k < to; k++) out[k - from] = this.field(r, k, to);
    return out;
  }

  cell(i: number, column: number): string | undefined {
    const r = i + this.first;
    if (this.rowEnds[r] < 0) return this.quoted.get(r)![column];
    const k = this.rowFields[r] + column;
    const to = this.rowFields[r + 1];
    return k < to ? this.field(r, k, to) : undefined;
  }

  /** Rows `from` to `to` (exclusive) of this view, sharing its text and offsets. */
  slice(from: number, to: number = this.length): CsvRows {
    const end = Math.min(Math.max(to, from), this.length);
    const { text, delimiterLength, fieldStarts, rowFields, rowEnds, quoted, wideRows, decode } =
      this;
    return new CsvRows(
      text,
      delimiterLength,
      fieldStarts,
      rowFields,
      rowEnds,
      quoted,
      wideRows,
      decode,
      this.first + from,
      end - from
    );
  }

  /** The most fields any row has, and the first row (of this view) that has them. */
  widest(): { readonly row: number; readonly fields: number } {
    let best = { row: 0, fields: 0 };
    for (let i = 0; i < this.length; i++) {
      const r = i + this.first;
      const fields =
        this.rowEnds[r] < 0
          ? this.quoted.get(r)!.length
          : this.rowFields[r + 1] - this.rowFields[r];
      if (fields > best.fields) best = { row: i, fields };
    }
    return best;
  }

  toArrays(): string[][] {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }

  private field(r: number, k: number, to: number): string {
    const start = this.fieldStarts[k];
    const end = k + 1 < to ? this.fieldStarts[k + 1] - this.delimiterLength : this.rowEnds[r];
    if (end === start) return "";
    const bytes = this.text.slice(start, end);
    return this.wideRows !== null && this.wideRows[r] === 1 && WIDE.test(bytes)
      ? this.decode!(bytes)
      : bytes;
  }
}

/** Collects field and row offsets in typed arrays that double as they fill. */
class GridBuilder {
  // Sized for a field every 8 characters and a row every 128 (an MA file has one about every 13
  // and 190): most files never need the arrays doubled.
  private fieldStarts: Int32Array<ArrayBuffer>;
  private fields = 0;
  private rowFields: Int32Array<ArrayBuffer>;
  private rowEnds: Int32Array<ArrayBuffer>;
  private rows = 0;
  private readonly quoted = new Map<number, string[]>();
  /**
   * The first delimiter at or after the last place searched (-1: none left in the text; -2: not
   * searched yet), kept from one call of `plain` to the next: a text with no delimiter at all
   * would otherwise be searched to its end once per line.
   */
  private nextDelimiter = -2;
  constructor(
    private readonly text: string,
    private readonly dialect: CsvDialect
  ) {
    this.fieldStarts = new Int32Array(Math.max(1024, text.length >> 3));
    this.rowFields = new Int32Array(Math.max(256, text.length >> 7));
    this.rowEnds = new Int32Array(this.rowFields.length);
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * Rows from `from` to `to`, a stretch of the text with no quote in it, starting at a row
   * boundary: fields are what lies between delimiters, rows what lies between line breaks, found
   * with `indexOf` (a native scan, twice as fast as reading the characters one by one here).
   */
  plain(from: number, to: number): void {
    const { text } = this;
    const { delimiter, newline } = this.dialect;
    let pos = from;
    let nextDelimiter = this.nextDelimiter;
    if (nextDelimiter !== -1 && nextDelimiter < pos) nextDelimiter = text.indexOf(delimiter, pos);
    for (;;) {
      let lineEnd = text.indexOf(newline, pos);
      if (lineEnd === -1 || lineEnd > to) lineEnd = to;
      this.startRow(pos);
      while (nextDelimiter !== -1 && nextDelimiter < lineEnd) {
        this.startField(nextDelimiter + delimiter.length);
        nextDelimiter = text.indexOf(delimiter, nextDelimiter + delimiter.length);
      }
      this.endRow(lineEnd);
      if (lineEnd >= to) {
        this.nextDelimiter = nextDelimiter;
        return;
      }
      pos = lineEnd + newline.length;
      if (nextDelimiter !== -1 && nextDelimiter < pos) nextDelimiter = text.indexOf(delimiter, pos);
    }
  }

  /** A row read field by field (it held quotes). */
  parsed(fields: string[]): void {
    this.quoted.set(this.rows, fields);
    this.startRow(-1);
    this.endRow(-1);
  }

  build(utf8: Utf8View | null): CsvRows {
    this.reserveRow();
    this.rowFields[this.rows] = this.fields;
    // The arrays were sized by guess and doubled: give back what a big file does not use.
    this.fieldStarts = fitted(this.fieldStarts, this.fields);
    this.rowFields = fitted(this.rowFields, this.rows + 1);
    this.rowEnds = fitted(this.rowEnds, this.rows);
    const wideRows = utf8 === null ? null : this.wideRows(utf8.wide);
    const { text, fieldStarts, rowFields, rowEnds, quoted, rows } = this;
    return new CsvRows(
      text,
      this.dialect.delimiter.length,
      fieldStarts,
      rowFields,
      rowEnds,
      quoted,
      wideRows,
      utf8?.decode ?? null,
      0,
      rows
    );
  }

  /** Marks the rows that hold the characters at `wide` (ascending offsets): both lists in order, walked together. */
  private wideRows(wide: Int32Array): Uint8Array {
    const marks = new Uint8Array(this.rows);
    let r = 0;
    for (const at of wide) {
      // Row r runs from its first field's start to the next row's (line breaks are ASCII).
      while (r + 1 < this.rows && this.fieldStarts[this.rowFields[r + 1]] <= at) r++;
      if (r < this.rows) marks[r] = 1;
    }
    return marks;
  }

  private startRow(at: number): void {
    this.reserveRow();
    this.rowFields[this.rows] = this.fields;
    if (at >= 0) this.startField(at);
  }

  private endRow(at: number): void {
    this.rowEnds[this.rows++] = at;
  }

  private startField(at: number): void {
    if (this.fields === this.fieldStarts.length) this.fieldStarts = doubled(this.fieldStarts);
    this.fieldStarts[this.fields++] = at;
  }

  private reserveRow(): void {
    if (this.rows + 1 >= this.rowFields.length) {
      this.rowFields = doubled(this.rowFields);
      this.rowEnds = doubled(this.rowEnds);
    }
  }
}

/** `array` cut to `used` entries when that saves more than a quarter of it (and a megabyte). */
function fitted(array: Int32Array<ArrayBuffer>, used: number): Int32Array<ArrayBuffer> {
  const spare = array.length - used;
  return spare > array.length / 4 && spare > 1 << 18 ? array.slice(0, Math.max(used, 1)) : array;
}

function doubled(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

/** A text with quotes in it: whole lines split natively where they hold none, the rest field by field. */
class QuotedReader {
  /** The next delimiter, line break and quote at or after the cursor (-1: none left), kept so no search repeats. */
  private nextDelimiter: number;
  private nextNewline: number;
  private nextQuote: number;
  /** Where the row being read starts. */
  private rowStart = 0;

  private readonly text: string;
  private readonly delimiter: string;
  private readonly newline: string;

  constructor(
    text: string,
    dialect: CsvDialect,
    private readonly grid: GridBuilder
  ) {
    this.text = text;
    this.delimiter = dialect.delimiter;
    this.newline = dialect.newline;
    this.nextDelimiter = text.indexOf(this.delimiter);
    this.nextNewline = text.indexOf(this.newline);
    this.nextQuote = text.indexOf(QUOTE);
  }

  read(start: number): CsvParse {
    const { text, newline } = this;
    let pos = start;
    for (;;) {
      this.rowStart = pos;
      const lineEnd = this.newlineFrom(pos);
      const end = lineEnd === -1 ? text.length : lineEnd;
      const quote = this.quoteFrom(pos);
      if (quote === -1 || quote >= end) {
        this.grid.plain(pos, end);
        if (lineEnd === -1) break;
        pos = lineEnd + newline.length;
        continue;
      }
      const next = this.readRow(pos);
      if (typeof next !== "number") return { ok: false, error: next };
      if (next < 0) break;
      pos = next;
    }
    return { ok: true, rows: this.grid.build(null) };
  }

  /**
   * Reads one row field by field from `pos`; returns where the next row starts, -1 when the text
   * ended with this row, or the error.
   */
  private readRow(pos: number): number | CsvQuoteError {
    const { text, delimiter, newline } = this;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(pos) !== QUOTE_CODE) {
        const d = this.delimiterFrom(pos);
        const l = this.newlineFrom(pos);
        if (d !== -1 && (l === -1 || d < l)) {
          fields.push(text.slice(pos, d));
          pos = d + delimiter.length;
          continue;
        }
        fields.push(text.slice(pos, l === -1 ? text.length : l));
        this.grid.parsed(fields);
        return l === -1 ? -1 : l + newline.length;
      }
      // A quoted field: its text runs to the quote that closes it; "" is a quote within it.
      let value = "";
      let start = pos + 1;
      let search = start;
      for (;;) {
        const q = text.indexOf(QUOTE, search);
        if (q === -1) return this.error("Quoted field unterminated");
        if (q === text.length - 1) {
          fields.push(value + text.slice(start, q));
          this.grid.parsed(fields);
          return -1;
        }
        if (text.charCodeAt(q + 1) === QUOTE_CODE) {
          value += text.slice(start, q + 1);
          start = search = q + 2;
          continue;
        }
        // The closing quote: blanks may follow it before the delimiter or the line break.
        let r = q + 1;
        while (
          r < text.length &&
          !text.startsWith(delimiter, r) &&
          !text.startsWith(newline, r) &&
          BLANK.test(text[r])
        )
          r++;
        if (text.startsWith(delimiter, r)) {
          fields.push(value + text.slice(start, q));
          pos = r + delimiter.length;
          break;
        }
        if (text.startsWith(newline, r)) {
          fields.push(value + text.slice(start, q));
          this.grid.parsed(fields);
          return r + newline.length;
        }
        return this.error("Trailing quote on quoted field is malformed");
      }
    }
  }

  private error(message: string): CsvQuoteError {
    let line = 1;
    for (
      let i = this.text.indexOf(this.newline);
      i !== -1 && i < this.rowStart;
      i = this.text.indexOf(this.newline, i + this.newline.length)
    )
      line++;
    return { row: this.grid.rowCount, line, message };
  }

  private delimiterFrom(pos: number): number {
    if (this.nextDelimiter !== -1 && this.nextDelimiter < pos)
      this.nextDelimiter = this.text.indexOf(this.delimiter, pos);
    return this.nextDelimiter;
  }

  private newlineFrom(pos: number): number {
    if (this.nextNewline !== -1 && this.nextNewline < pos)
      this.nextNewline = this.text.indexOf(this.newline, pos);
    return this.nextNewline;
  }

  private quoteFrom(pos: number): number {
    if (this.nextQuote !== -1 && this.nextQuote < pos)
      this.nextQuote = this.text.indexOf(QUOTE, pos);
    return this.nextQuote;
  }
}
