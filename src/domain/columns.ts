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
  isBlank,
  isSpace,
  looksScientific,
  removeSpaces,
  showValue,
  trimCell,
} from "./cellValue";
import { userIdBlockProblem } from "./dccUserId";
import { dateFromSerial, dateFromText } from "./dates";
import {
  isCanonicalEui64,
  isPlaceholderEui64,
  parseEui64,
  scanCanonicalEui64,
  type Eui64Scan,
} from "./eui64";
import type { Params } from "./findings";
import { distributorId, mpanCheckDigit, scanMpanCore, type MpanScan } from "./mpan";
import {
  isValidMprn,
  MPRN_MAX_LENGTH,
  MPRN_MIN_LENGTH,
  mprnCheckDigits,
  scanMprn,
  type MprnScan,
} from "./mprn";
import { hashText } from "./textHash";
import type { CellValue, DateSystem } from "./types";

export type { Params };
export type Report = (code: string, params: Params, fix?: string) => void;

export interface CheckOptions {
  readonly dateSystem: DateSystem;
  readonly testWorkbook: boolean;
}

type FormCheck = (
  text: string,
  number: number | null,
  column: ProfileColumn,
  options: CheckOptions,
  report: Report
) => string | null;

const ids = catalogue.identifiers;
/** Known distributor IDs (two digits, so 0-99) as a table: one array read per MPAN. */
const knownDistributors = new Uint8Array(100);
for (const id of [...ids.distributorIds.dno, ...ids.distributorIds.idno])
  if (id >= 0 && id < 100) knownDistributors[id] = 1;
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

/**
 * hashText of the canonical value the last identifier check produced, when the check could work it
 * out on its pass over the characters (reading them again costs as much as checking them). Tagged
 * with its text, so it is only ever used for an equal text. Reset for each cell.
 */
let hashedText: string | null = null;
let hashedValue = 0;

function rememberHash(text: string, hash: number): void {
  hashedText = text;
  hashedValue = hash;
}

/** hashText(canonical), taken from the check that just produced `canonical` when it has it. */
export function canonicalHash(canonical: string): number {
  return hashedText === canonical ? hashedValue : hashText(canonical);
}

function mangled(column: ProfileColumn, value: string, detail: string, report: Report): null {
  report("MAM-191", { column: column.header, value, detail });
  return null;
}

function lostDigits(column: ProfileColumn, n: number, report: Report): null {
  return mangled(
    column,
    excelScientific(n),
    "Excel stored it as a number and kept only its first 15 digits",
    report
  );
}

const mpanScan: MpanScan = { expected: 0, distributor: 0, hash: 0 };

const checkMpan: FormCheck = (text, number, column, _options, report) => {
  // The common case, 13 digits as typed: one pass gives the form, the check digit and the hash.
  if (number === null && scanMpanCore(text, mpanScan)) {
    const core = checkedMpan(text, mpanScan.expected, mpanScan.distributor, report);
    if (core !== null) rememberHash(core, mpanScan.hash);
    return core;
  }
  let digits = text;
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact === null)
      return Number.isInteger(number)
        ? lostDigits(column, number, report)
        : bad101(text, "it is not a whole number", report);
    digits = exact;
  } else {
    if (looksScientific(text))
      return mangled(column, text, "it is in scientific notation, so digits were lost", report);
    let compact = noteSeparators(text);
    if (/^S\d{21}$/i.test(compact)) compact = compact.slice(1);
    if (!isAllDigits(compact))
      return bad101(text, `"${firstNonDigit(compact)}" is not a digit`, report);
    if (compact.length === 21) {
      note("full 21-digit MPAN reduced to its 13-digit core");
      compact = compact.slice(8);
    }
    if (compact.length !== 13) return bad101(text, `it has ${compact.length} digits`, report);
    digits = compact;
  }
  if (digits.length !== 13) return bad101(text, `it has ${digits.length} digits`, report);
  return checkedMpan(digits, mpanCheckDigit(digits), distributorId(digits), report);
};

