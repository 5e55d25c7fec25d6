/**
 * A fake, in-memory Office.js / Excel host for tests.
 *
 * Excel does not run on Linux, so the host layer (src/host/excel) is tested against this fake:
 * in jest (Node) through `createFakeExcel()` / `installFakeExcel()`, and in headless Chromium, where
 * test/e2e/buildFakeHost.ts bundles this file into `.build/fake-office.js`, served in place of
 * Microsoft's office.js. It defines `Office`, `Excel`, `OfficeExtension` and `__fakeExcel` (the
 * control object the test driver uses to play the user: type, paste, insert rows, select...).
 *
 * The point of the fake is to make host code that would fail in Excel fail here too, so it copies
 * the behaviour that trips add-ins up rather than just the happy path:
 *  - proxies queue work; nothing reaches the "workbook" until `context.sync()`, and reading a
 *    property that was not loaded *and synced* throws PropertyNotLoaded;
 *  - errors surface at sync time (ItemNotFound, InvalidArgument...), actions before the failing one
 *    stay applied, loads of a failed batch are not delivered;
 *  - values written by the add-in are parsed the way Excel parses them (a General cell turns
 *    "00123" into the number 123; "'00123" or a "@" cell keeps text; "=x"/"-x"/"+x" are formulas,
 *    of which only `HYPERLINK` with text arguments is evaluated; the rest show #NAME?);
 *  - request and response payload caps (5 MB in Excel on the web), the 5,000,000-cell read limit,
 *    the 8,192-character `getRanges` address limit, null cell properties for whole rows/columns;
 *  - `onChanged` fires for the add-in's own writes too (after the sync that applied them), with
 *    `details` only for single-cell changes; format changes do not raise `onChanged`;
 *  - untracked ranges are released when `Excel.run` ends (InvalidObjectPath if reused later);
 *  - `getCellProperties` fills read "#FFFFFF"/"None" without a fill, and `functions.date` answers
 *    in the workbook's date system (DATE(1904,1,1) is 1462, or 0 in a 1904 workbook).
 *
 * Nothing here imports from the project: the same file must run in Node and in a browser page.
 */

import { Formula, type FormulaValue } from "./fakeFormula";

// ================================================================================================
// Limits and constants
// ================================================================================================

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** Excel on the web's request/response cap ("5MB"); decimal so a block that only just fits in a
 * binary 5 MiB still fails here. */
export const DEFAULT_PAYLOAD_LIMIT_BYTES = 5_000_000;
/** "A range is limited to 5,000,000 cells for read operations." */
export const DEFAULT_READ_CELL_LIMIT = 5_000_000;
/** Longer `getRanges` address strings fail with InvalidArgument in Excel (office-js#5198). */
export const GET_RANGES_ADDRESS_LIMIT = 8_192;
/** What `format.fill.color` reads back for cells with no fill. */
export const NO_FILL_COLOR = "#FFFFFF";

export type CellScalar = string | number | boolean;
export type PlatformName = "PC" | "OfficeOnline" | "Mac" | "iOS" | "Android" | "Universal";
export type SheetVisibility = "Visible" | "Hidden" | "VeryHidden";
export type RangeValueType = "Empty" | "String" | "Double" | "Boolean" | "Error";
export type DataChangeType =
  | "Unknown"
  | "RangeEdited"
  | "RowInserted"
  | "RowDeleted"
  | "ColumnInserted"
  | "ColumnDeleted"
  | "CellInserted"
  | "CellDeleted";

const EXCEL_ERROR_LITERALS = new Set([
  "#N/A",
  "#VALUE!",
  "#REF!",
  "#DIV/0!",
  "#NUM!",
  "#NAME?",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
  "#GETTING_DATA",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
]);

// ================================================================================================
// Errors (shaped like OfficeExtension.Error: name "RichApi.Error", code, debugInfo)
// ================================================================================================

const ERROR_MESSAGES: Record<string, string> = {
  AccessDenied: "You cannot perform the requested operation.",
  ApiNotFound:
    "The API you are trying to use could not be found. It may be available in a newer version of Excel.",
  GeneralException: "There was an internal error while processing the request.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidObjectPath:
    'The object path isn\'t working for what you\'re trying to do. If you\'re using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object\'s lifetime.',
  InvalidOperation: "The operation is invalid for the object or the object's current state.",
  InvalidOperationInCellEditMode:
    "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.",
  InvalidReference: "This reference is not valid for the current operation.",
  InvalidRequestContext: "Cannot use the object across different request contexts.",
  ItemAlreadyExists: "The resource already exists.",
  ItemNotFound: "The requested resource doesn't exist.",
  RangeExceedsLimit: "The cell count in the range has exceeded the maximum supported number.",
  RequestPayloadSizeLimitExceeded: "The request payload size has exceeded the limit.",
  ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit.",
  UndoNotSupported: "The operation isn't supported in an undo group.",
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation.',
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
};

export interface FakeDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  /** Fake-only: why the fake raised it (the real host gives no more than the message). */
  detail?: string;
}

/** The error `context.sync()` rejects with, and property getters throw. `OfficeExtension.Error` is this class. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: FakeDebugInfo;
  traceMessages: string[] = [];
  readonly innerError: FakeOfficeError | null = null;

  constructor(code: string, message?: string, errorLocation?: string, detail?: string) {
    const text = message ?? ERROR_MESSAGES[code] ?? code;
    super(text);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message: text, errorLocation, detail };
  }
}

function fail(code: string, location?: string, detail?: string): never {
  throw new FakeOfficeError(code, undefined, location, detail);
}

function propertyNotLoaded(typeName: string, property: string): FakeOfficeError {
  return new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${typeName}.${property}`
  );
}

// ================================================================================================
// A1 addresses
// ================================================================================================

/** A rectangle of cells, zero-based and inclusive. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function columnName(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Zero-based column index of letters (`AA` → 26), or -1. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) return -1;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COLUMN_RE = /^\$?([A-Za-z]{1,3})$/;
const ROW_RE = /^\$?([0-9]{1,7})$/;

export interface ParsedReference {
  sheet: string | null;
  rect: Rect;
}

/** Splits `'It''s'!A1` into its sheet name and the rest; null for a malformed quote. */
function splitSheetPrefix(text: string): { sheet: string | null; ref: string } | null {
  const t = text.trim();
  if (t.startsWith("'")) {
    let name = "";
    let i = 1;
    while (i < t.length) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += t[i];
      i++;
    }
    if (i >= t.length || t[i + 1] !== "!") return null;
    return { sheet: name, ref: t.slice(i + 2) };
  }
  const bang = t.lastIndexOf("!");
  if (bang >= 0) return { sheet: t.slice(0, bang), ref: t.slice(bang + 1) };
  return { sheet: null, ref: t };
}

type RefPart =
  { kind: "cell"; r: number; c: number } | { kind: "col"; c: number } | { kind: "row"; r: number };

function parseRefPart(part: string): RefPart | null {
  let m = CELL_RE.exec(part);
  if (m) {
    const c = columnNumber(m[1]);
    const r = Number(m[2]) - 1;
    if (c < 0 || c >= MAX_COLUMNS || r < 0 || r >= MAX_ROWS) return null;
    return { kind: "cell", r, c };
  }
  m = COLUMN_RE.exec(part);
  if (m) {
    const c = columnNumber(m[1]);
    return c < 0 || c >= MAX_COLUMNS ? null : { kind: "col", c };
  }
  m = ROW_RE.exec(part);
  if (m) {
    const r = Number(m[1]) - 1;
    return r < 0 || r >= MAX_ROWS ? null : { kind: "row", r };
  }
  return null;
}

/** Parses `A1`, `B2:D9`, `3:3`, `A:C`, `$A$1`, with or without a sheet prefix. Null when invalid. */
export function parseReference(text: string): ParsedReference | null {
  const split = splitSheetPrefix(text);
  if (!split) return null;
  const parts = split.ref.trim().split(":");
  let rect: Rect;
  if (parts.length === 1) {
    const p = parseRefPart(parts[0].trim());
    // A lone column ("A") or row ("3") is not a reference in Excel.
    if (!p || p.kind !== "cell") return null;
    rect = { r0: p.r, c0: p.c, r1: p.r, c1: p.c };
  } else if (parts.length === 2) {
    const a = parseRefPart(parts[0].trim());
    const b = parseRefPart(parts[1].trim());
    if (!a || !b || a.kind !== b.kind) return null;
    if (a.kind === "cell" && b.kind === "cell") rect = { r0: a.r, c0: a.c, r1: b.r, c1: b.c };
    else if (a.kind === "col" && b.kind === "col")
      rect = { r0: 0, c0: a.c, r1: MAX_ROWS - 1, c1: b.c };
    else if (a.kind === "row" && b.kind === "row")
      rect = { r0: a.r, c0: 0, r1: b.r, c1: MAX_COLUMNS - 1 };
    else return null;
  } else {
    return null;
  }
  return { sheet: split.sheet, rect: normalizeRect(rect) };
}

function normalizeRect(r: Rect): Rect {
  return {
    r0: Math.min(r.r0, r.r1),
    r1: Math.max(r.r0, r.r1),
    c0: Math.min(r.c0, r.c1),
    c1: Math.max(r.c0, r.c1),
  };
}

function isEntireRows(r: Rect): boolean {
  return r.c0 === 0 && r.c1 === MAX_COLUMNS - 1;
}

function isEntireColumns(r: Rect): boolean {
  return r.r0 === 0 && r.r1 === MAX_ROWS - 1;
}

/** "Unbounded" in the Office docs' sense: whole rows or whole columns. */
function isUnbounded(r: Rect): boolean {
  return isEntireRows(r) || isEntireColumns(r);
}

function rectRows(r: Rect): number {
  return r.r1 - r.r0 + 1;
}

function rectCols(r: Rect): number {
  return r.c1 - r.c0 + 1;
}

/** `A1`, `A1:C3`, `3:5` for whole rows, `A:C` for whole columns — the way Excel prints them. */
export function formatRect(r: Rect): string {
  if (isEntireRows(r)) return `${r.r0 + 1}:${r.r1 + 1}`;
  if (isEntireColumns(r)) return `${columnName(r.c0)}:${columnName(r.c1)}`;
  const first = `${columnName(r.c0)}${r.r0 + 1}`;
  if (r.r0 === r.r1 && r.c0 === r.c1) return first;
  return `${first}:${columnName(r.c1)}${r.r1 + 1}`;
}

/** Excel quotes sheet names unless they are plain words that could not be read as a reference. */
export function quoteSheetName(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name);
  const looksLikeRef = /^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name);
  if (plain && !looksLikeRef) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

function qualifiedAddress(sheetName: string, r: Rect): string {
  return `${quoteSheetName(sheetName)}!${formatRect(r)}`;
}

/** Splits a multi-area address on commas/semicolons that are not inside a quoted sheet name. */
function splitAreas(address: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && (ch === "," || ch === ";")) {
      out.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map((s) => s.trim());
}

function intersect(a: Rect, b: Rect): Rect | null {
  const r0 = Math.max(a.r0, b.r0);
  const r1 = Math.min(a.r1, b.r1);
  const c0 = Math.max(a.c0, b.c0);
  const c1 = Math.min(a.c1, b.c1);
  return r0 <= r1 && c0 <= c1 ? { r0, r1, c0, c1 } : null;
}

// ================================================================================================
// Colours
// ================================================================================================

/** HTML colour names Excel accepts for fills (a subset; enough for highlighting code). */
const NAMED_COLORS: Record<string, string> = {
  aqua: "#00FFFF",
  beige: "#F5F5DC",
  black: "#000000",
  blue: "#0000FF",
  brown: "#A52A2A",
  coral: "#FF7F50",
  cyan: "#00FFFF",
  darkgreen: "#006400",
  darkred: "#8B0000",
  fuchsia: "#FF00FF",
  gold: "#FFD700",
  gray: "#808080",
  green: "#008000",
  grey: "#808080",
  honeydew: "#F0FFF0",
  ivory: "#FFFFF0",
  khaki: "#F0E68C",
  lavender: "#E6E6FA",
  lemonchiffon: "#FFFACD",
  lightblue: "#ADD8E6",
  lightcoral: "#F08080",
  lightcyan: "#E0FFFF",
  lightgray: "#D3D3D3",
  lightgreen: "#90EE90",
  lightgrey: "#D3D3D3",
  lightpink: "#FFB6C1",
  lightsalmon: "#FFA07A",
  lightyellow: "#FFFFE0",
  lime: "#00FF00",
  magenta: "#FF00FF",
  maroon: "#800000",
  mistyrose: "#FFE4E1",
  navy: "#000080",
  olive: "#808000",
  orange: "#FFA500",
  orchid: "#DA70D6",
  palegreen: "#98FB98",
  pink: "#FFC0CB",
  purple: "#800080",
  red: "#FF0000",
  salmon: "#FA8072",
  silver: "#C0C0C0",
  tan: "#D2B48C",
  teal: "#008080",
  tomato: "#FF6347",
  violet: "#EE82EE",
  wheat: "#F5DEB3",
  white: "#FFFFFF",
  yellow: "#FFFF00",
};

/** `#RRGGBB` upper case for a colour Excel accepts; null for "" (reset); throws InvalidArgument otherwise. */
export function normalizeColor(input: unknown, location = "RangeFill.color"): string | null {
  if (typeof input !== "string")
    fail("InvalidArgument", location, `colour must be a string, got ${String(input)}`);
  const t = input.trim();
  if (t === "") return null;
  const hex = /^#?([0-9a-fA-F]{6})$/.exec(t);
  if (hex) return `#${hex[1].toUpperCase()}`;
  const named = NAMED_COLORS[t.toLowerCase()];
  if (named) return named;
  fail("InvalidArgument", location, `unknown colour '${input}'`);
}

// ================================================================================================
// Cell values, typing rules and number formats
// ================================================================================================

/** An error value in a cell (`#N/A`), optionally produced by a formula the fake cannot evaluate. */
class CellError {
  constructor(
    readonly code: string,
    readonly formula?: string
  ) {}
}

/**
 * A formula the fake evaluates: `=HYPERLINK("#'Sheet'!A25","A25")` shows its friendly name (as
 * `values` and `text`) and reads back as written from `formulas`.
 */
class FormulaCell {
  constructor(
    readonly formula: string,
    readonly result: CellScalar
  ) {}
}

type Stored = CellScalar | CellError | FormulaCell;

/** What a cell shows: a formula's result, or the stored value itself. */
function resultOf(v: Stored | undefined): CellScalar | CellError | undefined {
  return v instanceof FormulaCell ? v.result : v;
}

/** What `values` gives for a stored cell: "" for empty, the error literal for errors. */
function outValue(stored: Stored | undefined): CellScalar {
  const v = resultOf(stored);
  if (v === undefined) return "";
  if (v instanceof CellError) return v.code;
  return v;
}

function valueType(stored: Stored | undefined): RangeValueType {
  const v = resultOf(stored);
  if (v === undefined) return "Empty";
  if (v instanceof CellError) return "Error";
  if (typeof v === "boolean") return "Boolean";
  // Excel keeps every number as a double; integers read back as "Double" too.
  if (typeof v === "number") return "Double";
  return "String";
}

/** Raw seeding (control API): store what the test gave, except error literals become errors. */
function rawStored(input: CellScalar): Stored | undefined {
  if (input === "") return undefined;
  if (typeof input === "string" && EXCEL_ERROR_LITERALS.has(input)) return new CellError(input);
  return input;
}

function roundTo15Digits(n: number): number {
  return n === 0 ? 0 : Number(n.toPrecision(15));
}

/** Serial number of a calendar date in the workbook's date system. */
function dateToSerial(year: number, month: number, day: number, date1904: boolean): number {
  const ms = Date.UTC(year, month - 1, day);
  if (date1904) return Math.round((ms - Date.UTC(1904, 0, 1)) / 86_400_000);
  const serial = Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
  // Excel's 1900 system counts the fictitious 29 Feb 1900 (serial 60), so dates before it are one lower.
  return serial < 61 ? serial - 1 : serial;
}

function serialToDate(serial: number, date1904: boolean): Date {
  const whole = Math.floor(serial);
  const fraction = serial - whole;
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + whole * 86_400_000;
  else if (whole >= 61) ms = Date.UTC(1899, 11, 30) + whole * 86_400_000;
  else ms = Date.UTC(1899, 11, 31) + whole * 86_400_000;
  return new Date(ms + Math.round(fraction * 86_400_000));
}

/**
 * What Excel stores when the add-in writes a string into a cell (the `values` setter parses like
 * typing): numbers, booleans, error literals, percentages and ISO dates are converted; a leading
 * apostrophe or a Text ("@") number format keeps the text; strings Excel reads as formulas
 * ("=…", "+…", "-…" that are not numbers) become a formula the fake cannot evaluate (#NAME?).
 */
function typedStored(
  input: string,
  numberFormat: string | undefined,
  date1904: boolean
): { value: Stored | undefined; format?: string } {
  if (input === "") return { value: undefined };
  if (numberFormat === "@") return { value: input };
  if (input.startsWith("'"))
    return input.length === 1 ? { value: undefined } : { value: input.slice(1) };
  const upper = input.toUpperCase();
  if (EXCEL_ERROR_LITERALS.has(upper)) return { value: new CellError(upper) };
  if (upper === "TRUE") return { value: true };
  if (upper === "FALSE") return { value: false };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(input))
    return { value: roundTo15Digits(Number(input)) };
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(input))
    return { value: roundTo15Digits(Number(input.replace(/,/g, ""))) };
  const pct = /^([+-]?(\d+(\.\d*)?|\.\d+))%$/.exec(input);
  if (pct) {
    const general = numberFormat === undefined || numberFormat === "General";
    return {
      value: roundTo15Digits(Number(pct[1]) / 100),
      format: general ? (pct[1].includes(".") ? "0.00%" : "0%") : undefined,
    };
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const check = new Date(Date.UTC(y, m - 1, d));
    const minYear = date1904 ? 1904 : 1900;
    if (y >= minYear && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) {
      const general = numberFormat === undefined || numberFormat === "General";
      return { value: dateToSerial(y, m, d, date1904), format: general ? "yyyy-mm-dd" : undefined };
    }
  }
  const link = hyperlinkResult(input);
  if (link !== null) return { value: new FormulaCell(input, link) };
  if (input.length > 1 && (input[0] === "=" || input[0] === "+" || input[0] === "-")) {
    return { value: new CellError("#NAME?", input[0] === "=" ? input : `=${input}`) };
  }
  return { value: input };
}

/**
 * What `=HYPERLINK("location")` or `=HYPERLINK("location","name")` shows (its name, else its
 * location), for string-literal arguments only; null for any other formula.
 */
function hyperlinkResult(input: string): string | null {
  const m = /^=HYPERLINK\(\s*"((?:[^"]|"")*)"\s*(?:,\s*"((?:[^"]|"")*)"\s*)?\)$/i.exec(input);
  if (!m) return null;
  return (m[2] ?? m[1]).replace(/""/g, '"');
}

/** Excel's General format: up to 10 significant digits, scientific for very large or small numbers. */
function generalNumberText(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mantissa, exponent] = n.toExponential(5).split("e");
    const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
    const e = Number(exponent);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const p = Number(n.toPrecision(10));
  if (Math.abs(p) < 1e-6) return p.toFixed(15).replace(/0+$/, "").replace(/\.$/, "");
  return String(p);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function formatDate(serial: number, code: string, date1904: boolean): string {
  const d = serialToDate(serial, date1904);
  const tokens = code.match(/"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|./gi) ?? [];
  let out = "";
  let lastWasHour = false;
  tokens.forEach((tok, i) => {
    const lower = tok.toLowerCase();
    const nextIsSeconds =
      tokens
        .slice(i + 1)
        .find((t) => /^[a-z]/i.test(t))
        ?.toLowerCase()
        .startsWith("s") ?? false;
    if (tok.startsWith('"')) out += tok.slice(1, -1);
    else if (tok.startsWith("\\")) out += tok.slice(1);
    else if (lower === "yyyy") out += String(d.getUTCFullYear());
    else if (lower === "yy") out += String(d.getUTCFullYear() % 100).padStart(2, "0");
    else if (lower === "mmmm") out += MONTHS[d.getUTCMonth()];
    else if (lower === "mmm") out += MONTHS[d.getUTCMonth()].slice(0, 3);
    else if (lower === "mm" || lower === "m") {
      // "m" after an hour or before seconds means minutes.
      const value = lastWasHour || nextIsSeconds ? d.getUTCMinutes() : d.getUTCMonth() + 1;
      out += lower === "mm" ? String(value).padStart(2, "0") : String(value);
    } else if (lower === "dddd") out += DAYS[d.getUTCDay()];
    else if (lower === "ddd") out += DAYS[d.getUTCDay()].slice(0, 3);
    else if (lower === "dd") out += String(d.getUTCDate()).padStart(2, "0");
    else if (lower === "d") out += String(d.getUTCDate());
    else if (lower === "hh") out += String(d.getUTCHours()).padStart(2, "0");
    else if (lower === "h") out += String(d.getUTCHours());
    else if (lower === "ss") out += String(d.getUTCSeconds()).padStart(2, "0");
    else if (lower === "s") out += String(d.getUTCSeconds());
    else out += tok;
    if (/^[a-z]/i.test(tok)) lastWasHour = lower === "h" || lower === "hh";
  });
  return out;
}

/** The `text` of a cell: the value as its number format displays it (common formats only). */
function displayText(
  stored: Stored | undefined,
  numberFormat: string | undefined,
  date1904: boolean
): string {
  const v = resultOf(stored);
  if (v === undefined) return "";
  if (v instanceof CellError) return v.code;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return v;
  const code = (numberFormat ?? "General").split(";")[0].replace(/\[[^\]]*\]/g, "");
  if (code === "General" || code === "@" || code === "") return generalNumberText(v);
  const numeric = /^(#,##)?0(\.(0+))?(%)?$/.exec(code);
  if (numeric) {
    const decimals = numeric[3]?.length ?? 0;
    const scaled = numeric[4] ? v * 100 : v;
    let text = scaled.toFixed(decimals);
    if (numeric[1]) {
      const [int, frac] = text.split(".");
      text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? `.${frac}` : "");
    }
    return text + (numeric[4] ? "%" : "");
  }
  if (/[ydhs]/i.test(code.replace(/"[^"]*"/g, "")) || /m/i.test(code))
    return formatDate(v, code, date1904);
  return generalNumberText(v);
}

// ================================================================================================
// The workbook model
// ================================================================================================

/** One row's cells; arrays are sparse (holes = nothing set). A null fill means "explicitly none". */
interface RowData {
  v: Array<Stored | undefined>;
  fill?: Array<string | null | undefined>;
  nf?: Array<string | undefined>;
}

const MIXED = Symbol("mixed");

/** Conditional format types (Excel.ConditionalFormatType). Only custom rules are evaluated. */
export type ConditionalFormatType =
  | "Custom"
  | "DataBar"
  | "ColorScale"
  | "IconSet"
  | "TopBottom"
  | "PresetCriteria"
  | "ContainsText"
  | "CellValue";
const CF_TYPES: readonly ConditionalFormatType[] = [
  "Custom",
  "DataBar",
  "ColorScale",
  "IconSet",
  "TopBottom",
  "PresetCriteria",
  "ContainsText",
  "CellValue",
];

/** A conditional format on a sheet: what it applies to, its rule and the fill it shows. */
interface CfRule {
  id: string;
  type: ConditionalFormatType;
  /** Custom rules: the formula as written ("" until set) and its parsed form. */
  formulaText: string;
  formula: Formula | null;
  /** Fill key (see fillKey) shown while the rule holds, or null. */
  fill: string | null;
  fontColor: string | null;
  /** Bold text while the rule holds (null: the cell's own). */
  fontBold: boolean | null;
  stopIfTrue: boolean;
  areas: Rect[];
}

let cfSeq = 0;
function newCfId(): string {
  cfSeq++;
  return `{CF-${String(cfSeq).padStart(6, "0")}}`;
}

/** Subtracts rectangle b from a: up to four pieces (above, below, left, right). */
function subtractRect(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, r1: i.r0 - 1, c0: a.c0, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, r1: a.r1, c0: a.c0, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, r1: i.r1, c0: a.c0, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, r1: i.r1, c0: i.c1 + 1, c1: a.c1 });
  return out;
}

/**
 * An area after `count` rows (or columns) were inserted (count > 0) or deleted (count < 0) at
 * index `at` along one axis: areas below move, an area the insert falls in (or just below, as
 * inserted rows take the formats of the row above) grows, deleted parts go; null when nothing is left.
 */
function shiftSpan(
  lo: number,
  hi: number,
  at: number,
  count: number,
  max: number
): [number, number] | null {
  if (lo === 0 && hi === max - 1) return [lo, hi]; // whole rows/columns stay whole
  if (count > 0) {
    if (lo >= at) return [Math.min(lo + count, max - 1), Math.min(hi + count, max - 1)];
    if (hi >= at - 1) return [lo, Math.min(hi + count, max - 1)];
    return [lo, hi];
  }
  const n = -count;
  const end = at + n - 1;
  if (hi < at) return [lo, hi];
  if (lo > end) return [lo - n, hi - n];
  const before = Math.max(0, at - lo);
  const after = Math.max(0, hi - end);
  if (before + after === 0) return null;
  const start = lo < at ? lo : at;
  return [start, start + before + after - 1];
}

