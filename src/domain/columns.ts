/**
 * One precompiled check per column form. Each takes a non-blank cell value and returns its
 * canonical text (what the MA file will carry), or null when the value cannot be used; problems
 * go to `report`. The common case — a value already in canonical form — allocates nothing.
 */
import { catalogue, type ColumnForm, type ProfileColumn } from "./catalogue";
import {
  describeSpaces,
  exactDigits,
  excelErrorOf,
  excelScientific,
  isAllDigits,
  looksScientific,
  removeSpaces,
  showValue,
  trimCell,
} from "./cellValue";
import { checkUserIdBlock } from "./dccUserId";
import { dateFromSerial, dateFromText } from "./dates";
import { isCanonicalEui64, isPlaceholderEui64, parseEui64 } from "./eui64";
import { distributorId, mpanCheckDigit } from "./mpan";
import { isValidMprn, MPRN_MAX_LENGTH, MPRN_MIN_LENGTH, mprnCheckDigits } from "./mprn";
import type { CellValue, DateSystem } from "./types";

export type Params = Record<string, string | number>;
export type Report = (code: string, params: Params, fix?: string) => void;

export interface CheckOptions {
  readonly dateSystem: DateSystem;
  readonly testWorkbook: boolean;
}

type FormCheck = (text: string, number: number | null, column: ProfileColumn, options: CheckOptions, report: Report) => string | null;

const ids = catalogue.identifiers;
const knownDistributors = new Set([...ids.distributorIds.dno, ...ids.distributorIds.idno]);
const smsoPattern = new RegExp(ids.smsoPattern);
const groupExceptions = new Set(ids.groupExceptions);

/**
 * What a check changed on the way to the canonical form, for the MAM-190 message. A module-level
 * slot rather than a returned object, so the valid path allocates nothing; reset per cell.
 */
let normalisation = "";
function note(text: string): void {
  if (normalisation.includes(text)) return;
  normalisation = normalisation ? `${normalisation}; ${text}` : text;
}

function mangled(column: ProfileColumn, value: string, detail: string, report: Report): null {
  report("MAM-191", { column: column.header, value, detail });
  return null;
}

function lostDigits(column: ProfileColumn, n: number, report: Report): null {
  return mangled(column, excelScientific(n), "Excel stored it as a number and kept only its first 15 digits", report);
}

const checkMpan: FormCheck = (text, number, column, _options, report) => {
  let digits = text;
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact === null) return Number.isInteger(number) ? lostDigits(column, number, report) : bad101(text, "it is not a whole number", report);
    digits = exact;
  } else if (!(digits.length === 13 && isAllDigits(digits))) {
    if (looksScientific(text)) return mangled(column, text, "it is in scientific notation, so digits were lost", report);
    let compact = noteSeparators(text);
    if (/^S\d{21}$/i.test(compact)) compact = compact.slice(1);
    if (!isAllDigits(compact)) return bad101(text, `"${firstNonDigit(compact)}" is not a digit`, report);
    if (compact.length === 21) {
      note("full 21-digit MPAN reduced to its 13-digit core");
      compact = compact.slice(8);
    }
    if (compact.length !== 13) return bad101(text, `it has ${compact.length} digits`, report);
    digits = compact;
  }
  if (digits.length !== 13) return bad101(text, `it has ${digits.length} digits`, report);
  const expected = mpanCheckDigit(digits);
  const actual = digits.charCodeAt(12) - 48;
  if (expected !== actual) {
    report("MAM-102", { value: digits, expected, actual });
    return null;
  }
  const distributor = distributorId(digits);
  if (!knownDistributors.has(distributor)) report("MAM-103", { value: digits, distributor: digits.slice(0, 2) });
  return digits;
};

/** Digits as people group them ("1312 3456 7890 7", "39-3842-4403"): drops the separators, noting which. */
function noteSeparators(text: string): string {
  const unspaced = removeSpaces(text);
  if (unspaced !== text) note("spaces removed");
  const compact = unspaced.replace(/-/g, "");
  if (compact !== unspaced) note("hyphens removed");
  return compact;
}

function bad101(value: string, detail: string, report: Report): null {
  report("MAM-101", { value, detail });
  return null;
}

function firstNonDigit(text: string): string {
  for (const ch of text) if (ch < "0" || ch > "9") return ch;
  return "";
}

const checkMprn: FormCheck = (text, number, column, _options, report) => {
  let digits = text;
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact === null) {
      if (Number.isInteger(number)) return lostDigits(column, number, report);
      report("MAM-111", { value: text, detail: "it is not a whole number" });
      return null;
    }
    digits = exact;
    // Excel drops leading zeros: if the number fails but the zero-padded text passes, say so.
    if (!isValidMprn(digits)) {
      for (let padded = "0" + digits; padded.length <= MPRN_MAX_LENGTH; padded = "0" + padded) {
        if (isValidMprn(padded)) return mangled(column, digits, `Excel stored it as a number and dropped the leading zero of ${padded}`, report);
      }
    }
  } else if (!isAllDigits(digits)) {
    if (looksScientific(text)) return mangled(column, text, "it is in scientific notation, so digits were lost", report);
    const compact = noteSeparators(text);
    if (!isAllDigits(compact)) {
      report("MAM-111", { value: text, detail: `"${firstNonDigit(compact)}" is not a digit` });
      return null;
    }
    digits = compact;
  }
  if (digits.length < MPRN_MIN_LENGTH || digits.length > MPRN_MAX_LENGTH) {
    report("MAM-111", { value: digits, detail: `it has ${digits.length} digits` });
    return null;
  }
  const body = digits.length - 2;
  const expected = mprnCheckDigits(digits.slice(0, body));
  const actual = digits.slice(body);
  if (expected !== actual) {
    report("MAM-112", { value: digits, expected, actual });
    return null;
  }
  return digits;
};