/** The check digit and distributor rules on 13 digits. */
function checkedMpan(
  digits: string,
  expected: number,
  distributor: number,
  report: Report
): string | null {
  const actual = digits.charCodeAt(12) - 48;
  if (expected !== actual) {
    report("MAM-102", { value: digits, expected, actual });
    return null;
  }
  if (knownDistributors[distributor] !== 1)
    report("MAM-103", { value: digits, distributor: digits.slice(0, 2) });
  return digits;
}

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

const mprnScan: MprnScan = { checkDigitsOk: false, hash: 0 };

const checkMprn: FormCheck = (text, number, column, _options, report) => {
  // The common case, 6-10 digits as typed: one pass gives the form, the check digits and the hash.
  if (number === null && scanMprn(text, mprnScan)) {
    if (!mprnScan.checkDigitsOk) return badMprnCheck(text, report);
    rememberHash(text, mprnScan.hash);
    return text;
  }
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
        if (isValidMprn(padded))
          return mangled(
            column,
            digits,
            `Excel stored it as a number and dropped the leading zero of ${padded}`,
            report
          );
      }
    }
  } else if (!isAllDigits(digits)) {
    if (looksScientific(text))
      return mangled(column, text, "it is in scientific notation, so digits were lost", report);
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
  if (!isValidMprn(digits)) return badMprnCheck(digits, report);
  return digits;
};

function badMprnCheck(digits: string, report: Report): null {
  const body = digits.length - 2;
  report("MAM-112", {
    value: digits,
    expected: mprnCheckDigits(digits.slice(0, body)),
    actual: digits.slice(body),
  });
  return null;
}

/** Reads an EUI-64 cell; shared by device IDs and supplier EUIDs. Reports MAM-191 or `badCode`. */
function readEui(
  text: string,
  number: number | null,
  column: ProfileColumn,
  badCode: string,
  report: Report
): string | null {
  if (number !== null) {
    const detail =
      Number.isInteger(number) && number >= 1e15
        ? "Excel stored it as a number, kept only 15 digits and shows it in scientific notation"
        : "Excel stored it as a number, dropping any leading zeros";
    return mangled(column, showValue(number), detail, report);
  }
  if (isCanonicalEui64(text)) return text;
  const parsed = parseEui64(text);
  if (!parsed.ok) {
    if (looksScientific(text))
      return mangled(column, text, "it is in scientific notation, so digits were lost", report);
    report(badCode, { column: column.header, value: text, detail: parsed.reason });
    return null;
  }
  note(
    /[a-f]/.test(text)
      ? "written in capitals with hyphens between octets"
      : "written with hyphens between octets"
  );
  return parsed.canonical;
}

const euiScan: Eui64Scan = { hash: 0, placeholder: false };

const checkDevice: FormCheck = (text, number, column, _options, report) => {
  // The common case, already canonical: one pass gives the form, the placeholder test and the hash.
  if (number === null && scanCanonicalEui64(text, euiScan)) {
    if (euiScan.placeholder) return placeholder(column, text, report);
    rememberHash(text, euiScan.hash);
    return text;
  }
  const canonical = readEui(text, number, column, "MAM-121", report);
  if (canonical !== null && isPlaceholderEui64(canonical))
    return placeholder(column, canonical, report);
  return canonical;
};

function placeholder(column: ProfileColumn, canonical: string, report: Report): null {
  report("MAM-122", { column: column.header, value: canonical });
  return null;
}

const checkUserId: FormCheck = (text, number, column, options, report) => {
  const canonical =
    number === null && scanCanonicalEui64(text, euiScan)
      ? text
      : readEui(text, number, column, "MAM-131", report);
  if (canonical === null) return null;
  const problem = userIdBlockProblem(canonical, options);
  if (problem === null) return canonical;
  report("MAM-131", { column: column.header, value: text, detail: problem });
  return null;
};

const checkGroupId: FormCheck = (text, _number, _column, _options, report) => {
  if (text.length === 2 && isCapital(text.charCodeAt(0)) && isCapital(text.charCodeAt(1))) {
    if (groupExceptions.has(text)) report("MAM-142", { value: text });
    return text;
  }
  report("MAM-141", { value: text });
  return null;
};

function isCapital(code: number): boolean {
  return code >= 65 && code <= 90;
}

