/** SMSO ID: 4 capital letters or digits, or NONE (MAM-151); a short number lost its leading zeros. */
import { exactDigits } from "../../cellValue";
import { formRule, type CellContext, type Report } from "../rule";
import { excelDamage, mangled } from "./excelDamage";

function checkSmso(
  text: string,
  number: number | null,
  cell: CellContext,
  report: Report<"MAM-151" | "MAM-191">
): string | null {
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact !== null && exact.length < 4) {
      return mangled(
        cell,
        exact,
        `Excel stored it as a number and dropped leading zeros (was it ${exact.padStart(4, "0")}?)`,
        report
      );
    }
  }
  if (text === cell.ids.smsoNone || cell.ids.smsoPattern.test(text)) return text;
  report("MAM-151", { value: text });
  return null;
}

export const smsoRule = formRule({
  name: "smsoId",
  form: "smsoId",
  codes: ["MAM-151"],
  uses: [excelDamage],
  check: checkSmso,
});
