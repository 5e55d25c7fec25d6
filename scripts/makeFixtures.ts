/**
 * Writes the small input files the CLI tests (test/cli/) run the real `mam` binary on:
 *
 *     npx tsx scripts/makeFixtures.ts
 *
 * Workbooks are written with exceljs, the way a supplier's Excel would store them: MPANs and
 * MPRNs typed as NUMBERS, authorisation dates as real date cells (1900 and 1904 date systems),
 * an #N/A error cell, rich text, formulas with cached results, several sheets, a macro-enabled
 * .xlsm. CSVs cover the clean, erroneous, warnings-only and BOM cases; a corrupt workbook and
 * empty files cover the "cannot be read" path.
 *
 * The output is deterministic (fixed document dates, fixed zip entry dates, a seeded generator
 * for the corrupt file), so re-running the script leaves the committed files unchanged; a test
 * (test/cli/fixtures.test.ts) holds it to that.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { withMpanCheckDigit } from "../src/domain/mpan";
import { v06a } from "../src/domain/profile";
import { headerFor, rowByHeader, SUBMITTER } from "./rowBuilder";
import { isValidMprn, withMprnCheckDigits } from "../src/domain/mprn";

export const FIXTURE_DIR = resolve(__dirname, "..", "test", "fixtures");

/** The submitting supplier in every fixture (DCC's published sample EUID; party octets 00-A0). */
export { SUBMITTER };
/** Another EUID of the same party (party octets 6-7 `00-A0`): MAM-311 when paired with SUBMITTER. */
export const SAME_PARTY_EUID = "70-B3-D5-1F-30-00-A0-09";

/** The v06a profile's headers, in export order (columns A-M). */
export const HEADERS: readonly string[] = headerFor(v06a);

/** A Supplier Reference that needs RFC 4180 quoting both ways (a comma and a double quote). */
export const QUOTED_REFERENCE = 'Smith, "Flat 2"';

/** An MPRN with a leading zero whose number form (Excel's) is too short to be an MPRN: MAM-191. */
export const ZERO_LED_MPRN = withMprnCheckDigits("0123");
/** A full 21-digit MPAN (top line + core) typed as a number: Excel keeps 15 digits, MAM-191. */
export const MPAN_21_DIGITS = "128011001312345678907";
/** A valid MPAN core whose distributor ID (99) is not known: MAM-103 (a warning). */
export const UNKNOWN_DISTRIBUTOR_MPAN = withMpanCheckDigit("991234567890");

/** Fixed instant for document properties and zip entries, so the bytes never change. */
const FIXED = new Date(Date.UTC(2021, 0, 1, 0, 0, 0));

