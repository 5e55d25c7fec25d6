/**
 * The findings as a table of text: what `mam validate --format csv|html` prints and what the task
 * pane copies and writes to a sheet, so a supplier and the helpdesk share the same rows. Pure: the
 * caller chooses the findings and their order.
 */
import { findRule } from "../catalogue";
import type { Finding } from "../types";

export const FINDINGS_TABLE_HEADER = [
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

export function findingsTable(findings: readonly Finding[]): {
  header: string[];
  rows: string[][];
} {
  return {
    header: [...FINDINGS_TABLE_HEADER],
    rows: findings.map((f) => [
      f.cell,
      String(f.row),
      f.column,
      f.code,
      f.severity,
      f.message,
      f.hint,
      f.basis,
      findRule(f.code)?.clause ?? "",
    ]),
  };
}