const checkSmso: FormCheck = (text, number, column, _options, report) => {
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact !== null && exact.length < 4) {
      return mangled(
        column,
        exact,
        `Excel stored it as a number and dropped leading zeros (was it ${exact.padStart(4, "0")}?)`,
        report
      );
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
  if (number !== null && Number.isInteger(number) && Math.abs(number) >= 1e15)
    return lostDigits(column, number, report);
  const problem = textProblem(text);
  if (problem) {
    report("MAM-181", { value: text, detail: problem });
    return null;
  }
  return text;
};

/** Why free text cannot go into the MA file, or null. */
export function textProblem(text: string): string | null {
  if (text.length > ids.supplierReferenceMaxLength)
    return `is ${text.length} characters long; the limit is ${ids.supplierReferenceMaxLength}`;
  if (ids.formulaLeaders.includes(text[0]))
    return `starts with "${text[0] === "\t" ? "tab" : text[0]}", which a spreadsheet would run as a formula`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || (c >= 127 && c < 160) || c === 0x2028 || c === 0x2029)
      return `contains an unprintable character (code ${c}) at position ${i + 1}`;
  }
  return null;
}

/** The forms by number, for the `switch` in ColumnCheck.read. */
const FORM_ORDER: readonly ColumnForm[] = [
  "mpan",
  "mprn",
  "eui64",
  "dccUserId",
  "groupId",
  "smsoId",
  "meterStatus",
  "date",
  "text",
];
const MPAN = 0;
const MPRN = 1;
const EUI64 = 2;
const DCC_USER_ID = 3;
const GROUP_ID = 4;
const SMSO_ID = 5;
const METER_STATUS = 6;
const DATE = 7;

/**
 * Forms whose values repeat down a sheet and are dear to read, so their canonical texts are
 * remembered per column: a sheet holds a few hundred distinct days, and turning a serial number or
 * a typed date into ISO text (calendar arithmetic, a Date, padded strings) is the costliest check
 * per cell; a supplier uses a handful of EUIDs, and reading one is 23 characters (a lookup hashes
 * them natively); SMSO IDs are a handful too, checked by a pattern from the catalogue. Device IDs,
 * MPANs and MPRNs differ on every row: remembering them would only cost memory.
 */
const REMEMBERED_FORMS: ReadonlySet<ColumnForm> = new Set<ColumnForm>([
  "date",
  "dccUserId",
  "smsoId",
]);
/** A column of ever-new values (dates with times of day, say) must not grow the memo without end. */
const MEMO_LIMIT = 4096;

/**
 * The check of one profile column, compiled once: blank cells, error values, booleans, stray
 * spaces and the MAM-190 note are handled here, the form's own rules in the form checks above. The
 * engine calls it for every cell (1.3 million at 100,000 rows): the form is picked by a `switch` on
 * a number fixed here, so each form check has a call site of its own.
 */
export class ColumnCheck {
  private readonly form: number;
  /** Canonical texts of values whose check reported nothing (REMEMBERED_FORMS only), and the options they were read with. */
  private readonly memo: Map<CellValue, Remembered> | null;
  private memoDateSystem: DateSystem | null = null;
  private memoTestWorkbook = false;
  /** The value last found in or put into the memo, and what was remembered of it (lastValue undefined: none). */
  private lastValue: CellValue = undefined;
  private last: Remembered = { canonical: "", altered: false };
  /**
   * Whether the canonical text the last check returned differs from the cell's value (it is not
   * the cell's own text): worked out where the check knows it for nothing, so the engine need not
   * compare the two (a memo's canonical text is another string than the cell's, equal or not).
   */
  altered = false;
  private reported = false;
  private outer: Report = ignore;
  /** Passes reports on and notes that there were some (a check that reported is not remembered). */
  private readonly tap: Report = (code, params, fix) => {
    this.reported = true;
    this.outer(code, params, fix);
  };

  constructor(readonly column: ProfileColumn) {
    this.form = FORM_ORDER.indexOf(column.form);
    this.memo = REMEMBERED_FORMS.has(column.form) ? new Map() : null;
  }

