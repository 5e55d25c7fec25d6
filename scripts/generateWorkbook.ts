/**
 * Writes synthetic Migration Authorisation workbooks, 10k to 1M rows, as .xlsx or .csv:
 *
 *     npx tsx scripts/generateWorkbook.ts --rows 100000 --out bench/tmp/ma-100k.xlsx
 *     npx tsx scripts/generateWorkbook.ts --rows 1m --out bench/tmp/ma-1m.csv --error-rate 0.01
 *
 * Options:
 *   --rows N            data rows (100000, 100k, 1m, 1e6); an .xlsx holds at most 1,048,575
 *   --out PATH          file to write (its folder is created)
 *   --format xlsx|csv   default: from the extension of --out, else xlsx
 *   --seed N            PRNG seed (default 42): the same arguments give the same file, byte for byte
 *   --error-rate R      share of rows with one planted mistake or quirk, 0-1 (default 0: all valid)
 *   --submitter EUID    the submitting supplier (default 70-B3-D5-1F-30-00-A0-08)
 *   --date1904          .xlsx in the 1904 date system (workbookPr date1904="1"; serials shifted)
 *   --shared-strings / --no-shared-strings
 *                       .xlsx text as a shared-string table, as Excel writes it (default: on up
 *                       to 100k rows; off above, where exceljs holds every string in memory)
 *   --bom               .csv with a UTF-8 byte order mark, as Excel's "CSV UTF-8" saves it
 *   --manifest PATH     also write the planted mistakes (row, kind, column, expected codes) as JSON
 *
 * The rows come from scripts/syntheticRows.ts (pure, usable in-process); this file only writes
 * them. The .xlsx is written with exceljs's streaming writer, so 1M rows never sit in memory:
 * identifier cells are text in text-formatted (@) columns, as in the real template; the date
 * column holds real Excel dates (serial numbers formatted yyyy-mm-dd); a mistake that simulates
 * Excel's number conversion writes a number into a General-formatted cell.
 */
import ExcelJS from "exceljs";
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeSync,
  createWriteStream,
} from "node:fs";
import { dirname, extname } from "node:path";
import { excelScientific, isCellError, isCellFormula } from "../src/domain/cellValue";
import { dateFromSerial } from "../src/domain/dates";
import { mapHeader } from "../src/domain/header";
import type { CellValue, DateSystem } from "../src/domain/types";
import { DEFAULT_SUBMITTER, PROFILE_HEADER, syntheticRows, type Planted } from "./syntheticRows";

export const SHEET_NAME = "Migration Authorisation";
/** Excel's last row is 1,048,576; row 1 is the header. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;
const DATE_FORMAT = "yyyy-mm-dd";
const TEXT_FORMAT = "@";

/** Column widths (characters) by profile form; unknown columns get a width from their header. */
const WIDTH_BY_FORM: Record<string, number> = {
  mpan: 16,
  mprn: 13,
  eui64: 25,
  dccUserId: 25,
  groupId: 10,
  smsoId: 10,
  meterStatus: 14,
  date: 19,
  text: 22,
};

export interface XlsxOptions {
  readonly sheetName?: string;
  /** Write the workbook in the 1904 date system; date serials in the rows must be 1904 serials. */
  readonly date1904?: boolean;
  readonly sharedStrings?: boolean;
  /** core.xml dates and zip entry times; default a fixed 2021-01-04 09:00 UTC so output is reproducible. */
  readonly fixedTime?: Date;
  /** Widths by header text, overriding the defaults. */
  readonly widths?: Readonly<Record<string, number>>;
  /** Add an in-cell list (Active/Dormant) on the Meter Status column, as the template does. */
  readonly statusList?: boolean;
  readonly creator?: string;
}

export interface WriteResult {
  readonly dataRows: number;
  readonly bytes: number;
}

const DEFAULT_TIME = new Date(Date.UTC(2021, 0, 4, 9, 0, 0));

interface ColumnPlan {
  readonly form: string | null;
  readonly numFmt: string | undefined;
  readonly width: number;
}

function planColumns(
  header: readonly string[],
  widths: Readonly<Record<string, number>> = {}
): ColumnPlan[] {
  const map = mapHeader(header);
  return header.map((text, c) => {
    const p = map.profileIndexOf[c];
    const form = p >= 0 ? map.profileColumns[p].form : null;
    const numFmt =
      form === null || form === "meterStatus"
        ? undefined
        : form === "date"
          ? DATE_FORMAT
          : TEXT_FORMAT;
    const width =
      widths[text] ?? (form ? WIDTH_BY_FORM[form] : Math.max(12, Math.min(40, text.length + 4)));
    return { form, numFmt, width };
  });
}

