/**
 * Supplier EUIDs [verified]: an EUI-64 in DCC's User ID block 70-B3-D5-1F-3 (the test block
 * 90-B3-D5-1F-3 only in a test workbook): MAM-131.
 */
import { scanCanonicalEui64 } from "../../eui64";
import { formRule, type CellContext, type Report } from "../rule";
import { readEui } from "./eui";
import { excelDamage } from "./excelDamage";

function checkUserId(
  text: string,
  number: number | null,
  cell: CellContext,
  report: Report<"MAM-131" | "MAM-191">
): string | null {
  const canonical =
    number === null && scanCanonicalEui64(text, cell.scan.eui)
      ? text
      : readEui(text, number, cell, "MAM-131", report);
  if (canonical === null) return null;
  const problem = cell.ids.euids.blockProblem(canonical, cell.options);
  if (problem === null) return canonical;
  report("MAM-131", { column: cell.column.header, value: text, detail: problem });
  return null;
}

export const dccUserIdRule = formRule({
  name: "dccUserId",
  form: "dccUserId",
  codes: ["MAM-131"],
  uses: [excelDamage],
  check: checkUserId,
});