function shiftRects(rects: Rect[], axis: "rows" | "columns", at: number, count: number): Rect[] {
  const out: Rect[] = [];
  for (const r of rects) {
    if (axis === "rows") {
      const s = shiftSpan(r.r0, r.r1, at, count, MAX_ROWS);
      if (s) out.push({ ...r, r0: s[0], r1: s[1] });
    } else {
      const s = shiftSpan(r.c0, r.c1, at, count, MAX_COLUMNS);
      if (s) out.push({ ...r, c0: s[0], c1: s[1] });
    }
  }
  return out;
}

/**
 * A fill as the fake stores it: "#RRGGBB" for a plain solid fill, or
 * "#RRGGBB|pattern|#patternColor|tintAndShade" for a patterned or tinted (theme) one. Stored as
 * one string so every place that compares fills compares all of their properties.
 */
export interface FakeFill {
  color: string;
  pattern?: string;
  patternColor?: string | null;
  tintAndShade?: number;
}

export function fillKey(f: FakeFill | string): string {
  if (typeof f === "string") return normalizeColor(f, "fill") ?? NO_FILL_COLOR;
  const color = normalizeColor(f.color, "fill") ?? NO_FILL_COLOR;
  const pattern = f.pattern ?? "Solid";
  const pc = f.patternColor ? normalizeColor(f.patternColor, "fill") : null;
  const tint = f.tintAndShade ?? 0;
  if (pattern === "Solid" && !pc && tint === 0) return color;
  return `${color}|${pattern}|${pc ?? ""}|${tint}`;
}

export function fillParts(key: string): Required<FakeFill> {
  const [color, pattern = "Solid", pc = "", tint = "0"] = key.split("|");
  return { color, pattern, patternColor: pc === "" ? null : pc, tintAndShade: Number(tint) };
}

class SheetModel {
  name: string;
  visibility: SheetVisibility = "Visible";
  /** Conditional formats, highest priority first. */
  cfs: CfRule[] = [];
  /** Worksheet protection: locked cells (all but `unlocked`) refuse writes. */
  protected = false;
  unlocked: Rect[] = [];
  /** Rows hidden by a filter. */
  hiddenRows = new Set<number>();
  readonly rows = new Map<number, RowData>();
  /** Fills applied to whole rows / whole columns / the whole sheet; cell fills override rows, rows override columns. */
  rowFill = new Map<number, string | null>();
  colFill = new Map<number, string | null>();
  sheetFill: string | null = null;
  selection: Rect = { r0: 0, c0: 0, r1: 0, c1: 0 };
  /** The active cell of the selection (where the user started it): its top-left unless dragged. */
  active: { r: number; c: number } = { r: 0, c: 0 };
  version = 0;
  private usedCache: { version: number; valuesOnly: boolean; rect: Rect | null } | null = null;

  constructor(
    readonly id: string,
    name: string
  ) {
    this.name = name;
  }

  touch(): void {
    this.version++;
  }

  get(r: number, c: number): Stored | undefined {
    return this.rows.get(r)?.v[c];
  }

  set(r: number, c: number, value: Stored | undefined): void {
    let row = this.rows.get(r);
    if (value === undefined) {
      if (row && row.v[c] !== undefined) row.v[c] = undefined;
      return;
    }
    if (!row) {
      row = { v: [] };
      this.rows.set(r, row);
    }
    row.v[c] = value;
  }

  numberFormat(r: number, c: number): string | undefined {
    return this.rows.get(r)?.nf?.[c];
  }

  setNumberFormat(r: number, c: number, format: string | undefined): void {
    let row = this.rows.get(r);
    if (format === undefined || format === "General") {
      if (row?.nf) row.nf[c] = undefined;
      return;
    }
    if (!row) {
      row = { v: [] };
      this.rows.set(r, row);
    }
    (row.nf ??= [])[c] = format;
  }

  inheritedFill(r: number, c: number): string | null {
    const rf = this.rowFill.get(r);
    if (rf !== undefined) return rf;
    const cf = this.colFill.get(c);
    if (cf !== undefined) return cf;
    return this.sheetFill;
  }

  effectiveFill(r: number, c: number): string | null {
    const own = this.rows.get(r)?.fill?.[c];
    return own !== undefined ? own : this.inheritedFill(r, c);
  }

  /** Sets one cell's fill, storing nothing when the row/column/sheet fill already gives that colour. */
  setCellFill(r: number, c: number, color: string | null): void {
    let row = this.rows.get(r);
    if (this.inheritedFill(r, c) === color) {
      if (row?.fill && row.fill[c] !== undefined) row.fill[c] = undefined;
      return;
    }
    if (!row) {
      row = { v: [] };
      this.rows.set(r, row);
    }
    (row.fill ??= [])[c] = color;
  }

  /** Applies a fill to a rectangle without touching a million cells for whole rows or columns. */
  applyFill(rect: Rect, color: string | null): void {
    this.touch();
    if (isEntireRows(rect) && isEntireColumns(rect)) {
      this.sheetFill = color;
      this.rowFill.clear();
      this.colFill.clear();
      for (const row of this.rows.values()) delete row.fill;
      return;
    }
    if (isEntireColumns(rect)) {
      for (let c = rect.c0; c <= rect.c1; c++) {
        if (color === this.sheetFill) this.colFill.delete(c);
        else this.colFill.set(c, color);
      }
      for (const [r, row] of this.rows) {
        if (!row.fill) continue;
        for (let c = rect.c0; c <= rect.c1 && c < row.fill.length; c++) row.fill[c] = undefined;
        if (this.rowFill.has(r))
          for (let c = rect.c0; c <= rect.c1; c++) this.setCellFill(r, c, color);
      }
      // Rows with a row-level fill would otherwise hide the new column fill.
      for (const r of this.rowFill.keys())
        for (let c = rect.c0; c <= rect.c1; c++) this.setCellFill(r, c, color);
      return;
    }
    if (isEntireRows(rect)) {
      for (let r = rect.r0; r <= rect.r1; r++) {
        const underneath = this.colFill.size === 0 ? this.sheetFill : undefined;
        if (underneath !== undefined && color === underneath) this.rowFill.delete(r);
        else this.rowFill.set(r, color);
        const row = this.rows.get(r);
        if (row) delete row.fill;
      }
      return;
    }
    const simpleGenericRows = this.rowFill.size === 0;
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = this.rows.get(r);
      if (!row && simpleGenericRows) {
        // Skip empty rows whose inherited fill already matches (keeps big clears cheap).
        let same = true;
        for (let c = rect.c0; c <= rect.c1 && same; c++) same = this.inheritedFill(r, c) === color;
        if (same) continue;
      }
      for (let c = rect.c0; c <= rect.c1; c++) this.setCellFill(r, c, color);
    }
  }

  /** The colour every cell of the rectangle shares (null = no fill), or MIXED. */
  fillOf(rect: Rect): string | null | typeof MIXED {
    let result: string | null | undefined;
    const visit = (f: string | null): boolean => {
      if (result === undefined) result = f;
      return result === f;
    };
    const colKeys = [...this.colFill.keys()].filter((c) => c >= rect.c0 && c <= rect.c1);
    const pickOther = (lo: number, hi: number, taken: Set<number>): number | null => {
      let inside = 0;
      for (const k of taken) if (k >= lo && k <= hi) inside++;
      if (hi - lo + 1 <= inside) return null;
      for (let k = lo; k <= hi; k++) if (!taken.has(k)) return k;
      return null;
    };
    const specialRows = new Set<number>();
    for (const [r, row] of this.rows)
      if (r >= rect.r0 && r <= rect.r1 && row.fill) specialRows.add(r);
    for (const r of this.rowFill.keys()) if (r >= rect.r0 && r <= rect.r1) specialRows.add(r);
    for (const r of specialRows) {
      const cols = new Set<number>(colKeys);
      const own = this.rows.get(r)?.fill;
      if (own)
        for (let c = rect.c0; c <= rect.c1 && c < own.length; c++)
          if (own[c] !== undefined) cols.add(c);
      for (const c of cols) if (!visit(this.effectiveFill(r, c))) return MIXED;
      const other = pickOther(rect.c0, rect.c1, cols);
      if (other !== null && !visit(this.effectiveFill(r, other))) return MIXED;
    }
    const genericRow = pickOther(rect.r0, rect.r1, specialRows);
    if (genericRow !== null) {
      const cols = new Set<number>(colKeys);
      for (const c of cols) if (!visit(this.effectiveFill(genericRow, c))) return MIXED;
      const other = pickOther(rect.c0, rect.c1, cols);
      if (other !== null && !visit(this.effectiveFill(genericRow, other))) return MIXED;
    }
    return result ?? null;
  }

  /** Bounding box of cells with values (and, unless valuesOnly, cell-level formatting); null if none. */
  usedRect(valuesOnly: boolean): Rect | null {
    const cache = this.usedCache;
    if (cache && cache.version === this.version && cache.valuesOnly === valuesOnly)
      return cache.rect;
    let r0 = Infinity;
    let r1 = -1;
    let c0 = Infinity;
    let c1 = -1;
    const scan = (r: number, arr: ArrayLike<unknown> | undefined, skipNull: boolean): void => {
      if (!arr) return;
      for (let c = 0; c < arr.length; c++) {
        const x = arr[c];
        if (x === undefined || (skipNull && x === null)) continue;
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
    };
    for (const [r, row] of this.rows) {
      scan(r, row.v, false);
      if (!valuesOnly) {
        scan(r, row.fill, true);
        scan(r, row.nf, false);
      }
    }
    const rect = r1 < 0 ? null : { r0, r1, c0, c1 };
    this.usedCache = { version: this.version, valuesOnly, rect };
    return rect;
  }

  /** Moves rows at or below `at` down by `count` (negative to delete); formats of new rows copy the row above. */
  shiftRows(at: number, count: number): void {
    this.touch();
    const moved = new Map<number, RowData>();
    for (const [r, row] of this.rows) {
      if (count < 0 && r >= at && r < at - count) continue;
      const target = r >= at ? r + count : r;
      if (target >= 0 && target < MAX_ROWS) moved.set(target, row);
    }
    this.rows.clear();
    for (const [r, row] of moved) this.rows.set(r, row);
    const movedFill = new Map<number, string | null>();
    for (const [r, f] of this.rowFill) {
      if (count < 0 && r >= at && r < at - count) continue;
      const target = r >= at ? r + count : r;
      if (target >= 0 && target < MAX_ROWS) movedFill.set(target, f);
    }
    this.rowFill = movedFill;
    this.shiftConditionalFormats("rows", at, count);
    const hidden = [...this.hiddenRows];
    this.hiddenRows.clear();
    for (const r of hidden) {
      if (count < 0 && r >= at && r < at - count) continue;
      this.hiddenRows.add(r >= at ? r + count : r);
    }
    if (count > 0 && at > 0) {
      // Excel gives inserted rows the formatting of the row above.
      const above = this.rows.get(at - 1);
      const aboveFill = this.rowFill.get(at - 1);
      for (let r = at; r < at + count; r++) {
        if (aboveFill !== undefined) this.rowFill.set(r, aboveFill);
        if (above && (above.fill || above.nf)) {
          const row: RowData = { v: [] };
          if (above.fill) row.fill = above.fill.slice();
          if (above.nf) row.nf = above.nf.slice();
          this.rows.set(r, row);
        }
      }
    }
  }

  /** Moves conditional-format areas with inserted or deleted rows/columns; rules left with nothing go. */
  shiftConditionalFormats(axis: "rows" | "columns", at: number, count: number): void {
    for (const rule of this.cfs) rule.areas = shiftRects(rule.areas, axis, at, count);
    this.cfs = this.cfs.filter((rule) => rule.areas.length > 0);
    this.unlocked = shiftRects(this.unlocked, axis, at, count);
  }

  /** Moves columns at or right of `at` by `count` (negative to delete); new columns copy the formats of the one to the left. */
  shiftColumns(at: number, count: number): void {
    this.touch();
    const move = <T>(arr: Array<T | undefined> | undefined, copyLeft: boolean): void => {
      if (!arr || arr.length <= at - (copyLeft ? 1 : 0)) return;
      if (count > 0) {
        const left = copyLeft && at > 0 ? arr[at - 1] : undefined;
        arr.splice(at, 0, ...new Array<T | undefined>(count).fill(left));
      } else arr.splice(at, -count);
    };
    for (const row of this.rows.values()) {
      move(row.v, false);
      move(row.fill, true);
      move(row.nf, true);
    }
    const moved = new Map<number, string | null>();
    for (const [c, f] of this.colFill) {
      if (count < 0 && c >= at && c < at - count) continue;
      const target = c >= at ? c + count : c;
      if (target >= 0 && target < MAX_COLUMNS) moved.set(target, f);
    }
    if (count > 0 && at > 0 && this.colFill.has(at - 1))
      for (let c = at; c < at + count; c++) moved.set(c, this.colFill.get(at - 1) ?? null);
    this.colFill = moved;
    this.shiftConditionalFormats("columns", at, count);
  }

  /** A cell's own value, fill and number format (for copying cells as Excel's clipboard does). */
  cellState(
    r: number,
    c: number
  ): { v: Stored | undefined; fill: string | null; nf: string | undefined } {
    return { v: this.get(r, c), fill: this.effectiveFill(r, c), nf: this.numberFormat(r, c) };
  }

  setCellState(
    r: number,
    c: number,
    state: { v: Stored | undefined; fill: string | null; nf: string | undefined }
  ): void {
    this.set(r, c, state.v);
    this.setCellFill(r, c, state.fill);
    this.setNumberFormat(r, c, state.nf);
  }

  /** True when a write to any cell of the rectangle would be refused (protected sheet, locked cell). */
  refusesWrite(rect: Rect): boolean {
    if (!this.protected) return false;
    return !this.unlocked.some(
      (u) => u.r0 <= rect.r0 && u.r1 >= rect.r1 && u.c0 <= rect.c0 && u.c1 >= rect.c1
    );
  }

  /** The fill a cell shows: the first conditional format (by priority) that holds and has a fill, else its own. */
  displayedFill(
    r: number,
    c: number,
    value: (sheet: string, r: number, c: number) => FormulaValue | null
  ): string | null {
    for (const rule of this.cfs) {
      if (rule.type !== "Custom" || !rule.formula) continue;
      if (!rule.areas.some((a) => r >= a.r0 && r <= a.r1 && c >= a.c0 && c <= a.c1)) continue;
      const anchor = rule.areas[0];
      const holds = rule.formula.holds({
        sheet: this.name,
        row: r,
        column: c,
        anchorRow: anchor.r0,
        anchorColumn: anchor.c0,
        value,
      });
      if (holds && rule.fill !== null) return rule.fill;
      if (holds && rule.stopIfTrue) break;
    }
    return this.effectiveFill(r, c);
  }

  hasDataInRows(from: number, to: number): boolean {
    for (const [r, row] of this.rows)
      if (r >= from && r <= to && row.v.some((x) => x !== undefined)) return true;
    return false;
  }
}

// ================================================================================================
// Load options
// ================================================================================================

interface LoadTree {
  all: boolean;
  props: Set<string>;
  nav: Map<string, LoadTree>;
  top?: number;
  skip?: number;
}

function emptyTree(all = false): LoadTree {
  return { all, props: new Set(), nav: new Map() };
}

function addPath(tree: LoadTree, path: string): void {
  const parts = path
    .split("/")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return;
  let t = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    let next = t.nav.get(parts[i]);
    if (!next) {
      next = emptyTree();
      t.nav.set(parts[i], next);
    }
    t = next;
  }
  t.props.add(parts[parts.length - 1]);
}

export type LoadOption =
  | string
  | string[]
  | { select?: string | string[]; expand?: string | string[]; top?: number; skip?: number }
  | Record<string, unknown>;

function parseLoadOption(option: unknown): LoadTree {
  if (option === undefined || option === null) return emptyTree(true);
  const tree = emptyTree();
  if (typeof option === "string") {
    for (const p of option.split(",")) addPath(tree, p);
    if (tree.props.size === 0 && tree.nav.size === 0) tree.all = true;
    return tree;
  }
  if (Array.isArray(option)) {
    for (const p of option)
      if (typeof p === "string") for (const q of p.split(",")) addPath(tree, q);
    return tree;
  }
  if (typeof option === "object") {
    const o = option as Record<string, unknown>;
    if ("select" in o || "expand" in o) {
      const list = (x: unknown): string[] =>
        typeof x === "string"
          ? x.split(",")
          : Array.isArray(x)
            ? x.filter((s): s is string => typeof s === "string")
            : [];
      for (const p of list(o.select)) addPath(tree, p);
      for (const p of list(o.expand)) {
        const name = p.trim();
        if (name) tree.nav.set(name, emptyTree(true));
      }
      if (typeof o.top === "number") tree.top = o.top;
      if (typeof o.skip === "number") tree.skip = o.skip;
      if (tree.props.size === 0 && tree.nav.size === 0) tree.all = true;
      return tree;
    }
    for (const [key, value] of Object.entries(o)) {
      if (key === "$top" && typeof value === "number") tree.top = value;
      else if (key === "$skip" && typeof value === "number") tree.skip = value;
      else if (key === "$all" && value === true) tree.all = true;
      else if (value === true) tree.props.add(key);
      else if (value && typeof value === "object") tree.nav.set(key, parseLoadOption(value));
    }
    return tree;
  }
  fail("InvalidArgument", "load", "load option must be a string, string[] or object");
}

// ================================================================================================
// Events
// ================================================================================================

type EventKind =
  | "Changed"
  | "FormatChanged"
  | "SelectionChanged"
  | "Activated"
  | "Deactivated"
  | "Added"
  | "Deleted"
  | "SettingsChanged"
  | "RowSorted";

/** The plain data of a raised event, as logged in `control.events`. */
export interface FakeEventRecord {
  type: string;
  worksheetId?: string;
  address?: string;
  changeType?: DataChangeType;
  source?: "Local" | "Remote";
  triggerSource?: "Unknown" | "ThisLocalAddin";
  details?: FakeChangedEventDetail;
  changeDirectionState?: {
    insertShiftDirection?: "Down" | "Right";
    deleteShiftDirection?: "Up" | "Left";
  };
}

export interface FakeChangedEventDetail {
  valueBefore: CellScalar;
  valueAfter: CellScalar;
  valueTypeBefore: RangeValueType;
  valueTypeAfter: RangeValueType;
}

interface RaisedEvent {
  kind: EventKind;
  /** Sheet the event belongs to (null for workbook-level events like SettingsChanged). */
  sheetId: string | null;
  record: FakeEventRecord;
}

/** What an event handler receives: the event data, plus `getRange(ctx)` when it names a range. */
export interface FakeEventArgs extends FakeEventRecord {
  getRange?(ctx: FakeRequestContext): FakeRange;
  getRangeOrNullObject?(ctx: FakeRequestContext): FakeRange;
}

type EventHandler = (args: FakeEventArgs) => unknown;

interface Registration {
  kind: EventKind;
  /** A worksheet id, or "*" for collection-level handlers (all sheets), or "settings". */
  scope: string;
  handler: EventHandler;
  context: FakeRequestContext;
}

// ================================================================================================
// The host: executes batches, owns the model, raises events; the control object fronts it
// ================================================================================================

export interface FakeSheetInit {
  name: string;
  /** Rows of values placed at `address` (default A1); stored as given ("#N/A" becomes an error). */
  values?: CellScalar[][];
  address?: string;
  visibility?: SheetVisibility;
  /** A whole sheet as `control.snapshot()` saved it (for a workbook saved and opened again). */
  state?: FakeSheetState;
}

/** A stored error value: its literal, and the formula that produced it if any. */
export interface FakeStoredError {
  error: string;
  formula?: string;
}

/** A formula the fake evaluates (HYPERLINK), with the value it shows. */
export interface FakeStoredFormula {
  formula: string;
  value: CellScalar;
}

/** A sheet as saved in a file: every cell's value, fill and number format, its conditional formats, protection. */
export interface FakeSheetState {
  values: [number, number, CellScalar | FakeStoredError | FakeStoredFormula][];
  /** Cell-level fills; null means "explicitly no fill" over a row, column or sheet fill. */
  fills: [number, number, string | null][];
  numberFormats: [number, number, string][];
  rowFills: [number, string | null][];
  columnFills: [number, string | null][];
  sheetFill: string | null;
  conditionalFormats: {
    type: ConditionalFormatType;
    formula: string;
    fill: string | null;
    fontColor: string | null;
    fontBold: boolean | null;
    stopIfTrue: boolean;
    areas: Rect[];
  }[];
  protected: boolean;
  unlocked: Rect[];
  hiddenRows: number[];
}

export interface FakeExcelInit {
  platform?: PlatformName;
  date1904?: boolean;
  /** Default: one empty sheet, "Sheet1". */
  sheets?: FakeSheetInit[];
  activeSheet?: string;
  settings?: Record<string, unknown>;
  /** Cap for one sync's request and (separately) response JSON; null turns it off. Default 5,000,000. */
  payloadLimitBytes?: number | null;
  readCellLimit?: number;
  /** Delay of each sync round trip in ms (0: a microtask). */
  latencyMs?: number;
  workbookName?: string;
  /**
   * Highest ExcelApi requirement set reported as supported (default "1.17"). APIs of later sets
   * fail with ApiNotFound, as in an Excel build that lacks them.
   */
  excelApiVersion?: string;
  /** Fill `triggerSource` on change events (ExcelApi 1.14). Default: when excelApiVersion ≥ 1.14. */
  reportTriggerSource?: boolean;
  /** The workbook's structure is protected: sheets cannot be added, deleted, hidden or shown. */
  structureProtected?: boolean;
  /** Whether `workbook.use1904DateSystem` exists (a preview API). Default true. */
  supportsUse1904DateSystem?: boolean;
  /** Parse the add-in's writes like Excel does ("00123" → 123). Default true. */
  coerceApiWrites?: boolean;
}

export interface FakeSyncRecord {
  contextId: number;
  actions: number;
  /** Actions that changed the workbook (values, formats, sheets, settings...). */
  writes: number;
  requestBytes: number;
  responseBytes: number;
  error?: string;
}

/** User edits of more cells than this are undone by the fake only in name (see control.setValues). */
const MAX_UNDO_CELLS = 10_000;

/** One step of the user's undo stack (Ctrl+Z), as the fake models it. */
interface UndoRecord {
  label: string;
  /** Cells to put back: their value and fill before the step. */
  cells: { sheet: SheetModel; r: number; c: number; v: Stored | undefined; fill: string | null }[];
  /** A step the fake cannot take back (a structural change): undoing it fails loudly. */
  unmodelled?: boolean;
  /** The Excel.run that made it, when its syncs are merged into one step (mergeUndoGroup). */
  runId?: number;
}

interface Action {
  location: string;
  requestBytes: number;
  run: (s: SyncSession) => void;
}

/** A fingerprint of everything a write can change, to tell writes from reads after each action. */
function workbookVersion(host: FakeHost): number {
  let v = host.structureVersion + host.settingsVersion;
  for (const sheet of host.sheets) v += sheet.version;
  return v;
}

class SyncSession {
  responseBytes = 0;
  readonly events: RaisedEvent[] = [];
  /** Cells the add-in's writes changed (their state before), for the undo stack. */
  readonly undoCells: UndoRecord["cells"] = [];
  /** A write Excel cannot undo (sheets, conditional formats, settings): it clears the undo stack. */
  notUndoable = false;
  private readonly staged: Array<{ proxy: ProxyBase; name: string; value: unknown }> = [];
  /** Results delivered with the response (ClientResult values), run only when the batch succeeds. */
  readonly onCommit: Array<() => void> = [];

  constructor(
    readonly host: FakeHost,
    readonly context: FakeRequestContext
  ) {}

  /**
   * Notes a write Excel cannot put on its undo stack. Inside a merged undo group
   * (`mergeUndoGroup`) it fails with UndoNotSupported, as documented.
   */
  markNotUndoable(location: string): void {
    if (this.context._mergeUndoGroup && this.host.apiAtLeast("1.20"))
      fail("UndoNotSupported", location, "this write cannot join a merged undo group");
    this.notUndoable = true;
  }

  /** Adds the response size a value will cost, failing the sync past the cap. */
  charge(bytes: number, location: string): void {
    this.responseBytes += bytes;
    const cap = this.host.payloadLimitBytes;
    if (cap !== null && this.responseBytes > cap) {
      fail(
        this.host.oversizeCode("ResponsePayloadSizeLimitExceeded"),
        location,
        `response ~${this.responseBytes} bytes > cap ${cap}`
      );
    }
  }

  stage(proxy: ProxyBase, name: string, value: unknown, location: string): void {
    this.charge(value === null || value === undefined ? 4 : jsonSize(value), location);
    this.staged.push({ proxy, name, value });
  }

  commit(): void {
    for (const s of this.staged) s.proxy._loaded.set(s.name, s.value);
    for (const f of this.onCommit) f();
  }
}

function jsonSize(value: unknown): number {
  if (typeof value === "string") return value.length + 2;
  if (typeof value === "number" || typeof value === "boolean") return String(value).length;
  return JSON.stringify(value)?.length ?? 4;
}