/** Device EUI-64s unique per (row, slot). */
function device(row: number, slot: number): string {
  return `00-12-4B-00-00-${hex(row >> 8)}-${hex(row & 0xff)}-${hex(slot)}`;
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

type Cell = string | number | Date | null | Record<string, unknown>;
type Row = Cell[];

/** A row in profile order from named parts (unnamed columns blank). */
function row(parts: Partial<Record<string, Cell>>): Row {
  return rowByHeader(v06a, parts, null);
}

// ------------------------------------------------------------------ CSV

function csvField(value: Cell): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Clean, exportable rows: dual fuel, electricity only, gas only (Dormant), dual fuel again. */
function validRows(): Row[] {
  return [
    row({
      MPAN: "1312345678907",
      MPRN: "3938424403",
      "ESME ID": device(2, 1),
      "GSME ID": device(2, 2),
      "CHF ID": device(2, 3),
      "PPMID ID": device(2, 4),
      "Import Supplier EUID": SUBMITTER,
      "Gas Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": "2019-04-07",
      "Supplier Reference": QUOTED_REFERENCE,
    }),
    row({
      MPAN: "1030006718997",
      "ESME ID": device(3, 1),
      "CHF ID": device(3, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": "2019-04-08",
      "Supplier Reference": "REF-0003",
    }),
    row({
      MPRN: "12345601",
      "GSME ID": device(4, 2),
      "CHF ID": device(4, 3),
      "Gas Supplier EUID": SUBMITTER,
      "Group ID": "AC",
      "SMSO ID": "NONE",
      "Meter Status": "Dormant",
      "Authorisation Date": "2019-04-09",
    }),
    row({
      MPAN: "2312345678900",
      MPRN: "123456707",
      "ESME ID": device(5, 1),
      "GSME ID": device(5, 2),
      "CHF ID": device(5, 3),
      "Import Supplier EUID": SUBMITTER,
      "Gas Supplier EUID": SUBMITTER,
      "Group ID": "AD",
      "SMSO ID": "SM02",
      "Meter Status": "Active",
      "Authorisation Date": "2020-02-29",
      "Supplier Reference": "REF-0005",
    }),
  ];
}

/** One row per rule, each with exactly one problem; the comment gives the cell it lands on. */
function errorRows(): Row[] {
  const base = (r: number, parts: Partial<Record<string, Cell>>): Row =>
    row({
      "ESME ID": device(r, 1),
      "CHF ID": device(r, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": "2019-04-07",
      ...parts,
    });
  const mpan = (n: number) => withMpanCheckDigit(`13${String(n).padStart(10, "0")}`);
  const empty = HEADERS.map(() => null);
  return [
    base(2, { MPAN: "1312345678901" }), // A2  MAM-102 (check digit should be 7)
    base(3, {
      MPAN: mpan(3),
      MPRN: "3938424404",
      "GSME ID": device(3, 2),
      "Gas Supplier EUID": SUBMITTER,
    }), // B3 MAM-112
    base(4, { MPAN: mpan(4), "CHF ID": "not-an-eui" }), // E4  MAM-121
    base(5, { MPAN: mpan(5), "Import Supplier EUID": "00-11-22-33-44-55-66-77" }), // G5  MAM-131
    base(6, { MPAN: mpan(6), "Group ID": "a1" }), // I6  MAM-141
    base(7, { MPAN: mpan(7), "Meter Status": "Live" }), // K7  MAM-161
    base(8, { MPAN: mpan(8), "Authorisation Date": "31/02/2020" }), // L8  MAM-171
    base(9, { MPAN: mpan(9), "Supplier Reference": '=HYPERLINK("x")' }), // M9  MAM-181
    base(10, { MPAN: "1012345678903" }), // A10 MAM-301 (also row 11)
    base(11, { MPAN: "1012345678903" }), // A11 MAM-301 (also row 10)
    empty, // row 12: blank line, skipped (row numbers below must not shift)
    base(13, { MPAN: mpan(13), "CHF ID": null }), // E13 MAM-002
    base(14, { MPAN: mpan(14), "ESME ID": "#N/A" }), // C14 MAM-192
  ];
}

/** Warnings only: an unknown distributor ID (MAM-103) and two EUIDs of one party (MAM-311). */
function warningRows(): Row[] {
  return [
    row({
      MPAN: UNKNOWN_DISTRIBUTOR_MPAN,
      "ESME ID": device(2, 1),
      "CHF ID": device(2, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": "2019-04-07",
    }),
    row({
      MPAN: "1312345678907",
      MPRN: "3938424403",
      "ESME ID": device(3, 1),
      "GSME ID": device(3, 2),
      "CHF ID": device(3, 3),
      "Import Supplier EUID": SUBMITTER,
      "Gas Supplier EUID": SAME_PARTY_EUID,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": "2019-04-08",
    }),
  ];
}

// ------------------------------------------------------------------ workbooks

const utcDate = (y: number, m: number, d: number, h = 0, min = 0) =>
  new Date(Date.UTC(y, m - 1, d, h, min));

/**
 * The clean typed workbook: numbers where Excel makes numbers, real date cells, rich text and
 * formulas with cached results. Exports to the same MA file in either date system.
 */
function typedRows(): Row[] {
  return [
    row({
      MPAN: 1312345678907, // 13 digits as a number: exact, fine
      MPRN: 3938424403, // 10 digits as a number: exact, fine
      "ESME ID": device(2, 1),
      "GSME ID": device(2, 2),
      "CHF ID": device(2, 3),
      "Import Supplier EUID": SUBMITTER,
      "Gas Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": utcDate(2019, 4, 7),
      "Supplier Reference": { richText: [{ text: "Ref ", font: { bold: true } }, { text: "42" }] },
    }),
    row({
      MPAN: "1030006718997",
      "ESME ID": device(3, 1),
      "CHF ID": device(3, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": { formula: 'UPPER("ab")', result: "AB" },
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": utcDate(2020, 2, 29), // leap day
    }),
    row({
      MPRN: 12345601,
      "GSME ID": device(4, 2),
      "CHF ID": device(4, 3),
      "Gas Supplier EUID": SUBMITTER,
      "Group ID": "AC",
      "SMSO ID": "NONE",
      "Meter Status": "Dormant",
      "Authorisation Date": { formula: "DATE(2021,3,28)", result: utcDate(2021, 3, 28) }, // a date formula
    }),
    row({
      MPAN: 2312345678900,
      "ESME ID": device(5, 1),
      "CHF ID": device(5, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AD",
      "SMSO ID": "SM02",
      "Meter Status": "Active",
      "Authorisation Date": utcDate(1999, 12, 31, 13, 30), // a time of day is ignored
      "Supplier Reference": "REF-0005",
    }),
  ];
}

/** Typed values that Excel mangled, and an error cell. */
function typedErrorRows(): Row[] {
  return [
    row({
      MPAN: 1312345678907, // A2: fine
      "ESME ID": device(2, 1),
      "CHF ID": device(2, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": utcDate(2019, 4, 7),
    }),
    row({
      MPAN: Number(MPAN_21_DIGITS), // A3: MAM-191, digits past 15 lost
      "ESME ID": device(3, 1),
      "CHF ID": device(3, 3),
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AB",
      "SMSO ID": "SM01",
      "Meter Status": "Active",
      "Authorisation Date": utcDate(2019, 4, 8),
    }),
    row({
      MPRN: Number(ZERO_LED_MPRN), // B4: MAM-191, leading zero dropped
      "GSME ID": device(4, 2),
      "CHF ID": device(4, 3),
      "Gas Supplier EUID": SUBMITTER,
      "Group ID": "AC",
      "SMSO ID": "NONE",
      "Meter Status": "Dormant",
      "Authorisation Date": utcDate(2019, 4, 9),
    }),
    row({
      MPAN: "2312345678900",
      "ESME ID": device(5, 1),
      "CHF ID": { error: "#N/A" }, // E5: MAM-192
      "Import Supplier EUID": SUBMITTER,
      "Group ID": "AD",
      "SMSO ID": "SM02",
      "Meter Status": "Active",
      "Authorisation Date": utcDate(2019, 4, 10),
    }),
  ];
}

interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly Cell[])[];
}

function newWorkbook(date1904 = false): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "MAM Workbench fixtures";
  workbook.lastModifiedBy = "MAM Workbench fixtures";
  workbook.created = FIXED;
  workbook.modified = FIXED;
  workbook.properties.date1904 = date1904;
  return workbook;
}

function addSheet(workbook: ExcelJS.Workbook, { name, rows }: SheetSpec): void {
  const sheet = workbook.addWorksheet(name);
  rows.forEach((values, r) => {
    values.forEach((value, c) => {
      if (value === null) return;
      const cell = sheet.getCell(r + 1, c + 1);
      cell.value = value as ExcelJS.CellValue;
      const isDate =
        value instanceof Date ||
        (typeof value === "object" && (value as { result?: unknown }).result instanceof Date);
      if (isDate) cell.numFmt = "dd/mm/yyyy";
    });
  });
}

/** Rewrites a zip with fixed entry dates and in a fixed order, optionally editing entries. */
async function normaliseZip(
  buffer: Buffer | ArrayBuffer,
  edit?: (path: string, text: string) => string
): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const target = new JSZip();
  const names = Object.keys(source.files).filter((n) => !source.files[n].dir);
  for (const name of names) {
    let content: string | Uint8Array = await source.files[name].async("uint8array");
    if (edit) content = edit(name, Buffer.from(content).toString("utf8"));
    target.file(name, content, { date: FIXED, createFolders: false });
  }
  return target.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 6 },
    platform: "UNIX",
  });
}

