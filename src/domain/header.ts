/**
 * Finding the profile's columns in a header row by their text (case- and space-insensitive, with
 * aliases), never by position: suppliers insert, reorder and rename columns. A header that names
 * a profile column exactly outranks one that names it by an alias. What is wrong with the header
 * row is the header rules' to say (rules/header/).
 */
import { foldHeader, type OtherTemplate, type ProfileColumn } from "./catalogue";
import { isBlank, showValue } from "./cellValue";
import { v06a, type MamProfile } from "./profile";
import type { HeaderIssue, HeaderView } from "./rules/rule";
import type { CellValue } from "./types";

export type HeaderFinding = HeaderIssue<string>;

export interface ColumnMap {
  /** Profile columns in export order. */
  readonly profileColumns: readonly ProfileColumn[];
  /** For each profile column (same order), its zero-based sheet column, or -1 when absent. */
  readonly sheetColumnOf: readonly number[];
  /** For each sheet column, the index of its profile column, or -1. */
  readonly profileIndexOf: readonly number[];
  /** The header text as the sheet has it, per sheet column. */
  readonly headers: readonly string[];
  readonly findings: readonly HeaderFinding[];
  /**
   * False when the header has an error (a required column missing or doubled, another template):
   * rows cannot be checked meaningfully.
   */
  readonly usable: boolean;
}

/** How the profile's names fold, per profile: [folded name, column, exact?]. */
const namesOf = new WeakMap<MamProfile, Map<string, { column: number; exact: boolean }>>();

function names(profile: MamProfile): Map<string, { column: number; exact: boolean }> {
  let byName = namesOf.get(profile);
  if (byName === undefined) {
    byName = new Map();
    profile.columns.forEach((column, i) => {
      for (const alias of column.aliases)
        byName!.set(foldHeader(alias), { column: i, exact: false });
      // After the aliases: an alias that folds like the header ("GroupID") does not demote it.
      byName!.set(foldHeader(column.header), { column: i, exact: true });
    });
    namesOf.set(profile, byName);
  }
  return byName;
}

/** Matches a header row against the profile: which sheet column each profile column is read from. */
export function matchHeader(cells: readonly CellValue[], profile: MamProfile = v06a): HeaderView {
  const byName = names(profile);
  const columns = profile.columns;
  const exact: number[][] = columns.map(() => []);
  const byAlias: number[][] = columns.map(() => []);
  const headers: string[] = [];
  const unknown: number[] = [];
  const folded = new Set<string>();
  cells.forEach((cell, sheetColumn) => {
    const text = isBlank(cell) ? "" : showValue(cell).trim();
    headers.push(text);
    if (text === "") return;
    const name = foldHeader(text);
    folded.add(name);
    const hit = byName.get(name);
    if (hit === undefined) unknown.push(sheetColumn);
    else (hit.exact ? exact : byAlias)[hit.column].push(sheetColumn);
  });
  const used = columns.map((_, c) => exact[c][0] ?? byAlias[c][0] ?? -1);
  const outranked = columns.flatMap((_, c) =>
    exact[c].length > 0 ? byAlias[c].map((sheetColumn) => ({ sheetColumn, column: c })) : []
  );
  return {
    profileId: profile.id,
    profileTemplate: profile.catalogue.profile.template,
    columns,
    headers,
    exact,
    byAlias,
    used,
    unknown,
    outranked,
    otherTemplate: otherTemplateOf(folded, used, profile),
  };
}

/**
 * The other DCC template a header row plainly is: it has headers of that template and lacks a
 * column the profile cannot do without (an MA sheet with an extra "MPxN" column is still one).
 */
function otherTemplateOf(
  folded: ReadonlySet<string>,
  used: readonly number[],
  profile: MamProfile
): { template: OtherTemplate; found: string[] } | null {
  const complete = profile.columns.every((c, i) => c.required === "optional" || used[i] >= 0);
  if (complete) return null;
  for (const template of profile.catalogue.otherTemplates) {
    const found = template.headers.filter((h) => folded.has(foldHeader(h)));
    if (found.length > 0) return { template, found };
  }
  return null;
}

/** The column map of a header row, with the header rules' findings. */
export function mapHeader(
  cells: readonly CellValue[],
  profile: MamProfile = v06a,
  strict = false
): ColumnMap {
  const view = matchHeader(cells, profile);
  const findings = profile.checkHeader(view, strict);
  const usable = findings.every((f) => profile.ruleFor(f.code).severity !== "error");
  // Another template's columns are not this profile's, even where a header happens to match.
  const sheetColumnOf = view.otherTemplate ? view.used.map(() => -1) : view.used;
  const profileIndexOf = view.headers.map(() => -1);
  sheetColumnOf.forEach((sc, c) => {
    if (sc >= 0) profileIndexOf[sc] = c;
  });
  return {
    profileColumns: profile.columns,
    sheetColumnOf,
    profileIndexOf,
    headers: view.headers,
    findings,
    usable,
  };
}

/** Does this row look like a header row of the profile? (Used to find the MA sheet in a workbook.) */
export function headerScore(cells: readonly CellValue[], profile: MamProfile = v06a): number {
  const view = matchHeader(cells, profile);
  return view.used.filter((c) => c >= 0).length / profile.columns.length;
}
