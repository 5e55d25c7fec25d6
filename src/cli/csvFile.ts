/**
 * A CSV file as the engine's rows, read in blocks of at most CSV_BLOCK_BYTES: a file of any size
 * (4,000,000 rows and more, past the 512 MiB a JavaScript string can hold) is checked without
 * ever being one string. Each block ends at the end of a row (a block that ends inside a quoted
 * field is read again with the next one), is decoded and split into rows by csv.ts, and keeps its
 * own text and offsets; the blocks together are one RowSource (ChunkedRows). A file that fits in
 * one block is read in one go, as before.
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import Papa from "papaparse";
import type { CellValue, RowSource } from "../domain/types";
import { CsvRows, parseCsv, type CsvDialect, type Utf8View } from "./csv";
import { InputError, readFailure } from "./inputError";
import { count, MAX_CSV_FIELDS } from "./xlsx/limits";
import { completeEnd } from "./xlsx/utf8Chunks";

/** Bytes read at once; MAM_CSV_BLOCK_BYTES sets it smaller (for tests of the block boundaries). */
const CSV_BLOCK_BYTES = Number(process.env.MAM_CSV_BLOCK_BYTES) || 64 * 1024 * 1024;
/** A block may grow to this many times CSV_BLOCK_BYTES to finish a row; a longer row is refused. */
const MAX_BLOCKS_PER_ROW = 4;

export interface CsvSheet {
  readonly header: CellValue[];
  readonly rows: RowSource;
}

export function readCsvFile(
  file: string,
  onProgress?: (fraction: number, rows: number) => void,
  blockBytes = CSV_BLOCK_BYTES
): CsvSheet {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    throw readFailure(file, error);
  }
  try {
    return new BlockReader(file, fd, fstatSync(fd).size, blockBytes, onProgress).read();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw readFailure(file, error);
  } finally {
    closeSync(fd);
  }
}

class BlockReader {
  private position = 0;
  private readonly parts: CsvRows[] = [];
  /** The text of each part, for counting lines in a message. */
  private readonly texts: string[] = [];
  private rows = 0;
  private dialect: CsvDialect | null = null;

  constructor(
    private readonly file: string,
    private readonly fd: number,
    private readonly size: number,
    private readonly blockBytes: number,
    private readonly onProgress?: (fraction: number, rows: number) => void
  ) {}

  read(): CsvSheet {
    let carry: Buffer | null = null;
    let first = true;
    for (;;) {
      const fresh = this.next();
      const bytes: Buffer = carry === null ? fresh : Buffer.concat([carry, fresh]);
      carry = null;
      const final = this.position >= this.size;
      let decoded = final && first ? decodeCsv(this.file, bytes, true) : null;
      // The dialect is papaparse's guess on the file's first rows (in a file of many blocks, on its head).
      this.dialect ??= csvDialect((decoded ?? this.head()).text);
      const end = final ? bytes.length : rowsEnd(bytes, this.dialect.newline);
      if (end <= 0) {
        carry = this.tooLong(bytes);
        continue;
      }
      decoded ??= decodeCsv(this.file, bytes.subarray(0, end), first);
      const { text, utf8 } = decoded;
      const parsed = parseCsv(text, this.dialect, utf8);
      if (!parsed.ok) {
        // A quoted field that goes on past the block's end: read the block again, with more.
        if (!final && parsed.error.message === "Quoted field unterminated") {
          carry = this.tooLong(bytes);
          continue;
        }
        throw this.quoteError(parsed.error.row, parsed.error.line, parsed.error.message);
      }
      let rows = parsed.rows;
      let n = rows.length;
      // The line break that ends the last line does not start another row (in the file as in a block).
      if (n > (final && this.parts.length === 0 ? 1 : 0)) {
        const last = rows.row(n - 1);
        if (last.length === 1 && last[0] === "") n--;
      }
      rows = rows.slice(0, n);
      this.checkWidth(rows);
      this.parts.push(rows);
      this.texts.push(text);
      this.rows += n;
      first = false;
      if (!final) carry = Buffer.from(bytes.subarray(end));
      this.onProgress?.(this.position / this.size, Math.max(0, this.rows - 1));
      if (final && carry === null) break;
    }
    return this.sheet();
  }

