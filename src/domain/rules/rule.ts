/**
 * What a rule is: a small pure unit that declares the catalogue codes it implements and the profile
 * columns it needs (its preconditions), and checks one stage of the sheet:
 *
 * - `header`: the header row, as matched against the profile (header.ts);
 * - `cell`: one cell of a column of some forms, inside the column check compiled once per profile
 *   column (columns.ts: the engine's hot path, one call per cell);
 * - `row`: the canonical values of one row (compiled once per profile and options);
 * - `duplicates`: the groups of equal values the engine's duplicate indexes find.
 *
 * The engine owns storage, indexes and deltas; rules own what is wrong and how it is said. Each
 * stage's report function accepts only the codes the rule declares (see issues.ts), and
 * profile.ts refuses a rule set in which a catalogue code has no rule or two.
 */
import type { ColumnForm, OtherTemplate, ProfileColumn } from "../catalogue";
import type { IndexKind } from "../duplicates";
import type { Eui64Scan } from "../eui64";
import type { Identifiers } from "../identifiers";
import type { MpanScan } from "../mpan";
import type { MprnScan } from "../mprn";
import type { DateSystem } from "../types";
import type { ParamsOf } from "./issues";

export type { Code, Params, ParamsOf } from "./issues";

/** Reports a finding on the cell being checked; `fix` is the value a Fix writes. */
export type Report<C extends string> = <K extends C>(
  code: K,
  params: ParamsOf<K>,
  fix?: string
) => void;

interface RuleInfo<C extends string> {
  /** A name for messages and the coverage test. */
  readonly name: string;
  /** The catalogue codes this rule implements: each code is implemented by exactly one rule. */
  readonly codes: readonly C[];
  /** Profile column keys the rule reads (its preconditions): a profile without them is refused. */
  readonly needs?: readonly string[];
}

// ------------------------------------------------------------------------------ header

/** The header row as matched against the profile (header.ts). */
export interface HeaderView {
  readonly profileId: string;
  readonly profileTemplate: string;
  readonly columns: readonly ProfileColumn[];
  /** The sheet's header texts (trimmed), per sheet column. */
  readonly headers: readonly string[];
  /** Per profile column, the sheet columns headed exactly like it (case and spaces aside). */
  readonly exact: readonly (readonly number[])[];
  /** Per profile column, the sheet columns headed by one of its aliases. */
  readonly byAlias: readonly (readonly number[])[];
  /** Per profile column, the sheet column its values are read from, or -1. */
  readonly used: readonly number[];
  /** Sheet columns with a header that names no profile column. */
  readonly unknown: readonly number[];
  /** Sheet columns headed by an alias of a profile column that another column names exactly. */
  readonly outranked: readonly { readonly sheetColumn: number; readonly column: number }[];
  /** The other DCC template the header plainly belongs to, and its headers found; or null. */
  readonly otherTemplate: {
    readonly template: OtherTemplate;
    readonly found: readonly string[];
  } | null;
}

export interface HeaderIssue<K extends string> {
  readonly code: K;
  /** Zero-based sheet column, or -1 for the header row as a whole. */
  readonly sheetColumn: number;
  /** The profile header, or the sheet's own text for a column outside the profile. */
  readonly column: string;
  readonly columnKey: string | null;
  readonly params: ParamsOf<K>;
}

export type HeaderReport<C extends string> = <K extends C>(issue: HeaderIssue<K>) => void;

export interface HeaderRule<C extends string = string> extends RuleInfo<C> {
  readonly stage: "header";
  check(header: HeaderView, report: HeaderReport<C>): void;
}

// ------------------------------------------------------------------------------ cells

/** What a column check reads a cell with. */
export interface CheckOptions {
  readonly dateSystem: DateSystem;
  readonly testWorkbook: boolean;
  /** Today in Europe/London, `YYYY-MM-DD`. */
  readonly today: string;
}

/** The cell being checked: its column, the options, the profile's identifier data. */
export interface CellContext {
  readonly column: ProfileColumn;
  readonly options: CheckOptions;
  readonly ids: Identifiers;
  /** What the one-pass scans of identifiers learn: filled and read within one check. */
  readonly scan: { readonly mpan: MpanScan; readonly mprn: MprnScan; readonly eui: Eui64Scan };
  /** Notes what normalising changed, for the MAM-190 message ("spaces removed"). */
  note(text: string): void;
  /** Hands over hashText(text) of the canonical value when the check worked it out on its pass. */
  rememberHash(text: string, hash: number): void;
}