/** Streams rows into an .xlsx: header row 1 (bold, frozen, filter), data from row 2. Empty rows stay empty. */
export async function writeXlsx(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CellValue[]>,
  options: XlsxOptions = {}
): Promise<WriteResult> {
  mkdirSync(dirname(path), { recursive: true });
  const time = options.fixedTime ?? DEFAULT_TIME;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: options.sharedStrings ?? true,
  });
  writer.creator = options.creator ?? "MAM Workbench sample generator";
  writer.lastModifiedBy = writer.creator;
  writer.created = time;
  writer.modified = time;
  if (options.date1904) setDate1904(writer);
  const plan = planColumns(header, options.widths);
  const lastColumn = columnLetter(header.length - 1);
  const sheet = writer.addWorksheet(options.sheetName ?? SHEET_NAME, {
    views: [{ state: "frozen", xSplit: 0, ySplit: 1, activeCell: "A2" }],
  });
  sheet.columns = plan.map((p) => ({
    width: p.width,
    ...(p.numFmt ? { style: { numFmt: p.numFmt } } : {}),
  }));
  sheet.autoFilter = `A1:${lastColumn}1`;
  if (options.statusList) {
    const status = header.findIndex((_, c) => plan[c].form === "meterStatus");
    if (status >= 0) {
      const letter = columnLetter(status);
      (
        sheet as unknown as {
          dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void };
        }
      ).dataValidations.add(`${letter}2:${letter}${XLSX_MAX_DATA_ROWS + 1}`, {
        type: "list",
        allowBlank: true,
        formulae: ['"Active,Dormant"'],
        showErrorMessage: false,
      });
    }
  }
  const headerRow = sheet.getRow(1);
  header.forEach((text, c) => {
    const cell = headerRow.getCell(c + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
    cell.numFmt = "General";
  });
  headerRow.commit();
  let r = 2;
  for (const values of rows) {
    if (r > XLSX_MAX_DATA_ROWS + 1)
      throw new RangeError(`An .xlsx sheet holds at most ${XLSX_MAX_DATA_ROWS} data rows`);
    const row = sheet.getRow(r++);
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === null || v === undefined || v === "") continue;
      const cell = row.getCell(c + 1);
      const p = plan[c];
      if (isCellFormula(v)) {
        cell.value = { formula: v.formula } as ExcelJS.CellFormulaValue;
      } else if (typeof v === "object") {
        cell.value = { error: v.error } as ExcelJS.CellErrorValue;
      } else if (typeof v === "number") {
        cell.value = v;
        // A number outside the date column is Excel's conversion of a digit string: a General cell.
        if (p && p.form !== "date" && p.numFmt === TEXT_FORMAT) cell.numFmt = "General";
      } else {
        cell.value = v;
        // Text typed into the date column sits in a text cell (Excel would otherwise convert it).
        if (p && p.form === "date") cell.numFmt = TEXT_FORMAT;
      }
    }
    row.commit();
    if ((r & 1023) === 0) await zipCatchUp(sheet);
  }
  sheet.commit();
  await writer.commit();
  fixZipTimes(path, time);
  return { dataRows: r - 2, bytes: statSync(path).size };
}

/** Bytes of sheet XML waiting for the zip's deflate stream, or 0 when that cannot be seen. */
function zipBacklog(sheet: ExcelJS.Worksheet): {
  bytes: number;
  stream: NodeJS.EventEmitter | null;
} {
  const pipe = (
    sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }
  ).stream?.pipes?.[0];
  const bytes = pipe?._writableState?.length;
  return typeof bytes === "number"
    ? { bytes, stream: pipe as unknown as NodeJS.EventEmitter }
    : { bytes: 0, stream: null };
}

/**
 * exceljs's worksheet writer ignores back-pressure: it writes each committed row into the zip's
 * input without waiting, so with a fast producer the whole sheet's XML (about 1 KB a row) piles up
 * in memory before deflate catches up. Waiting here while more than 8 MB is queued keeps a 1M-row
 * write at a steady few hundred MB. (Reads exceljs internals; if they change, this only yields.)
 */
async function zipCatchUp(sheet: ExcelJS.Worksheet): Promise<void> {
  for (let backlog = zipBacklog(sheet); backlog.bytes > 8 << 20; backlog = zipBacklog(sheet)) {
    const stream = backlog.stream!;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 50);
      function done(): void {
        clearTimeout(timer);
        stream.removeListener("drain", done);
        resolve();
      }
      stream.once("drain", done);
    });
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * exceljs's streaming writer ignores workbook.properties.date1904: it always writes an empty
 * <workbookPr>, and converts Date values with the 1900 epoch. So dates are written as serial numbers
 * (already in the 1904 system) and the flag goes into workbook.xml as it is added to the zip.
 */
