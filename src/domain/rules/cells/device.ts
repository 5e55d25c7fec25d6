/**
 * Device IDs [verified]: an EUI-64 (MAM-121), and not the all-zero or all-F placeholder (MAM-122).
 * Lower case and other separators are normalised (MAM-190, by the column check).
 */
import { isPlaceholderEui64, scanCanonicalEui64 } from "../../eui64";
import { formRule, type CellContext, type Report } from "../rule";
import { readEui } from "./eui";
import { excelDamage } from "./excelDamage";

type DeviceReport = Report<"MAM-121" | "MAM-122" | "MAM-191">;

function checkDevice(
  text: string,
  number: number | null,
  cell: CellContext,
  report: DeviceReport
): string | null {
  // The common case, already canonical: one pass gives the form, the placeholder test and the hash.
  const scan = cell.scan.eui;
  if (number === null && scanCanonicalEui64(text, scan)) {
    if (scan.placeholder) return placeholder(cell, text, report);
    cell.rememberHash(text, scan.hash);
    return text;
  }
  const canonical = readEui(text, number, cell, "MAM-121", report);
  if (canonical !== null && isPlaceholderEui64(canonical))
    return placeholder(cell, canonical, report);
  return canonical;
}

function placeholder(cell: CellContext, canonical: string, report: DeviceReport): null {
  report("MAM-122", { column: cell.column.header, value: canonical });
  return null;
}

export const deviceRule = formRule({
  name: "device",
  form: "eui64",
  codes: ["MAM-121", "MAM-122"],
  uses: [excelDamage],
  check: checkDevice,
});
