/**
 * MAM-191: a value Excel changed on its way into the cell. Digit strings typed into a General
 * cell become numbers (past 15 significant digits the rest are lost, leading zeros are dropped)
 * and long ones are shown, and saved to CSV, in scientific notation. The forms' checks call these
 * helpers when their value shows such damage; the rule is one, whichever form finds it.
 */
import { excelScientific, looksScientific } from "../../cellValue";
import { cellRule, type CellContext, type Report } from "../rule";

export const excelDamage = cellRule({
  name: "excelDamage",
  stage: "cell",
  forms: "all",
  codes: ["MAM-191"],
});

type Damage = Report<"MAM-191">;

/** Reports that Excel changed the value (shown as `value`), and why; the value cannot be used. */
export function mangled(cell: CellContext, value: string, detail: string, report: Damage): null {
  report("MAM-191", { column: cell.column.header, value, detail });
  return null;
}

/** A whole number of 15+ significant digits: Excel kept only the first 15. */
export function lostDigits(cell: CellContext, n: number, report: Damage): null {
  return mangled(
    cell,
    excelScientific(n),
    "Excel stored it as a number and kept only its first 15 digits",
    report
  );
}

/** Text in Excel's scientific notation (`1.31235E+12`, a CSV saved from Excel): reported, true. */
export function scientific(cell: CellContext, text: string, report: Damage): boolean {
  if (!looksScientific(text)) return false;
  mangled(cell, text, "it is in scientific notation, so digits were lost", report);
  return true;
}
