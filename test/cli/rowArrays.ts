/**
 * The rows a reader hands the engine (a RowSource), as arrays, for comparing; each row's cells are
 * also read one by one, as the engine reads them, and must agree with the row.
 */
import type { CellValue, RowSource } from "../../src/domain/types";

export function rowArrays(source: RowSource): (readonly CellValue[])[] {
  return Array.from({ length: source.length }, (_, i) => {
    const row = source.row(i);
    for (let c = 0; c <= row.length; c++) expect(source.cell(i, c)).toBe(row[c]);
    return row;
  });
}
