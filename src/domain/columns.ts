/**
 * The check of one profile column, compiled once per profile column: the engine's hot path (one
 * call per cell, 1.3 million at 100,000 rows). It runs the cell rules in order — a cell holding no
 * value (MAM-192/193, rules/cells/excelValues.ts), the form's own rule (rules/cells/<form>.ts), the
 * normalisation note (MAM-190, rules/cells/normalised.ts) — and returns the canonical text (what
 * the MA file will carry), null when the value cannot be used, or undefined for a blank cell. The
 * common case, a value already in canonical form, allocates nothing.
 */
import type { ProfileColumn } from "./catalogue";
import { isBlank, isSpace, showValue, trimCell } from "./cellValue";
import type { Identifiers } from "./identifiers";
import { dateRule } from "./rules/cells/date";
import { dccUserIdRule } from "./rules/cells/dccUserId";
import { deviceRule } from "./rules/cells/device";
import { excelValues, holdsNoValue } from "./rules/cells/excelValues";
import { groupIdRule } from "./rules/cells/groupId";
import { meterStatusRule } from "./rules/cells/meterStatus";
import { mpanRule } from "./rules/cells/mpan";
import { mprnRule } from "./rules/cells/mprn";
import { normalised, reportNormalised } from "./rules/cells/normalised";
import { smsoRule } from "./rules/cells/smso";
import { textRule } from "./rules/cells/text";
import type {
  CellContext,
  CellRule,
  CheckOptions,
  FormRule,
  Params,
  Report as RuleReport,
} from "./rules/rule";
import { hashText } from "./textHash";
import type { CellValue } from "./types";

export type { CheckOptions, Params };
/** How the engine takes a column check's findings (any code: the check passes on its rules'). */
export type Report = (code: string, params: Params, fix?: string) => void;

/** The forms' rules by number, for the `switch` in ColumnCheck.read (the order of FORM numbers). */
export const FORM_RULES: readonly FormRule[] = [
  mpanRule,
  mprnRule,
  deviceRule,
  dccUserIdRule,
  groupIdRule,
  smsoRule,
  meterStatusRule,
  dateRule,
  textRule,
];
/** The rules every column check runs besides its form's. */
export const PIPELINE_RULES: readonly CellRule[] = [excelValues, normalised];

const MPAN = 0;
const MPRN = 1;
const EUI64 = 2;
const DCC_USER_ID = 3;
const GROUP_ID = 4;
const SMSO_ID = 5;
const METER_STATUS = 6;
const DATE = 7;

// Each form check has a call site of its own in the switch below (monomorphic, as before the split).
const checkMpan = mpanRule.check;
const checkMprn = mprnRule.check;
const checkDevice = deviceRule.check;
const checkUserId = dccUserIdRule.check;
const checkGroupId = groupIdRule.check;
const checkSmso = smsoRule.check;
const checkMeterStatus = meterStatusRule.check;
const checkDate = dateRule.check;
const checkText = textRule.check;

/**
 * Forms whose values repeat down a sheet and are dear to read, so their canonical texts are
 * remembered per column: a sheet holds a few hundred distinct days, and turning a serial number or
 * a typed date into ISO text (calendar arithmetic, a Date, padded strings) is the costliest check
 * per cell; a supplier uses a handful of EUIDs, and reading one is 23 characters (a lookup hashes
 * them natively); SMSO IDs are a handful too, checked by a pattern from the catalogue. Device IDs,
 * MPANs and MPRNs differ on every row: remembering them would only cost memory.
 */
const REMEMBERED_FORMS: ReadonlySet<string> = new Set(["date", "dccUserId", "smsoId"]);
/** A column of ever-new values (dates with times of day, say) must not grow the memo without end. */
const MEMO_LIMIT = 4096;

const ignore: Report = () => {};

/** What a column's memo keeps of a value: its canonical text, and whether that differs from the value. */
interface Remembered {
  readonly canonical: string;
  readonly altered: boolean;
}

export class ColumnCheck implements CellContext {
  private readonly form: number;
  /** Canonical texts of values whose check reported nothing (REMEMBERED_FORMS only), and the options they were read with. */
  private readonly memo: Map<CellValue, Remembered> | null;
  private memoOptions: CheckOptions | null = null;
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
  /** The options of the cell being checked (CellContext). */
  options: CheckOptions;
  /** What the form's check changed on the way to the canonical form, for the MAM-190 message. */
  private notes = "";
  /**
   * hashText of the canonical value the form's check produced, when it could work it out on its
   * pass over the characters (reading them again costs as much as checking them), tagged with its
   * text so that it is only ever used for an equal text.
   */
  private hashedText: string | null = null;
  private hashedValue = 0;
  /** Scratch for the identifier scans (CellContext.scan): this column's own, like the notes. */
  readonly scan = {
    mpan: { expected: 0, distributor: 0, hash: 0 },
    mprn: { checkDigitsOk: false, hash: 0 },
    eui: { hash: 0, placeholder: false },
  };
  /** In strict mode, the codes this column's rules may report (anything else throws). */
  private readonly allowed: ReadonlySet<string> | null;

