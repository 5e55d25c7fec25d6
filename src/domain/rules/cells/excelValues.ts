/**
 * Cells that hold no value of their own: an Excel error (`#N/A`, `#REF!`…: MAM-192), typed or
 * pasted as text too, a number no cell can hold (NaN or an infinity: Excel shows #NUM!), and a
 * formula whose result was never calculated or saved (MAM-193). Either way the cell cannot be
 * exported, and the fix is in the workbook, not in the cell's text.
 */
import { excelErrorOf, isCellFormula } from "../../cellValue";
import type { CellValue } from "../../types";
import { cellRule, type CellContext, type Report } from "../rule";

export const excelValues = cellRule({
  name: "excelValues",
  stage: "cell",
  forms: "all",
  codes: ["MAM-192", "MAM-193"],
});

/** Reports a cell that holds an error value or a formula without a result: true when it does. */
export function holdsNoValue(
  value: CellValue,
  cell: CellContext,
  report: Report<"MAM-192" | "MAM-193">
): boolean {
  if (isCellFormula(value)) {
    report("MAM-193", { column: cell.column.header, formula: value.formula });
    return true;
  }
  const error =
    typeof value === "number" ? (Number.isFinite(value) ? null : "#NUM!") : excelErrorOf(value);
  if (error === null) return false;
  report("MAM-192", { column: cell.column.header, value: error });
  return true;
}
