/**
 * Group ID: two capital letters (MAM-141). EA, EB and EC mark the group exception of MAM §4-§6
 * (MAM-142, an info note on the cell).
 */
import { formRule, type CellContext, type Report } from "../rule";

function checkGroupId(
  text: string,
  _number: number | null,
  cell: CellContext,
  report: Report<"MAM-141" | "MAM-142">
): string | null {
  if (text.length === 2 && isCapital(text.charCodeAt(0)) && isCapital(text.charCodeAt(1))) {
    if (cell.ids.groupExceptions.has(text)) report("MAM-142", { value: text });
    return text;
  }
  report("MAM-141", { value: text });
  return null;
}

function isCapital(code: number): boolean {
  return code >= 65 && code <= 90;
}

export const groupIdRule = formRule({
  name: "groupId",
  form: "groupId",
  codes: ["MAM-141", "MAM-142"],
  check: checkGroupId,
});
