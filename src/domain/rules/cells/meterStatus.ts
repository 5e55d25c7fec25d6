/** Meter Status: Active or Dormant (MAM-161); another case is normalised (MAM-190). */
import { formRule, type CellContext, type Report } from "../rule";

function checkMeterStatus(
  text: string,
  _number: number | null,
  cell: CellContext,
  report: Report<"MAM-161">
): string | null {
  const { active, dormant } = cell.ids.meterStatuses;
  if (text === active || text === dormant) return text;
  const lower = text.toLowerCase();
  if (lower === active.toLowerCase()) {
    cell.note(`written as ${active}`);
    return active;
  }
  if (lower === dormant.toLowerCase()) {
    cell.note(`written as ${dormant}`);
    return dormant;
  }
  report("MAM-161", { value: text });
  return null;
}

export const meterStatusRule = formRule({
  name: "meterStatus",
  form: "meterStatus",
  codes: ["MAM-161"],
  check: checkMeterStatus,
});
