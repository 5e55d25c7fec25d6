/**
 * Findings as a plain table of text: one row per finding, in the order given, with the columns a
 * person needs to find and fix it. Generic on purpose: the CLI's CSV and HTML reports use it, and
 * so can the task pane ("Copy all findings", "Write findings to a new sheet").
 */
import type { MamProfile } from "../profile";
import type { Finding } from "../types";

/** Where a table finds a code's catalogue entry: the profile the findings were made against. */
export type RuleLookup = Pick<MamProfile, "findRule">;

export const FINDINGS_HEADER = [
  "Cell",
  "Row",
  "Column",
  "Code",
  "Severity",
  "Message",
  "How to fix",
  "Basis",
  "Clause",
] as const;

export interface FindingsTable {
  readonly header: string[];
  readonly rows: string[][];
}

export function findingsTable(findings: readonly Finding[], rules: RuleLookup): FindingsTable {
  return {
    header: [...FINDINGS_HEADER],
    rows: findings.map((f) => [
      f.cell,
      String(f.row),
      f.column,
      f.code,
      f.severity,
      f.message,
      f.hint,
      f.basis,
      rules.findRule(f.code)?.clause ?? "",
    ]),
  };
}