  /** The file's first GUESS_HEAD × 2 bytes, decoded. */
  private head(): { text: string } {
    const length = Math.min(this.size, GUESS_HEAD * 2);
    const bytes = Buffer.allocUnsafe(length);
    const got = readSync(this.fd, bytes, 0, length, 0);
    const head = bytes.subarray(0, got);
    return decodeCsv(this.file, head.subarray(0, completeEnd(head)), true);
  }

  /** The next block of the file. */
  private next(): Buffer {
    const length = Math.min(this.blockBytes, this.size - this.position);
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const got = readSync(this.fd, buffer, filled, length - filled, this.position + filled);
      if (got === 0) break;
      filled += got;
    }
    this.position += filled;
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  /** Bytes to carry into the next block; refused when one row would outgrow every block. */
  private tooLong(bytes: Buffer): Buffer {
    if (bytes.length > MAX_BLOCKS_PER_ROW * this.blockBytes)
      throw new InputError(
        `${this.file}: row ${count(this.rows + 1)} is longer than ${count(MAX_BLOCKS_PER_ROW * this.blockBytes)} bytes (or a quoted field there never ends), beyond what mam reads.`
      );
    return bytes;
  }

  private checkWidth(rows: CsvRows): void {
    const widest = rows.widest();
    if (widest.fields > MAX_CSV_FIELDS)
      throw new InputError(
        `${this.file}: row ${count(this.rows + widest.row + 1)} has ${count(widest.fields)} fields; mam reads at most ${count(MAX_CSV_FIELDS)} columns (Excel's limit). Is this the right file, and the right delimiter?`
      );
  }

  private quoteError(row: number, line: number, message: string): InputError {
    const newline = this.dialect!.newline;
    let linesBefore = 0;
    for (const text of this.texts)
      for (let i = text.indexOf(newline); i !== -1; i = text.indexOf(newline, i + newline.length))
        linesBefore++;
    const fileRow = this.rows + row + 1;
    const fileLine = linesBefore + line;
    const where =
      fileRow === fileLine ? `line ${fileLine}` : `row ${fileRow} (from line ${fileLine})`;
    return new InputError(
      `${this.file}: ${where} is not valid CSV (${message}): a quoted field must end with a quote followed by the delimiter or the end of the line.`
    );
  }

  private sheet(): CsvSheet {
    const [head] = this.parts;
    if (this.rows === 0 || (this.rows === 1 && head.row(0).every((v) => v === "")))
      throw new InputError(`${this.file} is empty.`);
    this.onProgress?.(1, this.rows - 1);
    const data = [head.slice(1), ...this.parts.slice(1)].filter((p) => p.length > 0);
    return { header: head.row(0), rows: data.length === 1 ? data[0] : new ChunkedRows(data) };
  }
}

/** Where the last whole row of `bytes` ends (after its line break), or 0 when there is none. */
function rowsEnd(bytes: Buffer, newline: string): number {
  const at = bytes.lastIndexOf(newline, bytes.length - newline.length, "latin1");
  return at === -1 ? 0 : at + newline.length;
}

/** Rows of several blocks as one RowSource; reading in order finds each block without a search. */
export class ChunkedRows implements RowSource {
  readonly length: number;
  private readonly starts: number[];
  private current = 0;

  constructor(private readonly parts: readonly CsvRows[]) {
    this.starts = [];
    let at = 0;
    for (const part of parts) {
      this.starts.push(at);
      at += part.length;
    }
    this.length = at;
  }

  row(i: number): readonly CellValue[] {
    const p = this.partOf(i);
    return this.parts[p].row(i - this.starts[p]);
  }

  cell(i: number, column: number): CellValue {
    const p = this.partOf(i);
    return this.parts[p].cell(i - this.starts[p], column);
  }

  private partOf(i: number): number {
    const { starts, parts } = this;
    let p = this.current;
    if (i >= starts[p] && i < starts[p] + parts[p].length) return p;
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    p = lo;
    this.current = p;
    return p;
  }
}

/** Stretches of a file looked at at once by `isAscii` (a vectorised scan) before any byte is read here. */
const STRETCH = 1 << 14;
/** A byte view of a CSV file is read while it has at most one byte from 0x80 up in this many (`wideBytes`). */
const BYTES_PER_WIDE = 1 << 14;

/**
 * CSV bytes as text (without a BOM), or as a byte view of it (see csv.ts) with what it takes to
 * read it. Excel's plain "CSV (Comma delimited)" is Windows-1252, not UTF-8: decoding it leniently
 * would turn "£" or "é" into U+FFFD and export the damage, so anything that is not valid UTF-8 is
 * refused with the way out.
 */