/** Reads an EUI-64 cell; shared by device IDs and supplier EUIDs. Reports MAM-191 or `badCode`. */
function readEui(text: string, number: number | null, column: ProfileColumn, badCode: string, report: Report): string | null {
  if (number !== null) {
    const detail = Number.isInteger(number) && number >= 1e15
      ? "Excel stored it as a number, kept only 15 digits and shows it in scientific notation"
      : "Excel stored it as a number, dropping any leading zeros";
    return mangled(column, showValue(number), detail, report);
  }
  if (isCanonicalEui64(text)) return text;
  const parsed = parseEui64(text);
  if (!parsed.ok) {
    if (looksScientific(text)) return mangled(column, text, "it is in scientific notation, so digits were lost", report);
    report(badCode, { column: column.header, value: text, detail: parsed.reason });
    return null;
  }
  note(/[a-f]/.test(text) ? "written in capitals with hyphens between octets" : "written with hyphens between octets");
  return parsed.canonical;
}

const checkDevice: FormCheck = (text, number, column, _options, report) => {
  const canonical = readEui(text, number, column, "MAM-121", report);
  if (canonical !== null && isPlaceholderEui64(canonical)) {
    report("MAM-122", { column: column.header, value: canonical });
    return null;
  }
  return canonical;
};

const checkUserId: FormCheck = (text, number, column, options, report) => {
  const canonical = readEui(text, number, column, "MAM-131", report);
  if (canonical === null) return null;
  const block = checkUserIdBlock(canonical, options);
  if (!block.ok) {
    report("MAM-131", { column: column.header, value: text, detail: block.reason });
    return null;
  }
  return canonical;
};

const checkGroupId: FormCheck = (text, _number, _column, _options, report) => {
  if (text.length === 2 && /^[A-Z]{2}$/.test(text)) {
    if (groupExceptions.has(text)) report("MAM-142", { value: text });
    return text;
  }
  report("MAM-141", { value: text });
  return null;
};

const checkSmso: FormCheck = (text, number, column, _options, report) => {
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact !== null && exact.length < 4) {
      return mangled(column, exact, `Excel stored it as a number and dropped leading zeros (was it ${exact.padStart(4, "0")}?)`, report);
    }
  }
  if (text === ids.smsoNone || smsoPattern.test(text)) return text;
  report("MAM-151", { value: text });
  return null;
};

const checkMeterStatus: FormCheck = (text, _number, _column, _options, report) => {
  const { active, dormant } = ids.meterStatuses;
  if (text === active || text === dormant) return text;
  const lower = text.toLowerCase();
  if (lower === active.toLowerCase()) {
    note(`written as ${active}`);
    return active;
  }
  if (lower === dormant.toLowerCase()) {
    note(`written as ${dormant}`);
    return dormant;
  }
  report("MAM-161", { value: text });
  return null;
};

const checkDate: FormCheck = (text, number, _column, options, report) => {
  const parsed = number !== null ? dateFromSerial(number, options.dateSystem) : dateFromText(text);
  if (!parsed.ok) {
    report("MAM-171", { value: text, detail: parsed.reason });
    return null;
  }
  if (parsed.note) note(parsed.note);
  return parsed.iso;
};

const checkText: FormCheck = (text, number, column, _options, report) => {
  if (number !== null && Number.isInteger(number) && Math.abs(number) >= 1e15) return lostDigits(column, number, report);
  const problem = textProblem(text);
  if (problem) {
    report("MAM-181", { value: text, detail: problem });
    return null;
  }
  return text;
};

/** Why free text cannot go into the MA file, or null. */
export function textProblem(text: string): string | null {
  if (text.length > ids.supplierReferenceMaxLength) return `is ${text.length} characters long; the limit is ${ids.supplierReferenceMaxLength}`;
  if (ids.formulaLeaders.includes(text[0])) return `starts with "${text[0] === "\t" ? "tab" : text[0]}", which a spreadsheet would run as a formula`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || (c >= 127 && c < 160) || c === 0x2028 || c === 0x2029) return `contains an unprintable character (code ${c}) at position ${i + 1}`;
  }
  return null;
}

const formChecks: Record<ColumnForm, FormCheck> = {
  mpan: checkMpan,
  mprn: checkMprn,
  eui64: checkDevice,
  dccUserId: checkUserId,
  groupId: checkGroupId,
  smsoId: checkSmso,
  meterStatus: checkMeterStatus,
  date: checkDate,
  text: checkText,
};

export type CellCheck = (value: CellValue, options: CheckOptions, report: Report) => string | null;

/**
 * Compiles the check for one profile column: error values, booleans, stray spaces and the MAM-190
 * note are handled here once, the form's own rules in `formChecks`.
 */
export function compileColumnCheck(column: ProfileColumn): CellCheck {
  const form = formChecks[column.form];
  return (value, options, report) => {
    const error = excelErrorOf(value);
    if (error !== null) {
      report("MAM-192", { column: column.header, value: error });
      return null;
    }
    normalisation = "";
    let raw: string;
    let number: number | null = null;
    if (typeof value === "number") {
      number = value;
      raw = showValue(value);
    } else if (typeof value === "boolean") {
      raw = value ? "TRUE" : "FALSE";
    } else {
      raw = value as string;
    }
    const text = trimCell(raw);
    const canonical = form(text, number, column, options, report);
    if (canonical !== null && number === null && canonical !== raw) {
      if (text !== raw) note(describeSpaces(raw));
      report("MAM-190", { column: column.header, value: raw, canonical, detail: normalisation || "normalised" }, canonical);
    }
    return canonical;
  };
}
