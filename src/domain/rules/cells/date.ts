/**
 * Authorisation Date: a real date (MAM-171), from an Excel serial number or text (ISO, UK); other
 * spellings are normalised to ISO (MAM-190). A time of day, in a serial's fraction or in the text,
 * is dropped on export and said so, never silently.
 */
import { dateFromSerial, dateFromText } from "../../dates";
import { formRule, type CellContext, type Report } from "../rule";

function checkDate(
  text: string,
  number: number | null,
  cell: CellContext,
  report: Report<"MAM-171">
): string | null {
  const parsed =
    number !== null ? dateFromSerial(number, cell.options.dateSystem) : dateFromText(text);
  if (!parsed.ok) {
    report("MAM-171", { value: text, detail: parsed.reason });
    return null;
  }
  if (parsed.note) cell.note(parsed.note);
  return parsed.iso;
}

export const dateRule = formRule({
  name: "date",
  form: "date",
  codes: ["MAM-171"],
  check: checkDate,
});
