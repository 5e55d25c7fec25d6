/**
 * The engine reads rows from a RowSource (rows made on demand, as a CSV file's are) exactly as from
 * row arrays: the same findings and export, and edits afterwards behave the same.
 */
import { MamEngine } from "../../src/domain/engine";
import { v06a } from "../../src/domain/profile";
import type { CellValue, RowSource } from "../../src/domain/types";
import { deviceFor, HEADER, KEYS, mpanFor, row, SUBMITTER } from "./support";

/** Hands out fresh copies of its rows, as a CSV source does (never the same array or string twice). */
class CopyingSource implements RowSource {
  rowReads = 0;
  cellReads = 0;
  constructor(private readonly rows: readonly (readonly CellValue[])[]) {}
  get length(): number {
    return this.rows.length;
  }
  row(i: number): CellValue[] {
    this.rowReads++;
    return this.rows[i].map((v) => (typeof v === "string" ? ` ${v}`.slice(1) : v));
  }
  cell(i: number, column: number): CellValue {
    this.cellReads++;
    const v = this.rows[i][column];
    return typeof v === "string" ? ` ${v}`.slice(1) : v;
  }
}

const c = (key: (typeof KEYS)[number]) => KEYS.indexOf(key);

function sheet(): CellValue[][] {
  const rows: CellValue[][] = [];
  for (let n = 1; n <= 60; n++) rows.push(row({}, n));
  rows[4] = row({ mpan: mpanFor(1) }, 5); // duplicate MPAN of row 2
  rows[9] = row({ esmeId: deviceFor(3, 1) }, 10); // the GSME ID of row 4 as an ESME ID
  rows[12] = row({ groupId: "EA", authorisationDate: 45000 }, 13);
  rows[20] = [];
  rows[30] = row({ mprn: " 12345 " }, 31);
  return rows;
}

function twins(): [MamEngine, MamEngine, CopyingSource] {
  const arrays = new MamEngine(v06a, { submitter: SUBMITTER });
  const sourced = new MamEngine(v06a, { submitter: SUBMITTER });
  const source = new CopyingSource(sheet());
  arrays.load(HEADER, sheet());
  sourced.load(HEADER, source);
  return [arrays, sourced, source];
}

describe("a RowSource", () => {
  test("gives the same findings, summary and export as the same rows as arrays", () => {
    const [arrays, sourced, source] = twins();
    // The check reads each cell once (and a few again, to confirm duplicates); no row is copied
    // into an array by a load.
    expect(source.rowReads).toBe(0);
    expect(source.cellReads).toBeGreaterThanOrEqual(60 * HEADER.length);
    expect(source.cellReads).toBeLessThan(60 * HEADER.length + 20);
    expect(sourced.findings()).toEqual(arrays.findings());
    expect(sourced.summary()).toEqual(arrays.summary());
    expect(sourced.exportRows()).toEqual(arrays.exportRows());
    expect(sourced.rowValues(6)).toEqual(arrays.rowValues(6));
    expect(sourced.rowValues(500)).toEqual([]);
  });

  test("edits after a load from a source match the same edits on arrays", () => {
    const [arrays, sourced] = twins();
    const edits: ((e: MamEngine) => unknown)[] = [
      (e) => e.setCell(7, c("mpan"), mpanFor(1)),
      (e) => e.setCell(5, c("mpan"), mpanFor(4)),
      (e) => e.insertRows(10, [row({ mprn: "bad" }, 99)]),
      (e) => e.deleteRows(3, 2),
      (e) => e.setCells(40, c("groupId"), [["EB", "SMA1"]]),
      (e) => e.setOptions({ testWorkbook: true }),
    ];
    for (const edit of edits) {
      const a = edit(arrays);
      const b = edit(sourced);
      expect(b).toEqual(a);
      expect(sourced.findings()).toEqual(arrays.findings());
    }
    expect(sourced.exportRows()).toEqual(arrays.exportRows());
  });
});