/** Puts a saved sheet back (conditional formats get new ids, as after reopening a file). */
/** Takes rectangles out of every conditional format of a sheet (paste and clear replace them); empty rules go. */
function removeFromConditionalFormats(sheet: SheetModel, rects: Rect[]): void {
  sheet.touch();
  for (const rule of sheet.cfs) {
    let areas = rule.areas;
    for (const rect of rects) areas = areas.flatMap((a) => subtractRect(a, rect));
    rule.areas = areas;
  }
  sheet.cfs = sheet.cfs.filter((rule) => rule.areas.length > 0);
}

function restoreSheet(sheet: SheetModel, state: FakeSheetState): void {
  sheet.touch();
  for (const [r, c, v] of state.values)
    sheet.set(
      r,
      c,
      typeof v !== "object"
        ? v
        : "error" in v
          ? new CellError(v.error, v.formula)
          : new FormulaCell(v.formula, v.value)
    );
  for (const [r, c, f] of state.numberFormats) sheet.setNumberFormat(r, c, f);
  sheet.sheetFill = state.sheetFill;
  sheet.rowFill = new Map(state.rowFills);
  sheet.colFill = new Map(state.columnFills);
  for (const [r, c, f] of state.fills) {
    let row = sheet.rows.get(r);
    if (!row) sheet.rows.set(r, (row = { v: [] }));
    (row.fill ??= [])[c] = f;
  }
  sheet.cfs = state.conditionalFormats.map((cf) => ({
    id: newCfId(),
    type: cf.type,
    formulaText: cf.formula,
    formula: cf.type === "Custom" && cf.formula !== "" ? Formula.parse(cf.formula) : null,
    fill: cf.fill,
    fontColor: cf.fontColor,
    fontBold: cf.fontBold,
    stopIfTrue: cf.stopIfTrue,
    areas: cf.areas.map((a) => ({ ...a })),
  }));
  sheet.protected = state.protected;
  sheet.unlocked = state.unlocked.map((a) => ({ ...a }));
  sheet.hiddenRows = new Set(state.hiddenRows);
}

function storedState(v: Stored): CellScalar | FakeStoredError | FakeStoredFormula {
  if (v instanceof CellError) return { error: v.code, formula: v.formula };
  if (v instanceof FormulaCell) return { formula: v.formula, value: v.result };
  return v;
}

/** A sheet as a file would keep it (see restoreSheet). */
function snapshotSheet(sheet: SheetModel): FakeSheetState {
  const state: FakeSheetState = {
    values: [],
    fills: [],
    numberFormats: [],
    rowFills: [...sheet.rowFill],
    columnFills: [...sheet.colFill],
    sheetFill: sheet.sheetFill,
    conditionalFormats: sheet.cfs.map((cf) => ({
      type: cf.type,
      formula: cf.formulaText,
      fill: cf.fill,
      fontColor: cf.fontColor,
      fontBold: cf.fontBold,
      stopIfTrue: cf.stopIfTrue,
      areas: cf.areas.map((a) => ({ ...a })),
    })),
    protected: sheet.protected,
    unlocked: sheet.unlocked.map((a) => ({ ...a })),
    hiddenRows: [...sheet.hiddenRows],
  };
  for (const [r, row] of sheet.rows) {
    row.v.forEach((v, c) => {
      if (v === undefined) return;
      state.values.push([r, c, storedState(v)]);
    });
    row.fill?.forEach((f, c) => {
      if (f !== undefined) state.fills.push([r, c, f]);
    });
    row.nf?.forEach((f, c) => {
      if (f !== undefined) state.numberFormats.push([r, c, f]);
    });
  }
  return state;
}

let contextSeq = 0;

class FakeHost {
  sheets: SheetModel[] = [];
  activeId = "";
  settings = new Map<string, string>();
  workbookName = "Book1.xlsx";
  date1904 = false;
  platform: PlatformName = "PC";
  payloadLimitBytes: number | null = DEFAULT_PAYLOAD_LIMIT_BYTES;
  readCellLimit = DEFAULT_READ_CELL_LIMIT;
  latencyMs = 0;
  excelApiVersion = "1.17";
  reportTriggerSource = true;
  structureProtected = false;
  /** Bumped by sheet-level changes (add, delete, rename, hide) and setting writes: see workbookVersion. */
  structureVersion = 0;
  settingsVersion = 0;
  /** The user's undo stack (Ctrl+Z), last step last. */
  undoStack: UndoRecord[] = [];
  /** Called as each batch reaches the workbook, before it runs (tests play the user there). */
  beforeSync: ((info: { actions: string[] }) => void) | null = null;
  /** getRanges refuses lists of more areas than this (office-js#5198: 513 areas failed at 8,207 characters). */
  getRangesAreaLimit = 500;
  supportsUse1904 = true;
  coerceApiWrites = true;
  enableEvents = true;
  cellEditMode = false;
  syncCount = 0;
  /** Syncs that changed the workbook (at least one write action). */
  writeSyncCount = 0;
  readonly syncLog: FakeSyncRecord[] = [];
  readonly events: FakeEventRecord[] = [];
  readonly handlerErrors: unknown[] = [];
  registrations: Registration[] = [];
  private pendingDeliveries = 0;
  private readonly inflight = new Set<Promise<unknown>>();
  private sheetSeq = 0;
  private injected: Array<{ code: string; message?: string }> = [];
  readonly requirementSets = new Map<string, string>();

  constructor(init: FakeExcelInit = {}) {
    this.reset(init);
  }

  reset(init: FakeExcelInit = {}): void {
    this.sheets = [];
    this.settings.clear();
    this.registrations = [];
    this.events.length = 0;
    this.syncLog.length = 0;
    this.handlerErrors.length = 0;
    this.injected = [];
    this.syncCount = 0;
    this.writeSyncCount = 0;
    this.beforeSync = null;
    this.sheetSeq = 0;
    this.enableEvents = true;
    this.cellEditMode = false;
    this.platform = init.platform ?? "PC";
    this.date1904 = init.date1904 ?? false;
    this.workbookName = init.workbookName ?? "Book1.xlsx";
    this.payloadLimitBytes =
      init.payloadLimitBytes === undefined ? DEFAULT_PAYLOAD_LIMIT_BYTES : init.payloadLimitBytes;
    this.readCellLimit = init.readCellLimit ?? DEFAULT_READ_CELL_LIMIT;
    this.latencyMs = init.latencyMs ?? 0;
    this.excelApiVersion = init.excelApiVersion ?? "1.17";
    this.requirementSets.clear();
    this.requirementSets.set("ExcelApi", this.excelApiVersion);
    this.reportTriggerSource = init.reportTriggerSource ?? this.apiAtLeast("1.14");
    this.structureProtected = init.structureProtected ?? false;
    this.undoStack = [];
    this.supportsUse1904 = init.supportsUse1904DateSystem ?? true;
    this.coerceApiWrites = init.coerceApiWrites ?? true;
    this.requirementSets.set("DialogApi", "1.2");
    const sheets = init.sheets && init.sheets.length > 0 ? init.sheets : [{ name: "Sheet1" }];
    for (const s of sheets) {
      const sheet = this.addSheetModel(s.name);
      if (s.visibility) sheet.visibility = s.visibility;
      if (s.state) restoreSheet(sheet, s.state);
      if (s.values) this.seed(sheet, s.address ?? "A1", s.values);
    }
    const active = init.activeSheet
      ? this.findSheet(init.activeSheet)
      : this.sheets.find((s) => s.visibility === "Visible");
    this.activeId = (active ?? this.sheets[0]).id;
    for (const [k, v] of Object.entries(init.settings ?? {}))
      this.settings.set(k, JSON.stringify(v));
  }

  /** True when the build supports ExcelApi `version` (what isSetSupported answers). */
  apiAtLeast(version: string): boolean {
    return this.isSetSupported("ExcelApi", version);
  }

  /** Fails with ApiNotFound when the build lacks the requirement set an API belongs to. */
  requireApi(version: string, location: string): void {
    if (!this.apiAtLeast(version))
      fail(
        "ApiNotFound",
        location,
        `needs ExcelApi ${version}; this build has ${this.excelApiVersion}`
      );
  }

  /**
   * The code an oversized request or response fails with: Excel on the web often answers
   * GeneralException rather than the documented payload codes.
   */
  oversizeCode(documented: string): string {
    return this.platform === "OfficeOnline" ? "GeneralException" : documented;
  }

  /** Refuses a change to the workbook's structure while it is protected. */
  checkStructure(location: string): void {
    if (this.structureProtected)
      fail("AccessDenied", location, "the workbook's structure is protected");
  }

  /** Refuses a write to locked cells of a protected sheet. */
  checkWritable(sheet: SheetModel, rect: Rect, location: string): void {
    if (sheet.refusesWrite(rect))
      fail(
        "AccessDenied",
        location,
        `'${sheet.name}' is protected and ${formatRect(rect)} is locked`
      );
  }

  /** A cell's value as a conditional format's formula sees it ("" when empty), or null for a missing sheet. */
  formulaValue(sheetName: string, r: number, c: number): FormulaValue | null {
    const sheet = this.findSheet(sheetName);
    if (!sheet) return null;
    const v = resultOf(sheet.get(r, c));
    if (v === undefined) return "";
    if (v instanceof CellError) return { error: v.code };
    return v;
  }

  // ---------------------------------------------------------------- sheets

  findSheet(nameOrId: string): SheetModel | undefined {
    const lower = nameOrId.toLowerCase();
    return this.sheets.find((s) => s.id === nameOrId || s.name.toLowerCase() === lower);
  }

  requireSheet(nameOrId: string, location = "control"): SheetModel {
    return this.findSheet(nameOrId) ?? fail("ItemNotFound", location, `no worksheet '${nameOrId}'`);
  }

  activeSheet(): SheetModel {
    return this.sheets.find((s) => s.id === this.activeId) ?? this.sheets[0];
  }

  validateSheetName(name: string, except: SheetModel | null, location: string): void {
    if (
      name.length === 0 ||
      name.length > 31 ||
      /[\\/?*[\]:]/.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'")
    ) {
      fail("InvalidArgument", location, `invalid sheet name '${name}'`);
    }
    const clash = this.findSheet(name);
    if (clash && clash !== except && clash.name.toLowerCase() === name.toLowerCase())
      fail("ItemAlreadyExists", location, `sheet '${name}' exists`);
  }

  addSheetModel(name?: string): SheetModel {
    let finalName = name;
    if (finalName === undefined) {
      let n = this.sheets.length + 1;
      while (this.findSheet(`Sheet${n}`)) n++;
      finalName = `Sheet${n}`;
    }
    this.validateSheetName(finalName, null, "WorksheetCollection.add");
    this.sheetSeq++;
    const id = `{${String(this.sheetSeq).padStart(8, "0")}-0001-0000-0000-000000000000}`;
    const sheet = new SheetModel(id, finalName);
    this.sheets.push(sheet);
    return sheet;
  }

  deleteSheet(sheet: SheetModel, location: string): void {
    this.checkStructure(location);
    this.structureVersion++;
    const visible = this.sheets.filter((s) => s.visibility === "Visible");
    if (visible.length === 1 && visible[0] === sheet)
      fail("InvalidOperation", location, "cannot delete the only visible sheet");
    this.sheets = this.sheets.filter((s) => s !== sheet);
    if (this.activeId === sheet.id)
      this.activate(
        (this.sheets.find((s) => s.visibility === "Visible") ?? this.sheets[0]).id,
        false
      );
    this.raise({
      kind: "Deleted",
      sheetId: sheet.id,
      record: { type: "WorksheetDeleted", worksheetId: sheet.id, source: "Local" },
    });
  }

  activate(sheetId: string, raiseEvents = true): void {
    if (sheetId === this.activeId) return;
    const previous = this.activeId;
    this.activeId = sheetId;
    if (!raiseEvents) return;
    this.raise({
      kind: "Deactivated",
      sheetId: previous,
      record: { type: "WorksheetDeactivated", worksheetId: previous },
    });
    this.raise({
      kind: "Activated",
      sheetId,
      record: { type: "WorksheetActivated", worksheetId: sheetId },
    });
  }

  sheetAlive(sheet: SheetModel, location: string): SheetModel {
    if (!this.sheets.includes(sheet))
      fail("ItemNotFound", location, `worksheet '${sheet.name}' was deleted`);
    return sheet;
  }

  /** Resolves an address on a sheet (the sheet prefix, if any, must name that sheet). */
  rectOn(sheet: SheetModel, address: string, location: string): Rect {
    const parsed = parseReference(address);
    if (!parsed) fail("InvalidArgument", location, `bad address '${address}'`);
    if (parsed.sheet !== null && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
      fail("InvalidArgument", location, `address '${address}' is not on sheet '${sheet.name}'`);
    }
    return parsed.rect;
  }

  // ---------------------------------------------------------------- cells

