/**
 * Address arithmetic for the Excel host: parsing event addresses, packing cells into compact
 * range lists under Excel's 8,192-character limit for `getRanges`.
 */
import { columnIndex, columnLetters, parseCellAddress } from "../../domain/address";

/** Excel refuses `getRanges` address lists longer than this; stay well below it. */
export const MAX_ADDRESS_LIST = 8000;

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

/** Zero-based column → the sheet rows of the given cells in it (unsorted). */
export function rowsByColumn(cells: Iterable<string>): Map<number, number[]> {
  const byColumn = new Map<number, number[]>();
  for (const cell of cells) {
    const at = parseCellAddress(cell);
    if (!at) continue;
    const rows = byColumn.get(at.column);
    if (rows) rows.push(at.row);
    else byColumn.set(at.column, [at.row]);
  }
  return byColumn;
}

/**
 * Packs cells into range addresses: runs of consecutive rows in one column become `C2:C9`, so a
 * 10,000-row paste of bad MPANs is one address, not 10,000.
 */
export function compactRanges(cells: Iterable<string>): string[] {
  const byColumn = rowsByColumn(cells);
  const out: string[] = [];
  for (const [column, rows] of [...byColumn.entries()].sort((a, b) => a[0] - b[0])) {
    rows.sort((a, b) => a - b);
    const letters = columnLetters(column);
    let start = rows[0];
    let prev = rows[0];
    for (let i = 1; i <= rows.length; i++) {
      const row = rows[i];
      if (row === prev) continue;
      if (row === prev + 1) {
        prev = row;
        continue;
      }
      out.push(start === prev ? `${letters}${start}` : `${letters}${start}:${letters}${prev}`);
      start = prev = row;
    }
  }
  return out;
}

/** Joins addresses into comma-separated lists, each under the `getRanges` limit. */
export function chunkAddressLists(
  addresses: readonly string[],
  limit = MAX_ADDRESS_LIST
): string[] {
  const lists: string[] = [];
  let current = "";
  for (const address of addresses) {
    if (current.length > 0 && current.length + 1 + address.length > limit) {
      lists.push(current);
      current = "";
    }
    current = current.length === 0 ? address : `${current},${address}`;
  }
  if (current.length > 0) lists.push(current);
  return lists;
}

/** Moves a cell address down (positive) or up by `by` rows when it is at or below `fromRow`. */
export function shiftCell(cell: string, fromRow: number, by: number): string | null {
  const at = parseCellAddress(cell);
  if (!at) return cell;
  if (at.row < fromRow) return cell;
  const row = at.row + by;
  return row >= 1 ? `${columnLetters(at.column)}${row}` : null;
}