async function workbookBytes(
  sheets: readonly SheetSpec[],
  { date1904 = false, macroEnabled = false } = {}
): Promise<Buffer> {
  const workbook = newWorkbook(date1904);
  for (const sheet of sheets) addSheet(workbook, sheet);
  const raw = await workbook.xlsx.writeBuffer();
  if (!macroEnabled) return normaliseZip(raw as ArrayBuffer);
  const main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  return normaliseZip(raw as ArrayBuffer, (path, text) => {
    if (path !== "[Content_Types].xml") return text;
    if (!text.includes(main))
      throw new Error("[Content_Types].xml has no workbook main part to rewrite");
    return text.replace(main, "application/vnd.ms-excel.sheet.macroEnabled.main+xml");
  });
}

/** A small deterministic generator (mulberry32) for the corrupt file. */
function randomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

// ------------------------------------------------------------------ all fixtures

/** Every fixture file name with its bytes. */
export async function buildFixtures(): Promise<Map<string, Buffer>> {
  if (isValidMprn(String(Number(ZERO_LED_MPRN))) || !isValidMprn(ZERO_LED_MPRN))
    throw new Error("ZERO_LED_MPRN does not model a dropped zero");
  const header: Row = [...HEADERS];
  const files = new Map<string, Buffer>();
  const text = (s: string) => Buffer.from(s, "utf8");

  const valid = csv([header, ...validRows()]);
  files.set("valid.csv", text(valid));
  files.set("valid-bom.csv", text(`\ufeff${valid}`));
  files.set("errors.csv", text(csv([header, ...errorRows()])));
  files.set("warnings.csv", text(csv([header, ...warningRows()])));

  const typed = [header, ...typedRows()];
  files.set("typed-1900.xlsx", await workbookBytes([{ name: "MA", rows: typed }]));
  files.set(
    "typed-1904.xlsx",
    await workbookBytes([{ name: "MA", rows: typed }], { date1904: true })
  );
  files.set(
    "typed-errors.xlsx",
    await workbookBytes([{ name: "MA", rows: [header, ...typedErrorRows()] }])
  );
  files.set(
    "macro.xlsm",
    await workbookBytes([{ name: "MA", rows: typed }], { macroEnabled: true })
  );

  const notes: SheetSpec = {
    name: "Instructions",
    rows: [
      ["SMETS1 Migration Authorisation"],
      ["Fill in the MA sheet, one installation per row."],
      ["Dates as DD/MM/YYYY."],
    ],
  };
  files.set("second-sheet.xlsx", await workbookBytes([notes, { name: "MA Data", rows: typed }]));
  // Two sheets with the profile's header: the CLI cannot know which to check, so --sheet is needed.
  const draft = [
    header,
    ...typedRows().map((r, i) => (i === 0 ? r.map((v, c) => (c === 0 ? "1312345678901" : v)) : r)),
  ];
  files.set(
    "two-ma-sheets.xlsx",
    await workbookBytes([
      { name: "Draft", rows: draft },
      { name: "Final", rows: typed },
    ])
  );

  files.set("corrupt.xlsx", randomBytes(4096, 20190407));
  files.set("empty.csv", Buffer.alloc(0));
  files.set("empty.xlsx", Buffer.alloc(0));
  // The start of an OLE2 compound file, as an Excel 97-2003 .xls begins.
  files.set(
    "legacy.xls",
    Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ])
  );
  files.set("installations.txt", text(valid));
  // Excel's plain "CSV (Comma delimited)" writes Windows-1252: "£" is the single byte A3.
  files.set(
    "windows-1252.csv",
    Buffer.from(
      csv([
        header,
        ...validRows().map((r, i) => (i === 1 ? r.map((v, c) => (c === 12 ? "Café £5" : v)) : r)),
      ]),
      "latin1"
    )
  );
  return files;
}

async function main(): Promise<void> {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const files = await buildFixtures();
  for (const [name, bytes] of files) {
    writeFileSync(join(FIXTURE_DIR, name), bytes);
    console.log(`${join("test", "fixtures", name)}  ${bytes.length} bytes`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