  seed(sheet: SheetModel, address: string, values: CellScalar[][]): Rect {
    const start = this.rectOn(sheet, address, "control.seed");
    sheet.touch();
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v !== null && v !== undefined) sheet.set(start.r0 + i, start.c0 + j, rawStored(v));
      })
    );
    const width = Math.max(1, ...values.map((r) => r.length));
    return {
      r0: start.r0,
      c0: start.c0,
      r1: start.r0 + Math.max(values.length, 1) - 1,
      c1: start.c0 + width - 1,
    };
  }

  readCells<T>(
    sheet: SheetModel,
    rect: Rect,
    s: SyncSession | null,
    location: string,
    cell: (v: Stored | undefined, r: number, c: number) => T
  ): T[][] | null {
    // Office docs: cell-level properties of an unbounded range (whole rows/columns) come back null.
    if (isUnbounded(rect)) return null;
    const cells = rectRows(rect) * rectCols(rect);
    if (s) {
      if (cells > this.readCellLimit)
        fail("RangeExceedsLimit", location, `${cells} cells > ${this.readCellLimit}`);
      // Fail before building a huge array: every cell costs at least `"",` in the response.
      if (this.payloadLimitBytes !== null && s.responseBytes + cells * 3 > this.payloadLimitBytes) {
        fail(
          "ResponsePayloadSizeLimitExceeded",
          location,
          `at least ${cells * 3} bytes for ${cells} cells`
        );
      }
    }
    const out: T[][] = new Array<T[]>(rectRows(rect));
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = sheet.rows.get(r);
      const line = new Array<T>(rectCols(rect));
      for (let c = rect.c0; c <= rect.c1; c++) line[c - rect.c0] = cell(row?.v[c], r, c);
      out[r - rect.r0] = line;
    }
    return out;
  }

  /** Writes values (2-D matching the range, or one value for every cell; null leaves a cell alone). */
  writeValues(
    sheet: SheetModel,
    rect: Rect,
    input: unknown,
    origin: "addin" | "user",
    options: {
      typed: boolean;
      source?: "Local" | "Remote";
      undo?: UndoRecord["cells"];
      quiet?: boolean;
    },
    location: string
  ): void {
    if (input === null || input === undefined)
      fail("InvalidArgument", location, "values cannot be null");
    if (isUnbounded(rect))
      fail("InvalidArgument", location, "cannot set values on whole rows/columns");
    this.checkWritable(sheet, rect, location);
    const rows = rectRows(rect);
    const cols = rectCols(rect);
    const at = (i: number, j: number): unknown =>
      Array.isArray(input) ? (input[i] as unknown[])[j] : input;
    if (Array.isArray(input)) {
      if (
        input.length !== rows ||
        input.some((row) => !Array.isArray(row) || row.length !== cols)
      ) {
        fail("InvalidArgument", location, `values must be ${rows}x${cols}`);
      }
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = at(i, j);
        if (v === null || v === undefined) continue;
        if (typeof v === "number" && !Number.isFinite(v))
          fail("InvalidArgument", location, "values must be finite numbers");
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
          fail("InvalidArgument", location, `unsupported value ${String(v)}`);
      }
    }
    const single = rows === 1 && cols === 1;
    const before = single ? sheet.get(rect.r0, rect.c0) : undefined;
    sheet.touch();
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = at(i, j) as CellScalar | null | undefined;
        if (v === null || v === undefined) continue;
        const r = rect.r0 + i;
        const c = rect.c0 + j;
        options.undo?.push({ sheet, r, c, v: sheet.get(r, c), fill: sheet.effectiveFill(r, c) });
        if (typeof v === "string" && options.typed) {
          const t = typedStored(v, sheet.numberFormat(r, c), this.date1904);
          sheet.set(r, c, t.value);
          if (t.format) sheet.setNumberFormat(r, c, t.format);
        } else {
          sheet.set(r, c, rawStored(v));
        }
      }
    }
    const record: FakeEventRecord = {
      type: "WorksheetChanged",
      changeType: "RangeEdited",
      source: options.source ?? "Local",
      worksheetId: sheet.id,
      address: formatRect(rect),
    };
    if (this.reportTriggerSource)
      record.triggerSource = origin === "addin" ? "ThisLocalAddin" : "Unknown";
    if (single) {
      const after = sheet.get(rect.r0, rect.c0);
      record.details = {
        valueBefore: outValue(before),
        valueAfter: outValue(after),
        valueTypeBefore: valueType(before),
        valueTypeAfter: valueType(after),
      };
    }
    if (!options.quiet) this.raise({ kind: "Changed", sheetId: sheet.id, record });
  }

  writeNumberFormat(sheet: SheetModel, rect: Rect, input: unknown, location: string): void {
    if (input === null || input === undefined)
      fail("InvalidArgument", location, "numberFormat cannot be null");
    if (isUnbounded(rect))
      fail("InvalidArgument", location, "cannot set numberFormat on whole rows/columns");
    this.checkWritable(sheet, rect, location);
    const rows = rectRows(rect);
    const cols = rectCols(rect);
    if (
      Array.isArray(input) &&
      (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols))
    ) {
      fail("InvalidArgument", location, `numberFormat must be ${rows}x${cols}`);
    }
    sheet.touch();
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const f: unknown = Array.isArray(input) ? (input[i] as unknown[])[j] : input;
        if (f === null || f === undefined) continue;
        if (typeof f !== "string") fail("InvalidArgument", location, "number formats are strings");
        sheet.setNumberFormat(rect.r0 + i, rect.c0 + j, f === "" ? undefined : f);
      }
    }
    this.raiseFormatChanged(sheet, rect);
  }

  /** Fills rectangles; `s` is the add-in's batch (its undo bookkeeping), absent for the user's own formatting. */
  fill(
    sheet: SheetModel,
    rects: Rect[],
    color: string | null,
    s?: SyncSession,
    location = "RangeFill"
  ): void {
    for (const rect of rects) this.checkWritable(sheet, rect, location);
    for (const rect of rects) {
      if (s) {
        if (isUnbounded(rect)) s.markNotUndoable(location);
        else
          for (let r = rect.r0; r <= rect.r1; r++)
            for (let c = rect.c0; c <= rect.c1; c++)
              s.undoCells.push({
                sheet,
                r,
                c,
                v: sheet.get(r, c),
                fill: sheet.effectiveFill(r, c),
              });
      }
      sheet.applyFill(rect, color);
      this.raiseFormatChanged(sheet, rect);
    }
  }

  /** The fill every cell of some rectangles shares (null: no fill), or MIXED. */
  fillKeyOf(sheet: SheetModel, rects: Rect[]): string | null | typeof MIXED {
    let result: string | null | undefined;
    for (const rect of rects) {
      const f = sheet.fillOf(rect);
      if (f === MIXED) return MIXED;
      if (result === undefined) result = f;
      else if (result !== f) return MIXED;
    }
    return result ?? null;
  }

  /** Uniform fill colour of some rectangles as Excel reports it: "#RRGGBB", "#FFFFFF" for none, null when mixed. */
  fillColor(sheet: SheetModel, rects: Rect[]): string | null {
    const key = this.fillKeyOf(sheet, rects);
    if (key === MIXED) return null;
    return key === null ? NO_FILL_COLOR : fillParts(key).color;
  }

  raiseFormatChanged(sheet: SheetModel, rect: Rect): void {
    this.raise({
      kind: "FormatChanged",
      sheetId: sheet.id,
      record: {
        type: "WorksheetFormatChanged",
        worksheetId: sheet.id,
        address: formatRect(rect),
        source: "Local",
      },
    });
  }

  insertRows(
    sheet: SheetModel,
    at: number,
    count: number,
    origin: "addin" | "user" = "user"
  ): void {
    if (count <= 0) return;
    if (sheet.hasDataInRows(MAX_ROWS - count, MAX_ROWS - 1))
      fail("InvalidOperation", "control.insertRows", "data would be pushed off the sheet");
    this.checkWritable(
      sheet,
      { r0: at, r1: at + count - 1, c0: 0, c1: MAX_COLUMNS - 1 },
      "insertRows"
    );
    this.checkReferences(sheet, "insertRows");
    sheet.shiftRows(at, count);
    const rect: Rect = { r0: at, r1: at + count - 1, c0: 0, c1: MAX_COLUMNS - 1 };
    this.raise({
      kind: "Changed",
      sheetId: sheet.id,
      record: this.withTrigger(origin, {
        type: "WorksheetChanged",
        changeType: "RowInserted",
        source: "Local",
        worksheetId: sheet.id,
        address: formatRect(rect),
        changeDirectionState: { insertShiftDirection: "Down" },
      }),
    });
  }

  deleteRows(
    sheet: SheetModel,
    at: number,
    count: number,
    origin: "addin" | "user" = "user"
  ): void {
    if (count <= 0) return;
    this.checkWritable(
      sheet,
      { r0: at, r1: at + count - 1, c0: 0, c1: MAX_COLUMNS - 1 },
      "deleteRows"
    );
    this.checkReferences(sheet, "deleteRows");
    sheet.shiftRows(at, -count);
    const rect: Rect = { r0: at, r1: at + count - 1, c0: 0, c1: MAX_COLUMNS - 1 };
    this.raise({
      kind: "Changed",
      sheetId: sheet.id,
      record: this.withTrigger(origin, {
        type: "WorksheetChanged",
        changeType: "RowDeleted",
        source: "Local",
        worksheetId: sheet.id,
        address: formatRect(rect),
        changeDirectionState: { deleteShiftDirection: "Up" },
      }),
    });
  }

  private withTrigger(origin: "addin" | "user", record: FakeEventRecord): FakeEventRecord {
    if (this.reportTriggerSource)
      record.triggerSource = origin === "addin" ? "ThisLocalAddin" : "Unknown";
    return record;
  }

  /** Inserts (count > 0) or deletes columns at zero-based `at`, raising ColumnInserted/ColumnDeleted. */
  shiftColumns(sheet: SheetModel, at: number, count: number, origin: "addin" | "user"): void {
    if (count === 0) return;
    const rect: Rect = { r0: 0, r1: MAX_ROWS - 1, c0: at, c1: at + Math.abs(count) - 1 };
    this.checkWritable(sheet, rect, count > 0 ? "insertColumns" : "deleteColumns");
    this.checkReferences(sheet, count > 0 ? "insertColumns" : "deleteColumns");
    sheet.shiftColumns(at, count);
    this.raise({
      kind: "Changed",
      sheetId: sheet.id,
      record: this.withTrigger(origin, {
        type: "WorksheetChanged",
        changeType: count > 0 ? "ColumnInserted" : "ColumnDeleted",
        source: "Local",
        worksheetId: sheet.id,
        address: formatRect(rect),
        changeDirectionState:
          count > 0 ? { insertShiftDirection: "Right" } : { deleteShiftDirection: "Left" },
      }),
    });
  }

  /**
   * Rows or columns inserted into a sheet that a conditional format's formula points at with a
   * single-cell reference would make Excel rewrite that formula; the fake does not model that, so
   * it refuses (whole-row and whole-column references, which stay as they are, are fine).
   */
  private checkReferences(target: SheetModel, location: string): void {
    for (const sheet of this.sheets) {
      for (const rule of sheet.cfs) {
        for (const ref of rule.formula?.references() ?? []) {
          const refSheet = ref.sheet === null ? sheet : this.findSheet(ref.sheet);
          if (refSheet === target && refSheet !== sheet && ref.kind === "cell")
            throw new Error(
              `fakeExcel.${location}: conditional format '${rule.formulaText}' on '${sheet.name}' references cells of '${target.name}', whose adjustment is not modelled`
            );
        }
      }
    }
  }

  raiseChanged(
    sheet: SheetModel,
    rect: Rect,
    changeType: DataChangeType,
    origin: "addin" | "user"
  ): void {
    const record: FakeEventRecord = {
      type: "WorksheetChanged",
      changeType,
      source: "Local",
      worksheetId: sheet.id,
      address: formatRect(rect),
    };
    if (this.reportTriggerSource)
      record.triggerSource = origin === "addin" ? "ThisLocalAddin" : "Unknown";
    this.raise({ kind: "Changed", sheetId: sheet.id, record });
  }

  select(sheet: SheetModel, rect: Rect, active = { r: rect.r0, c: rect.c0 }): void {
    const changedSheet = sheet.id !== this.activeId;
    if (changedSheet) this.activate(sheet.id);
    sheet.selection = rect;
    sheet.active = active;
    this.raise({
      kind: "SelectionChanged",
      sheetId: sheet.id,
      record: {
        type: "WorksheetSelectionChanged",
        worksheetId: sheet.id,
        address: formatRect(rect),
      },
    });
  }

  // ---------------------------------------------------------------- the user's own operations

  /** Cells of a rectangle as an undo step would put them back. */
  private undoCellsOf(sheet: SheetModel, rect: Rect): UndoRecord["cells"] {
    const out: UndoRecord["cells"] = [];
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++)
        out.push({ sheet, r, c, v: sheet.get(r, c), fill: sheet.effectiveFill(r, c) });
    return out;
  }

  /**
   * Copy (or cut) and paste, as Excel's clipboard does: values, number formats, fills and the
   * source's conditional formats go to the destination, replacing its own (a pasted rule is a new
   * rule: Excel's conditional-format "fragmentation"); a cut leaves the source blank and
   * unformatted. Raises onChanged for the destination (and, for a cut, the source).
   */
  copyPaste(
    fromSheet: SheetModel,
    from: Rect,
    toSheet: SheetModel,
    toTopLeft: { r: number; c: number },
    options: { cut?: boolean; valuesOnly?: boolean }
  ): Rect {
    const to: Rect = {
      r0: toTopLeft.r,
      c0: toTopLeft.c,
      r1: toTopLeft.r + rectRows(from) - 1,
      c1: toTopLeft.c + rectCols(from) - 1,
    };
    checkedRect(to, "control.copyPaste");
    if (options.cut && fromSheet === toSheet && intersect(from, to))
      throw new Error("fakeExcel.copyPaste: an overlapping cut is not modelled");
    this.checkWritable(toSheet, to, "paste");
    if (options.cut) this.checkWritable(fromSheet, from, "cut");
    const undo = this.undoCellsOf(toSheet, to);
    if (options.cut) undo.push(...this.undoCellsOf(fromSheet, from));
    const states = [];
    for (let r = from.r0; r <= from.r1; r++)
      for (let c = from.c0; c <= from.c1; c++) states.push({ r, c, ...fromSheet.cellState(r, c) });
    const dr = to.r0 - from.r0;
    const dc = to.c0 - from.c0;
    const pastedRules: CfRule[] = [];
    if (!options.valuesOnly) {
      for (const rule of fromSheet.cfs) {
        const areas = rule.areas
          .map((a) => intersect(a, from))
          .filter((a): a is Rect => a !== null)
          .map((a) => ({ r0: a.r0 + dr, r1: a.r1 + dr, c0: a.c0 + dc, c1: a.c1 + dc }));
        if (areas.length === 0) continue;
        const relative = (rule.formula?.references() ?? []).some(
          (ref) => ref.kind === "cell" && !(ref.absRow0 && ref.absCol0)
        );
        if (relative)
          throw new Error(
            `fakeExcel.copyPaste: pasting '${rule.formulaText}' (relative references) is not modelled`
          );
        pastedRules.push({ ...rule, id: newCfId(), areas });
      }
    }
    toSheet.touch();
    fromSheet.touch();
    for (const st of states) {
      const r = st.r + dr;
      const c = st.c + dc;
      if (options.valuesOnly) toSheet.set(r, c, st.v);
      else toSheet.setCellState(r, c, st);
    }
    if (options.cut) {
      for (const st of states)
        fromSheet.setCellState(st.r, st.c, {
          v: undefined,
          fill: fromSheet.inheritedFill(st.r, st.c),
          nf: undefined,
        });
      removeFromConditionalFormats(fromSheet, [from]);
    }
    if (!options.valuesOnly) {
      removeFromConditionalFormats(toSheet, [to]);
      toSheet.cfs.unshift(...pastedRules);
    }
    this.pushUserUndo({ label: options.cut ? "cut" : "paste", cells: undo });
    if (options.cut) this.raiseChanged(fromSheet, from, "RangeEdited", "user");
    this.raiseChanged(toSheet, to, "RangeEdited", "user");
    return to;
  }

  /**
   * Fill-drag of `source` rows over `target` (values and formats, repeated). Over rows hidden by a
   * filter Excel fills only the visible rows and raises no onChanged at all.
   */
  fillDown(sheet: SheetModel, source: Rect, target: Rect): void {
    this.checkWritable(sheet, target, "fillDown");
    let filtered = false;
    const undo: UndoRecord["cells"] = [];
    sheet.touch();
    for (let r = target.r0; r <= target.r1; r++) {
      if (sheet.hiddenRows.has(r)) {
        filtered = true;
        continue;
      }
      const from = source.r0 + ((r - target.r0) % rectRows(source));
      for (let c = target.c0; c <= target.c1; c++) {
        undo.push({ sheet, r, c, v: sheet.get(r, c), fill: sheet.effectiveFill(r, c) });
        sheet.setCellState(r, c, sheet.cellState(from, c));
      }
    }
    this.pushUserUndo({ label: "fill", cells: undo });
    if (!filtered) this.raiseChanged(sheet, target, "RangeEdited", "user");
  }

  /** Changes values without any event (drop-down picks, Text to Columns, recalculated formulas). */
  setQuietly(
    sheet: SheetModel,
    cells: { r: number; c: number; v: CellScalar }[],
    label: string
  ): void {
    const undo: UndoRecord["cells"] = [];
    sheet.touch();
    for (const { r, c, v } of cells) {
      this.checkWritable(sheet, { r0: r, r1: r, c0: c, c1: c }, label);
      undo.push({ sheet, r, c, v: sheet.get(r, c), fill: sheet.effectiveFill(r, c) });
      sheet.set(r, c, rawStored(v));
    }
    this.pushUserUndo({ label, cells: undo });
  }

  /** Sorts the rows of a rectangle by one column: values and cell formats move, conditional formats stay. */
  sortRows(sheet: SheetModel, rect: Rect, key: number, ascending: boolean): void {
    this.checkWritable(sheet, rect, "sort");
    const undo = this.undoCellsOf(sheet, rect);
    const rows = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const cells = [];
      for (let c = rect.c0; c <= rect.c1; c++) cells.push(sheet.cellState(r, c));
      rows.push({ r, key: resultOf(sheet.get(r, key)), cells });
    }
    const rank = (v: CellScalar | CellError | undefined): number =>
      v === undefined
        ? 4
        : v instanceof CellError
          ? 3
          : typeof v === "boolean"
            ? 2
            : typeof v === "string"
              ? 1
              : 0;
    const sorted = [...rows].sort((a, b) => {
      // Blanks go last whatever the order, as in Excel.
      const ra = rank(a.key);
      const rb = rank(b.key);
      if (ra === 4 || rb === 4) return ra - rb;
      let cmp = ra - rb;
      if (cmp === 0 && ra <= 1)
        cmp = ra === 0 ? Number(a.key) - Number(b.key) : String(a.key).localeCompare(String(b.key));
      return (ascending ? cmp : -cmp) || a.r - b.r;
    });
    sheet.touch();
    sorted.forEach((row, i) => {
      row.cells.forEach((cell, j) => sheet.setCellState(rect.r0 + i, rect.c0 + j, cell));
    });
    this.pushUserUndo({ label: "sort", cells: undo });
    this.raise({
      kind: "RowSorted",
      sheetId: sheet.id,
      record: {
        type: "WorksheetRowSorted",
        worksheetId: sheet.id,
        address: formatRect(rect),
        source: "Local",
      },
    });
  }

  // ---------------------------------------------------------------- batches

  injectFailure(code: string, message?: string): void {
    this.injected.push({ code, message });
  }

  /**
   * What an add-in's write does to the user's undo stack. Before ExcelApi 1.20 any API write clears
   * it; from 1.20 each sync that changed cells is one step (the syncs of one Excel.run are one step
   * with mergeUndoGroup). Writes Excel cannot undo (sheets, conditional formats, settings) clear it.
   */
  private recordApiUndo(context: FakeRequestContext, session: SyncSession): void {
    if (!this.apiAtLeast("1.20") || session.notUndoable) {
      this.undoStack = [];
      return;
    }
    if (session.undoCells.length === 0) return;
    const top = this.undoStack[this.undoStack.length - 1];
    if (context._mergeUndoGroup && top?.runId === context._runId) {
      top.cells.push(...session.undoCells);
      return;
    }
    this.undoStack.push({
      label: "add-in",
      cells: [...session.undoCells],
      runId: context._mergeUndoGroup ? context._runId : undefined,
    });
    if (this.undoStack.length > 100) this.undoStack.shift();
  }

  /** A step of the user's own (Excel keeps 100). */
  pushUserUndo(record: UndoRecord): void {
    this.undoStack.push(record);
    if (this.undoStack.length > 100) this.undoStack.shift();
  }

  /** Ctrl+Z: takes back the last step and raises onChanged for what it changed, as Excel does. */
  undo(): string | null {
    const record = this.undoStack.pop();
    if (!record) return null;
    if (record.unmodelled)
      throw new Error(`fakeExcel.undo: undoing "${record.label}" is not modelled`);
    const bySheet = new Map<SheetModel, Rect>();
    for (const cell of [...record.cells].reverse()) {
      if (!this.sheets.includes(cell.sheet)) continue;
      cell.sheet.touch();
      cell.sheet.set(cell.r, cell.c, cell.v);
      cell.sheet.setCellFill(cell.r, cell.c, cell.fill);
      const box = bySheet.get(cell.sheet);
      bySheet.set(
        cell.sheet,
        box
          ? {
              r0: Math.min(box.r0, cell.r),
              r1: Math.max(box.r1, cell.r),
              c0: Math.min(box.c0, cell.c),
              c1: Math.max(box.c1, cell.c),
            }
          : { r0: cell.r, r1: cell.r, c0: cell.c, c1: cell.c }
      );
    }
    for (const [sheet, rect] of bySheet) this.raiseChanged(sheet, rect, "RangeEdited", "user");
    return record.label;
  }

  async roundTrip(context: FakeRequestContext, actions: Action[]): Promise<void> {
    this.syncCount++;
    if (this.latencyMs > 0)
      await new Promise<void>((resolve) => setTimeout(resolve, this.latencyMs));
    else await Promise.resolve();
    while (this.cellEditMode && context._delayForCellEdit)
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    // The user acts while the request travels: what they do lands before the batch runs.
    this.beforeSync?.({ actions: actions.map((a) => a.location) });
    this.execute(context, actions);
  }

  /** Runs one batch in order. Writes before a failing action stay applied; loads are delivered only on success. */
  execute(context: FakeRequestContext, actions: Action[]): void {
    const record: FakeSyncRecord = {
      contextId: context._id,
      actions: actions.length,
      writes: 0,
      requestBytes: 0,
      responseBytes: 0,
    };
    this.syncLog.push(record);
    if (this.syncLog.length > 1000) this.syncLog.shift();
    const injected = this.injected.shift();
    if (injected) {
      record.error = injected.code;
      throw new FakeOfficeError(injected.code, injected.message, "control.failNextSync");
    }
    if (this.cellEditMode && actions.length > 0) {
      record.error = "InvalidOperationInCellEditMode";
      fail("InvalidOperationInCellEditMode", "RequestContext.sync");
    }
    for (const a of actions) record.requestBytes += a.requestBytes;
    if (this.payloadLimitBytes !== null && record.requestBytes > this.payloadLimitBytes) {
      record.error = this.oversizeCode("RequestPayloadSizeLimitExceeded");
      fail(
        record.error,
        "RequestContext.sync",
        `request ~${record.requestBytes} bytes > cap ${this.payloadLimitBytes}`
      );
    }
    const session = new SyncSession(this, context);
    try {
      for (const a of actions) {
        const before = workbookVersion(this);
        try {
          a.run(session);
          if (workbookVersion(this) !== before) record.writes++;
        } catch (e) {
          if (workbookVersion(this) !== before) record.writes++;
          if (e instanceof FakeOfficeError) {
            if (!e.debugInfo.errorLocation) e.debugInfo.errorLocation = a.location;
            e.traceMessages = context._traces.slice();
            throw e;
          }
          throw new FakeOfficeError(
            "GeneralException",
            undefined,
            a.location,
            e instanceof Error ? e.message : String(e)
          );
        }
      }
      session.commit();
    } catch (e) {
      record.error = e instanceof FakeOfficeError ? e.code : "GeneralException";
      throw e;
    } finally {
      if (record.writes > 0) {
        this.writeSyncCount++;
        this.recordApiUndo(context, session);
      }
      record.responseBytes = session.responseBytes;
      context._traces.length = 0;
    }
  }

  // ---------------------------------------------------------------- events

  register(reg: Registration): void {
    this.registrations.push(reg);
  }

  unregister(kind: EventKind, scope: string, handler: EventHandler): void {
    const i = this.registrations.findIndex(
      (r) => r.kind === kind && r.scope === scope && r.handler === handler
    );
    if (i >= 0) this.registrations.splice(i, 1);
  }

  raise(event: RaisedEvent): void {
    // A build without ExcelApi 1.10 has no sort events.
    if (event.kind === "RowSorted" && !this.apiAtLeast("1.10")) return;
    this.events.push(event.record);
    if (!this.enableEvents) return;
    for (const reg of this.registrations) {
      if (reg.kind !== event.kind) continue;
      const matches =
        reg.scope === "*"
          ? event.sheetId !== null
          : reg.scope === "settings"
            ? event.kind === "SettingsChanged"
            : reg.scope === event.sheetId;
      if (matches) this.deliver(reg, event.record);
    }
  }

  /** Handlers run later, on a macrotask, like Excel's event notifications. */
  private deliver(reg: Registration, record: FakeEventRecord): void {
    this.pendingDeliveries++;
    setTimeout(() => {
      this.pendingDeliveries--;
      const args = makeEventArgs(record);
      let result: unknown;
      try {
        result = reg.handler(args);
      } catch (e) {
        this.handlerErrors.push(e);
        return;
      }
      if (result && typeof (result as Promise<unknown>).then === "function") {
        const p = Promise.resolve(result as Promise<unknown>).then(
          () => undefined,
          (e: unknown) => {
            this.handlerErrors.push(e);
          }
        );
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
      }
    }, 0);
  }

  /** Waits until no event is waiting for delivery and no handler promise is pending. */
  async flush(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (this.pendingDeliveries === 0 && this.inflight.size === 0) {
        // One more turn in case a finishing handler queued something.
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        if (this.pendingDeliveries === 0 && this.inflight.size === 0) return;
      }
      if (this.inflight.size > 0 && this.pendingDeliveries === 0)
        await Promise.race([...this.inflight]);
    }
    throw new Error(
      `fakeExcel.flush: events did not settle after ${maxRounds} rounds (a handler that writes on every change?)`
    );
  }

  isSetSupported(name: string, minVersion?: string | number): boolean {
    const have = this.requirementSets.get(name);
    if (have === undefined) return false;
    if (minVersion === undefined || minVersion === "") return true;
    const parse = (v: string): number[] => v.split(".").map((x) => Number(x) || 0);
    const a = parse(have);
    const b = parse(String(minVersion));
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i] ?? 0;
      const y = b[i] ?? 0;
      if (x !== y) return x > y;
    }
    return true;
  }
}

/** Builds what a handler receives: the event data plus `getRange(ctx)` / `getRangeOrNullObject(ctx)`. */
function makeEventArgs(record: FakeEventRecord): FakeEventArgs {
  const args: FakeEventArgs = { ...record };
  if (record.details) args.details = { ...record.details };
  if (record.worksheetId !== undefined && record.address !== undefined) {
    const id = record.worksheetId;
    const address = record.address;
    args.getRange = (ctx: FakeRequestContext): FakeRange =>
      ctx.workbook.worksheets.getItem(id).getRange(address);
    args.getRangeOrNullObject = (ctx: FakeRequestContext): FakeRange =>
      ctx.workbook.worksheets.getItemOrNullObject(id).getRange(address);
  }
  return args;
}

// ================================================================================================
// Proxies
// ================================================================================================

const NOT_A_PROPERTY = Symbol("not a property");
type ReadResult = unknown | typeof NOT_A_PROPERTY;

/** Base of every proxy: load/sync bookkeeping, PropertyNotLoaded, null objects, tracking. */
abstract class ProxyBase {
  /** @internal Loaded (synced) or locally set property values. */
  _loaded = new Map<string, unknown>();
  /** @internal undefined until a sync resolved an *OrNullObject proxy. */
  _isNull: boolean | undefined;
  /** @internal */
  _tracked = false;
  /** @internal Set when an Excel.run ends and the object was not tracked (ranges only). */
  _released = false;
  /** @internal The object this one was navigated from (range.format, format.fill...), whose release it shares. */
  _parent: ProxyBase | null = null;

  abstract readonly _typeName: string;

  constructor(
    readonly context: FakeRequestContext,
    /** @internal Came from an *OrNullObject method (or from one). */
    readonly _nullable: boolean
  ) {
    if (!_nullable) this._isNull = false;
  }

  /** @internal Released itself, or reached through a released untracked object. */
  _isReleased(): boolean {
    if (this._released) return true;
    return !this._tracked && this._parent !== null && this._parent._isReleased();
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw propertyNotLoaded(this._typeName, "isNullObject");
    return this._isNull;
  }

  /** @internal Reads a property: its loaded value, null on a null object, else PropertyNotLoaded. */
  protected _get<T>(name: string): T {
    if (this._loaded.has(name)) return this._loaded.get(name) as T;
    if (this._isNull === true) return null as T;
    throw propertyNotLoaded(this._typeName, name);
  }

  /** @internal Resolves the object in the workbook at sync time; null for a null object. */
  abstract _resolveAny(s: SyncSession): unknown;

  /** @internal Scalar properties a bare `load()` fetches. */
  protected _scalarNames(): readonly string[] {
    return [];
  }

  /** @internal Reads a scalar at sync time (target is non-null). */
  protected _readScalar(_name: string, _target: unknown, _s: SyncSession): ReadResult {
    return NOT_A_PROPERTY;
  }

  /** @internal Navigation properties (child proxies) by name. */
  protected _navigation(_name: string): ProxyBase | undefined {
    return undefined;
  }

  /** @internal Properties `set({...})` may assign. */
  protected _settable(): readonly string[] {
    return [];
  }

  /** @internal */
  _enqueue(location: string, requestBytes: number, run: (s: SyncSession) => void): void {
    this.context._enqueue({ location, requestBytes, run });
  }

  load(option?: LoadOption): this {
    const tree = parseLoadOption(option);
    this._enqueue(`${this._typeName}.load`, 40, (s) => this._collect(tree, s));
    return this;
  }

  /** @internal Stages the requested properties (and children) into the session. */
  _collect(tree: LoadTree, s: SyncSession): void {
    const target = this._resolveAny(s);
    const location = `${this._typeName}.load`;
    const names = new Set<string>(tree.all ? this._scalarNames() : []);
    for (const p of tree.props) names.add(p);
    for (const name of names) {
      const child = this._navigation(name);
      if (child) {
        child._collect(emptyTree(true), s);
        continue;
      }
      if (target === null) {
        s.stage(this, name, null, location);
        continue;
      }
      const value = this._readScalar(name, target, s);
      if (value === NOT_A_PROPERTY)
        fail(
          "InvalidArgument",
          location,
          `'${name}' is not a loadable property of ${this._typeName}`
        );
      s.stage(this, name, value, `${this._typeName}.${name}`);
    }
    for (const [name, sub] of tree.nav) {
      const child = this._navigation(name);
      if (!child)
        fail(
          "InvalidArgument",
          location,
          `'${name}' is not a navigation property of ${this._typeName}`
        );
      child._collect(sub, s);
    }
  }

  /** Sets several properties at once (plain object, nested for navigation properties). */
  set(properties: Record<string, unknown>): void {
    const settable = this._settable();
    for (const [key, value] of Object.entries(properties)) {
      const child = this._navigation(key);
      if (child && value && typeof value === "object" && !Array.isArray(value))
        child.set(value as Record<string, unknown>);
      else if (settable.includes(key)) (this as unknown as Record<string, unknown>)[key] = value;
      else
        throw new FakeOfficeError(
          "InvalidArgument",
          undefined,
          `${this._typeName}.set`,
          `'${key}' cannot be set`
        );
    }
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._loaded) out[k] = v;
    return out;
  }

  track(): this {
    this._tracked = true;
    return this;
  }

  untrack(): this {
    this._tracked = false;
    return this;
  }
}

/** A proxy whose workbook object is found once (at its first sync) and cached, like Excel's object references. */
abstract class BoundProxy<T> extends ProxyBase {
  private resolved: { target: T | null } | null = null;

  constructor(
    context: FakeRequestContext,
    nullable: boolean,
    private readonly compute: (s: SyncSession) => T | null,
    /** False for an *OrNullObject navigation property: reading it queues nothing (its load does). */
    queued = true
  ) {
    super(context, nullable);
    // An *OrNullObject call is itself part of the batch: the next sync settles isNullObject.
    if (nullable && queued) this._enqueue("OrNullObject", 20, (s) => void this._target(s));
  }

  /** @internal Re-checks a cached target (e.g. its sheet may have been deleted since). */
  protected _revalidate(target: T, _s: SyncSession): T {
    return target;
  }

  _resolveAny(s: SyncSession): T | null {
    return this._target(s);
  }

  /** @internal */
  _target(s: SyncSession): T | null {
    if (this._isReleased())
      fail(
        "InvalidObjectPath",
        this._typeName,
        "used after its Excel.run ended without trackedObjects.add()"
      );
    if (s.context !== this.context) fail("InvalidRequestContext", this._typeName);
    if (this.resolved)
      return this.resolved.target === null ? null : this._revalidate(this.resolved.target, s);
    const target = this.compute(s);
    this.resolved = { target };
    this._isNull = target === null;
    return target;
  }

  /** @internal Queues a property write: kept locally at once (as Office.js does), applied at sync. */
  protected _queueSet(
    name: string,
    value: unknown,
    requestBytes: number,
    apply: (target: T, s: SyncSession) => void
  ): void {
    this._loaded.set(name, value);
    this._enqueue(`${this._typeName}.${name}`, requestBytes, (s) => {
      const t = this._target(s);
      if (t !== null) apply(t, s);
    });
  }

  /** @internal Queues a method call (a no-op on a null object). */
  protected _queueCall(
    name: string,
    requestBytes: number,
    apply: (target: T, s: SyncSession) => void
  ): void {
    this._enqueue(`${this._typeName}.${name}`, requestBytes, (s) => {
      const t = this._target(s);
      if (t !== null) apply(t, s);
    });
  }
}

/** `ClientResult<T>`: `.value` only after the sync. */
export class FakeClientResult<T> {
  private loaded = false;
  private current: T | undefined;

  /** @internal */
  _set(value: T): void {
    this.loaded = true;
    this.current = value;
  }

  get value(): T {
    if (!this.loaded) throw new FakeOfficeError("ValueNotLoaded", undefined, "ClientResult.value");
    return this.current as T;
  }
}

function clientResult<T>(
  owner: ProxyBase,
  location: string,
  compute: (s: SyncSession) => T
): FakeClientResult<T> {
  const result = new FakeClientResult<T>();
  owner._enqueue(location, 40, (s) => {
    const value = compute(s);
    s.charge(jsonSize(value), location);
    s.onCommit.push(() => result._set(value));
  });
  return result;
}

// ---------------------------------------------------------------- event handlers

export class FakeEventHandlerResult {
  constructor(
    readonly context: FakeRequestContext,
    private readonly handlers: FakeEventHandlers,
    private readonly handler: EventHandler
  ) {}

  /** Queues removal; it takes effect at the next sync of the context the handler was added in. */
  remove(): void {
    this.handlers.remove(this.handler);
  }
}

export class FakeEventHandlers {
  constructor(
    private readonly owner: ProxyBase,
    private readonly kind: EventKind,
    /** Resolves the registration scope at sync time: a sheet id, "*" or "settings"; null on a null object. */
    private readonly scopeOf: (s: SyncSession) => string | null
  ) {}

  /** Queues registration: handlers are live only after `context.sync()`. */
  add(handler: (args: FakeEventArgs) => unknown): FakeEventHandlerResult {
    const h = handler;
    this.owner._enqueue(`${this.owner._typeName}.on${this.kind}.add`, 40, (s) => {
      const scope = this.scopeOf(s);
      if (scope !== null)
        s.host.register({ kind: this.kind, scope, handler: h, context: this.owner.context });
    });
    return new FakeEventHandlerResult(this.owner.context, this, h);
  }

  remove(handler: (args: FakeEventArgs) => unknown): void {
    const h = handler;
    this.owner._enqueue(`${this.owner._typeName}.on${this.kind}.remove`, 40, (s) => {
      const scope = this.scopeOf(s);
      if (scope !== null) s.host.unregister(this.kind, scope, h);
    });
  }
}

/**
 * An event of the ExcelApi set `version` (Worksheet.onChanged 1.7, WorksheetCollection.onChanged
 * 1.9...): on a build without it, the sync that adds a handler fails with ApiNotFound.
 */
function eventSince(
  owner: ProxyBase,
  kind: EventKind,
  version: string,
  scope: (s: SyncSession) => string | null
): FakeEventHandlers {
  return new FakeEventHandlers(owner, kind, (s) => {
    s.host.requireApi(version, `${owner._typeName}.on${kind}`);
    return scope(s);
  });
}

// ---------------------------------------------------------------- ranges

interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