  /**
   * Checks a cell: its canonical text, or null when it cannot be used (problems go to `report`),
   * or undefined when it is blank (nothing, or only spaces: no value to check). Blankness is found
   * here, on the same reads of the text as the trimming, rather than by a separate pass first.
   */
  check(value: CellValue, options: CheckOptions, report: Report): string | null | undefined {
    if (value === null || value === undefined || value === "") return undefined;
    if (this.memo === null) return this.read(value, options, report);
    if (
      options.dateSystem !== this.memoDateSystem ||
      options.testWorkbook !== this.memoTestWorkbook
    ) {
      this.memo.clear();
      this.lastValue = undefined;
      this.memoDateSystem = options.dateSystem;
      this.memoTestWorkbook = options.testWorkbook;
    }
    // The same value as the cell above (a supplier's EUID on row after row) needs no lookup.
    if (value === this.lastValue) {
      this.altered = this.last.altered;
      return this.last.canonical;
    }
    const known = this.memo.get(value);
    if (known !== undefined) {
      this.lastValue = value;
      this.last = known;
      this.altered = known.altered;
      return known.canonical;
    }
    this.reported = false;
    this.outer = report;
    const canonical = this.read(value, options, this.tap);
    this.outer = ignore;
    if (typeof canonical === "string" && !this.reported) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      const remembered = { canonical, altered: this.altered };
      this.memo.set(value, remembered);
      this.lastValue = value;
      this.last = remembered;
    }
    return canonical;
  }

  private read(value: CellValue, options: CheckOptions, report: Report): string | null | undefined {
    const column = this.column;
    let raw: string;
    let text: string;
    let number: number | null = null;
    if (typeof value === "string") {
      raw = value;
      // The common case, no space at either end: two reads, and the text is the value itself.
      if (!isSpace(value.charCodeAt(0)) && !isSpace(value.charCodeAt(value.length - 1)))
        text = value;
      else if (isBlank(value)) return undefined;
      else text = trimCell(value);
    } else if (typeof value === "number") {
      number = value;
      text = raw = showValue(value);
    } else if (typeof value === "boolean") {
      text = raw = value ? "TRUE" : "FALSE";
    } else {
      const error = excelErrorOf(value);
      if (error !== null) {
        report("MAM-192", { column: column.header, value: error });
        return null;
      }
      raw = value as unknown as string; // not a cell value at all: fails below, as it always has
      text = trimCell(raw);
    }
    // An error literal typed or pasted as text (`#N/A`) is still Excel's error.
    if (number === null && text.charCodeAt(0) === 35 /* # */) {
      const error = excelErrorOf(raw);
      if (error !== null) {
        report("MAM-192", { column: column.header, value: error });
        return null;
      }
    }
    normalisation = "";
    hashedText = null;
    let canonical: string | null;
    switch (this.form) {
      case MPAN:
        canonical = checkMpan(text, number, column, options, report);
        break;
      case MPRN:
        canonical = checkMprn(text, number, column, options, report);
        break;
      case EUI64:
        canonical = checkDevice(text, number, column, options, report);
        break;
      case DCC_USER_ID:
        canonical = checkUserId(text, number, column, options, report);
        break;
      case GROUP_ID:
        canonical = checkGroupId(text, number, column, options, report);
        break;
      case SMSO_ID:
        canonical = checkSmso(text, number, column, options, report);
        break;
      case METER_STATUS:
        canonical = checkMeterStatus(text, number, column, options, report);
        break;
      case DATE:
        canonical = checkDate(text, number, column, options, report);
        break;
      default: // text
        canonical = checkText(text, number, column, options, report);
    }
    this.altered = canonical !== value;
    if (canonical !== null && number === null && canonical !== raw) {
      if (text !== raw) note(describeSpaces(raw));
      report(
        "MAM-190",
        { column: column.header, value: raw, canonical, detail: normalisation || "normalised" },
        canonical
      );
    }
    return canonical;
  }
}

const ignore: Report = () => {};

/** What a column's memo keeps of a value: its canonical text, and whether that differs from the value. */
interface Remembered {
  readonly canonical: string;
  readonly altered: boolean;
}

/** The check of one profile column. */
export function compileColumnCheck(column: ProfileColumn): ColumnCheck {
  return new ColumnCheck(column);
}
