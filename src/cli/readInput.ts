/**
 * Reads a supplier's workbook into the engine's cell values: .xlsx/.xlsm with our own reader
 * (xlsx/: dates arrive as serial numbers, with the workbook's 1900/1904 date system), .csv with
 * our own reader (csv.ts: papaparse's reading, papaparse's dialect guess). Row numbers are kept as
 * the sheet has them, so findings name the right cells.
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { parseCsv, type CsvDialect, type Utf8View } from "./csv";
import { findRule } from "../domain/catalogue";
import type { CellValue, Rows } from "../domain/types";
import { LimitError } from "./xlsx/limits";
import {
  readWorkbook,
  WorkbookError,
  type WorkbookOptions,
  type WorkbookSheet,
} from "./xlsx/readWorkbook";
import { engineRow, type SheetRow } from "./xlsx/sheetRows";

/** What the CLI checks: the sheet read, as the engine's rows, and what the reader noticed. */
export interface SheetData extends Pick<
  WorkbookSheet,
  "sheetName" | "dateSystem" | "hiddenSheets" | "uncalculated"
> {
  readonly header: CellValue[];
  /** Data rows from sheet row 2, gaps kept as empty rows (a CSV file's are made as they are read). */
  readonly rows: Rows;
}

/** A problem reading the file: the CLI prints its message and exits 2, never a stack trace. */
export class InputError extends Error {}

export type ReadOptions = WorkbookOptions;

export async function readInput(file: string, options: ReadOptions = {}): Promise<SheetData> {
  const ext = path.extname(file).toLowerCase();
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new InputError(`Cannot open ${file}: no such file.`);
  }
  if (!stat.isFile()) throw new InputError(`${file} is not a file.`);
  if (ext === ".xls")
    throw new InputError(
      `${file} is an old binary .xls workbook: open it in Excel and save it as .xlsx or .xlsm.`
    );
  if (ext !== ".csv" && ext !== ".xlsx" && ext !== ".xlsm") {
    throw new InputError(
      `${file}: unsupported file type "${ext || "(none)"}"; give an .xlsx, .xlsm or .csv file.`
    );
  }
  if (stat.size === 0) throw new InputError(`${file} is empty.`);
  if (ext === ".csv") return readCsv(file, options);
  return readXlsx(file, options);
}

/** "permission denied" for EACCES and the like: the reason a person can act on. */
function readFailure(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "EISDIR"
        ? "it is a directory"
        : error instanceof Error
          ? error.message
          : String(error);
  return new InputError(`Cannot read ${file}: ${reason}.`);
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
function decodeCsv(file: string, bytes: Uint8Array): { text: string; utf8: Utf8View | null } {
  if (
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
    buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer;
  // A file with a few characters beyond ASCII (a "£", a no-break space pasted with a value) is read
  // through a byte view; one with quotes, or many such characters, is decoded.
  const wide = body.indexOf(0x22 /* " */) === -1 ? wideBytes(body) : null;
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

async function readCsv(file: string, options: ReadOptions): Promise<SheetData> {
  let bytes: Uint8Array;
  try {
    // In one call: the promise version reads a big file in chunks, a trip round the event loop
    // each, with nothing else for the CLI to do meanwhile.
    bytes = readFileSync(file);
  } catch (error) {
    throw readFailure(file, error);
  }
  const { text, utf8 } = decodeCsv(file, bytes);
  const parsed = parseCsv(text, csvDialect(text), utf8);
  if (!parsed.ok) {
    const { row, line, message } = parsed.error;
    const where = row + 1 === line ? `line ${line}` : `row ${row + 1} (from line ${line})`;
    throw new InputError(
      `${file}: ${where} is not valid CSV (${message}): a quoted field must end with a quote followed by the delimiter or the end of the line.`
    );
  }
  const rows = parsed.rows;
  let count = rows.length;
  // The line break that ends the last line does not start another row.
  if (count > 1) {
    const last = rows.row(count - 1);
    if (last.length === 1 && last[0] === "") count--;
  }
  if (count === 0 || (count === 1 && rows.row(0).every((v) => v === "")))
    throw new InputError(`${file} is empty.`);
  options.onProgress?.(1, count - 1);
  const sheetName = path.basename(file);
  return {
    sheetName,
    header: rows.row(0),
    rows: rows.slice(1, count),
    dateSystem: 1900,
    hiddenSheets: [],
    uncalculated: [],
  };
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

/**
 * Whether the engine reads a formula with no saved result (CellFormula, rule MAM-193). Until it
 * does, such a cell reaches it as an empty cell; the report's notes name the cell either way.
 */
const ENGINE_READS_FORMULAS = findRule("MAM-193") !== undefined;

function blankFormulas(row: SheetRow): readonly CellValue[] {
  return row.map((cell) =>
    typeof cell === "object" && cell !== null && "formula" in cell ? null : cell
  );
}

async function readXlsx(file: string, options: ReadOptions): Promise<SheetData> {
  try {
    const book = await readWorkbook(file, options);
    const asRow =
      ENGINE_READS_FORMULAS || book.uncalculated.length === 0 ? engineRow : blankFormulas;
    return {
      sheetName: book.sheetName,
      header: [...asRow(book.header)],
      rows: book.rows.map(asRow),
      dateSystem: book.dateSystem,
      hiddenSheets: book.hiddenSheets,
      uncalculated: book.uncalculated,
    };
  } catch (error) {
    if (error instanceof WorkbookError || error instanceof LimitError)
      throw new InputError(`${file} not checked: ${error.message}.`);
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === "string") throw readFailure(file, error);
    throw error;
  }
}
