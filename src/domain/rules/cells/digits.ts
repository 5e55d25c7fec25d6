/** Helpers shared by the meter-point forms (MPAN, MPRN): digits as people group them. */
import { removeSpaces } from "../../cellValue";
import type { CellContext } from "../rule";

/** Digits as people group them ("1312 3456 7890 7", "39-3842-4403"): drops the separators, noting which. */
export function withoutSeparators(text: string, cell: CellContext): string {
  const unspaced = removeSpaces(text);
  if (unspaced !== text) cell.note("spaces removed");
  const compact = unspaced.replace(/-/g, "");
  if (compact !== unspaced) cell.note("hyphens removed");
  return compact;
}

/** The first character of the text that is not a digit ("" when there is none). */
export function firstNonDigit(text: string): string {
  for (const ch of text) if (ch < "0" || ch > "9") return ch;
  return "";
}
