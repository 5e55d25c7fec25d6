/**
 * MAM-190: a usable value that the MA file will carry in another spelling (capitals, hyphens, the
 * MPAN core, ISO dates, no stray spaces, no time of day). Modelled export hygiene: told, and
 * fixable in place, never changed silently.
 */
import { describeSpaces } from "../../cellValue";
import { cellRule, type CellContext, type Report } from "../rule";

export const normalised = cellRule({
  name: "normalised",
  stage: "cell",
  forms: "all",
  codes: ["MAM-190"],
});

/**
 * Reports that `raw` (the cell's text; `trimmed` without its stray spaces) is exported as
 * `canonical`, with what the form's check noted on the way (`notes`).
 */
export function reportNormalised(
  raw: string,
  trimmed: string,
  canonical: string,
  notes: string,
  cell: CellContext,
  report: Report<"MAM-190">
): void {
  let detail = notes;
  if (trimmed !== raw) {
    const spaces = describeSpaces(raw);
    if (!detail.includes(spaces)) detail = detail ? `${detail}; ${spaces}` : spaces;
  }
  report(
    "MAM-190",
    { column: cell.column.header, value: raw, canonical, detail: detail || "normalised" },
    canonical
  );
}
