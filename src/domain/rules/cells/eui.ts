/** Reading an EUI-64 cell: shared by device IDs and supplier EUIDs (not a rule of its own). */
import { showValue } from "../../cellValue";
import { isCanonicalEui64, parseEui64 } from "../../eui64";
import type { CellContext, Params, Report } from "../rule";
import { mangled, scientific } from "./excelDamage";

/** The canonical EUI-64 of a cell, or null after reporting MAM-191 or `badCode`. */
export function readEui<B extends string>(
  text: string,
  number: number | null,
  cell: CellContext,
  badCode: B,
  report: Report<B | "MAM-191">
): string | null {
  if (number !== null) {
    const detail =
      Number.isInteger(number) && number >= 1e15
        ? "Excel stored it as a number, kept only 15 digits and shows it in scientific notation"
        : "Excel stored it as a number, dropping any leading zeros";
    return mangled(cell, showValue(number), detail, report);
  }
  if (isCanonicalEui64(text)) return text;
  const parsed = parseEui64(text);
  if (!parsed.ok) {
    if (scientific(cell, text, report)) return null;
    const params = { column: cell.column.header, value: text, detail: parsed.reason };
    // `badCode` is MAM-121 or MAM-131, both of these parameters: the compiler cannot see it for B.
    (report as unknown as (code: string, params: Params) => void)(badCode, params);
    return null;
  }
  cell.note(
    /[a-f]/.test(text)
      ? "written in capitals with hyphens between octets"
      : "written with hyphens between octets"
  );
  return parsed.canonical;
}