const RANGE_SCALARS = [
  "address",
  "addressLocal",
  "cellCount",
  "columnCount",
  "columnIndex",
  "rowCount",
  "rowIndex",
  "isEntireColumn",
  "isEntireRow",
  "values",
  "text",
  "numberFormat",
  "numberFormatLocal",
  "valueTypes",
  "formulas",
] as const;

export class FakeRange extends BoundProxy<RangeTarget> {
  readonly _typeName = "Range";
  private formatProxy: FakeRangeFormat | undefined;
  private cfProxy: FakeConditionalFormatCollection | undefined;
  private worksheetProxy: FakeWorksheet | undefined;

  constructor(
    context: FakeRequestContext,
    nullable: boolean,
    compute: (s: SyncSession) => RangeTarget | null
  ) {
    super(context, nullable, compute);
    context._trackable.push(this);
  }

  protected override _revalidate(target: RangeTarget, s: SyncSession): RangeTarget {
    s.host.sheetAlive(target.sheet, "Range");
    return target;
  }

  /** @internal A child range computed from this one at sync time. */
  private derive(f: (t: RangeTarget, s: SyncSession) => Rect | null, nullable = false): FakeRange {
    return new FakeRange(this.context, this._nullable || nullable, (s) => {
      const t = this._target(s);
      if (t === null) return null;
      const rect = f(t, s);
      return rect === null ? null : { sheet: t.sheet, rect };
    });
  }

  get format(): FakeRangeFormat {
    return (this.formatProxy ??= childOf(
      this,
      new FakeRangeFormat(this.context, this._nullable, (s) => {
        const t = this._target(s);
        return t === null ? null : { sheet: t.sheet, rects: [t.rect] };
      })
    ));
  }

  /** ExcelApi 1.6: the conditional formats overlapping the range. */
  get conditionalFormats(): FakeConditionalFormatCollection {
    return (this.cfProxy ??= childOf(
      this,
      new FakeConditionalFormatCollection(this.context, this._nullable, (s) => {
        const t = this._target(s);
        return t === null ? null : { sheet: t.sheet, rects: [t.rect] };
      })
    ));
  }

  get worksheet(): FakeWorksheet {
    return (this.worksheetProxy ??= childOf(
      this,
      new FakeWorksheet(this.context, this._nullable, (s) => this._target(s)?.sheet ?? null)
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    if (name === "format") return this.format;
    if (name === "worksheet") return this.worksheet;
    return undefined;
  }

  protected override _scalarNames(): readonly string[] {
    return RANGE_SCALARS;
  }

  protected override _settable(): readonly string[] {
    return ["values", "numberFormat", "formulas"];
  }

  protected override _readScalar(name: string, target: unknown, s: SyncSession): ReadResult {
    const { sheet, rect } = target as RangeTarget;
    const host = s.host;
    const loc = `Range.${name}`;
    switch (name) {
      case "address":
      case "addressLocal":
        return qualifiedAddress(sheet.name, rect);
      case "cellCount": {
        const n = rectRows(rect) * rectCols(rect);
        return n > 2_147_483_647 ? -1 : n;
      }
      case "columnCount":
        return rectCols(rect);
      case "rowCount":
        return rectRows(rect);
      case "columnIndex":
        return rect.c0;
      case "rowIndex":
        return rect.r0;
      case "isEntireColumn":
        return isEntireColumns(rect);
      case "isEntireRow":
        return isEntireRows(rect);
      case "values":
        return host.readCells(sheet, rect, s, loc, (v) => outValue(v));
      case "formulas":
        return host.readCells(sheet, rect, s, loc, (v) =>
          v instanceof FormulaCell || (v instanceof CellError && v.formula)
            ? v.formula!
            : outValue(v)
        );
      case "text":
        return host.readCells(sheet, rect, s, loc, (v, r, c) =>
          displayText(v, sheet.numberFormat(r, c), host.date1904)
        );
      case "numberFormat":
      case "numberFormatLocal":
        return host.readCells(
          sheet,
          rect,
          s,
          loc,
          (_v, r, c) => sheet.numberFormat(r, c) ?? "General"
        );
      case "valueTypes":
        return host.readCells(sheet, rect, s, loc, (v) => valueType(v));
      default:
        return NOT_A_PROPERTY;
    }
  }

  get address(): string {
    return this._get("address");
  }
  get addressLocal(): string {
    return this._get("addressLocal");
  }
  get cellCount(): number {
    return this._get("cellCount");
  }
  get columnCount(): number {
    return this._get("columnCount");
  }
  get rowCount(): number {
    return this._get("rowCount");
  }
  get columnIndex(): number {
    return this._get("columnIndex");
  }
  get rowIndex(): number {
    return this._get("rowIndex");
  }
  get isEntireColumn(): boolean {
    return this._get("isEntireColumn");
  }
  get isEntireRow(): boolean {
    return this._get("isEntireRow");
  }
  get text(): string[][] {
    return this._get("text");
  }
  get valueTypes(): RangeValueType[][] {
    return this._get("valueTypes");
  }

  get values(): CellScalar[][] {
    return this._get("values");
  }
  set values(input: CellScalar[][]) {
    this._queueSet("values", input, jsonSize(input), (t, s) =>
      s.host.writeValues(
        t.sheet,
        t.rect,
        input,
        "addin",
        { typed: s.host.coerceApiWrites, undo: s.undoCells },
        "Range.values"
      )
    );
  }

  /**
   * Writing `formulas` behaves like writing `values` (typed input); of the formulas only HYPERLINK
   * with text arguments is evaluated, the rest show #NAME? (see typedStored).
   */
  get formulas(): CellScalar[][] {
    return this._get("formulas");
  }
  set formulas(input: CellScalar[][]) {
    this._queueSet("formulas", input, jsonSize(input), (t, s) =>
      s.host.writeValues(
        t.sheet,
        t.rect,
        input,
        "addin",
        { typed: true, undo: s.undoCells },
        "Range.formulas"
      )
    );
  }

  get numberFormat(): string[][] {
    return this._get("numberFormat");
  }
  set numberFormat(input: string[][]) {
    this._queueSet("numberFormat", input, jsonSize(input), (t, s) =>
      s.host.writeNumberFormat(t.sheet, t.rect, input, "Range.numberFormat")
    );
  }

  get numberFormatLocal(): string[][] {
    return this._get("numberFormatLocal");
  }

  select(): void {
    this._queueCall("select", 40, (t, s) => s.host.select(t.sheet, t.rect));
  }

  /** Clears contents ("Contents"), formats ("Formats") or both ("All", default). */
  clear(applyTo: "All" | "Formats" | "Contents" = "All"): void {
    this._queueCall("clear", 40, (t, s) => {
      s.host.checkWritable(t.sheet, t.rect, "Range.clear");
      if (applyTo !== "Formats") {
        if (isUnbounded(t.rect)) {
          for (const [r, row] of t.sheet.rows)
            if (r >= t.rect.r0 && r <= t.rect.r1)
              for (let c = t.rect.c0; c <= t.rect.c1 && c < row.v.length; c++) {
                if (row.v[c] === undefined) continue;
                s.undoCells.push({
                  sheet: t.sheet,
                  r,
                  c,
                  v: row.v[c],
                  fill: t.sheet.effectiveFill(r, c),
                });
                row.v[c] = undefined;
              }
          t.sheet.touch();
          s.host.raiseChanged(t.sheet, t.rect, "RangeEdited", "addin");
        } else {
          s.host.writeValues(
            t.sheet,
            t.rect,
            "",
            "addin",
            { typed: false, undo: s.undoCells },
            "Range.clear"
          );
        }
      }
      if (applyTo !== "Contents") {
        s.host.fill(t.sheet, [t.rect], null, s, "Range.clear");
        if (!isUnbounded(t.rect))
          for (let r = t.rect.r0; r <= t.rect.r1; r++)
            for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.setNumberFormat(r, c, undefined);
        // Clearing formats takes the range out of every conditional format, as in Excel.
        if (t.sheet.cfs.some((rule) => rule.areas.some((a) => intersect(a, t.rect)))) {
          s.markNotUndoable("Range.clear");
          removeFromConditionalFormats(t.sheet, [t.rect]);
        }
      }
    });
  }

  /**
   * Inserts cells the size of the range, shifting the others "Down" or "Right" (ExcelApi 1.1).
   * The fake models whole rows shifted down and whole columns shifted right.
   */
  insert(shift: "Down" | "Right"): FakeRange {
    this._queueCall("insert", 40, (t, s) => {
      s.markNotUndoable("Range.insert");
      if (shift === "Down" && isEntireRows(t.rect))
        s.host.insertRows(t.sheet, t.rect.r0, rectRows(t.rect), "addin");
      else if (shift === "Right" && isEntireColumns(t.rect))
        s.host.shiftColumns(t.sheet, t.rect.c0, rectCols(t.rect), "addin");
      else
        fail(
          "InvalidArgument",
          "Range.insert",
          "the fake shifts whole rows down or whole columns right"
        );
    });
    return this;
  }

  /** Deletes the range's cells, shifting the others "Up" or "Left" (whole rows / columns in the fake). */
  delete(shift: "Up" | "Left"): void {
    this._queueCall("delete", 40, (t, s) => {
      s.markNotUndoable("Range.delete");
      if (shift === "Up" && isEntireRows(t.rect))
        s.host.deleteRows(t.sheet, t.rect.r0, rectRows(t.rect), "addin");
      else if (shift === "Left" && isEntireColumns(t.rect))
        s.host.shiftColumns(t.sheet, t.rect.c0, -rectCols(t.rect), "addin");
      else
        fail(
          "InvalidArgument",
          "Range.delete",
          "the fake shifts whole rows up or whole columns left"
        );
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive((t) =>
      checkedRect(
        {
          r0: t.rect.r0 + row,
          c0: t.rect.c0 + column,
          r1: t.rect.r0 + row,
          c1: t.rect.c0 + column,
        },
        "Range.getCell"
      )
    );
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derive((t) =>
      checkedRect(
        {
          r0: t.rect.r0 + rowOffset,
          r1: t.rect.r1 + rowOffset,
          c0: t.rect.c0 + columnOffset,
          c1: t.rect.c1 + columnOffset,
        },
        "Range.getOffsetRange"
      )
    );
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive((t) =>
      checkedRect(
        { ...t.rect, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns },
        "Range.getResizedRange"
      )
    );
  }

  getAbsoluteResizedRange(numRows: number, numColumns: number): FakeRange {
    return this.derive((t) =>
      checkedRect(
        { ...t.rect, r1: t.rect.r0 + numRows - 1, c1: t.rect.c0 + numColumns - 1 },
        "Range.getAbsoluteResizedRange"
      )
    );
  }

  getRow(row: number): FakeRange {
    return this.derive((t) =>
      row < 0 || row >= rectRows(t.rect)
        ? fail("InvalidArgument", "Range.getRow")
        : { ...t.rect, r0: t.rect.r0 + row, r1: t.rect.r0 + row }
    );
  }

  getColumn(column: number): FakeRange {
    return this.derive((t) =>
      column < 0 || column >= rectCols(t.rect)
        ? fail("InvalidArgument", "Range.getColumn")
        : { ...t.rect, c0: t.rect.c0 + column, c1: t.rect.c0 + column }
    );
  }

  getLastRow(): FakeRange {
    return this.derive((t) => ({ ...t.rect, r0: t.rect.r1 }));
  }

  getEntireRow(): FakeRange {
    return this.derive((t) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLUMNS - 1 }));
  }

  getEntireColumn(): FakeRange {
    return this.derive((t) => ({ r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 }));
  }

  getRowsBelow(count = 1): FakeRange {
    return this.derive((t) =>
      checkedRect({ ...t.rect, r0: t.rect.r1 + 1, r1: t.rect.r1 + count }, "Range.getRowsBelow")
    );
  }

  getRowsAbove(count = 1): FakeRange {
    return this.derive((t) =>
      checkedRect({ ...t.rect, r0: t.rect.r0 - count, r1: t.rect.r0 - 1 }, "Range.getRowsAbove")
    );
  }

  private otherRect(
    another: FakeRange | string,
    t: RangeTarget,
    s: SyncSession,
    location: string
  ): Rect {
    if (typeof another === "string") return s.host.rectOn(t.sheet, another, location);
    const o = another._target(s);
    if (o === null || o.sheet !== t.sheet)
      fail("InvalidArgument", location, "ranges are on different sheets");
    return o.rect;
  }

  private checkContext(another: FakeRange | string): void {
    if (typeof another !== "string" && another.context !== this.context)
      throw new FakeOfficeError("InvalidRequestContext", undefined, "Range");
  }

  getIntersection(another: FakeRange | string): FakeRange {
    this.checkContext(another);
    return this.derive(
      (t, s) =>
        intersect(t.rect, this.otherRect(another, t, s, "Range.getIntersection")) ??
        fail("ItemNotFound", "Range.getIntersection")
    );
  }

  getIntersectionOrNullObject(another: FakeRange | string): FakeRange {
    this.checkContext(another);
    return this.derive(
      (t, s) =>
        intersect(t.rect, this.otherRect(another, t, s, "Range.getIntersectionOrNullObject")),
      true
    );
  }

  getBoundingRect(another: FakeRange | string): FakeRange {
    this.checkContext(another);
    return this.derive((t, s) => {
      const o = this.otherRect(another, t, s, "Range.getBoundingRect");
      return {
        r0: Math.min(t.rect.r0, o.r0),
        r1: Math.max(t.rect.r1, o.r1),
        c0: Math.min(t.rect.c0, o.c0),
        c1: Math.max(t.rect.c1, o.c1),
      };
    });
  }

  getUsedRange(valuesOnly = false): FakeRange {
    return this.derive((t) => {
      const used = t.sheet.usedRect(valuesOnly);
      return (used && intersect(used, t.rect)) ?? fail("ItemNotFound", "Range.getUsedRange");
    });
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return this.derive((t) => {
      const used = t.sheet.usedRect(valuesOnly);
      return used && intersect(used, t.rect);
    }, true);
  }

  /**
   * Per-cell properties (ExcelApi 1.9), as a ClientResult read after the sync: only what the
   * options ask for (`{ format: { fill: { color: true, pattern: true } } }`, `address`). A cell
   * without a fill reads color "#FFFFFF" with pattern "None"; a filled one its colour with
   * "Solid". Properties Excel has but the fake does not model fail with InvalidArgument, so a
   * test never passes on a value the fake made up.
   */
  getCellProperties(
    cellPropertiesLoadOptions: FakeCellPropertiesLoadOptions
  ): FakeClientResult<FakeCellProperties[][]> {
    const location = "Range.getCellProperties";
    return clientResult(this, location, (s) => {
      const pick = cellPropertiesPicker(cellPropertiesLoadOptions, location);
      const t = this._target(s);
      if (t === null) return [];
      const { sheet, rect } = t;
      if (!isUnbounded(rect) && s.host.payloadLimitBytes !== null) {
        // Fail before building a huge array, like `values` does (a real response is no smaller).
        const perCell = jsonSize(pick(sheet, rect.r0, rect.c0)) + 1;
        const cells = rectRows(rect) * rectCols(rect);
        if (s.responseBytes + cells * perCell > s.host.payloadLimitBytes) {
          fail(
            "ResponsePayloadSizeLimitExceeded",
            location,
            `~${cells * perCell} bytes for ${cells} cells' properties`
          );
        }
      }
      return (s.host.readCells(sheet, rect, s, location, (_v, r, c) => pick(sheet, r, c)) ??
        null) as FakeCellProperties[][];
    });
  }
}

/** The subset of Excel.CellPropertiesLoadOptions the fake models. */
export interface FakeCellPropertiesLoadOptions {
  address?: boolean;
  addressLocal?: boolean;
  format?: {
    fill?: { color?: boolean; pattern?: boolean; patternColor?: boolean; tintAndShade?: boolean };
  } & Record<string, unknown>;
  [other: string]: unknown;
}

export interface FakeCellProperties {
  address?: string;
  addressLocal?: string;
  format?: {
    fill?: {
      color?: string;
      pattern?: string;
      patternColor?: string | null;
      tintAndShade?: number | null;
    };
  };
}

/** Builds the per-cell reader for getCellProperties options; unmodelled properties fail. */
function cellPropertiesPicker(
  options: unknown,
  location: string
): (sheet: SheetModel, r: number, c: number) => FakeCellProperties {
  if (!options || typeof options !== "object" || Array.isArray(options))
    fail("InvalidArgument", location, "cellPropertiesLoadOptions must be an object");
  const o = options as Record<string, unknown>;
  const notModelled = (name: string): never =>
    fail("InvalidArgument", location, `'${name}' is not modelled by the fake`);
  let address = false;
  let addressLocal = false;
  let color = false;
  let pattern = false;
  let patternColor = false;
  let tint = false;
  for (const [key, value] of Object.entries(o)) {
    if (key === "address") address = value === true;
    else if (key === "addressLocal") addressLocal = value === true;
    else if (key === "format") {
      if (value === undefined || value === false) continue;
      if (!value || typeof value !== "object") notModelled("format");
      for (const [fk, fv] of Object.entries(value as Record<string, unknown>)) {
        if (fk !== "fill") notModelled(`format.${fk}`);
        if (fv === undefined || fv === false) continue;
        if (!fv || typeof fv !== "object") notModelled("format.fill");
        for (const [pk, pv] of Object.entries(fv as Record<string, unknown>)) {
          if (pk === "color") color = pv === true;
          else if (pk === "pattern") pattern = pv === true;
          else if (pk === "patternColor") patternColor = pv === true;
          else if (pk === "tintAndShade") tint = pv === true;
          else notModelled(`format.fill.${pk}`);
        }
      }
    } else notModelled(key);
  }
  return (sheet, r, c) => {
    const out: FakeCellProperties = {};
    if (address) out.address = qualifiedAddress(sheet.name, { r0: r, c0: c, r1: r, c1: c });
    if (addressLocal)
      out.addressLocal = qualifiedAddress(sheet.name, { r0: r, c0: c, r1: r, c1: c });
    if (color || pattern || patternColor || tint) {
      const f = sheet.effectiveFill(r, c);
      const parts = f === null ? null : fillParts(f);
      const fill: NonNullable<FakeCellProperties["format"]>["fill"] = {};
      if (color) fill.color = parts?.color ?? NO_FILL_COLOR;
      if (pattern) fill.pattern = parts?.pattern ?? "None";
      if (patternColor) fill.patternColor = parts?.patternColor ?? null;
      if (tint) fill.tintAndShade = parts?.tintAndShade ?? null;
      out.format = { fill };
    }
    return out;
  };
}

function childOf<T extends ProxyBase>(parent: ProxyBase, child: T): T {
  child._parent = parent;
  return child;
}

function checkedRect(r: Rect, location: string): Rect {
  const n = normalizeRect(r);
  if (n.r0 < 0 || n.c0 < 0 || n.r1 >= MAX_ROWS || n.c1 >= MAX_COLUMNS || r.r1 < r.r0 || r.c1 < r.c0)
    fail("InvalidArgument", location, "range outside the sheet");
  return n;
}

interface AreasTarget {
  sheet: SheetModel;
  rects: Rect[];
}

export class FakeRangeFormat extends BoundProxy<AreasTarget> {
  readonly _typeName = "RangeFormat";
  private fillProxy: FakeRangeFill | undefined;

  get fill(): FakeRangeFill {
    return (this.fillProxy ??= childOf(
      this,
      new FakeRangeFill(this.context, this._nullable, (s) => this._target(s))
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    return name === "fill" ? this.fill : undefined;
  }

  /** Queued like the real call; the fake keeps no column widths, so it only checks the target. */
  autofitColumns(): void {
    this._queueCall("autofitColumns", 40, () => undefined);
  }

  autofitRows(): void {
    this._queueCall("autofitRows", 40, () => undefined);
  }
}

export class FakeRangeFill extends BoundProxy<AreasTarget> {
  readonly _typeName = "RangeFill";

  protected override _scalarNames(): readonly string[] {
    return ["color", "pattern", "patternColor", "tintAndShade"];
  }

  protected override _settable(): readonly string[] {
    return ["color"];
  }

  /**
   * "No Fill" and a white fill both read color "#FFFFFF": pattern ("None" without a fill) and
   * tintAndShade (null without a fill) tell them apart. Mixed fills read null throughout.
   */
  protected override _readScalar(name: string, target: unknown, s: SyncSession): ReadResult {
    const t = target as AreasTarget;
    const key = s.host.fillKeyOf(t.sheet, t.rects);
    const parts = key === MIXED || key === null ? null : fillParts(key);
    switch (name) {
      case "color":
        return key === MIXED ? null : (parts?.color ?? NO_FILL_COLOR);
      case "pattern":
        s.host.requireApi("1.9", "RangeFill.pattern");
        return key === MIXED ? null : (parts?.pattern ?? "None");
      case "patternColor":
        return parts?.patternColor ?? null;
      case "tintAndShade":
        return parts?.tintAndShade ?? null;
      default:
        return NOT_A_PROPERTY;
    }
  }

  get patternColor(): string | null {
    return this._get("patternColor");
  }

  get tintAndShade(): number | null {
    return this._get("tintAndShade");
  }

  /** "#RRGGBB" (upper case), "#FFFFFF" when there is no fill, null when the cells differ. */
  get color(): string | null {
    return this._get("color");
  }
  set color(value: string | null) {
    this._queueSet("color", value, 60, (t, s) => {
      if (value === null) fail("InvalidArgument", "RangeFill.color", "null is not a colour");
      s.host.fill(t.sheet, t.rects, normalizeColor(value), s, "RangeFill.color");
    });
  }

  get pattern(): string {
    return this._get("pattern");
  }

  /** Removes the fill (reads back "#FFFFFF"). */
  clear(): void {
    this._queueCall("clear", 40, (t, s) =>
      s.host.fill(t.sheet, t.rects, null, s, "RangeFill.clear")
    );
  }
}

export class FakeRangeAreas extends BoundProxy<AreasTarget> {
  readonly _typeName = "RangeAreas";
  private formatProxy: FakeRangeFormat | undefined;
  private cfProxy: FakeConditionalFormatCollection | undefined;
  private areasProxy: FakeRangeCollection | undefined;

  constructor(
    context: FakeRequestContext,
    nullable: boolean,
    compute: (s: SyncSession) => AreasTarget | null
  ) {
    super(context, nullable, compute);
    context._trackable.push(this);
  }

  get format(): FakeRangeFormat {
    return (this.formatProxy ??= childOf(
      this,
      new FakeRangeFormat(this.context, this._nullable, (s) => this._target(s))
    ));
  }

  /** ExcelApi 1.9: the conditional formats overlapping any of the areas. */
  get conditionalFormats(): FakeConditionalFormatCollection {
    return (this.cfProxy ??= childOf(
      this,
      new FakeConditionalFormatCollection(this.context, this._nullable, (s) => {
        s.host.requireApi("1.9", "RangeAreas.conditionalFormats");
        return this._target(s);
      })
    ));
  }

  get areas(): FakeRangeCollection {
    return (this.areasProxy ??= childOf(
      this,
      new FakeRangeCollection(this.context, this._nullable, (s) => this._target(s))
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    if (name === "format") return this.format;
    if (name === "areas") return this.areas;
    return undefined;
  }

  protected override _scalarNames(): readonly string[] {
    return ["address", "addressLocal", "areaCount", "cellCount", "isEntireColumn", "isEntireRow"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const { sheet, rects } = target as AreasTarget;
    switch (name) {
      case "address":
      case "addressLocal":
        return rects.map((r) => qualifiedAddress(sheet.name, r)).join(", ");
      case "areaCount":
        return rects.length;
      case "cellCount":
        return rects.reduce((n, r) => n + rectRows(r) * rectCols(r), 0);
      case "isEntireColumn":
        return rects.every(isEntireColumns);
      case "isEntireRow":
        return rects.every(isEntireRows);
      default:
        return NOT_A_PROPERTY;
    }
  }

  get address(): string {
    return this._get("address");
  }
  get addressLocal(): string {
    return this._get("addressLocal");
  }
  get areaCount(): number {
    return this._get("areaCount");
  }
  get cellCount(): number {
    return this._get("cellCount");
  }
  get isEntireColumn(): boolean {
    return this._get("isEntireColumn");
  }
  get isEntireRow(): boolean {
    return this._get("isEntireRow");
  }

  select(): void {
    this._queueCall("select", 40, (t, s) => s.host.select(t.sheet, t.rects[0]));
  }
}

export class FakeRangeCollection extends BoundProxy<AreasTarget> {
  readonly _typeName = "RangeCollection";

  get items(): FakeRange[] {
    return this._get("items");
  }

  protected override _scalarNames(): readonly string[] {
    return [];
  }

  override _collect(tree: LoadTree, s: SyncSession): void {
    const t = this._target(s);
    const itemTree = collectionItemTree(tree);
    const items = (t?.rects ?? []).map(
      (rect) => new FakeRange(this.context, false, () => (t ? { sheet: t.sheet, rect } : null))
    );
    for (const item of sliceItems(items, tree)) item._collect(itemTree, s);
    s.stage(this, "items", sliceItems(items, tree), "RangeCollection.items");
  }

  getCount(): FakeClientResult<number> {
    return clientResult(
      this,
      "RangeCollection.getCount",
      (s) => this._target(s)?.rects.length ?? 0
    );
  }

  getItemAt(index: number): FakeRange {
    return new FakeRange(this.context, this._nullable, (s) => {
      const t = this._target(s);
      if (t === null) return null;
      const rect = t.rects[index] ?? fail("InvalidArgument", "RangeCollection.getItemAt");
      return { sheet: t.sheet, rect };
    });
  }
}

/** On a collection, `load("name")` means `load("items/name")`. */
function collectionItemTree(tree: LoadTree): LoadTree {
  const items = tree.nav.get("items");
  const out = emptyTree(tree.all || tree.props.has("items"));
  for (const p of tree.props) if (p !== "items") out.props.add(p);
  for (const [k, v] of tree.nav) if (k !== "items") out.nav.set(k, v);
  if (items) {
    out.all = out.all || items.all;
    for (const p of items.props) out.props.add(p);
    for (const [k, v] of items.nav) out.nav.set(k, v);
  }
  if (!out.all && out.props.size === 0 && out.nav.size === 0) out.all = true;
  return out;
}

function sliceItems<T>(items: T[], tree: LoadTree): T[] {
  const skip = tree.skip ?? 0;
  return tree.top === undefined ? items.slice(skip) : items.slice(skip, skip + tree.top);
}

// ---------------------------------------------------------------- conditional formats

interface RuleTarget {
  sheet: SheetModel;
  rule: CfRule;
}

/**
 * `range.conditionalFormats` (ExcelApi 1.6): the conditional formats that overlap the range. New
 * ones go on top (priority 0) and apply to the range; `clearAll()` takes the range out of every
 * rule (rules left with nothing are gone), as Excel's Clear Rules does.
 */
export class FakeConditionalFormatCollection extends BoundProxy<AreasTarget> {
  readonly _typeName = "ConditionalFormatCollection";

  private rules(t: AreasTarget): CfRule[] {
    return t.sheet.cfs.filter((rule) =>
      rule.areas.some((a) => t.rects.some((r) => intersect(a, r) !== null))
    );
  }

  get items(): FakeConditionalFormat[] {
    return this._get("items");
  }

  override _collect(tree: LoadTree, s: SyncSession): void {
    const t = this._target(s);
    const itemTree = collectionItemTree(tree);
    const items = (t ? this.rules(t) : []).map(
      (rule) =>
        new FakeConditionalFormat(this.context, false, () => (t ? { sheet: t.sheet, rule } : null))
    );
    for (const item of sliceItems(items, tree)) item._collect(itemTree, s);
    s.stage(this, "items", sliceItems(items, tree), "ConditionalFormatCollection.items");
  }

  add(type: ConditionalFormatType): FakeConditionalFormat {
    let created: RuleTarget | null = null;
    this._enqueue("ConditionalFormatCollection.add", 60, (s) => {
      const t = this._target(s);
      if (t === null) return;
      if (!CF_TYPES.includes(type))
        fail("InvalidArgument", "ConditionalFormatCollection.add", `type '${String(type)}'`);
      for (const r of t.rects) s.host.checkWritable(t.sheet, r, "ConditionalFormatCollection.add");
      s.markNotUndoable("ConditionalFormatCollection.add");
      const rule: CfRule = {
        id: newCfId(),
        type,
        formulaText: "",
        formula: null,
        fill: null,
        fontColor: null,
        fontBold: null,
        stopIfTrue: false,
        areas: t.rects.map((r) => ({ ...r })),
      };
      t.sheet.cfs.unshift(rule);
      t.sheet.touch();
      created = { sheet: t.sheet, rule };
    });
    return new FakeConditionalFormat(
      this.context,
      false,
      () => created ?? fail("GeneralException", "ConditionalFormatCollection.add")
    );
  }

  clearAll(): void {
    this._queueCall("clearAll", 40, (t, s) => {
      for (const r of t.rects)
        s.host.checkWritable(t.sheet, r, "ConditionalFormatCollection.clearAll");
      if (this.rules(t).length === 0) return;
      s.markNotUndoable("ConditionalFormatCollection.clearAll");
      removeFromConditionalFormats(t.sheet, t.rects);
    });
  }

  getCount(): FakeClientResult<number> {
    return clientResult(this, "ConditionalFormatCollection.getCount", (s) => {
      const t = this._target(s);
      return t ? this.rules(t).length : 0;
    });
  }

  getItem(id: string): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, this._nullable, (s) => {
      const t = this._target(s);
      if (t === null) return null;
      const rule = this.rules(t).find((r) => r.id === id);
      return rule
        ? { sheet: t.sheet, rule }
        : fail("ItemNotFound", "ConditionalFormatCollection.getItem");
    });
  }

  getItemAt(index: number): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, this._nullable, (s) => {
      const t = this._target(s);
      if (t === null) return null;
      const rule = this.rules(t)[index];
      return rule
        ? { sheet: t.sheet, rule }
        : fail("ItemNotFound", "ConditionalFormatCollection.getItemAt");
    });
  }

  /** ExcelApi 1.14. */
  getItemOrNullObject(id: string): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, true, (s) => {
      s.host.requireApi("1.14", "ConditionalFormatCollection.getItemOrNullObject");
      const t = this._target(s);
      if (t === null) return null;
      const rule = this.rules(t).find((r) => r.id === id);
      return rule ? { sheet: t.sheet, rule } : null;
    });
  }
}

export class FakeConditionalFormat extends BoundProxy<RuleTarget> {
  readonly _typeName = "ConditionalFormat";
  private customProxy: FakeCustomConditionalFormat | undefined;
  private customOrNullProxy: FakeCustomConditionalFormat | undefined;