function setDate1904(writer: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const zip = (
    writer as unknown as { zip: { append(source: unknown, data: { name: string }): unknown } }
  ).zip;
  const append = zip.append.bind(zip);
  let patched = false;
  zip.append = (source: unknown, data: { name: string }) => {
    if (data && data.name === "/xl/workbook.xml" && typeof source === "string") {
      const next = source.replace(/<workbookPr(?![^>]*date1904)/, '<workbookPr date1904="1"');
      patched = next !== source;
      source = next;
    }
    return append(source, data);
  };
  const commit = writer.commit.bind(writer);
  writer.commit = async () => {
    await commit();
    if (!patched)
      throw new Error("Could not set date1904 in workbook.xml: the exceljs writer changed");
  };
}

/** A1-style column letters for a zero-based column. */
export function columnLetter(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Sets every zip entry's modification time (local headers and central directory) so that the same
 * rows give the same bytes. exceljs (archiver) stamps entries with the current time otherwise.
 * Patches in place; zip64 archives are left as they are.
 */
export function fixZipTimes(path: string, time: Date): void {
  const fd = openSync(path, "r+");
  try {
    const size = statSync(path).size;
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) throw new Error(`${path}: no zip end record`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return; // zip64
    const dosTime =
      (time.getUTCHours() << 11) | (time.getUTCMinutes() << 5) | (time.getUTCSeconds() >> 1);
    const dosDate =
      ((time.getUTCFullYear() - 1980) << 9) | ((time.getUTCMonth() + 1) << 5) | time.getUTCDate();
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(dosTime, 0);
    stamp.writeUInt16LE(dosDate, 2);
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    let at = 0;
    for (let e = 0; e < entries; e++) {
      if (cd.readUInt32LE(at) !== 0x02014b50)
        throw new Error(`${path}: bad central directory entry`);
      stamp.copy(cd, at + 12);
      const local = cd.readUInt32LE(at + 42);
      if (local === 0xffffffff) return;
      writeSync(fd, stamp, 0, 4, local + 10);
      at += 46 + cd.readUInt16LE(at + 28) + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
    writeSync(fd, cd, 0, cdSize, cdOffset);
  } finally {
    closeSync(fd);
  }
}

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (Excel's "CSV UTF-8"). */
  readonly bom?: boolean;
  /** Date system of serial numbers found in the date column. */
  readonly dateSystem?: DateSystem;
}

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A cell as Excel writes it to a CSV: its displayed text. Dates (serials in the date column) as
 * yyyy-mm-dd, large numbers in General format as 1.8011E+19, error values as their literal.
 */
function csvText(value: CellValue, isDate: boolean, dateSystem: DateSystem): string {
  if (value === null || value === undefined) return "";
  if (isCellError(value)) return value.error;
  // A CSV holds values: a formula without a result has none (Excel would have calculated it).
  if (isCellFormula(value)) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (isDate) {
      const d = dateFromSerial(value, dateSystem);
      if (d.ok) return d.iso;
    }
    return Number.isInteger(value) && Math.abs(value) >= 1e11
      ? excelScientific(value)
      : String(value);
  }
  return value;
}

/** Streams rows into a CSV (CRLF line ends, UTF-8). Empty rows become lines of commas, as Excel saves them. */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CellValue[]>,
  options: CsvOptions = {}
): Promise<WriteResult> {
  mkdirSync(dirname(path), { recursive: true });
  const dateSystem = options.dateSystem ?? 1900;
  const map = mapHeader(header);
  const isDate = header.map(
    (_, c) =>
      map.profileIndexOf[c] >= 0 && map.profileColumns[map.profileIndexOf[c]].form === "date"
  );
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const write = (chunk: string): Promise<void> | null =>
    out.write(chunk) ? null : new Promise((resolve) => out.once("drain", resolve));
  let chunk = (options.bom ? "\ufeff" : "") + header.map(csvField).join(",") + "\r\n";
  let n = 0;
  for (const values of rows) {
    let line = "";
    for (let c = 0; c < header.length; c++)
      line += (c === 0 ? "" : ",") + csvField(csvText(values[c], isDate[c], dateSystem));
    chunk += line + "\r\n";
    n++;
    if (chunk.length > 1 << 20) {
      const wait = write(chunk);
      chunk = "";
      if (wait) await wait;
    }
  }
  out.end(chunk);
  await done;
  return { dataRows: n, bytes: statSync(path).size };
}

// ------------------------------------------------------------------------------------ command line

interface Args {
  rows: number;
  out: string;
  format: "xlsx" | "csv";
  seed: number;
  errorRate: number;
  submitter: string;
  date1904: boolean;
  sharedStrings: boolean | null;
  bom: boolean;
  manifest: string | null;
}

