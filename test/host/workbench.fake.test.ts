/**
 * The whole loop: the real Workbench controller over the real Excel host over the fake Excel.
 * A user edit in the fake raises onChanged → the host's handler → the controller's debounce →
 * a re-read → the engine → findings → highlights painted in the fake's cells.
 */
import { DEBOUNCE_MS, shiftRanges, Workbench } from "../../src/app/workbench";
import { BLOCK_ROWS, createExcelHost, HIGHLIGHT } from "../../src/host/excel/excelHost";
import { withMpanCheckDigit } from "../../src/domain/mpan";
import type { Finding } from "../../src/domain/types";
import { installFakeExcel, type FakeExcelControl, type InstalledFakeExcel } from "../e2e/fakeExcel";
import { badMpanFor, COL, mpanFor, sleep, validRow, validSheet } from "./support";

const SHEET = "MA Data";

let fake: InstalledFakeExcel | null = null;
let wb: Workbench | null = null;

afterEach(async () => {
  await wb?.dispose();
  wb = null;
  await sleep(0);
  fake?.uninstall();
  fake = null;
});

/**
 * 50 valid rows (sheet rows 2-51) except: A11 a bad check digit (error), A15 an unknown
 * distributor (warning), C20:C24 lower-case ESME IDs (info, auto-fixable); A30 has a user fill.
 */
function workbook(): string[][] {
  const values = validSheet(50);
  values[10][0] = badMpanFor(10);
  values[14][0] = withDistributor99(14);
  for (let r = 20; r <= 24; r++)
    values[r - 1][2] = values[r - 1][2].replace(/-/g, "").toLowerCase();
  return values;
}

/** 99 is no known distributor: MAM-103 (a warning) on an otherwise valid MPAN. */
function withDistributor99(n: number): string {
  return withMpanCheckDigit(`99${String(n).padStart(10, "0")}`);
}

async function start(): Promise<{ control: FakeExcelControl; wb: Workbench }> {
  fake = installFakeExcel(globalThis, {
    sheets: [
      { name: "Notes", values: [["Notes for the MA file"]] },
      { name: SHEET, values: workbook() },
    ],
  });
  fake.control.setFill(SHEET, "A30", "#FFFF00");
  wb = new Workbench(createExcelHost());
  await wb.start();
  return { control: fake.control, wb };
}

/** Lets events reach the handler, the debounce expire, and the controller's work finish. */
async function settle(control: FakeExcelControl, bench: Workbench): Promise<void> {
  await control.flush();
  await sleep(DEBOUNCE_MS + 30);
  await bench.idle();
  await control.flush();
}

const at = (bench: Workbench, cell: string): string[] =>
  bench
    .getState()
    .findings.filter((f) => f.cell === cell)
    .map((f) => `${f.code} ${f.severity}`);