  protected override _revalidate(target: RuleTarget, s: SyncSession): RuleTarget {
    s.host.sheetAlive(target.sheet, "ConditionalFormat");
    if (!target.sheet.cfs.includes(target.rule))
      fail("ItemNotFound", "ConditionalFormat", "the conditional format was deleted");
    return target;
  }

  /** The custom rule's properties; on another type of rule, using them fails (InvalidOperation). */
  get custom(): FakeCustomConditionalFormat {
    return (this.customProxy ??= childOf(
      this,
      new FakeCustomConditionalFormat(
        this.context,
        this._nullable,
        (s) => {
          const t = this._target(s);
          if (t === null) return null;
          if (t.rule.type !== "Custom")
            fail("InvalidOperation", "ConditionalFormat.custom", `a ${t.rule.type} rule`);
          return t;
        },
        false
      )
    ));
  }

  /** The custom rule's properties, or a null object for another type of rule. */
  get customOrNullObject(): FakeCustomConditionalFormat {
    return (this.customOrNullProxy ??= childOf(
      this,
      new FakeCustomConditionalFormat(
        this.context,
        true,
        (s) => {
          const t = this._target(s);
          return t !== null && t.rule.type === "Custom" ? t : null;
        },
        false
      )
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    if (name === "custom") return this.custom;
    if (name === "customOrNullObject") return this.customOrNullObject;
    return undefined;
  }

  protected override _scalarNames(): readonly string[] {
    return ["id", "type", "priority", "stopIfTrue"];
  }

  protected override _settable(): readonly string[] {
    return ["priority", "stopIfTrue"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const { sheet, rule } = target as RuleTarget;
    switch (name) {
      case "id":
        return rule.id;
      case "type":
        return rule.type;
      case "priority":
        return sheet.cfs.indexOf(rule);
      case "stopIfTrue":
        return rule.stopIfTrue;
      default:
        return NOT_A_PROPERTY;
    }
  }

  get id(): string {
    return this._get("id");
  }
  get type(): ConditionalFormatType {
    return this._get("type");
  }
  get priority(): number {
    return this._get("priority");
  }
  set priority(value: number) {
    this._queueSet("priority", value, 40, ({ sheet, rule }, s) => {
      s.host.checkWritable(sheet, rule.areas[0], "ConditionalFormat.priority");
      s.markNotUndoable("ConditionalFormat.priority");
      const rest = sheet.cfs.filter((r) => r !== rule);
      const at = value < 0 ? Math.max(0, rest.length + 1 + value) : Math.min(value, rest.length);
      rest.splice(at, 0, rule);
      sheet.cfs = rest;
      sheet.touch();
    });
  }
  get stopIfTrue(): boolean {
    return this._get("stopIfTrue");
  }
  set stopIfTrue(value: boolean) {
    this._queueSet("stopIfTrue", value, 40, ({ sheet, rule }, s) => {
      s.markNotUndoable("ConditionalFormat.stopIfTrue");
      rule.stopIfTrue = value;
      sheet.touch();
    });
  }

  delete(): void {
    this._queueCall("delete", 40, ({ sheet, rule }, s) => {
      for (const a of rule.areas) s.host.checkWritable(sheet, a, "ConditionalFormat.delete");
      s.markNotUndoable("ConditionalFormat.delete");
      sheet.cfs = sheet.cfs.filter((r) => r !== rule);
      sheet.touch();
    });
  }

  /** The one range the rule applies to; fails when it applies to several. */
  getRange(): FakeRange {
    return new FakeRange(this.context, this._nullable, (s) => {
      const t = this._target(s);
      if (t === null) return null;
      if (t.rule.areas.length !== 1)
        fail("InvalidOperation", "ConditionalFormat.getRange", "several areas");
      return { sheet: t.sheet, rect: t.rule.areas[0] };
    });
  }

  getRangeOrNullObject(): FakeRange {
    return new FakeRange(this.context, true, (s) => {
      const t = this._target(s);
      return t === null || t.rule.areas.length !== 1
        ? null
        : { sheet: t.sheet, rect: t.rule.areas[0] };
    });
  }

  /** ExcelApi 1.9. */
  getRanges(): FakeRangeAreas {
    return new FakeRangeAreas(this.context, this._nullable, (s) => {
      s.host.requireApi("1.9", "ConditionalFormat.getRanges");
      const t = this._target(s);
      return t === null ? null : { sheet: t.sheet, rects: t.rule.areas.map((a) => ({ ...a })) };
    });
  }

  /** ExcelApi 1.17: what the rule applies to, replaced. */
  setRanges(ranges: string): void {
    this._queueCall("setRanges", 60 + String(ranges).length, ({ sheet, rule }, s) => {
      s.host.requireApi("1.17", "ConditionalFormat.setRanges");
      if (typeof ranges !== "string")
        fail("InvalidArgument", "ConditionalFormat.setRanges", "the fake takes an address string");
      const rects = splitAreas(ranges).map((a) =>
        s.host.rectOn(sheet, a, "ConditionalFormat.setRanges")
      );
      for (const r of [...rule.areas, ...rects])
        s.host.checkWritable(sheet, r, "ConditionalFormat.setRanges");
      s.markNotUndoable("ConditionalFormat.setRanges");
      rule.areas = rects;
      sheet.touch();
    });
  }
}

export class FakeCustomConditionalFormat extends BoundProxy<RuleTarget> {
  readonly _typeName = "CustomConditionalFormat";
  private ruleProxy: FakeConditionalFormatRule | undefined;
  private formatProxy: FakeConditionalRangeFormat | undefined;

  get rule(): FakeConditionalFormatRule {
    return (this.ruleProxy ??= childOf(
      this,
      new FakeConditionalFormatRule(this.context, this._nullable, (s) => this._target(s), false)
    ));
  }

  get format(): FakeConditionalRangeFormat {
    return (this.formatProxy ??= childOf(
      this,
      new FakeConditionalRangeFormat(this.context, this._nullable, (s) => this._target(s), false)
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    if (name === "rule") return this.rule;
    if (name === "format") return this.format;
    return undefined;
  }
}

export class FakeConditionalFormatRule extends BoundProxy<RuleTarget> {
  readonly _typeName = "ConditionalFormatRule";

  protected override _scalarNames(): readonly string[] {
    return ["formula", "formulaLocal"];
  }

  protected override _settable(): readonly string[] {
    return ["formula"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const { rule } = target as RuleTarget;
    return name === "formula" || name === "formulaLocal" ? rule.formulaText : NOT_A_PROPERTY;
  }

  get formula(): string {
    return this._get("formula");
  }
  /** Parsed at the sync; a formula the fake cannot evaluate fails the sync (not modelled). */
  set formula(value: string) {
    this._queueSet("formula", value, 40 + String(value).length, ({ sheet, rule }, s) => {
      if (typeof value !== "string" || !value.startsWith("="))
        fail("InvalidArgument", "ConditionalFormatRule.formula", "a formula starts with =");
      for (const a of rule.areas) s.host.checkWritable(sheet, a, "ConditionalFormatRule.formula");
      s.markNotUndoable("ConditionalFormatRule.formula");
      rule.formula = Formula.parse(value);
      rule.formulaText = value;
      sheet.touch();
    });
  }
}

export class FakeConditionalRangeFormat extends BoundProxy<RuleTarget> {
  readonly _typeName = "ConditionalRangeFormat";
  private fillProxy: FakeConditionalRangeFill | undefined;
  private fontProxy: FakeConditionalRangeFont | undefined;

  get fill(): FakeConditionalRangeFill {
    return (this.fillProxy ??= childOf(
      this,
      new FakeConditionalRangeFill(this.context, this._nullable, (s) => this._target(s), false)
    ));
  }

  get font(): FakeConditionalRangeFont {
    return (this.fontProxy ??= childOf(
      this,
      new FakeConditionalRangeFont(this.context, this._nullable, (s) => this._target(s), false)
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    if (name === "fill") return this.fill;
    if (name === "font") return this.font;
    return undefined;
  }
}

export class FakeConditionalRangeFill extends BoundProxy<RuleTarget> {
  readonly _typeName = "ConditionalRangeFill";

  protected override _scalarNames(): readonly string[] {
    return ["color"];
  }

  protected override _settable(): readonly string[] {
    return ["color"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const { rule } = target as RuleTarget;
    return name === "color"
      ? rule.fill === null
        ? null
        : fillParts(rule.fill).color
      : NOT_A_PROPERTY;
  }

  get color(): string | null {
    return this._get("color");
  }
  set color(value: string | null) {
    this._queueSet("color", value, 60, ({ sheet, rule }, s) => {
      for (const a of rule.areas) s.host.checkWritable(sheet, a, "ConditionalRangeFill.color");
      s.markNotUndoable("ConditionalRangeFill.color");
      rule.fill = normalizeColor(value, "ConditionalRangeFill.color");
      sheet.touch();
    });
  }

  clear(): void {
    this._queueCall("clear", 40, ({ sheet, rule }, s) => {
      s.markNotUndoable("ConditionalRangeFill.clear");
      rule.fill = null;
      sheet.touch();
    });
  }
}

export class FakeConditionalRangeFont extends BoundProxy<RuleTarget> {
  readonly _typeName = "ConditionalRangeFont";

  protected override _scalarNames(): readonly string[] {
    return ["color", "bold"];
  }

  protected override _settable(): readonly string[] {
    return ["color", "bold"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const rule = (target as RuleTarget).rule;
    if (name === "color") return rule.fontColor;
    if (name === "bold") return rule.fontBold;
    return NOT_A_PROPERTY;
  }

  get bold(): boolean | null {
    return this._get("bold");
  }
  set bold(value: boolean | null) {
    this._queueSet("bold", value, 60, ({ sheet, rule }, s) => {
      s.markNotUndoable("ConditionalRangeFont.bold");
      if (value !== null && typeof value !== "boolean")
        fail("InvalidArgument", "ConditionalRangeFont.bold", `'${String(value)}'`);
      rule.fontBold = value;
      sheet.touch();
    });
  }

  get color(): string | null {
    return this._get("color");
  }
  set color(value: string | null) {
    this._queueSet("color", value, 60, ({ sheet, rule }, s) => {
      s.markNotUndoable("ConditionalRangeFont.color");
      rule.fontColor = normalizeColor(value, "ConditionalRangeFont.color");
      sheet.touch();
    });
  }
}

// ---------------------------------------------------------------- worksheets

/** `worksheet.protection` (ExcelApi 1.2): whether the sheet is protected. */
export class FakeWorksheetProtection extends BoundProxy<SheetModel> {
  readonly _typeName = "WorksheetProtection";

  protected override _scalarNames(): readonly string[] {
    return ["protected"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    return name === "protected" ? (target as SheetModel).protected : NOT_A_PROPERTY;
  }

  get protected(): boolean {
    return this._get("protected");
  }

  protect(): void {
    this._queueCall("protect", 40, (sheet, s) => {
      s.markNotUndoable("WorksheetProtection.protect");
      sheet.protected = true;
      sheet.touch();
    });
  }

  unprotect(): void {
    this._queueCall("unprotect", 40, (sheet, s) => {
      s.markNotUndoable("WorksheetProtection.unprotect");
      sheet.protected = false;
      sheet.touch();
    });
  }
}

export class FakeWorksheet extends BoundProxy<SheetModel> {
  readonly _typeName = "Worksheet";
  private protectionProxy: FakeWorksheetProtection | undefined;
  readonly onChanged: FakeEventHandlers;
  /** ExcelApi 1.10: a top-to-bottom sort moved rows (sorting raises no onChanged). */
  readonly onRowSorted: FakeEventHandlers;
  readonly onFormatChanged: FakeEventHandlers;
  readonly onSelectionChanged: FakeEventHandlers;
  readonly onActivated: FakeEventHandlers;
  readonly onDeactivated: FakeEventHandlers;

  constructor(
    context: FakeRequestContext,
    nullable: boolean,
    compute: (s: SyncSession) => SheetModel | null
  ) {
    super(context, nullable, compute);
    const scope = (s: SyncSession): string | null => this._target(s)?.id ?? null;
    this.onChanged = eventSince(this, "Changed", "1.7", scope);
    this.onRowSorted = eventSince(this, "RowSorted", "1.10", scope);
    this.onFormatChanged = eventSince(this, "FormatChanged", "1.9", scope);
    this.onSelectionChanged = eventSince(this, "SelectionChanged", "1.7", scope);
    this.onActivated = eventSince(this, "Activated", "1.7", scope);
    this.onDeactivated = eventSince(this, "Deactivated", "1.7", scope);
  }

  protected override _revalidate(target: SheetModel, s: SyncSession): SheetModel {
    return s.host.sheetAlive(target, "Worksheet");
  }

  get protection(): FakeWorksheetProtection {
    return (this.protectionProxy ??= childOf(
      this,
      new FakeWorksheetProtection(this.context, this._nullable, (s) => this._target(s))
    ));
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    return name === "protection" ? this.protection : undefined;
  }

  protected override _scalarNames(): readonly string[] {
    return ["id", "name", "position", "visibility"];
  }

  protected override _settable(): readonly string[] {
    return ["name", "position", "visibility"];
  }

  protected override _readScalar(name: string, target: unknown, s: SyncSession): ReadResult {
    const sheet = target as SheetModel;
    switch (name) {
      case "id":
        return sheet.id;
      case "name":
        return sheet.name;
      case "position":
        return s.host.sheets.indexOf(sheet);
      case "visibility":
        return sheet.visibility;
      default:
        return NOT_A_PROPERTY;
    }
  }

  get id(): string {
    return this._get("id");
  }

  get name(): string {
    return this._get("name");
  }
  set name(value: string) {
    this._queueSet("name", value, 60, (sheet, s) => {
      s.host.checkStructure("Worksheet.name");
      s.markNotUndoable("Worksheet.name");
      s.host.structureVersion++;
      s.host.validateSheetName(value, sheet, "Worksheet.name");
      sheet.name = value;
    });
  }

  get position(): number {
    return this._get("position");
  }
  set position(value: number) {
    this._queueSet("position", value, 40, (sheet, s) => {
      s.host.checkStructure("Worksheet.position");
      s.markNotUndoable("Worksheet.position");
      s.host.structureVersion++;
      if (!Number.isInteger(value) || value < 0 || value >= s.host.sheets.length)
        fail("InvalidArgument", "Worksheet.position");
      s.host.sheets = s.host.sheets.filter((x) => x !== sheet);
      s.host.sheets.splice(value, 0, sheet);
    });
  }

  get visibility(): SheetVisibility {
    return this._get("visibility");
  }
  set visibility(value: SheetVisibility) {
    this._queueSet("visibility", value, 40, (sheet, s) => {
      if (value !== "Visible" && value !== "Hidden" && value !== "VeryHidden")
        fail("InvalidArgument", "Worksheet.visibility");
      s.host.checkStructure("Worksheet.visibility");
      s.markNotUndoable("Worksheet.visibility");
      s.host.structureVersion++;
      if (
        value !== "Visible" &&
        s.host.sheets.filter((x) => x.visibility === "Visible" && x !== sheet).length === 0
      ) {
        fail("InvalidOperation", "Worksheet.visibility", "cannot hide the last visible sheet");
      }
      sheet.visibility = value;
      if (value !== "Visible" && s.host.activeId === sheet.id)
        s.host.activate((s.host.sheets.find((x) => x.visibility === "Visible") ?? sheet).id);
    });
  }

  private range(
    f: (sheet: SheetModel, s: SyncSession) => Rect | null,
    nullable = false
  ): FakeRange {
    return new FakeRange(this.context, this._nullable || nullable, (s) => {
      const sheet = this._target(s);
      if (sheet === null) return null;
      const rect = f(sheet, s);
      return rect === null ? null : { sheet, rect };
    });
  }

  /** `getRange()` with no address is the whole sheet. */
  getRange(address?: string): FakeRange {
    return this.range((sheet, s) =>
      address === undefined || address === ""
        ? { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLUMNS - 1 }
        : s.host.rectOn(sheet, address, "Worksheet.getRange")
    );
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number
  ): FakeRange {
    return this.range(() => {
      if (
        ![startRow, startColumn, rowCount, columnCount].every(Number.isInteger) ||
        rowCount < 1 ||
        columnCount < 1
      ) {
        fail(
          "InvalidArgument",
          "Worksheet.getRangeByIndexes",
          "indexes must be integers and counts at least 1"
        );
      }
      return checkedRect(
        {
          r0: startRow,
          c0: startColumn,
          r1: startRow + rowCount - 1,
          c1: startColumn + columnCount - 1,
        },
        "Worksheet.getRangeByIndexes"
      );
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.range(() =>
      checkedRect({ r0: row, c0: column, r1: row, c1: column }, "Worksheet.getCell")
    );
  }

  /** Several areas, comma- or semicolon-separated; the whole string may not exceed 8,192 characters. */
  getRanges(address?: string): FakeRangeAreas {
    const text = address ?? "";
    return new FakeRangeAreas(this.context, this._nullable, (s) => {
      const sheet = this._target(s);
      if (sheet === null) return null;
      if (text.length > GET_RANGES_ADDRESS_LIMIT)
        fail(
          "InvalidArgument",
          "Worksheet.getRanges",
          `address is ${text.length} characters (limit ${GET_RANGES_ADDRESS_LIMIT})`
        );
      if (text.trim() === "") return { sheet, rects: [sheet.selection] };
      const parts = splitAreas(text);
      // Lists well under 8,192 characters fail too, depending on their areas (office-js#5198).
      if (parts.length > s.host.getRangesAreaLimit)
        fail(
          "InvalidArgument",
          "Worksheet.getRanges",
          `${parts.length} areas (this build refuses more than ${s.host.getRangesAreaLimit})`
        );
      const rects = parts.map((a) => s.host.rectOn(sheet, a, "Worksheet.getRanges"));
      return { sheet, rects };
    });
  }

  /** The used range; the top-left cell when the sheet is blank (Excel does not fail). */
  getUsedRange(valuesOnly = false): FakeRange {
    return this.range((sheet) => sheet.usedRect(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 });
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return this.range((sheet) => sheet.usedRect(valuesOnly), true);
  }

  activate(): void {
    this._queueCall("activate", 40, (sheet, s) => {
      if (sheet.visibility !== "Visible")
        fail("InvalidOperation", "Worksheet.activate", "hidden sheet");
      s.host.activate(sheet.id);
    });
  }

  delete(): void {
    this._queueCall("delete", 40, (sheet, s) => {
      s.markNotUndoable("Worksheet.delete");
      s.host.deleteSheet(sheet, "Worksheet.delete");
    });
  }
}

export class FakeWorksheetCollection extends BoundProxy<FakeHost> {
  readonly _typeName = "WorksheetCollection";
  readonly onChanged: FakeEventHandlers;
  readonly onFormatChanged: FakeEventHandlers;
  readonly onSelectionChanged: FakeEventHandlers;
  readonly onActivated: FakeEventHandlers;
  readonly onDeactivated: FakeEventHandlers;
  readonly onAdded: FakeEventHandlers;
  readonly onDeleted: FakeEventHandlers;

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => s.host);
    const scope = (): string => "*";
    this.onChanged = eventSince(this, "Changed", "1.9", scope);
    this.onFormatChanged = eventSince(this, "FormatChanged", "1.9", scope);
    this.onSelectionChanged = eventSince(this, "SelectionChanged", "1.9", scope);
    this.onActivated = eventSince(this, "Activated", "1.7", scope);
    this.onDeactivated = eventSince(this, "Deactivated", "1.7", scope);
    this.onAdded = eventSince(this, "Added", "1.7", scope);
    this.onDeleted = eventSince(this, "Deleted", "1.7", scope);
  }

  get items(): FakeWorksheet[] {
    return this._get("items");
  }

  override _collect(tree: LoadTree, s: SyncSession): void {
    const itemTree = collectionItemTree(tree);
    const items = sliceItems(s.host.sheets, tree).map(
      (sheet) => new FakeWorksheet(this.context, false, () => sheet)
    );
    for (const item of items) item._collect(itemTree, s);
    s.stage(this, "items", items, "WorksheetCollection.items");
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      false,
      (s) =>
        s.host.findSheet(key) ??
        fail("ItemNotFound", "WorksheetCollection.getItem", `no worksheet '${key}'`)
    );
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, true, (s) => s.host.findSheet(key) ?? null);
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, false, (s) => s.host.activeSheet());
  }

  getFirst(visibleOnly = false): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      false,
      (s) =>
        s.host.sheets.find((x) => !visibleOnly || x.visibility === "Visible") ??
        fail("ItemNotFound", "WorksheetCollection.getFirst")
    );
  }

  getCount(visibleOnly = false): FakeClientResult<number> {
    return clientResult(
      this,
      "WorksheetCollection.getCount",
      (s) => s.host.sheets.filter((x) => !visibleOnly || x.visibility === "Visible").length
    );
  }

  add(name?: string): FakeWorksheet {
    let created: SheetModel | null = null;
    this._enqueue("WorksheetCollection.add", 60, (s) => {
      s.host.checkStructure("WorksheetCollection.add");
      s.markNotUndoable("WorksheetCollection.add");
      s.host.structureVersion++;
      created = s.host.addSheetModel(name);
      const id = created.id;
      s.host.raise({
        kind: "Added",
        sheetId: id,
        record: { type: "WorksheetAdded", worksheetId: id, source: "Local" },
      });
    });
    return new FakeWorksheet(
      this.context,
      false,
      () => created ?? fail("GeneralException", "WorksheetCollection.add")
    );
  }
}

// ---------------------------------------------------------------- settings

interface SettingTarget {
  key: string;
}

export class FakeSetting extends BoundProxy<SettingTarget> {
  readonly _typeName = "Setting";

  protected override _scalarNames(): readonly string[] {
    return ["key", "value"];
  }

  protected override _settable(): readonly string[] {
    return ["value"];
  }

  protected override _readScalar(name: string, target: unknown, s: SyncSession): ReadResult {
    const { key } = target as SettingTarget;
    if (name === "key") return key;
    if (name === "value") {
      const raw = s.host.settings.get(key);
      if (raw === undefined) fail("ItemNotFound", "Setting.value", `setting '${key}' was deleted`);
      return JSON.parse(raw) as unknown;
    }
    return NOT_A_PROPERTY;
  }

  get key(): string {
    return this._get("key");
  }

  get value(): unknown {
    return this._get("value");
  }
  set value(v: unknown) {
    const json = JSON.stringify(v) as string | undefined;
    this._queueSet("value", v, json?.length ?? 4, ({ key }, s) => {
      if (json === undefined)
        fail("InvalidArgument", "Setting.value", "value is not JSON-serialisable");
      s.markNotUndoable("Setting.value");
      s.host.settingsVersion++;
      s.host.settings.set(key, json);
      s.host.raise({ kind: "SettingsChanged", sheetId: null, record: { type: "SettingsChanged" } });
    });
  }

  delete(): void {
    this._queueCall("delete", 40, ({ key }, s) => {
      s.markNotUndoable("Setting.delete");
      s.host.settingsVersion++;
      s.host.settings.delete(key);
      s.host.raise({ kind: "SettingsChanged", sheetId: null, record: { type: "SettingsChanged" } });
    });
  }
}

export class FakeSettingCollection extends BoundProxy<FakeHost> {
  readonly _typeName = "SettingCollection";
  readonly onSettingsChanged: FakeEventHandlers;

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => s.host);
    this.onSettingsChanged = new FakeEventHandlers(this, "SettingsChanged", () => "settings");
  }

  get items(): FakeSetting[] {
    return this._get("items");
  }

  override _collect(tree: LoadTree, s: SyncSession): void {
    const itemTree = collectionItemTree(tree);
    const items = sliceItems([...s.host.settings.keys()], tree).map(
      (key) => new FakeSetting(this.context, false, () => ({ key }))
    );
    for (const item of items) item._collect(itemTree, s);
    s.stage(this, "items", items, "SettingCollection.items");
  }

  /** Stores a JSON copy of `value` (Excel serialises settings). */
  add(key: string, value: unknown): FakeSetting {
    const json = JSON.stringify(value) as string | undefined;
    this._enqueue("SettingCollection.add", key.length + (json?.length ?? 4), (s) => {
      if (typeof key !== "string" || key.length === 0)
        fail("InvalidArgument", "SettingCollection.add", "empty key");
      if (json === undefined)
        fail("InvalidArgument", "SettingCollection.add", "value is not JSON-serialisable");
      s.markNotUndoable("SettingCollection.add");
      s.host.settingsVersion++;
      s.host.settings.set(key, json);
      s.host.raise({ kind: "SettingsChanged", sheetId: null, record: { type: "SettingsChanged" } });
    });
    return new FakeSetting(this.context, false, () => ({ key }));
  }

  getItem(key: string): FakeSetting {
    return new FakeSetting(this.context, false, (s) =>
      s.host.settings.has(key)
        ? { key }
        : fail("ItemNotFound", "SettingCollection.getItem", `no setting '${key}'`)
    );
  }

  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, true, (s) => (s.host.settings.has(key) ? { key } : null));
  }

  getCount(): FakeClientResult<number> {
    return clientResult(this, "SettingCollection.getCount", (s) => s.host.settings.size);
  }
}

// ---------------------------------------------------------------- workbook, application, runtime

export class FakeApplication extends BoundProxy<FakeHost> {
  readonly _typeName = "Application";

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => s.host);
  }

