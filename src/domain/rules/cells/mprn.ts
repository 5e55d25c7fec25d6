/**
 * Gas MPRN [verified]: 6-10 digits (MAM-111) whose last two are check digits (MAM-112). Digits in
 * groups are normalised (MAM-190, by the column check); a number that lost its leading zero is
 * Excel's damage (MAM-191).
 */
import { exactDigits, isAllDigits } from "../../cellValue";
import {
  isValidMprn,
  MPRN_MAX_LENGTH,
  MPRN_MIN_LENGTH,
  mprnCheckDigits,
  scanMprn,
} from "../../mprn";
import { formRule, type CellContext, type Report } from "../rule";
import { excelDamage, lostDigits, mangled, scientific } from "./excelDamage";
import { firstNonDigit, withoutSeparators } from "./digits";

type MprnReport = Report<"MAM-111" | "MAM-112" | "MAM-191">;

function checkMprn(
  text: string,
  number: number | null,
  cell: CellContext,
  report: MprnReport
): string | null {
  // The common case, 6-10 digits as typed: one pass gives the form, the check digits and the hash.
  const scan = cell.scan.mprn;
  if (number === null && scanMprn(text, scan)) {
    if (!scan.checkDigitsOk) return badCheckDigits(text, report);
    cell.rememberHash(text, scan.hash);
    return text;
  }
  let digits = text;
  if (number !== null) {
    const exact = exactDigits(number);
    if (exact === null) {
      if (Number.isInteger(number)) return lostDigits(cell, number, report);
      report("MAM-111", { value: text, detail: "it is not a whole number" });
      return null;
    }
    digits = exact;
    // Excel drops leading zeros: if the number fails but the zero-padded text passes, say so.
    if (!isValidMprn(digits)) {
      for (let padded = "0" + digits; padded.length <= MPRN_MAX_LENGTH; padded = "0" + padded) {
        if (isValidMprn(padded))
          return mangled(
            cell,
            digits,
            `Excel stored it as a number and dropped the leading zero of ${padded}`,
            report
          );
      }
    }
  } else if (!isAllDigits(digits)) {
    if (scientific(cell, text, report)) return null;
    const compact = withoutSeparators(text, cell);
    if (!isAllDigits(compact)) {
      report("MAM-111", { value: text, detail: `"${firstNonDigit(compact)}" is not a digit` });
      return null;
    }
    digits = compact;
  }
  if (digits.length < MPRN_MIN_LENGTH || digits.length > MPRN_MAX_LENGTH) {
    report("MAM-111", { value: digits, detail: `it has ${digits.length} digits` });
    return null;
  }
  if (!isValidMprn(digits)) return badCheckDigits(digits, report);
  return digits;
}

function badCheckDigits(digits: string, report: MprnReport): null {
  const body = digits.length - 2;
  report("MAM-112", {
    value: digits,
    expected: mprnCheckDigits(digits.slice(0, body)),
    actual: digits.slice(body),
  });
  return null;
}

export const mprnRule = formRule({
  name: "mprn",
  form: "mprn",
  codes: ["MAM-111", "MAM-112"],
  uses: [excelDamage],
  check: checkMprn,
});