describe("the Workbench over the Excel host over the fake", () => {
  it("finds the MA sheet, scans it, and paints errors red and warnings amber", async () => {
    const { control, wb } = await start();
    const s = wb.getState();
    expect(s.phase).toBe("ready");
    expect(s.sheet).toBe(SHEET);
    expect(s.rows).toBe(50);
    expect(s.notice).toBeNull();
    expect(s.findings.map((f) => `${f.cell} ${f.code}`)).toEqual([
      "A11 MAM-102",
      "A15 MAM-103",
      "C20 MAM-190",
      "C21 MAM-190",
      "C22 MAM-190",
      "C23 MAM-190",
      "C24 MAM-190",
    ]);
    expect(s.summary).toEqual({ error: 1, warning: 1, info: 5 });
    expect(control.getFill(SHEET, "A11")).toEqual([[HIGHLIGHT.error]]);
    expect(control.getFill(SHEET, "A15")).toEqual([[HIGHLIGHT.warning]]);
    expect(control.getFill(SHEET, "C20:C24").flat()).toEqual([null, null, null, null, null]); // info: no highlight
    expect(control.getFill(SHEET, "A30")).toEqual([["#FFFF00"]]);
    expect(control.handlerCount("Changed")).toBe(1);
  });

  it("checks a typed bad MPAN in ≤ 2 syncs, paints it red, and restores the cell's own fill when fixed", async () => {
    const { control, wb } = await start();
    control.resetSyncCount();
    control.setValues(SHEET, "A30", [[badMpanFor(29)]]);
    await settle(control, wb);
    expect(control.syncCount).toBeLessThanOrEqual(2);
    expect(at(wb, "A30")).toEqual(["MAM-102 error"]);
    expect(control.getFill(SHEET, "A30")).toEqual([[HIGHLIGHT.error]]);

    control.resetSyncCount();
    control.setValues(SHEET, "A30", [[mpanFor(29)]]);
    await settle(control, wb);
    expect(control.syncCount).toBeLessThanOrEqual(2);
    expect(at(wb, "A30")).toEqual([]);
    expect(control.getFill(SHEET, "A30")).toEqual([["#FFFF00"]]);
    expect(wb.getState().summary).toEqual({ error: 1, warning: 1, info: 5 });
  });

  it("fixes all like this, then undo puts the previous values back", async () => {
    const { control, wb } = await start();
    const before = control.getValues(SHEET, "C20:C24");
    const first = wb.getState().findings.find((f) => f.cell === "C20") as Finding;
    const like = wb.likeThis(first);
    expect(like.map((f) => f.cell)).toEqual(["C20", "C21", "C22", "C23", "C24"]);
    await wb.fix(like);
    expect(control.getValues(SHEET, "C20:C24").flat()).toEqual(like.map((f) => f.fixValue));
    expect(
      control
        .getValueTypes(SHEET, "C20:C24")
        .flat()
        .every((t) => t === "String")
    ).toBe(true);
    expect(wb.getState().summary).toEqual({ error: 1, warning: 1, info: 0 });
    expect(wb.getState().undoDepth).toBe(1);
    // Our own writes raise onChanged too: marked as ours, they cost no re-read.
    control.resetSyncCount();
    await settle(control, wb);
    expect(control.syncCount).toBe(0);

    await wb.undoLastFix();
    expect(control.getValues(SHEET, "C20:C24")).toEqual(before);
    expect(wb.getState().summary).toEqual({ error: 1, warning: 1, info: 5 });
    expect(wb.getState().undoDepth).toBe(0);
  });

  it("follows a 5,000-row paste: counts right, in ⌈5000/BLOCK_ROWS⌉ + 2 syncs", async () => {
    const { control, wb } = await start();
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const row = validRow(1000 + i);
      if (i % 100 === 7) row[0] = badMpanFor(1000 + i);
      return row;
    });
    control.resetSyncCount();
    control.setValues(SHEET, "A52", rows);
    await settle(control, wb);
    expect(control.syncCount).toBe(Math.ceil(5000 / BLOCK_ROWS) + 2);
    const s = wb.getState();
    expect(s.rows).toBe(5050);
    expect(s.summary).toEqual({ error: 1 + 50, warning: 1, info: 5 });
    expect(s.progress).toBeNull();
    expect(control.getFill(SHEET, "A59")).toEqual([[HIGHLIGHT.error]]); // row i = 7 is sheet row 59
    expect(control.getFill(SHEET, "A60")).toEqual([[null]]);
  });

  it("keeps highlights on their cells across a row insert, and restores the right cell when fixed", async () => {
    const { control, wb } = await start();
    control.insertRows(SHEET, 5, 1); // A11 → A12, A30 (user fill) → A31
    await settle(control, wb);
    expect(at(wb, "A12")).toEqual(["MAM-102 error"]);
    expect(control.getFill(SHEET, "A11:A12").flat()).toEqual([null, HIGHLIGHT.error]);
    control.setValues(SHEET, "A12", [[mpanFor(10)]]);
    await settle(control, wb);
    expect(at(wb, "A12")).toEqual([]);
    expect(control.getFill(SHEET, "A11:A13").flat()).toEqual([null, null, null]);
    expect(control.getFill(SHEET, "A31")).toEqual([["#FFFF00"]]);
    expect(wb.getState().rows).toBe(50); // the blank inserted row is not a data row
  });

  it("re-reads an edit at its new place when rows were inserted or deleted above it within the same burst", async () => {
    const { control, wb } = await start();
    control.setValues(SHEET, "A20", [[badMpanFor(19)]]);
    control.insertRows(SHEET, 5, 2); // A20 → A22 before the controller has looked
    control.setValues(SHEET, "B30", [["not an MPRN"]]);
    control.deleteRows(SHEET, 3, 1); // A22 → A21, B30 → B29
    await settle(control, wb);
    const s = wb.getState();
    expect(s.rows).toBe(49); // 50 data rows, one deleted; the two blank inserted rows are no data
    expect(
      s.findings.filter((f) => f.code !== "MAM-190").map((f) => `${f.cell} ${f.code}`)
    ).toEqual(["A12 MAM-102", "A16 MAM-103", "A21 MAM-102", "B29 MAM-111"]);
    expect(control.getFill(SHEET, "A21")).toEqual([[HIGHLIGHT.error]]);
    expect(control.getFill(SHEET, "B29")).toEqual([[HIGHLIGHT.error]]);
    expect(control.getFill(SHEET, "A12")).toEqual([[HIGHLIGHT.error]]);
  });

  it("reads everything again when rows are inserted or deleted at the header", async () => {
    const { control, wb } = await start();
    control.insertRows(SHEET, 1, 1); // the header moves to row 2
    await settle(control, wb);
    expect(wb.getState().notice).toBeNull();
    expect(wb.getState().findings.some((f) => f.code === "MAM-001")).toBe(true);
    control.deleteRows(SHEET, 1, 1);
    await settle(control, wb);
    const s = wb.getState();
    expect(s.notice).toBeNull();
    expect(s.findings.map((f) => `${f.cell} ${f.code}`)).toEqual([
      "A11 MAM-102",
      "A15 MAM-103",
      "C20 MAM-190",
      "C21 MAM-190",
      "C22 MAM-190",
      "C23 MAM-190",
      "C24 MAM-190",
    ]);
    expect(control.getFill(SHEET, "A11")).toEqual([[HIGHLIGHT.error]]);
    expect(control.getFill(SHEET, "A15")).toEqual([[HIGHLIGHT.warning]]);
  });

  it("turns highlighting off (every cell back to its own fill) and on again", async () => {
    const { control, wb } = await start();
    await wb.setHighlighting(false);
    expect(control.getFill(SHEET, "A11")).toEqual([[null]]);
    expect(control.getFill(SHEET, "A30")).toEqual([["#FFFF00"]]);
    expect(control.settings.mamWorkbench).toContain('"highlighting":false');
    await wb.setHighlighting(true);
    expect(control.getFill(SHEET, "A11")).toEqual([[HIGHLIGHT.error]]);
    expect(control.getFill(SHEET, "A15")).toEqual([[HIGHLIGHT.warning]]);
  });

  it("lets the user choose among several MA sheets, and remembers the choice in the workbook", async () => {
    fake = installFakeExcel(globalThis, {
      sheets: [
        { name: "March", values: validSheet(5) },
        { name: "April", values: workbook() },
      ],
    });
    const control = fake.control;
    wb = new Workbench(createExcelHost());
    await wb.start();
    expect(wb.getState().phase).toBe("choosingSheet");
    expect(wb.getState().candidates.map((c) => c.name)).toEqual(["March", "April"]);
    await wb.chooseSheet("April");
    expect(wb.getState().phase).toBe("ready");
    expect(wb.getState().summary.error).toBe(1);
    await wb.dispose();
    expect(control.handlerCount("Changed")).toBe(0);

    wb = new Workbench(createExcelHost());
    await wb.start();
    expect(wb.getState().sheet).toBe("April");
    expect(wb.getState().phase).toBe("ready");
  });

  it("measures syncs per edit: typed cell 2, 10-cell paste 2, 10,000-row paste ⌈10000/BLOCK_ROWS⌉ + 2", async () => {
    const { control, wb } = await start();
    const measured: Record<string, number> = {};

    control.resetSyncCount();
    control.setValues(SHEET, `${COL.mpan}40`, [[badMpanFor(39)]]);
    await settle(control, wb);
    measured.typedCell = control.syncCount;

    control.resetSyncCount();
    control.setValues(
      SHEET,
      "A41",
      Array.from({ length: 10 }, (_, i) => [i % 2 ? badMpanFor(40 + i) : mpanFor(40 + i)])
    );
    await settle(control, wb);
    measured.tenCellPaste = control.syncCount;
    expect(wb.getState().summary.error).toBe(1 + 1 + 5);

    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const row = validRow(20_000 + i);
      if (i % 7 === 0) row[0] = badMpanFor(20_000 + i);
      if (i % 3 === 0) row[11] = "2021-02-30"; // not a real date: an error in column L
      return row;
    });
    control.resetSyncCount();
    control.setValues(SHEET, "A52", rows);
    await settle(control, wb);
    measured.tenThousandRowPaste = control.syncCount;
    expect(control.syncLog.filter((s) => s.error)).toEqual([]);
    expect(wb.getState().rows).toBe(10_050);
    expect(control.getFill(SHEET, "A52")).toEqual([[HIGHLIGHT.error]]);
    expect(control.getFill(SHEET, "L52")).toEqual([[HIGHLIGHT.error]]);

    expect(measured).toEqual({
      typedCell: 2,
      tenCellPaste: 2,
      tenThousandRowPaste: Math.ceil(10_000 / BLOCK_ROWS) + 2,
    });
  });
});

describe("shiftRanges", () => {
  it("moves, splits and drops row ranges like the sheet moves rows", () => {
    expect(
      shiftRanges(
        [
          [3, 4],
          [10, 12],
          [6, 8],
        ],
        6,
        2
      )
    ).toEqual([
      [3, 4],
      [12, 14],
      [8, 10],
    ]);
    expect(shiftRanges([[4, 8]], 6, 2)).toEqual([
      [4, 5],
      [8, 10],
    ]);
    expect(
      shiftRanges(
        [
          [3, 4],
          [10, 12],
          [5, 9],
        ],
        6,
        -2
      )
    ).toEqual([
      [3, 4],
      [8, 10],
      [5, 5],
      [6, 7],
    ]);
    expect(shiftRanges([[6, 7]], 6, -2)).toEqual([]);
    expect(shiftRanges([[7, 7]], 6, -1)).toEqual([[6, 6]]);
  });
});