  protected override _scalarNames(): readonly string[] {
    return ["calculationMode"];
  }

  protected override _readScalar(name: string): ReadResult {
    return name === "calculationMode" ? "Automatic" : NOT_A_PROPERTY;
  }

  get calculationMode(): string {
    return this._get("calculationMode");
  }

  /** No calculation engine here: queued (so it costs like the real call) and otherwise a no-op. */
  suspendApiCalculationUntilNextSync(): void {
    this._queueCall("suspendApiCalculationUntilNextSync", 40, () => undefined);
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this._queueCall("suspendScreenUpdatingUntilNextSync", 40, () => undefined);
  }
}

export class FakeRuntime extends BoundProxy<FakeHost> {
  readonly _typeName = "Runtime";

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => s.host);
  }

  protected override _scalarNames(): readonly string[] {
    return ["enableEvents"];
  }

  protected override _settable(): readonly string[] {
    return ["enableEvents"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    return name === "enableEvents" ? (target as FakeHost).enableEvents : NOT_A_PROPERTY;
  }

  /** Turns this add-in's event handlers off or on (all of them, as in Excel). */
  get enableEvents(): boolean {
    return this._get("enableEvents");
  }
  set enableEvents(value: boolean) {
    this._queueSet("enableEvents", value, 40, (host) => {
      host.enableEvents = value;
    });
  }
}

/** Last serial Excel accepts (31 December 9999 in the 1900 date system). */
const MAX_DATE_SERIAL_1900 = 2_958_465;

/**
 * Excel's DATE(year, month, day) in the workbook's date system: years 0-1899 count from 1900,
 * months and days roll over (month 13 is January of the next year, day 0 the last of the month
 * before), and the 1900 system keeps its fictitious 29 February 1900 (serial 60). Dates before
 * the system's start or after 9999 are #NUM!.
 */
export function excelDate(
  year: number,
  month: number,
  day: number,
  date1904: boolean
): { value: number } | { error: string } {
  let y = Math.trunc(year);
  const m = Math.trunc(month);
  const d = Math.trunc(day);
  if (![y, m, d].every(Number.isFinite)) return { error: "#NUM!" };
  if (y >= 0 && y <= 1899) y += 1900;
  if (y < 0 || y > 9999) return { error: "#NUM!" };
  const totalMonths = y * 12 + (m - 1);
  const yy = Math.floor(totalMonths / 12);
  const mm = totalMonths - yy * 12 + 1;
  if (yy < 1900 || yy > 9999) return { error: "#NUM!" };
  // The first of the month, then whole days on: in the 1900 system this counts 29 Feb 1900 too.
  const serial = dateToSerial(yy, mm, 1, date1904) + (d - 1);
  const max = date1904 ? MAX_DATE_SERIAL_1900 - 1462 : MAX_DATE_SERIAL_1900;
  if (serial < 0 || serial > max) return { error: "#NUM!" };
  return { value: serial };
}

interface FunctionTarget {
  value: number | null;
  error: string | null;
}

/** `FunctionResult<T>`: load `value` (and `error`), then sync. */
export class FakeFunctionResult extends BoundProxy<FunctionTarget> {
  readonly _typeName = "FunctionResult";

  constructor(
    context: FakeRequestContext,
    location: string,
    compute: (s: SyncSession) => FunctionTarget
  ) {
    super(context, false, compute);
    // The call itself is part of the batch: it is evaluated in order, at the sync.
    this._enqueue(location, 60, (s) => void this._target(s));
  }

  protected override _scalarNames(): readonly string[] {
    return ["error", "value"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const t = target as FunctionTarget;
    if (name === "value") return t.value;
    if (name === "error") return t.error;
    return NOT_A_PROPERTY;
  }

  /** The result; null when `error` is set. */
  get value(): number | null {
    return this._get("value");
  }

  /** "#NUM!"-style error, or null. */
  get error(): string | null {
    return this._get("error");
  }
}

/** `workbook.functions`: the worksheet functions the fake models (DATE only; others fail). */
export class FakeFunctions extends BoundProxy<FakeHost> {
  readonly _typeName = "Functions";

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => s.host);
  }

  date(year: number, month: number, day: number): FakeFunctionResult {
    const location = "Functions.date";
    return new FakeFunctionResult(this.context, location, (s) => {
      if (![year, month, day].every((x) => typeof x === "number"))
        fail(
          "InvalidArgument",
          location,
          "the fake's DATE takes numbers only (no ranges or function results)"
        );
      const r = excelDate(year, month, day, s.host.date1904);
      return "error" in r ? { value: null, error: r.error } : { value: r.value, error: null };
    });
  }
}

/** `workbook.protection` (ExcelApi 1.7): whether the workbook's structure is protected. */
export class FakeWorkbookProtection extends BoundProxy<FakeHost> {
  readonly _typeName = "WorkbookProtection";

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => {
      s.host.requireApi("1.7", "Workbook.protection");
      return s.host;
    });
  }

  protected override _scalarNames(): readonly string[] {
    return ["protected"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    return name === "protected" ? (target as FakeHost).structureProtected : NOT_A_PROPERTY;
  }

  get protected(): boolean {
    return this._get("protected");
  }
}

export class FakeWorkbook extends BoundProxy<FakeHost> {
  readonly _typeName = "Workbook";
  readonly worksheets: FakeWorksheetCollection;
  readonly settings: FakeSettingCollection;
  readonly application: FakeApplication;
  readonly functions: FakeFunctions;
  readonly protection: FakeWorkbookProtection;

  constructor(context: FakeRequestContext) {
    super(context, false, (s) => s.host);
    this.worksheets = new FakeWorksheetCollection(context);
    this.settings = new FakeSettingCollection(context);
    this.application = new FakeApplication(context);
    this.functions = new FakeFunctions(context);
    this.protection = new FakeWorkbookProtection(context);
  }

  protected override _navigation(name: string): ProxyBase | undefined {
    if (name === "protection") return this.protection;
    if (name === "worksheets") return this.worksheets;
    if (name === "settings") return this.settings;
    if (name === "application") return this.application;
    if (name === "functions") return this.functions;
    return undefined;
  }

  protected override _scalarNames(): readonly string[] {
    return ["name", "readOnly", "isDirty"];
  }

  protected override _settable(): readonly string[] {
    return ["use1904DateSystem"];
  }

  protected override _readScalar(name: string, target: unknown): ReadResult {
    const host = target as FakeHost;
    switch (name) {
      case "name":
        return host.workbookName;
      case "readOnly":
        return false;
      case "isDirty":
        return true;
      case "use1904DateSystem":
        if (!host.supportsUse1904) fail("ApiNotFound", "Workbook.use1904DateSystem");
        return host.date1904;
      default:
        return NOT_A_PROPERTY;
    }
  }

  get name(): string {
    return this._get("name");
  }

  get readOnly(): boolean {
    return this._get("readOnly");
  }

  get isDirty(): boolean {
    return this._get("isDirty");
  }

  /** True when the workbook counts dates from 1904 (a preview API in Office.js; see control.date1904). */
  get use1904DateSystem(): boolean {
    return this._get("use1904DateSystem");
  }
  set use1904DateSystem(value: boolean) {
    this._queueSet("use1904DateSystem", value, 40, (host) => {
      if (!host.supportsUse1904) fail("ApiNotFound", "Workbook.use1904DateSystem");
      host.date1904 = value;
    });
  }

  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, false, (s) => {
      const sheet = s.host.activeSheet();
      return { sheet, rect: sheet.selection };
    });
  }

  getActiveCell(): FakeRange {
    return new FakeRange(this.context, false, (s) => {
      const sheet = s.host.activeSheet();
      return {
        sheet,
        rect: { r0: sheet.active.r, c0: sheet.active.c, r1: sheet.active.r, c1: sheet.active.c },
      };
    });
  }
}

// ---------------------------------------------------------------- request context

export class FakeTrackedObjects {
  add(objects: ProxyBase | ProxyBase[]): void {
    for (const o of Array.isArray(objects) ? objects : [objects]) o._tracked = true;
  }

  remove(objects: ProxyBase | ProxyBase[]): void {
    for (const o of Array.isArray(objects) ? objects : [objects]) o._tracked = false;
  }
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly runtime: FakeRuntime;
  readonly application: FakeApplication;
  readonly trackedObjects = new FakeTrackedObjects();
  readonly requestHeaders: Record<string, string> = {};
  /** @internal */
  readonly _id = ++contextSeq;
  /** @internal */
  _queue: Action[] = [];
  /** @internal Ranges created here; released at the end of Excel.run unless tracked. */
  _trackable: ProxyBase[] = [];
  /** @internal */
  _traces: string[] = [];
  /** @internal */
  _delayForCellEdit = false;
  /** @internal Excel.run({ mergeUndoGroup: true }): the run's syncs make one undo step (ExcelApi 1.20). */
  _mergeUndoGroup = false;
  /** @internal The Excel.run this context serves (undo groups). */
  _runId = 0;

  constructor(
    /** @internal */
    readonly _host: FakeHost
  ) {
    this.workbook = new FakeWorkbook(this);
    this.runtime = new FakeRuntime(this);
    this.application = this.workbook.application;
  }

  /** @internal */
  _enqueue(action: Action): void {
    this._queue.push(action);
  }

  /** Sends the queued actions; loaded values are readable once the promise resolves. */
  sync<T>(passThroughValue?: T): Promise<T> {
    const actions = this._queue;
    this._queue = [];
    return this._host.roundTrip(this, actions).then(() => passThroughValue as T);
  }

  load(object: ProxyBase, option?: LoadOption): void {
    object.load(option);
  }

  trace(message: string): void {
    this._traces.push(message);
  }

  get debugInfo(): { pendingStatements: string[] } {
    return { pendingStatements: this._queue.map((a) => a.location) };
  }

  /** @internal End of an Excel.run: untracked ranges stop working, as their references are released. */
  _release(): void {
    for (const p of this._trackable) if (!p._tracked) p._released = true;
    this._trackable = this._trackable.filter((p) => p._tracked);
  }
}

// ================================================================================================
// The Office / Excel / OfficeExtension namespaces
// ================================================================================================

type Batch<T> = (context: FakeRequestContext) => Promise<T>;

let runSeq = 0;

interface RunOptionsLike {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
  previousObjects?: ProxyBase | ProxyBase[] | FakeRequestContext;
}

function makeExcelNamespace(host: FakeHost) {
  class RequestContext extends FakeRequestContext {
    constructor() {
      super(host);
    }
  }

  function run<T>(batch: Batch<T>): Promise<T>;
  function run<T>(
    objectOrOptions: ProxyBase | ProxyBase[] | FakeRequestContext | RunOptionsLike,
    batch: Batch<T>
  ): Promise<T>;
  function run<T>(...args: unknown[]): Promise<T> {
    const batch = args[args.length - 1] as Batch<T>;
    const first = args.length > 1 ? args[0] : undefined;
    let context: FakeRequestContext | undefined;
    let delay = false;
    let merge = false;
    if (first instanceof FakeRequestContext) context = first;
    else if (first instanceof ProxyBase) context = first.context;
    else if (Array.isArray(first) && first[0] instanceof ProxyBase) context = first[0].context;
    else if (first && typeof first === "object") {
      const o = first as RunOptionsLike;
      delay = o.delayForCellEdit === true;
      merge = o.mergeUndoGroup === true;
      const prev = o.previousObjects;
      if (prev instanceof FakeRequestContext) context = prev;
      else if (prev instanceof ProxyBase) context = prev.context;
      else if (Array.isArray(prev) && prev[0] instanceof ProxyBase) context = prev[0].context;
    }
    if (typeof batch !== "function")
      return Promise.reject(
        new FakeOfficeError("InvalidArgument", undefined, "Excel.run", "no batch function")
      );
    const ctx = context ?? new RequestContext();
    ctx._delayForCellEdit = delay;
    // Builds without ExcelApi 1.20 ignore the option they do not know.
    ctx._mergeUndoGroup = merge && host.apiAtLeast("1.20");
    ctx._runId = ++runSeq;
    let result: unknown;
    try {
      result = batch(ctx);
    } catch (e) {
      ctx._queue = [];
      ctx._release();
      return Promise.reject(e);
    }
    if (!result || typeof (result as Promise<T>).then !== "function") {
      ctx._queue = [];
      ctx._release();
      return Promise.reject(new FakeOfficeError("RunMustReturnPromise", undefined, "Excel.run"));
    }
    return Promise.resolve(result as Promise<T>).then(
      async (value) => {
        try {
          // Like Office.js, whatever the batch left queued is sent when it finishes.
          if (ctx._queue.length > 0) await ctx.sync();
          return value;
        } finally {
          ctx._release();
        }
      },
      (e: unknown) => {
        ctx._queue = [];
        ctx._release();
        throw e;
      }
    );
  }

  return {
    run,
    RequestContext,
    ErrorCodes: {
      accessDenied: "AccessDenied",
      apiNotFound: "ApiNotFound",
      generalException: "GeneralException",
      insertDeleteConflict: "InsertDeleteConflict",
      invalidArgument: "InvalidArgument",
      invalidOperation: "InvalidOperation",
      invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
      invalidReference: "InvalidReference",
      itemAlreadyExists: "ItemAlreadyExists",
      itemNotFound: "ItemNotFound",
      rangeExceedsLimit: "RangeExceedsLimit",
      requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
      responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
    },
    DataChangeType: {
      unknown: "Unknown",
      rangeEdited: "RangeEdited",
      rowInserted: "RowInserted",
      rowDeleted: "RowDeleted",
      columnInserted: "ColumnInserted",
      columnDeleted: "ColumnDeleted",
      cellInserted: "CellInserted",
      cellDeleted: "CellDeleted",
    },
    EventSource: { local: "Local", remote: "Remote" },
    EventTriggerSource: { unknown: "Unknown", thisLocalAddin: "ThisLocalAddin" },
    EventType: {
      worksheetChanged: "WorksheetChanged",
      worksheetSelectionChanged: "WorksheetSelectionChanged",
      worksheetAdded: "WorksheetAdded",
      worksheetActivated: "WorksheetActivated",
      worksheetDeactivated: "WorksheetDeactivated",
      worksheetDeleted: "WorksheetDeleted",
      worksheetFormatChanged: "WorksheetFormatChanged",
      settingsChanged: "SettingsChanged",
    },
    SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    ConditionalFormatType: {
      custom: "Custom",
      dataBar: "DataBar",
      colorScale: "ColorScale",
      iconSet: "IconSet",
      topBottom: "TopBottom",
      presetCriteria: "PresetCriteria",
      containsText: "ContainsText",
      cellValue: "CellValue",
    },
    InsertShiftDirection: { down: "Down", right: "Right" },
    DeleteShiftDirection: { up: "Up", left: "Left" },
    RangeValueType: {
      unknown: "Unknown",
      empty: "Empty",
      string: "String",
      integer: "Integer",
      double: "Double",
      boolean: "Boolean",
      error: "Error",
      richValue: "RichValue",
    },
    ClearApplyTo: {
      all: "All",
      formats: "Formats",
      contents: "Contents",
      hyperlinks: "Hyperlinks",
      removeHyperlinks: "RemoveHyperlinks",
    },
  };
}

export type FakeExcelNamespace = ReturnType<typeof makeExcelNamespace>;

const OFFICE_EXTENSION = {
  Error: FakeOfficeError,
  ClientResult: FakeClientResult,
  ClientRequestContext: FakeRequestContext,
  ClientObject: ProxyBase,
  EventHandlers: FakeEventHandlers,
  EventHandlerResult: FakeEventHandlerResult,
  TrackedObjects: FakeTrackedObjects,
  ErrorCodes: {
    accessDenied: "AccessDenied",
    generalException: "GeneralException",
    activityLimitReached: "ActivityLimitReached",
    invalidObjectPath: "InvalidObjectPath",
    propertyNotLoaded: "PropertyNotLoaded",
    valueNotLoaded: "ValueNotLoaded",
    invalidRequestContext: "InvalidRequestContext",
    invalidArgument: "InvalidArgument",
    runMustReturnPromise: "RunMustReturnPromise",
    cannotRegisterEvent: "CannotRegisterEvent",
    apiNotFound: "ApiNotFound",
    connectionFailure: "ConnectionFailure",
  },
  config: { extendedErrorLogging: false },
  Promise,
};

export type FakeOfficeExtensionNamespace = typeof OFFICE_EXTENSION;

interface AsyncResult<T> {
  status: "succeeded" | "failed";
  value: T;
  error?: { code: number; name: string; message: string };
  asyncContext?: unknown;
}

