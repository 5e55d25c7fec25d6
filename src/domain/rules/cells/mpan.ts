/**
 * MPAN core [verified]: 13 digits (MAM-101), its check digit (MAM-102), a known distributor ID
 * (MAM-103, a warning: new IDNOs get new numbers). A full 21-digit MPAN and digits in groups are
 * reduced to the core, saying so (MAM-190, by the column check).
 */
import { exactDigits, isAllDigits } from "../../cellValue";
import { distributorId, mpanCheckDigit, scanMpanCore } from "../../mpan";
import { formRule, type CellContext, type Report } from "../rule";
import { excelDamage, lostDigits, scientific } from "./excelDamage";
import { firstNonDigit, withoutSeparators } from "./digits";

type MpanReport = Report<"MAM-101" | "MAM-102" | "MAM-103" | "MAM-191">;

function checkMpan(
  text: string,
  number: number | null,
  cell: CellContext,
  report: MpanReport
): string | null {
  // The common case, 13 digits as typed: one pass gives the form, the check digit and the hash.
  const scan = cell.scan.mpan;
  if (number === null && scanMpanCore(text, scan)) {
    const core = checked(text, scan.expected, scan.distributor, cell, report);
    if (core !== null) cell.rememberHash(core, scan.hash);
    return core;
  }
  let digits = text;
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact === null)
      return Number.isInteger(number)
        ? lostDigits(cell, number, report)
        : bad(text, "it is not a whole number", report);
    digits = exact;
  } else {
    if (scientific(cell, text, report)) return null;
    let compact = withoutSeparators(text, cell);
    if (/^S\d{21}$/i.test(compact)) compact = compact.slice(1);
    if (!isAllDigits(compact))
      return bad(text, `"${firstNonDigit(compact)}" is not a digit`, report);
    if (compact.length === 21) {
      cell.note("full 21-digit MPAN reduced to its 13-digit core");
      compact = compact.slice(8);
    }
    if (compact.length !== 13) return bad(text, `it has ${compact.length} digits`, report);
    digits = compact;
  }
  if (digits.length !== 13) return bad(text, `it has ${digits.length} digits`, report);
  return checked(digits, mpanCheckDigit(digits), distributorId(digits), cell, report);
}

/** The check digit and distributor rules on 13 digits. */
function checked(
  digits: string,
  expected: number,
  distributor: number,
  cell: CellContext,
  report: MpanReport
): string | null {
  const actual = digits.charCodeAt(12) - 48;
  if (expected !== actual) {
    report("MAM-102", { value: digits, expected, actual });
    return null;
  }
  if (cell.ids.knownDistributors[distributor] !== 1)
    report("MAM-103", { value: digits, distributor: digits.slice(0, 2) });
  return digits;
}

function bad(value: string, detail: string, report: MpanReport): null {
  report("MAM-101", { value, detail });
  return null;
}

export const mpanRule = formRule({
  name: "mpan",
  form: "mpan",
  codes: ["MAM-101", "MAM-102", "MAM-103"],
  uses: [excelDamage],
  check: checkMpan,
});