export function parseRowCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(k|m)?$/i.exec(text.replace(/_/g, "").trim());
  const n = m ? Number(m[1]) * (m[2] ? (m[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1) : Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--rows wants a whole number of rows (100000, 100k, 1m), not "${text}"`);
  return n;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    rows: 0,
    out: "",
    format: "xlsx",
    seed: 42,
    errorRate: 0,
    submitter: DEFAULT_SUBMITTER,
    date1904: false,
    sharedStrings: null,
    bom: false,
    manifest: null,
  };
  let format: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--rows":
        args.rows = parseRowCount(value());
        break;
      case "--out":
        args.out = value();
        break;
      case "--format":
        format = value().toLowerCase();
        break;
      case "--seed":
        args.seed = Number(value());
        break;
      case "--error-rate":
        args.errorRate = Number(value());
        break;
      case "--submitter":
        args.submitter = value();
        break;
      case "--date1904":
        args.date1904 = true;
        break;
      case "--shared-strings":
        args.sharedStrings = true;
        break;
      case "--no-shared-strings":
        args.sharedStrings = false;
        break;
      case "--bom":
        args.bom = true;
        break;
      case "--manifest":
        args.manifest = value();
        break;
      case "-h":
      case "--help":
        console.log(
          "npx tsx scripts/generateWorkbook.ts --rows 100000 --out bench/tmp/ma-100k.xlsx [--format xlsx|csv] [--seed 42] [--error-rate 0.01] [--submitter EUID] [--date1904] [--shared-strings|--no-shared-strings] [--bom] [--manifest planted.json]"
        );
        process.exit(0);
      // falls through (process.exit does not return)
      default:
        throw new Error(`Unknown option ${a} (try --help)`);
    }
  }
  if (!args.rows) throw new Error("--rows is required");
  if (!args.out) throw new Error("--out is required");
  format ??= extname(args.out).toLowerCase() === ".csv" ? "csv" : "xlsx";
  if (format !== "xlsx" && format !== "csv")
    throw new Error(`--format must be xlsx or csv, not ${format}`);
  args.format = format;
  if (!Number.isInteger(args.seed)) throw new Error("--seed wants a whole number");
  if (!(args.errorRate >= 0 && args.errorRate <= 1))
    throw new Error("--error-rate wants a number from 0 to 1");
  if (args.format === "xlsx" && args.rows > XLSX_MAX_DATA_ROWS)
    throw new Error(
      `An .xlsx sheet holds at most ${XLSX_MAX_DATA_ROWS} data rows; use --format csv for more`
    );
  if (args.format === "csv" && args.date1904)
    throw new Error("--date1904 is for .xlsx only (a CSV holds ISO dates)");
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const planted: Planted[] = [];
  const dateSystem: DateSystem = args.date1904 ? 1904 : 1900;
  const rows = syntheticRows(
    {
      rows: args.rows,
      seed: args.seed,
      errorRate: args.errorRate,
      submitter: args.submitter,
      dates: args.format === "xlsx" ? "serial" : "iso",
      dateSystem,
    },
    planted
  );
  const result =
    args.format === "xlsx"
      ? await writeXlsx(args.out, PROFILE_HEADER, rows, {
          date1904: args.date1904,
          sharedStrings: args.sharedStrings ?? args.rows <= 100_000,
          creator: "MAM Workbench synthetic data generator",
        })
      : await writeCsv(args.out, PROFILE_HEADER, rows, { bom: args.bom });
  const peakRss = process.resourceUsage().maxRSS * 1024;
  if (args.manifest) {
    const { writeFileSync } = await import("node:fs");
    mkdirSync(dirname(args.manifest), { recursive: true });
    writeFileSync(
      args.manifest,
      JSON.stringify(
        {
          rows: args.rows,
          seed: args.seed,
          errorRate: args.errorRate,
          submitter: args.submitter,
          planted,
        },
        null,
        1
      ) + "\n"
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const codes = new Map<string, number>();
  for (const p of planted) for (const c of p.codes) codes.set(c, (codes.get(c) ?? 0) + 1);
  console.log(
    `${args.out}: ${result.dataRows.toLocaleString("en-GB")} rows, ${(result.bytes / 1e6).toFixed(1)} MB, ${args.format}` +
      `${args.format === "xlsx" ? (args.date1904 ? ", 1904 dates" : ", 1900 dates") : ""}, seed ${args.seed}, ` +
      `${planted.length} planted (${args.errorRate}), ${seconds.toFixed(1)} s, peak RSS ${(peakRss / 1e6).toFixed(0)} MB`
  );
  if (codes.size)
    console.log(
      `expected codes: ${[...codes]
        .sort()
        .map(([c, n]) => `${c}×${n}`)
        .join(" ")}`
    );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