  constructor(
    readonly column: ProfileColumn,
    readonly ids: Identifiers,
    options: CheckOptions,
    strict = false
  ) {
    this.form = FORM_RULES.findIndex((rule) => rule.form === column.form);
    if (this.form < 0) throw new Error(`No rule checks the form "${column.form}"`);
    this.memo = REMEMBERED_FORMS.has(column.form) ? new Map() : null;
    this.options = options;
    this.allowed = strict ? allowedCodes(FORM_RULES[this.form]) : null;
  }

  note(text: string): void {
    if (this.notes.includes(text)) return;
    this.notes = this.notes ? `${this.notes}; ${text}` : text;
  }

  rememberHash(text: string, hash: number): void {
    this.hashedText = text;
    this.hashedValue = hash;
  }

  /** hashText(canonical), taken from the check that just produced `canonical` when it has it. */
  hashOf(canonical: string): number {
    return this.hashedText === canonical ? this.hashedValue : hashText(canonical);
  }

  /**
   * Checks a cell: its canonical text, or null when it cannot be used (problems go to `report`),
   * or undefined when it is blank (nothing, or only spaces: no value to check). Blankness is found
   * here, on the same reads of the text as the trimming, rather than by a separate pass first.
   * The memo holds for one options object: new options (another day, say) start it afresh.
   */
  check(value: CellValue, options: CheckOptions, report: Report): string | null | undefined {
    if (value === null || value === undefined || value === "") return undefined;
    if (this.allowed !== null) report = this.strictly(report);
    if (this.memo === null) return this.read(value, options, report);
    if (options !== this.memoOptions) {
      this.memo.clear();
      this.lastValue = undefined;
      this.memoOptions = options;
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
    this.options = options;
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
      // An error literal typed or pasted as text (`#N/A`) is still Excel's error.
      if (text.charCodeAt(0) === 35 /* # */ && holdsNoValue(raw, this, report)) return null;
    } else if (typeof value === "number") {
      if (!Number.isFinite(value) && holdsNoValue(value, this, report)) return null;
      number = value;
      text = raw = showValue(value);
    } else if (typeof value === "boolean") {
      text = raw = value ? "TRUE" : "FALSE";
    } else {
      if (holdsNoValue(value, this, report)) return null;
      raw = value as unknown as string; // not a cell value at all: fails below, as it always has
      text = trimCell(raw);
    }
    this.notes = "";
    this.hashedText = null;
    let canonical: string | null;
    switch (this.form) {
      case MPAN:
        canonical = checkMpan(text, number, this, report);
        break;
      case MPRN:
        canonical = checkMprn(text, number, this, report);
        break;
      case EUI64:
        canonical = checkDevice(text, number, this, report);
        break;
      case DCC_USER_ID:
        canonical = checkUserId(text, number, this, report);
        break;
      case GROUP_ID:
        canonical = checkGroupId(text, number, this, report);
        break;
      case SMSO_ID:
        canonical = checkSmso(text, number, this, report);
        break;
      case METER_STATUS:
        canonical = checkMeterStatus(text, number, this, report);
        break;
      case DATE:
        canonical = checkDate(text, number, this, report);
        break;
      default: // text
        canonical = checkText(text, number, this, report);
    }
    this.altered = canonical !== value;
    // A number is always exported as text: only what the check noted (a time of day) is told.
    if (canonical !== null && (number === null ? canonical !== raw : this.notes !== ""))
      reportNormalised(raw, text, canonical, this.notes, this, report);
    return canonical;
  }

  /** The report, checking that each code comes from this column's rules (strict mode, for tests). */
  private strictly(report: Report): Report {
    const allowed = this.allowed!;
    const column = this.column.key;
    return (code, params, fix) => {
      if (!allowed.has(code))
        throw new Error(
          `The check of column ${column} reported ${code}, which none of its rules declares`
        );
      report(code, params, fix);
    };
  }
}

/** The codes a form's column check may report: its rule's, the rules it uses, the pipeline's. */
function allowedCodes(rule: FormRule): ReadonlySet<string> {
  const codes = new Set<string>(rule.codes);
  for (const used of [...(rule.uses ?? []), ...PIPELINE_RULES])
    for (const code of used.codes) codes.add(code);
  return codes;
}

/** The check of one profile column. */
export function compileColumnCheck(
  column: ProfileColumn,
  ids: Identifiers,
  options: CheckOptions,
  strict = false
): ColumnCheck {
  return new ColumnCheck(column, ids, options, strict);
}

/** A rule report as the column check's report (the engine's takes any code). */
export type { RuleReport };