function makeOfficeNamespace(host: FakeHost) {
  // Office.js reports readiness asynchronously, after the page's scripts (deferred ones too) have run.
  const ready = new Promise<{ host: "Excel"; platform: PlatformName }>((resolve) => {
    const finish = (): void => {
      setTimeout(() => {
        if (typeof office.initialize === "function") office.initialize("inserted");
        resolve({ host: "Excel", platform: host.platform });
      }, 0);
    };
    const doc = (
      globalThis as {
        document?: {
          readyState: string;
          addEventListener(type: string, f: () => void, o?: { once: boolean }): void;
        };
      }
    ).document;
    if (doc && doc.readyState === "loading")
      doc.addEventListener("DOMContentLoaded", finish, { once: true });
    else finish();
  });
  /** Office.context.document.settings is a local copy: saveAsync writes it back wholesale. */
  let localSettings = new Map<string, string>(host.settings);

  const office = {
    HostType: {
      Word: "Word",
      Excel: "Excel",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    /** Legacy entry point; called once at start-up when a page assigns it (before readiness). */
    initialize: undefined as ((reason: string) => void) | undefined,

    onReady(
      callback?: (info: { host: "Excel"; platform: PlatformName }) => unknown
    ): Promise<{ host: "Excel"; platform: PlatformName }> {
      return ready.then((info) => {
        callback?.(info);
        return info;
      });
    },

    context: {
      get host(): "Excel" {
        return "Excel";
      },
      get platform(): PlatformName {
        return host.platform;
      },
      get diagnostics(): { host: "Excel"; platform: PlatformName; version: string } {
        return { host: "Excel", platform: host.platform, version: "16.0.18227.20000" };
      },
      displayLanguage: "en-GB",
      contentLanguage: "en-GB",
      requirements: {
        isSetSupported: (name: string, minVersion?: string | number): boolean =>
          host.isSetSupported(name, minVersion),
      },
      document: {
        url: "https://fake.invalid/Book1.xlsx",
        mode: "readWrite",
        settings: {
          get: (name: string): unknown => {
            const raw = localSettings.get(name);
            return raw === undefined ? null : (JSON.parse(raw) as unknown);
          },
          set: (name: string, value: unknown): void => {
            localSettings.set(name, JSON.stringify(value));
          },
          remove: (name: string): void => {
            localSettings.delete(name);
          },
          saveAsync: (...args: unknown[]): void => {
            // Settings are not undoable: saving them clears the user's undo stack.
            host.undoStack = [];
            host.settingsVersion++;
            host.settings.clear();
            for (const [k, v] of localSettings) host.settings.set(k, v);
            const cb = args.find(
              (a): a is (r: AsyncResult<undefined>) => void => typeof a === "function"
            );
            if (cb) setTimeout(() => cb({ status: "succeeded", value: undefined }), 0);
          },
          refreshAsync: (...args: unknown[]): void => {
            localSettings = new Map(host.settings);
            const cb = args.find(
              (a): a is (r: AsyncResult<unknown>) => void => typeof a === "function"
            );
            if (cb)
              setTimeout(
                () => cb({ status: "succeeded", value: office.context.document.settings }),
                0
              );
          },
        },
      },
    },
  };
  return office;
}

export type FakeOfficeNamespace = ReturnType<typeof makeOfficeNamespace>;

// ================================================================================================
// The control object (the test driver's hands on the workbook)
// ================================================================================================

export interface FakeExcelControl {
  /** Sync round trips so far: every `context.sync()` plus the final one Excel.run makes when work is queued. */
  readonly syncCount: number;
  /** Zeroes syncCount and writeSyncCount. */
  resetSyncCount(): void;
  /** The last 1,000 syncs: actions, estimated request/response bytes, error code. */
  readonly syncLog: readonly FakeSyncRecord[];
  /** Every event raised (user edits, add-in writes, row inserts...), whether or not a handler listened. */
  readonly events: readonly FakeEventRecord[];
  clearEvents(): void;
  /** Errors thrown (or rejected) by the add-in's event handlers. */
  readonly handlerErrors: readonly unknown[];
  /** Number of live handler registrations, optionally for one event kind ("Changed", ...). */
  handlerCount(kind?: string): number;
  /** Waits until raised events have been delivered and their handlers' promises have settled. */
  flush(): Promise<void>;

  platform: PlatformName;
  date1904: boolean;
  /** null turns the 5 MB payload caps off. */
  payloadLimitBytes: number | null;
  readCellLimit: number;
  latencyMs: number;
  reportTriggerSource: boolean;
  supportsUse1904DateSystem: boolean;
  coerceApiWrites: boolean;
  /** The user is typing in a cell: syncs with work fail with InvalidOperationInCellEditMode (or wait, with delayForCellEdit). */
  cellEditMode: boolean;
  /** Whether the add-in's handlers are enabled (context.runtime.enableEvents). */
  readonly eventsEnabled: boolean;
  setRequirementSet(name: string, version: string | null): void;
  /** Makes the next sync fail with this error code (e.g. "GeneralException"). */
  failNextSync(code: string, message?: string): void;

  addSheet(name: string, values?: CellScalar[][], address?: string): string;
  removeSheet(name: string): void;
  renameSheet(name: string, newName: string): void;
  setVisibility(name: string, visibility: SheetVisibility): void;
  sheetNames(): string[];
  sheetId(name: string): string;
  activeSheet: string;
  activateSheet(name: string): void;

  /** Places values as if the file had been opened with them: no events, no parsing (except "#N/A"-style errors). */
  seed(sheet: string, address: string, values: CellScalar[][]): void;
  /** A user edit (typing one cell, or pasting a block): raises onChanged, with details only for one cell. */
  setValues(
    sheet: string,
    address: string,
    values: CellScalar[][],
    options?: { asTyped?: boolean; source?: "Local" | "Remote" }
  ): void;
  /** Values as `range.values` would return them ("" for empty, "#N/A" for errors). */
  getValues(sheet: string, address: string): CellScalar[][];
  getValueTypes(sheet: string, address: string): RangeValueType[][];
  getText(sheet: string, address: string): string[][];
  getNumberFormat(sheet: string, address: string): string[][];
  setNumberFormat(sheet: string, address: string, format: string): void;
  /**
   * Per-cell own fills ("#RRGGBB", or a fillKey for patterned / tinted fills), null where a cell
   * has none. Conditional formats are not applied (see getDisplayedFill).
   */
  getFill(sheet: string, address: string): (string | null)[][];
  /** User formatting (null removes the fill): a colour, or a patterned / tinted fill. */
  setFill(sheet: string, address: string, fill: string | FakeFill | null): void;
  /** Inserts `count` rows before 1-based row `atRow`, shifting cells down (raises RowInserted). */
  insertRows(sheet: string, atRow: number, count?: number): void;
  /** Deletes `count` rows from 1-based row `atRow`, shifting cells up (raises RowDeleted). */
  deleteRows(sheet: string, atRow: number, count?: number): void;
  /** The used range's address ("Sheet1!A1:M5001"), or null when the sheet is blank. */
  usedRange(sheet: string, valuesOnly?: boolean): string | null;

  /** Current selection with its sheet ("Sheet1!B3"); assigning selects (a user click), "A1" meaning the active sheet. */
  selection: string;
  /** The user drags a selection from cell `from` (the active cell) to cell `to` ("Sheet1!B9", "B3"). */
  dragSelect(from: string, to: string): void;

  /** The workbook's settings, parsed. */
  readonly settings: Record<string, unknown>;
  setSetting(key: string, value: unknown): void;

  /** Back to a fresh workbook (handlers are dropped, counters zeroed). */
  reset(init?: FakeExcelInit): void;

  // -------------------------------------------------------------- modelled since issue 12

  /** Syncs that changed the workbook since the last resetSyncCount(). */
  readonly writeSyncCount: number;
  /** Per-cell fill as the user sees it: the first conditional format that holds, else the cell's own (null: none). */
  getDisplayedFill(sheet: string, address: string): (string | null)[][];
  /** The sheet's conditional formats, highest priority first (areas as addresses). */
  conditionalFormats(
    sheet: string
  ): { id: string; type: string; formula: string; fill: string | null; areas: string[] }[];
  /** The user adds a custom conditional format of their own (on top). */
  addConditionalFormat(sheet: string, address: string, formula: string, fill: string): void;
  /** Excel's Home > Conditional Formatting > Clear Rules: from the given cells, or the entire sheet. */
  clearRules(sheet: string, address?: string): void;
  /** Inserts (count > 0) or deletes (count < 0) columns at a column letter, raising ColumnInserted/ColumnDeleted. */
  insertColumns(sheet: string, atColumn: string, count?: number): void;
  deleteColumns(sheet: string, atColumn: string, count?: number): void;
  /** Sorts the rows of a range by one of its columns (letter): raises onRowSorted (ExcelApi 1.10), no onChanged. */
  sortRows(sheet: string, address: string, byColumn: string, ascending?: boolean): void;
  /** Copy (or cut) and paste with Excel's clipboard: formats and conditional formats go along (see FakeHost.copyPaste). */
  copyPaste(
    from: { sheet: string; address: string },
    to: { sheet: string; address: string },
    options?: { cut?: boolean; valuesOnly?: boolean }
  ): void;
  /** Fill-drag of the source rows down over the target; over filtered rows no onChanged is raised. */
  fillDown(sheet: string, source: string, target: string): void;
  /** Hides or shows rows (a filter). */
  setRowsHidden(sheet: string, firstRow: number, lastRow: number, hidden: boolean): void;
  /** A value picked from a data-validation drop-down: no onChanged in Excel. */
  pickFromList(sheet: string, cell: string, value: CellScalar): void;
  /** Data > Text to Columns on a one-column range: no onChanged in Excel. */
  textToColumns(sheet: string, address: string, delimiter: string): void;
  /** A formula recalculated to a new value: no onChanged in Excel. */
  recalculate(sheet: string, cell: string, value: CellScalar): void;
  /** Clears whole rows (the user selected rows and pressed Delete): onChanged reports e.g. "2:1048576". */
  clearRows(sheet: string, rows: string): void;
  protectSheet(sheet: string, unlocked?: string[]): void;
  unprotectSheet(sheet: string): void;
  structureProtected: boolean;
  /** Ctrl+Z: takes back the user's last step (their own or, from ExcelApi 1.20, the add-in's); its label, or null. */
  undo(): string | null;
  /** The undo stack's steps, oldest first ("typing", "paste", "add-in"...). */
  readonly undoLabels: string[];
  /** The workbook as a file would keep it: `reset(snapshot)` opens it again. */
  snapshot(): FakeExcelInit;
  /** Save, close and open the workbook again: the pane's handlers and the undo stack are gone, ids are new. */
  reopen(): void;
  /** The task pane was closed (or reloaded): its event handlers are gone. */
  closePane(): void;
  /**
   * Runs `hook` as each batch reaches the workbook, before it runs (null stops it): what it does
   * as the user happens after the add-in sent the batch and before Excel runs it.
   */
  beforeSync(hook: ((info: { actions: string[] }) => void) | null): void;
}

function makeControl(host: FakeHost): FakeExcelControl {
  const sheet = (name: string): SheetModel => host.requireSheet(name);
  const rect = (name: string, address: string): { s: SheetModel; r: Rect } => {
    const s = sheet(name);
    return { s, r: host.rectOn(s, address, "control") };
  };
  const bounded = (r: Rect, what: string): Rect => {
    if (isUnbounded(r))
      throw new Error(`fakeExcel.${what}: use a bounded address, not whole rows/columns`);
    return r;
  };

  return {
    get syncCount() {
      return host.syncCount;
    },
    resetSyncCount() {
      host.syncCount = 0;
      host.writeSyncCount = 0;
    },
    get syncLog() {
      return host.syncLog;
    },
    get events() {
      return host.events;
    },
    clearEvents() {
      host.events.length = 0;
    },
    get handlerErrors() {
      return host.handlerErrors;
    },
    handlerCount(kind?: string) {
      return host.registrations.filter((r) => kind === undefined || r.kind === kind).length;
    },
    flush: () => host.flush(),

    get platform() {
      return host.platform;
    },
    set platform(p: PlatformName) {
      host.platform = p;
    },
    get date1904() {
      return host.date1904;
    },
    set date1904(v: boolean) {
      host.date1904 = v;
    },
    get payloadLimitBytes() {
      return host.payloadLimitBytes;
    },
    set payloadLimitBytes(v: number | null) {
      host.payloadLimitBytes = v;
    },
    get readCellLimit() {
      return host.readCellLimit;
    },
    set readCellLimit(v: number) {
      host.readCellLimit = v;
    },
    get latencyMs() {
      return host.latencyMs;
    },
    set latencyMs(v: number) {
      host.latencyMs = v;
    },
    get reportTriggerSource() {
      return host.reportTriggerSource;
    },
    set reportTriggerSource(v: boolean) {
      host.reportTriggerSource = v;
    },
    get supportsUse1904DateSystem() {
      return host.supportsUse1904;
    },
    set supportsUse1904DateSystem(v: boolean) {
      host.supportsUse1904 = v;
    },
    get coerceApiWrites() {
      return host.coerceApiWrites;
    },
    set coerceApiWrites(v: boolean) {
      host.coerceApiWrites = v;
    },
    get cellEditMode() {
      return host.cellEditMode;
    },
    set cellEditMode(v: boolean) {
      host.cellEditMode = v;
    },
    get eventsEnabled() {
      return host.enableEvents;
    },
    setRequirementSet(name: string, version: string | null) {
      if (version === null) host.requirementSets.delete(name);
      else host.requirementSets.set(name, version);
    },
    failNextSync(code: string, message?: string) {
      host.injectFailure(code, message);
    },

    addSheet(name: string, values?: CellScalar[][], address = "A1") {
      const s = host.addSheetModel(name);
      if (values) host.seed(s, address, values);
      host.raise({
        kind: "Added",
        sheetId: s.id,
        record: { type: "WorksheetAdded", worksheetId: s.id, source: "Local" },
      });
      return s.id;
    },
    removeSheet(name: string) {
      host.deleteSheet(sheet(name), "control.removeSheet");
    },
    renameSheet(name: string, newName: string) {
      const s = sheet(name);
      host.validateSheetName(newName, s, "control.renameSheet");
      s.name = newName;
    },
    setVisibility(name: string, visibility: SheetVisibility) {
      sheet(name).visibility = visibility;
    },
    sheetNames() {
      return host.sheets.map((s) => s.name);
    },
    sheetId(name: string) {
      return sheet(name).id;
    },
    get activeSheet() {
      return host.activeSheet().name;
    },
    set activeSheet(name: string) {
      host.activate(sheet(name).id);
    },
    activateSheet(name: string) {
      host.activate(sheet(name).id);
    },

    seed(name: string, address: string, values: CellScalar[][]) {
      host.seed(sheet(name), address, values);
    },
    setValues(name: string, address: string, values: CellScalar[][], options = {}) {
      const { s, r } = rect(name, address);
      // A paste may be given by its top-left cell only: size the range from the data.
      const target =
        r.r0 === r.r1 && r.c0 === r.c1 && (values.length > 1 || (values[0]?.length ?? 1) > 1)
          ? {
              r0: r.r0,
              c0: r.c0,
              r1: r.r0 + values.length - 1,
              c1: r.c0 + Math.max(...values.map((x) => x.length)) - 1,
            }
          : r;
      // Big pastes are not kept cell by cell for undo (the fake's memory, not Excel's): undoing
      // one fails loudly instead.
      const big = rectRows(target) * rectCols(target) > MAX_UNDO_CELLS;
      const undo: UndoRecord["cells"] = [];
      host.writeValues(
        s,
        bounded(target, "setValues"),
        values,
        "user",
        { typed: options.asTyped === true, source: options.source, undo: big ? undefined : undo },
        "control.setValues"
      );
      host.pushUserUndo({
        label: rectRows(target) * rectCols(target) === 1 ? "typing" : "paste",
        cells: undo,
        unmodelled: big,
      });
    },
    getValues(name: string, address: string) {
      const { s, r } = rect(name, address);
      return host.readCells(s, bounded(r, "getValues"), null, "control", (v) => outValue(v)) ?? [];
    },
    getValueTypes(name: string, address: string) {
      const { s, r } = rect(name, address);
      return (
        host.readCells(s, bounded(r, "getValueTypes"), null, "control", (v) => valueType(v)) ?? []
      );
    },
    getText(name: string, address: string) {
      const { s, r } = rect(name, address);
      return (
        host.readCells(s, bounded(r, "getText"), null, "control", (v, row, col) =>
          displayText(v, s.numberFormat(row, col), host.date1904)
        ) ?? []
      );
    },
    getNumberFormat(name: string, address: string) {
      const { s, r } = rect(name, address);
      return (
        host.readCells(
          s,
          bounded(r, "getNumberFormat"),
          null,
          "control",
          (_v, row, col) => s.numberFormat(row, col) ?? "General"
        ) ?? []
      );
    },
    setNumberFormat(name: string, address: string, format: string) {
      const { s, r } = rect(name, address);
      host.writeNumberFormat(s, bounded(r, "setNumberFormat"), format, "control.setNumberFormat");
    },
    getFill(name: string, address: string) {
      const { s, r } = rect(name, address);
      return (
        host.readCells(s, bounded(r, "getFill"), null, "control", (_v, row, col) =>
          s.effectiveFill(row, col)
        ) ?? []
      );
    },
    setFill(name: string, address: string, fill: string | FakeFill | null) {
      const { s, r } = rect(name, address);
      host.fill(s, [r], fill === null ? null : fillKey(fill));
    },
    insertRows(name: string, atRow: number, count = 1) {
      if (!Number.isInteger(atRow) || atRow < 1 || atRow > MAX_ROWS)
        throw new Error(`fakeExcel.insertRows: bad row ${atRow}`);
      host.insertRows(sheet(name), atRow - 1, count);
      host.pushUserUndo({ label: "insert rows", cells: [], unmodelled: true });
    },
    deleteRows(name: string, atRow: number, count = 1) {
      if (!Number.isInteger(atRow) || atRow < 1 || atRow > MAX_ROWS)
        throw new Error(`fakeExcel.deleteRows: bad row ${atRow}`);
      host.deleteRows(sheet(name), atRow - 1, count);
      host.pushUserUndo({ label: "delete rows", cells: [], unmodelled: true });
    },
    usedRange(name: string, valuesOnly = false) {
      const s = sheet(name);
      const used = s.usedRect(valuesOnly);
      return used ? qualifiedAddress(s.name, used) : null;
    },

    get selection() {
      const s = host.activeSheet();
      return qualifiedAddress(s.name, s.selection);
    },
    set selection(address: string) {
      const parsed = parseReference(address);
      if (!parsed) throw new Error(`fakeExcel.selection: bad address '${address}'`);
      const s = parsed.sheet === null ? host.activeSheet() : sheet(parsed.sheet);
      host.select(s, parsed.rect);
    },
    dragSelect(from: string, to: string) {
      const a = parseReference(from);
      const b = parseReference(to);
      if (!a || !b) throw new Error(`fakeExcel.dragSelect: bad address '${from}' or '${to}'`);
      const s = a.sheet === null ? host.activeSheet() : sheet(a.sheet);
      const rect = {
        r0: Math.min(a.rect.r0, b.rect.r0),
        c0: Math.min(a.rect.c0, b.rect.c0),
        r1: Math.max(a.rect.r0, b.rect.r0),
        c1: Math.max(a.rect.c0, b.rect.c0),
      };
      host.select(s, rect, { r: a.rect.r0, c: a.rect.c0 });
    },

    get settings() {
      const out: Record<string, unknown> = {};
      for (const [k, v] of host.settings) out[k] = JSON.parse(v) as unknown;
      return out;
    },
    setSetting(key: string, value: unknown) {
      host.settings.set(key, JSON.stringify(value));
    },

    reset(init?: FakeExcelInit) {
      host.reset(init);
    },

    get writeSyncCount() {
      return host.writeSyncCount;
    },
    getDisplayedFill(name: string, address: string) {
      const { s, r } = rect(name, address);
      const value = (sheetName: string, row: number, col: number) =>
        host.formulaValue(sheetName, row, col);
      return (
        host.readCells(s, bounded(r, "getDisplayedFill"), null, "control", (_v, row, col) =>
          s.displayedFill(row, col, value)
        ) ?? []
      );
    },
    conditionalFormats(name: string) {
      return sheet(name).cfs.map((rule) => ({
        id: rule.id,
        type: rule.type,
        formula: rule.formulaText,
        fill: rule.fill,
        fontColor: rule.fontColor,
        fontBold: rule.fontBold,
        areas: rule.areas.map(formatRect),
      }));
    },
    addConditionalFormat(name: string, address: string, formula: string, fill: string) {
      const { s, r } = rect(name, address);
      s.cfs.unshift({
        id: newCfId(),
        type: "Custom",
        formulaText: formula,
        formula: Formula.parse(formula),
        fill: fillKey(fill),
        fontColor: null,
        fontBold: null,
        stopIfTrue: false,
        areas: [r],
      });
      s.touch();
    },
    clearRules(name: string, address?: string) {
      const s = sheet(name);
      if (address === undefined) {
        s.cfs = [];
        s.touch();
      } else removeFromConditionalFormats(s, [host.rectOn(s, address, "control.clearRules")]);
      host.undoStack = [];
    },
    insertColumns(name: string, atColumn: string, count = 1) {
      host.shiftColumns(sheet(name), columnNumber(atColumn), count, "user");
      host.pushUserUndo({ label: "insert columns", cells: [], unmodelled: true });
    },
    deleteColumns(name: string, atColumn: string, count = 1) {
      host.shiftColumns(sheet(name), columnNumber(atColumn), -count, "user");
      host.pushUserUndo({ label: "delete columns", cells: [], unmodelled: true });
    },
    sortRows(name: string, address: string, byColumn: string, ascending = true) {
      const { s, r } = rect(name, address);
      host.sortRows(s, bounded(r, "sortRows"), columnNumber(byColumn), ascending);
    },
    copyPaste(from, to, options = {}) {
      const a = rect(from.sheet, from.address);
      const b = rect(to.sheet, to.address);
      host.copyPaste(a.s, bounded(a.r, "copyPaste"), b.s, { r: b.r.r0, c: b.r.c0 }, options);
    },
    fillDown(name: string, source: string, target: string) {
      const s = sheet(name);
      host.fillDown(
        s,
        bounded(host.rectOn(s, source, "control.fillDown"), "fillDown"),
        bounded(host.rectOn(s, target, "control.fillDown"), "fillDown")
      );
    },
    setRowsHidden(name: string, firstRow: number, lastRow: number, hidden: boolean) {
      const s = sheet(name);
      for (let r = firstRow - 1; r <= lastRow - 1; r++) {
        if (hidden) s.hiddenRows.add(r);
        else s.hiddenRows.delete(r);
      }
      s.touch();
    },
    pickFromList(name: string, cell: string, value: CellScalar) {
      const { s, r } = rect(name, cell);
      host.setQuietly(s, [{ r: r.r0, c: r.c0, v: value }], "pick");
    },
    textToColumns(name: string, address: string, delimiter: string) {
      const { s, r } = rect(name, address);
      if (r.c0 !== r.c1) throw new Error("fakeExcel.textToColumns: one column at a time");
      const cells: { r: number; c: number; v: CellScalar }[] = [];
      for (let row = r.r0; row <= r.r1; row++) {
        const v = s.get(row, r.c0);
        if (typeof v !== "string") continue;
        v.split(delimiter).forEach((part, i) => cells.push({ r: row, c: r.c0 + i, v: part }));
      }
      host.setQuietly(s, cells, "text to columns");
    },
    recalculate(name: string, cell: string, value: CellScalar) {
      const { s, r } = rect(name, cell);
      host.setQuietly(s, [{ r: r.r0, c: r.c0, v: value }], "recalculation");
      host.undoStack.pop(); // a recalculation is no step of the user's
    },
    clearRows(name: string, rows: string) {
      const { s, r } = rect(name, rows);
      if (!isEntireRows(r)) throw new Error(`fakeExcel.clearRows: '${rows}' is not whole rows`);
      host.checkWritable(s, r, "clearRows");
      const undo: UndoRecord["cells"] = [];
      for (const [row, data] of s.rows)
        if (row >= r.r0 && row <= r.r1)
          data.v.forEach((v, c) => {
            if (v === undefined) return;
            undo.push({ sheet: s, r: row, c, v, fill: s.effectiveFill(row, c) });
            data.v[c] = undefined;
          });
      s.touch();
      host.pushUserUndo({ label: "clear", cells: undo });
      host.raiseChanged(s, r, "RangeEdited", "user");
    },
    protectSheet(name: string, unlocked: string[] = []) {
      const s = sheet(name);
      s.protected = true;
      s.unlocked = unlocked.map((a) => host.rectOn(s, a, "control.protectSheet"));
      s.touch();
    },
    unprotectSheet(name: string) {
      sheet(name).protected = false;
      sheet(name).touch();
    },
    get structureProtected() {
      return host.structureProtected;
    },
    set structureProtected(v: boolean) {
      host.structureProtected = v;
    },
    undo() {
      return host.undo();
    },
    get undoLabels() {
      return host.undoStack.map((u) => u.label);
    },
    snapshot() {
      return snapshotWorkbook(host);
    },
    reopen() {
      host.reset(snapshotWorkbook(host));
    },
    closePane() {
      host.registrations = [];
    },
    beforeSync(hook) {
      host.beforeSync = hook;
    },
  };
}

/** Everything a saved file keeps, as FakeExcelInit (settings parsed, sheets with their whole state). */
function snapshotWorkbook(host: FakeHost): FakeExcelInit {
  const settings: Record<string, unknown> = {};
  for (const [k, v] of host.settings) settings[k] = JSON.parse(v) as unknown;
  return {
    platform: host.platform,
    date1904: host.date1904,
    workbookName: host.workbookName,
    payloadLimitBytes: host.payloadLimitBytes,
    readCellLimit: host.readCellLimit,
    latencyMs: host.latencyMs,
    excelApiVersion: host.excelApiVersion,
    reportTriggerSource: host.reportTriggerSource,
    supportsUse1904DateSystem: host.supportsUse1904,
    coerceApiWrites: host.coerceApiWrites,
    structureProtected: host.structureProtected,
    activeSheet: host.activeSheet().name,
    settings,
    sheets: host.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      state: snapshotSheet(s),
    })),
  };
}

// ================================================================================================
// Factory and installation
// ================================================================================================

export interface FakeExcel {
  Office: FakeOfficeNamespace;
  Excel: FakeExcelNamespace;
  OfficeExtension: FakeOfficeExtensionNamespace;
  control: FakeExcelControl;
}

/** A fresh fake host (Node/jest): its own workbook, Office and Excel namespaces, and control object. */
export function createFakeExcel(init: FakeExcelInit = {}): FakeExcel {
  const host = new FakeHost(init);
  return {
    Office: makeOfficeNamespace(host),
    Excel: makeExcelNamespace(host),
    OfficeExtension: OFFICE_EXTENSION,
    control: makeControl(host),
  };
}

export interface InstalledFakeExcel extends FakeExcel {
  /** Puts back whatever `Office`, `Excel`, `OfficeExtension`, `__fakeExcel` were before. */
  uninstall(): void;
}

/**
 * Defines the globals the add-in reads (`Office`, `Excel`, `OfficeExtension`) plus `__fakeExcel`
 * (the control object) on `target` (default: globalThis). In a page, `window.__fakeExcelInit`
 * set before the script loads seeds the workbook.
 */
export function installFakeExcel(
  target: object = globalThis,
  init?: FakeExcelInit
): InstalledFakeExcel {
  const bag = target as Record<string, unknown>;
  const seed = init ?? (bag.__fakeExcelInit as FakeExcelInit | undefined) ?? {};
  const fake = createFakeExcel(seed);
  const names = ["Office", "Excel", "OfficeExtension", "__fakeExcel"] as const;
  const previous = names.map(
    (n) => [n, Object.prototype.hasOwnProperty.call(bag, n), bag[n]] as const
  );
  bag.Office = fake.Office;
  bag.Excel = fake.Excel;
  bag.OfficeExtension = fake.OfficeExtension;
  bag.__fakeExcel = fake.control;
  return {
    ...fake,
    uninstall() {
      for (const [n, had, value] of previous) {
        if (had) bag[n] = value;
        else delete bag[n];
      }
    },
  };
}
