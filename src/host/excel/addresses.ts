/**
 * Address arithmetic for the Excel host: parsing the addresses of change events. (Highlights are
 * written as rows of flags, so the host builds no `getRanges` address lists: Excel refuses some
 * well under their documented 8,192 characters, office-js#5198.)
 */
import { columnIndex, parseCellAddress } from "../../domain/address";

export interface RowSpan {
  readonly firstRow: number;
  readonly lastRow: number;
  /** Zero-based; -1 when the address spans whole rows. */
  readonly firstColumn: number;
  readonly lastColumn: number;
}

/** Parses `C5`, `A2:M5001`, `5:7`, `A:C` (sheet prefix allowed). Whole columns give rows 1..∞. */
export function parseRangeAddress(address: string): RowSpan | null {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [from, to = from] = bare.replace(/\$/g, "").split(":");
  const rowsOnly = /^\d+$/;
  const colsOnly = /^[A-Za-z]{1,3}$/;
  if (rowsOnly.test(from) && rowsOnly.test(to)) {
    return { firstRow: Number(from), lastRow: Number(to), firstColumn: -1, lastColumn: -1 };
  }
  if (colsOnly.test(from) && colsOnly.test(to)) {
    return {
      firstRow: 1,
      lastRow: Number.POSITIVE_INFINITY,
      firstColumn: columnIndex(from),
      lastColumn: columnIndex(to),
    };
  }
  const a = parseCellAddress(from);
  const b = parseCellAddress(to);
  if (!a || !b) return null;
  return {
    firstRow: Math.min(a.row, b.row),
    lastRow: Math.max(a.row, b.row),
    firstColumn: Math.min(a.column, b.column),
    lastColumn: Math.max(a.column, b.column),
  };
}
