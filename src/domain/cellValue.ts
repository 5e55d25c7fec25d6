/**
 * Reading a cell the way Excel hands it over: stray spaces, non-breaking spaces, error values, and
 * numbers that used to be digit strings.
 */
import type { CellError, CellFormula, CellValue } from "./types";

/** Error literals Excel shows in a cell, and writes into a CSV saved from one. */
const EXCEL_ERRORS = new Set([
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

export function isCellError(value: CellValue): value is CellError {
  return (
    typeof value === "object" && value !== null && typeof (value as CellError).error === "string"
  );
}

export function isCellFormula(value: CellValue): value is CellFormula {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CellFormula).formula === "string"
  );
}

/** The error literal a cell holds (`#N/A`), or null when it holds none. */
export function excelErrorOf(value: CellValue): string | null {
  if (isCellError(value)) return value.error;
  if (typeof value === "string" && value.length > 1) {
    // Stray spaces around the literal (a CSV export, a paste) do not make it text.
    const trimmed = trimCell(value);
    if (trimmed.charCodeAt(0) !== 35 /* # */) return null;
    const upper = trimmed.toUpperCase();
    return EXCEL_ERRORS.has(upper) ? upper : null;
  }
  return null;
}

export function isSpace(code: number): boolean {
  // ASCII white space, no-break space, and the Unicode spaces that arrive with web pastes.
  return (
    code <= 32 ||
    code === 0xa0 ||
    code === 0x2007 ||
    code === 0x202f ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200b)
  );
}

/**
 * Do two cell values show the same thing? Empty is empty however a host hands it over (null,
 * undefined, ""), and an error value equals its literal (Office.js reads `#N/A` as text). A formula
 * with no result equals only the same formula: never its text, which a user may have typed.
 */
export function sameCellValue(a: CellValue, b: CellValue): boolean {
  const fa = isCellFormula(a);
  if (fa || isCellFormula(b)) return fa && isCellFormula(b) && a.formula === b.formula;
  const x = comparable(a);
  const y = comparable(b);
  return (
    x === y ||
    (typeof x === "number" && typeof y === "number" && Number.isNaN(x) && Number.isNaN(y))
  );
}

function comparable(value: Exclude<CellValue, CellFormula>): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return value.error;
  return value;
}

/** True when a cell holds nothing a person would call a value (blank, or only spaces). */
export function isBlank(value: CellValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== "string") return false;
  for (let i = 0; i < value.length; i++) if (!isSpace(value.charCodeAt(i))) return false;
  return true;
}

/** Removes leading and trailing spaces of every kind; returns the same string when there are none. */
export function trimCell(text: string): string {
  const n = text.length;
  if (n === 0 || (!isSpace(text.charCodeAt(0)) && !isSpace(text.charCodeAt(n - 1)))) return text;
  let start = 0;
  let end = n;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Removes every space of every kind (inside too), for identifiers people type in groups. */
export function removeSpaces(text: string): string {
  let hasSpace = false;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      hasSpace = true;
      break;
    }
  }
  if (!hasSpace) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isSpace(code)) out += text[i];
  }
  return out;
}

export function isAllDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Largest integer Excel stores without losing digits: it keeps 15 significant digits. */
export const EXCEL_EXACT_LIMIT = 1e15;

/**
 * The digits of a number that Excel made out of a digit string, or null when Excel may have lost
 * some (15+ significant digits) or the number is not a whole, non-negative one.
 */
export function exactDigits(value: number): string | null {
  if (!Number.isInteger(value) || value < 0 || value >= EXCEL_EXACT_LIMIT) return null;
  return String(value);
}

/** How Excel would show a large number: 1.23457E+20. Used in messages so people recognise it. */
export function excelScientific(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [mantissa, exponent] = value.toExponential(5).split("e");
  const trimmed = mantissa.replace(/\.?0+$/, "");
  const exp = Number(exponent);
  return `${trimmed}E${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/**
 * Text in the shape Excel shows a number in scientific notation (`1.31235E+12`, `1E+15`), as a
 * CSV saved from Excel leaves it: one digit, maybe a fraction, E, a sign and two or three digits.
 * Other "digits E digits" text (an EUID `523304368888178E3`) is not Excel's doing.
 */
export function looksScientific(text: string): boolean {
  return /^-?\d(\.\d{1,14})?E[+-]\d{2,3}$/.test(text);
}

/** A short, faithful rendering of a cell's value for messages (never "[object Object]"). */
export function showValue(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (isCellError(value)) return value.error;
  if (isCellFormula(value)) return clipText(`=${value.formula}`);
  if (typeof value === "number")
    return Number.isInteger(value) && Math.abs(value) >= EXCEL_EXACT_LIMIT
      ? excelScientific(value)
      : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value !== "string") return String(value);
  return clipText(value);
}

/** Cell text longer than this is shortened where a message quotes it. */
export const QUOTE_LIMIT = 40;

/**
 * Cell text as a message quotes it: whole when short, else its first QUOTE_LIMIT characters, "…"
 * and its length (a 1 MB cell must not make a 1 MB message). Never cuts a character in two.
 */
export function clipText(text: string): string {
  if (text.length <= QUOTE_LIMIT + 20) return text;
  let end = QUOTE_LIMIT;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end++;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    length++;
  }
  if (length <= QUOTE_LIMIT + 20) return text;
  return `${text.slice(0, end)}… (${length.toLocaleString("en-GB")} characters)`;
}

/** Makes invisible characters visible in messages: a no-break space would otherwise look like a space. */
export function describeSpaces(raw: string): string {
  const hasNbsp = /[\u00a0\u2007\u202f]/.test(raw);
  const hasOther = /[\u2000-\u200b\ufeff]/.test(raw);
  if (hasNbsp) return "non-breaking spaces removed";
  if (hasOther) return "invisible characters removed";
  return "spaces removed";
}
