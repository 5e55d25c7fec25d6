/**
 * Finding the profile's columns in a header row by their text (case- and space-insensitive, with
 * aliases), never by position: suppliers insert, reorder and rename columns.
 */
import { cellAddress } from "./address";
import { catalogue, foldHeader, type Catalogue, type ProfileColumn } from "./catalogue";
import { isBlank, showValue } from "./cellValue";
import type { CellValue } from "./types";

export interface HeaderFinding {
  readonly code: "MAM-001" | "MAM-004" | "MAM-005";
  /** Zero-based sheet column, or -1 for a missing column (reported on the header row as a whole). */
  readonly sheetColumn: number;
  readonly params: Record<string, string>;
  readonly column: string;
  readonly columnKey: string | null;
}

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
  /** False when a required column is missing or doubled: rows cannot be checked meaningfully. */
  readonly usable: boolean;
}

/** Columns a row cannot do without in any case: missing any of them is MAM-001. */
function isRequiredColumn(column: ProfileColumn): boolean {
  return column.required !== "optional";
}

export function mapHeader(
  cells: readonly CellValue[],
  profile: Catalogue["profile"] = catalogue.profile
): ColumnMap {
  const byName = new Map<string, number>();
  profile.columns.forEach((column, i) => {
    for (const name of [column.header, ...column.aliases]) byName.set(foldHeader(name), i);
  });
  const sheetColumnOf = profile.columns.map(() => -1);
  const profileIndexOf: number[] = [];
  const headers: string[] = [];
  const seen = new Map<number, number[]>();
  const findings: HeaderFinding[] = [];
  cells.forEach((cell, sheetColumn) => {
    const text = isBlank(cell) ? "" : showValue(cell).trim();
    headers.push(text);
    profileIndexOf.push(-1);
    if (text === "") return;
    const index = byName.get(foldHeader(text));
    if (index === undefined) {
      findings.push({
        code: "MAM-004",
        sheetColumn,
        column: text,
        columnKey: null,
        params: { column: text },
      });
      return;
    }
    const list = seen.get(index) ?? [];
    list.push(sheetColumn);
    seen.set(index, list);
  });
  let usable = true;
  profile.columns.forEach((column, index) => {
    const at = seen.get(index);
    if (!at) {
      if (isRequiredColumn(column)) {
        usable = false;
        findings.push({
          code: "MAM-001",
          sheetColumn: -1,
          column: column.header,
          columnKey: column.key,
          params: {
            column: column.header,
            aliases: [column.header, ...column.aliases].map((a) => `"${a}"`).join(", "),
          },
        });
      }
      return;
    }
    if (at.length > 1) {
      usable = false;
      findings.push({
        code: "MAM-005",
        sheetColumn: at[1],
        column: column.header,
        columnKey: column.key,
        params: { column: column.header, cells: at.map((c) => cellAddress(c, 1)).join(", ") },
      });
    }
    sheetColumnOf[index] = at[0];
    profileIndexOf[at[0]] = index;
  });
  return {
    profileColumns: profile.columns,
    sheetColumnOf,
    profileIndexOf,
    headers,
    findings,
    usable,
  };
}

/** Does this row look like a header row of the profile? (Used to find the MA sheet in a workbook.) */
export function headerScore(
  cells: readonly CellValue[],
  profile: Catalogue["profile"] = catalogue.profile
): number {
  const map = mapHeader(cells, profile);
  return map.sheetColumnOf.filter((c) => c >= 0).length / profile.columns.length;
}