function decodeCsv(
  file: string,
  bytes: Uint8Array,
  first: boolean
): { text: string; utf8: Utf8View | null } {
  if (
    first &&
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new InputError(
      `${file} is UTF-16 text ("Unicode Text"): save it from Excel as "CSV UTF-8 (Comma delimited)".`
    );
  }
  // The same strict check as a fatal TextDecoder, but vectorised: an ASCII file (the usual case)
  // becomes text with a plain copy; other UTF-8 is validated once, then viewed or decoded.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return { text: buffer.toString("latin1"), utf8: null };
  if (!isUtf8(buffer)) {
    throw new InputError(
      `${file} is not UTF-8 text (probably Excel's Windows "CSV (Comma delimited)"): save it as "CSV UTF-8 (Comma delimited)".`
    );
  }
  // Excel writes a BOM with "CSV UTF-8".
  const body =
    first && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf
      ? buffer.subarray(3)
      : buffer;
  // A file with a few characters beyond ASCII (a "£", a no-break space pasted with a value) is read
  // through a byte view; one with quotes, or many such characters, is decoded.
  // (Nor for a text with a second BOM: papaparse drops one more, as parseCsv does on text.)
  const secondBom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  const wide = body.indexOf(0x22 /* " */) === -1 && !secondBom ? wideBytes(body) : null;
  if (wide !== null)
    return {
      text: body.toString("latin1"),
      utf8: { wide, decode: (field) => Buffer.from(field, "latin1").toString("utf8") },
    };
  return { text: decodeUtf8(body), utf8: null };
}

/**
 * Where the bytes from 0x80 up are in a UTF-8 text, while there is at most one in BYTES_PER_WIDE
 * bytes; null when there are more. A byte view decodes every field of a row that holds one, one
 * field at a time: for a few rows that is nothing, for most rows slower than decoding the text.
 */
function wideBytes(buffer: Buffer): Int32Array | null {
  const most = buffer.length / BYTES_PER_WIDE;
  const found: number[] = [];
  for (let start = 0; start < buffer.length; start += STRETCH) {
    const end = Math.min(buffer.length, start + STRETCH);
    if (isAscii(buffer.subarray(start, end))) continue;
    for (let i = start; i < end; i++) {
      if (buffer[i] < 0x80) continue;
      if (found.length >= most) return null;
      found.push(i);
    }
  }
  return Int32Array.from(found);
}

/**
 * Valid UTF-8 as text, `buffer.toString("utf8")` by stretches: a stretch of ASCII (most of a
 * supplier's file, even one with a "£" or a name with an accent in it) is copied byte for byte,
 * which is three times as fast as decoding it; the rest is decoded. Stretches end on a character
 * boundary (never just before a continuation byte). Exported for tests.
 */
export function decodeUtf8(buffer: Buffer, stretch = STRETCH): string {
  const parts: string[] = [];
  for (let start = 0; start < buffer.length;) {
    let end = Math.min(buffer.length, start + stretch);
    while (end < buffer.length && (buffer[end] & 0xc0) === 0x80) end++;
    parts.push(
      buffer.toString(isAscii(buffer.subarray(start, end)) ? "latin1" : "utf8", start, end)
    );
    start = end;
  }
  return parts.join("");
}

/** papaparse guesses the line ending from the first megabyte of a file, and the delimiter from its first rows. */
const GUESS_HEAD = 1024 * 1024;

/**
 * The delimiter and line ending papaparse would guess for `text`. Its guess on a text with no
 * quote splits the whole text once per candidate delimiter (six splits of a 100,000-row file), so a
 * big file's is made on its first megabyte, which holds the same first rows. When quotes could hide
 * line breaks in that head, or it has fewer than ten lines, the guess is made on the whole text
 * (with a quote in it, papaparse stops reading after the rows it guesses from).
 */
function csvDialect(text: string): CsvDialect {
  let sample = text;
  if (text.length > GUESS_HEAD) {
    const head = text.slice(0, GUESS_HEAD);
    if (!head.includes('"') && head.split("\n", 12).length >= 12) sample = head;
  }
  const { meta } = Papa.parse<string[]>(sample, { preview: 1 });
  const newline = meta.linebreak === "\r\n" || meta.linebreak === "\r" ? meta.linebreak : "\n";
  return { delimiter: meta.delimiter || ",", newline };
}
