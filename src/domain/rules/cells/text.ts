/**
 * Free text (Supplier Reference): at most the catalogue's number of characters, all printable, and
 * not starting a formula when the MA file is opened in a spreadsheet (MAM-181).
 */
import { formRule, type CellContext, type Report } from "../rule";
import type { Identifiers } from "../../identifiers";
import { excelDamage, lostDigits } from "./excelDamage";

function checkText(
  text: string,
  number: number | null,
  cell: CellContext,
  report: Report<"MAM-181" | "MAM-191">
): string | null {
  if (number !== null && Number.isInteger(number) && Math.abs(number) >= 1e15)
    return lostDigits(cell, number, report);
  const problem = textProblem(text, cell.ids);
  if (problem) {
    report("MAM-181", { value: text, detail: problem });
    return null;
  }
  return text;
}

/** Why free text cannot go into the MA file, or null. */
export function textProblem(text: string, ids: Identifiers): string | null {
  const max = ids.supplierReferenceMaxLength;
  if (text.length > max) {
    const length = codePoints(text);
    if (length > max) return `is ${length} characters long; the limit is ${max}`;
  }
  if (ids.formulaLeaders.includes(text[0]))
    return `starts with "${text[0] === "\t" ? "tab" : text[0]}", which a spreadsheet would run as a formula`;
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    position++;
    if (c < 32 || (c >= 127 && c < 160) || c === 0x2028 || c === 0x2029)
      return unprintable(c, position);
    if (c < 0xad) continue; // below the first format character (U+00AD, the soft hyphen)
    if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one character; a lone surrogate is no character at all.
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = text.codePointAt(i)!;
        if (FORMAT.test(String.fromCodePoint(point))) return unprintable(point, position);
        i++;
        continue;
      }
      return unprintable(c, position);
    }
    if (FORMAT.test(text[i])) return unprintable(c, position);
  }
  return null;
}

/** Unicode's format characters (category Cf: zero-width spaces and joiners, direction marks…). */
const FORMAT = /\p{Cf}/u;

function unprintable(code: number, position: number): string {
  return `contains an unprintable character (code ${code}) at position ${position}`;
}

/** Characters as people count them: a surrogate pair (an emoji, say) is one. */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export const textRule = formRule({
  name: "text",
  form: "text",
  codes: ["MAM-181"],
  uses: [excelDamage],
  check: checkText,
});