/**
 * A form's check on a non-blank, trimmed cell: `number` is the cell's number when it holds one
 * (`text` is then how Excel shows it). Returns the canonical text, or null when the value cannot
 * be used (and reported why).
 */
export type FormCheck<C extends string> = (
  text: string,
  number: number | null,
  cell: CellContext,
  report: Report<C>
) => string | null;

export interface CellRule<C extends string = string> extends RuleInfo<C> {
  readonly stage: "cell";
  /** The column forms whose cells it checks, or "all". */
  readonly forms: readonly ColumnForm[] | "all";
  /** Rules whose codes this one reports through their helpers (MAM-191's, say). */
  readonly uses?: readonly CellRule[];
}

/** A form's own rule: the check the compiled column check calls for every cell of the form. */
export interface FormRule<C extends string = string> extends CellRule<C> {
  readonly form: ColumnForm;
  readonly check: FormCheck<string>;
}

// ------------------------------------------------------------------------------ rows

/** The engine's options as rules see them. */
export interface RuleOptions extends CheckOptions {
  /** The submitting EUID, canonical, or null when none (or an unusable one) was given. */
  readonly submitter: string | null;
}

/** What a row rule is compiled against: the profile's columns and data, and the options. */
export interface RuleSetup {
  readonly columns: readonly ProfileColumn[];
  readonly ids: Identifiers;
  readonly options: RuleOptions;
  /** The position of a profile column (one of the rule's `needs`). */
  col(key: string): number;
  /** The profile columns that pass a test, as a bit mask (bit c = profile column c). */
  mask(test: (column: ProfileColumn) => boolean): number;
}

/** One row, as row rules see it. */
export interface RowView {
  /** Profile columns with a non-blank cell, as a mask. */
  readonly filled: number;
  /** Profile columns the sheet has, as a mask. */
  readonly inSheet: number;
  /** Canonical values per profile column (null: blank, or unusable and reported by its cell). */
  readonly canon: readonly (string | null)[];
}

export type RowReport<C extends string> = <K extends C>(
  column: number,
  code: K,
  params: ParamsOf<K>
) => void;

export type RowCheck<C extends string> = (row: RowView, report: RowReport<C>) => void;

export interface RowRule<C extends string = string> extends RuleInfo<C> {
  readonly stage: "row";
  /** The check for a profile and options (made again when the options change). */
  compile(setup: RuleSetup): RowCheck<C>;
}

// ------------------------------------------------------------------------------ duplicates

/** A cell of a duplicate group: its sheet row and profile column. */
export interface GroupCell {
  readonly row: number;
  readonly column: number;
}

export interface DuplicateRule<C extends string = string> extends RuleInfo<C> {
  readonly stage: "duplicates";
  /** The code for each duplicate index. */
  readonly kinds: Readonly<Record<IndexKind, C>>;
  /** The finding on `cell`, one of the cells holding `value` (all of them: `group`). */
  describe(
    kind: IndexKind,
    value: string,
    cell: GroupCell,
    group: readonly GroupCell[],
    columns: readonly ProfileColumn[]
  ): { readonly code: C; readonly params: ParamsOf<C> };
}

export type RuleModule = HeaderRule | CellRule | RowRule | DuplicateRule;

// ------------------------------------------------------------------------------ definitions

/**
 * Identity functions that infer a rule's codes from its `codes` list, so that its check can only
 * report those (`as const` is not needed at the call).
 */
export function headerRule<const C extends string>(rule: HeaderRule<C>): HeaderRule<C> {
  return rule;
}

export function cellRule<const C extends string>(rule: CellRule<C>): CellRule<C> {
  return rule;
}

export function formRule<const C extends string, const U extends string = never>(
  rule: Omit<FormRule<C>, "check" | "stage" | "forms" | "uses"> & {
    readonly uses?: readonly CellRule<U>[];
    readonly check: FormCheck<C | U>;
  }
): FormRule<C> {
  return {
    ...rule,
    stage: "cell",
    forms: [rule.form],
    check: rule.check as FormCheck<string>,
  };
}

export function rowRule<const C extends string>(rule: RowRule<C>): RowRule<C> {
  return rule;
}

export function duplicateRule<const C extends string>(rule: DuplicateRule<C>): DuplicateRule<C> {
  return rule;
}
