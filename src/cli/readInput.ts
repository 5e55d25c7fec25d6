/**
 * Reads a supplier's workbook into the engine's cell values: .xlsx/.xlsm with exceljs's streaming
 * reader (dates arrive as serial numbers, with the workbook's 1900/1904 date system), .csv with
 * our own reader (csv.ts: papaparse's reading, papaparse's dialect guess). Row numbers are kept as
 * the sheet has them, so findings name the right cells.
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import type * as ExcelJS from "exceljs";
import Papa from "papaparse";
import { parseCsv, type CsvDialect, type Utf8View } from "./csv";
import { headerScore } from "../domain/header";
import type { CellValue, DateSystem, Rows } from "../domain/types";

export interface SheetData {
  readonly sheetName: string;
  readonly header: CellValue[];
  /** Data rows from sheet row 2, gaps kept as empty rows (a CSV file's are made as they are read). */
  readonly rows: Rows;
  readonly dateSystem: DateSystem;
  /** Other sheets whose header also looks like the profile's (the user may want --sheet). */
  readonly otherCandidates: string[];
}

/** A problem reading the file: the CLI prints its message and exits 2, never a stack trace. */
export class InputError extends Error {}

export interface ReadOptions {
  readonly sheet?: string;
  /** Fraction of the file read so far (0-1) and rows read so far. */
  readonly onProgress?: (fraction: number, rows: number) => void;
}

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
  return readWorkbook(file, stat.size, options);
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
    otherCandidates: [],
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

interface RawSheet {
  id: string;
  rows: CellValue[][];
}

/** Minimal view of the streaming reader's internals that carry sheet names and the date system. */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  properties?: { model?: { date1904?: boolean } };
}

async function readWorkbook(file: string, size: number, options: ReadOptions): Promise<SheetData> {
  // Loaded here, not at the top: exceljs is big, and CSV checks, `explain` and `rules` never need it.
  const { default: excel } = await import("exceljs");
  // Open first, so that a permission problem is reported as such (and not as a stream error later).
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    throw readFailure(file, error);
  }
  const input = handle.createReadStream();
  // A read error mid-file would leave the unzipper waiting for bytes that never come: fail instead.
  let streamError: unknown = null;
  const readError = new Promise<never>((_, reject) =>
    input.once("error", (error) => {
      streamError = error;
      reject(error);
    })
  );
  readError.catch(() => {});
  let bytes = 0;
  let rowsRead = 0;
  input.on("data", (chunk) => {
    bytes += chunk.length;
  });
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    // Styles are not needed: dates stay serial numbers, read with the workbook's date system.
    styles: "ignore",
    entries: "ignore",
  });
  const sheets: RawSheet[] = [];
  const readSheets = async () => {
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as { id: string } & AsyncIterable<ExcelJS.Row>;
      const rows: CellValue[][] = [];
      for await (const row of ws) {
        while (rows.length < row.number - 1) rows.push([]);
        rows.push(rowValues(row));
        if (++rowsRead % 5000 === 0) options.onProgress?.(bytes / size, rowsRead);
      }
      sheets.push({ id: String(ws.id), rows });
    }
  };
  try {
    await Promise.race([readSheets(), readError]);
  } catch (error) {
    if (error === streamError) throw readFailure(file, error);
    // exceljs trips over broken parts with TypeErrors ("reading 'sheets'"): no use to the user.
    const detail =
      error instanceof TypeError
        ? "a part of it is missing or damaged"
        : error instanceof Error
          ? error.message
          : String(error);
    throw new InputError(`${file} could not be read as an Excel workbook (${detail}).`);
  } finally {
    input.destroy();
  }
  options.onProgress?.(1, rowsRead);
  const internals = reader as unknown as ReaderInternals;
  const names = sheetNames(internals);
  const dateSystem: DateSystem = internals.properties?.model?.date1904 ? 1904 : 1900;
  const named = sheets.map((s) => ({ ...s, name: names.get(s.id) ?? `Sheet${s.id}` }));
  if (named.length === 0) throw new InputError(`${file} has no worksheets.`);

  if (options.sheet !== undefined) {
    const chosen =
      named.find((s) => s.name === options.sheet) ??
      named.find((s) => s.name.toLowerCase() === options.sheet!.toLowerCase());
    if (!chosen)
      throw new InputError(
        `${file} has no sheet "${options.sheet}"; its sheets are: ${named.map((s) => `"${s.name}"`).join(", ")}.`
      );
    return toSheetData(chosen.name, chosen.rows, dateSystem, []);
  }
  // The MA sheet is the one whose first row best matches the profile's headers.
  const scored = named
    .map((s) => ({ ...s, score: headerScore(s.rows[0] ?? []) }))
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  // Two sheets that match equally well (a draft and a final copy, say): picking the first would
  // check, and export, a sheet the user may not mean. Ask.
  const tied = scored.filter((s) => s.score === best.score);
  if (best.score >= 0.5 && tied.length > 1) {
    throw new InputError(
      `${file} has ${tied.length} sheets with the MA header (${tied.map((s) => `"${s.name}"`).join(", ")}): choose one with --sheet NAME.`
    );
  }
  const others = scored
    .slice(1)
    .filter((s) => s.score >= 0.5)
    .map((s) => s.name);
  return toSheetData(best.name, best.rows, dateSystem, others);
}

function toSheetData(
  sheetName: string,
  rows: CellValue[][],
  dateSystem: DateSystem,
  otherCandidates: string[]
): SheetData {
  return { sheetName, header: rows[0] ?? [], rows: rows.slice(1), dateSystem, otherCandidates };
}

function sheetNames(internals: ReaderInternals): Map<string, string> {
  const names = new Map<string, string>();
  const rels = internals.workbookRels ?? [];
  for (const sheet of internals.model?.sheets ?? []) {
    const target = rels.find((r) => r.Id === sheet.rId)?.Target ?? "";
    const m = /sheet(\d+)\.xml$/.exec(target);
    if (m) names.set(m[1], sheet.name);
  }
  return names;
}

/** exceljs gives 1-based sparse `values`; the engine wants 0-based cells in our value types. */
function rowValues(row: ExcelJS.Row): CellValue[] {
  const raw = row.values as unknown[];
  const out: CellValue[] = new Array(Math.max(0, raw.length - 1));
  for (let i = 1; i < raw.length; i++) out[i - 1] = toCellValue(raw[i]);
  return out;
}

const DAY_MS = 86_400_000;

/** One exceljs cell value as ours. Exported for tests. */
export function toCellValue(value: unknown, date1904 = false): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (value instanceof Date) {
    // Inverse of exceljs's own serial-to-date conversion, so the serial is exactly what Excel stored.
    return 25569 + value.getTime() / DAY_MS - (date1904 ? 1462 : 0);
  }
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.error === "string") return { error: v.error };
    if (Array.isArray(v.richText))
      return (v.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
    if ("formula" in v || "sharedFormula" in v) return toCellValue(v.result, date1904);
    if (typeof v.text === "string") return v.text; // hyperlink cell
  }
  return String(value);
}
