/**
 * The Excel host (src/host/excel) against the faithful fake Office/Excel (test/e2e/fakeExcel.ts):
 * what it reads, how many round trips it costs, what it paints and restores, how it follows
 * events, and the 5 MB / 8,192-character limits.
 */
import {
  BLOCK_ROWS,
  createExcelHost,
  HIGHLIGHT,
  SMALL_READ_ROWS,
} from "../../src/host/excel/excelHost";
import { MAX_ADDRESS_LIST } from "../../src/host/excel/addresses";
import type { SheetChange, WorkbookHost } from "../../src/host/hostApi";
import {
  FakeRequestContext,
  FakeWorksheet,
  GET_RANGES_ADDRESS_LIMIT,
  installFakeExcel,
  type FakeExcelControl,
  type FakeExcelInit,
  type InstalledFakeExcel,
} from "../e2e/fakeExcel";
import { HEADER, validRow, validSheet } from "./support";

let fake: InstalledFakeExcel | null = null;

/** What a cell holds now, as the add-in would read it. */
function now(control: FakeExcelControl, cell: string) {
  return control.getValues(SHEET, cell)[0][0] as string | number | boolean;
}

function setup(init: FakeExcelInit = {}): { host: WorkbookHost; control: FakeExcelControl } {
  fake = installFakeExcel(globalThis, init);
  return { host: createExcelHost(), control: fake.control };
}

afterEach(async () => {
  jest.restoreAllMocks();
  // Let the fake's Office.onReady timer run before its globals go.
  await new Promise((resolve) => setTimeout(resolve, 0));
  fake?.uninstall();
  fake = null;
});

const SHEET = "MA";

/** A workbook with the MA sheet holding a header and `rows` valid rows. */
function setupSheet(rows: number, init: FakeExcelInit = {}) {
  return setup({ sheets: [{ name: SHEET, values: validSheet(rows) }], ...init });
}

/** Every getRanges address list the host builds, while the returned spy is active. */
function spyGetRanges(): string[] {
  const seen: string[] = [];
  const original = FakeWorksheet.prototype.getRanges;
  jest.spyOn(FakeWorksheet.prototype, "getRanges").mockImplementation(function (
    this: FakeWorksheet,
    address?: string
  ) {
    seen.push(address ?? "");
    return original.call(this, address);
  });
  return seen;
}

describe("findSheets", () => {
  it("scores every sheet by its header, best first, in two syncs", async () => {
    const partial = HEADER.slice(0, 7);
    const { host, control } = setup({
      sheets: [
        { name: "Notes", values: [["Read me"], ["This workbook holds the MA data."]] },
        { name: "MA data", values: validSheet(3) },
        { name: "Old MA", values: [partial, validRow(1).slice(0, 7)] },
        { name: "Blank" },
        { name: "Shifted", values: [HEADER], address: "B1" },
      ],
    });
    control.resetSyncCount();
    const found = await host.findSheets();
    expect(found.map((c) => c.name)).toEqual(["MA data", "Shifted", "Old MA", "Notes", "Blank"]);
    expect(found[0].score).toBe(1);
    expect(found[1].score).toBe(1); // header found by text, not position
    expect(found[2].score).toBeCloseTo(7 / 13);
    expect(found[3].score).toBe(0);
    expect(found[4].score).toBe(0);
    expect(control.syncCount).toBe(2);
  });
});

describe("readSheet", () => {
  it("reads a 12,000-row sheet in blocks, with progress, in ⌈rows/BLOCK_ROWS⌉ + 1 syncs", async () => {
    const { host, control } = setupSheet(12_000);
    control.resetSyncCount();
    const progress: [number, number][] = [];
    const snapshot = await host.readSheet(SHEET, (done, total) => progress.push([done, total]));
    const sheetRows = 12_001;
    expect(control.syncCount).toBe(Math.ceil(sheetRows / BLOCK_ROWS) + 1);
    expect(snapshot.name).toBe(SHEET);
    expect(snapshot.header).toEqual(HEADER);
    expect(snapshot.rows).toHaveLength(12_000);
    expect(snapshot.rows[0]).toEqual(validRow(1));
    expect(snapshot.rows[11_999]).toEqual(validRow(12_000));
    expect(snapshot.dateSystem).toBe(1900);
    expect(progress).toEqual([
      [5000, sheetRows],
      [10_000, sheetRows],
      [sheetRows, sheetRows],
    ]);
  });

  it("tells the 1904 date system from the workbook, and 1900 otherwise", async () => {
    const a = setupSheet(2, { date1904: true });
    expect((await a.host.readSheet(SHEET)).dateSystem).toBe(1904);
    fake!.uninstall();
    const b = setupSheet(2, { date1904: false });
    expect((await b.host.readSheet(SHEET)).dateSystem).toBe(1900);
  });

  it("reads a blank sheet as no header and no rows, in one sync", async () => {
    const { host, control } = setup({ sheets: [{ name: SHEET }] });
    control.resetSyncCount();
    expect(await host.readSheet(SHEET)).toEqual({
      name: SHEET,
      header: [],
      rows: [],
      dateSystem: 1900,
    });
    expect(control.syncCount).toBe(1);
  });

  it("retries a block that is too big for the response cap with half the rows", async () => {
    const { host, control } = setupSheet(3000, { payloadLimitBytes: 200_000 });
    const progress: number[] = [];
    const snapshot = await host.readSheet(SHEET, (done) => progress.push(done));
    expect(snapshot.rows).toHaveLength(3000);
    expect(snapshot.rows[2999]).toEqual(validRow(3000));
    expect(control.syncLog.some((s) => s.error === "ResponsePayloadSizeLimitExceeded")).toBe(true);
    expect(progress[progress.length - 1]).toBe(3001);
    // Every row exactly once, in order.
    expect(snapshot.rows.map((r) => r[12])).toEqual(
      validSheet(3000)
        .slice(1)
        .map((r) => r[12])
    );
  });

  it("retries on RequestPayloadSizeLimitExceeded too, and gives up on other errors", async () => {
    const { host, control } = setupSheet(10);
    // Fail the second sync of the read (its first block) once.
    const sync = FakeRequestContext.prototype.sync;
    let calls = 0;
    jest.spyOn(FakeRequestContext.prototype, "sync").mockImplementation(function (
      this: FakeRequestContext,
      ...args: unknown[]
    ) {
      if (++calls === 2) control.failNextSync("RequestPayloadSizeLimitExceeded");
      return sync.apply(this, args as [unknown]) as Promise<never>;
    });
    const snapshot = await host.readSheet(SHEET);
    expect(snapshot.rows).toEqual(validSheet(10).slice(1));
    // The 11-row block failed once; read again as 6 rows, then the last 5.
    expect(control.syncLog.map((s) => s.error ?? "ok")).toEqual([
      "ok",
      "RequestPayloadSizeLimitExceeded",
      "ok",
      "ok",
    ]);

    calls = 0;
    control.failNextSync("GeneralException");
    await expect(host.readSheet(SHEET)).rejects.toMatchObject({ code: "GeneralException" });
  });
});

describe("readRows", () => {
  it(`reads up to SMALL_READ_ROWS (${SMALL_READ_ROWS}) rows with their fills in ONE sync`, async () => {
    const { host, control } = setupSheet(400);
    await host.readSheet(SHEET);
    control.resetSyncCount();
    const rows = await host.readRows(SHEET, 2, 1 + SMALL_READ_ROWS);
    expect(control.syncCount).toBe(1);
    expect(rows).toHaveLength(SMALL_READ_ROWS);
    expect(rows[0]).toEqual(validRow(1));
    expect(rows[SMALL_READ_ROWS - 1]).toEqual(validRow(SMALL_READ_ROWS));
  });

  it("reads more rows in blocks without fills", async () => {
    const { host, control } = setupSheet(12_000);
    await host.readSheet(SHEET);
    control.resetSyncCount();
    const rows = await host.readRows(SHEET, 2, 12_001);
    expect(control.syncCount).toBe(Math.ceil(12_000 / BLOCK_ROWS));
    expect(rows).toHaveLength(12_000);
    expect(rows[11_999]).toEqual(validRow(12_000));
  });

  it("falls back to a values-only read when the fills would not fit the response cap", async () => {
    const { host, control } = setupSheet(300, { payloadLimitBytes: 60_000 });
    await host.readSheet(SHEET);
    const rows = await host.readRows(SHEET, 2, 101);
    expect(rows).toHaveLength(100);
    expect(rows[99]).toEqual(validRow(100));
    expect(control.syncLog.some((s) => s.error === "ResponsePayloadSizeLimitExceeded")).toBe(true);
  });
});

describe("paint", () => {
  it("paints a typed cell's change in ONE sync after the small re-read: an edit costs 2 syncs", async () => {
    const { host, control } = setupSheet(20);
    await host.readSheet(SHEET);
    control.resetSyncCount();
    await host.readRows(SHEET, 5, 5);
    await host.paint(SHEET, [
      { cell: "A5", severity: "error" },
      { cell: "C5", severity: "warning" },
      { cell: "D5", severity: "info" },
    ]);
    expect(control.syncCount).toBe(2);
    expect(control.getFill(SHEET, "A5:D5")).toEqual([
      [HIGHLIGHT.error, null, HIGHLIGHT.warning, null],
    ]);
    expect(HIGHLIGHT).toEqual({ error: "#FFC7CF", warning: "#FFEB9D" });
  });

  it("reads the fills it does not know first: two syncs without a preceding re-read, none for no change", async () => {
    const { host, control } = setupSheet(20);
    control.resetSyncCount();
    await host.paint(SHEET, [{ cell: "B7", severity: "error" }]);
    expect(control.syncCount).toBe(2);
    control.resetSyncCount();
    await host.paint(SHEET, [{ cell: "B7", severity: "error" }]); // already so
    await host.paint(SHEET, [{ cell: "B8", severity: null }]); // never painted
    expect(control.syncCount).toBe(0);
  });

  it("remembers a cell's own fill and restores it exactly; clear() for cells that had none", async () => {
    const { host, control } = setupSheet(20);
    control.setFill(SHEET, "B4", "#FFFF00");
    control.setFill(SHEET, "C4", "#FFFFFF"); // an explicit white fill is a fill
    await host.readRows(SHEET, 4, 4);
    await host.paint(SHEET, [
      { cell: "A4", severity: "error" },
      { cell: "B4", severity: "error" },
      { cell: "C4", severity: "warning" },
    ]);
    expect(control.getFill(SHEET, "A4:C4")).toEqual([
      [HIGHLIGHT.error, HIGHLIGHT.error, HIGHLIGHT.warning],
    ]);
    // Error → warning keeps the original, not our red.
    await host.paint(SHEET, [{ cell: "B4", severity: "warning" }]);
    expect(control.getFill(SHEET, "B4")).toEqual([[HIGHLIGHT.warning]]);
    control.resetSyncCount();
    await host.paint(SHEET, [
      { cell: "A4", severity: null },
      { cell: "B4", severity: null },
      { cell: "C4", severity: "info" },
    ]);
    expect(control.syncCount).toBe(1);
    expect(control.getFill(SHEET, "A4:C4")).toEqual([[null, "#FFFF00", "#FFFFFF"]]);
  });

  it("takes a fill in our own colours as none (left behind by a sort, say)", async () => {
    const { host, control } = setupSheet(20);
    control.setFill(SHEET, "A9", HIGHLIGHT.error);
    await host.readRows(SHEET, 9, 9);
    await host.paint(SHEET, [{ cell: "A9", severity: "warning" }]);
    await host.paint(SHEET, [{ cell: "A9", severity: null }]);
    expect(control.getFill(SHEET, "A9")).toEqual([[null]]);
  });

  it("clearHighlights restores every painted cell in one sync", async () => {
    const { host, control } = setupSheet(30);
    control.setFill(SHEET, "A3", "lightblue");
    control.setFill(SHEET, "E10:E12", "#00FF00");
    await host.readRows(SHEET, 2, 31);
    const cells = ["A3", "B3", "E10", "E11", "E12", "M30"];
    await host.paint(
      SHEET,
      cells.map((cell, i) => ({ cell, severity: i % 2 ? "warning" : "error" }))
    );
    control.resetSyncCount();
    await host.clearHighlights(SHEET);
    expect(control.syncCount).toBe(1);
    expect(control.getFill(SHEET, "A3:B3")).toEqual([["#ADD8E6", null]]);
    expect(control.getFill(SHEET, "E10:E12").flat()).toEqual(["#00FF00", "#00FF00", "#00FF00"]);
    expect(control.getFill(SHEET, "M30")).toEqual([[null]]);
    control.resetSyncCount();
    await host.clearHighlights(SHEET); // nothing left to restore
    expect(control.syncCount).toBe(0);
  });

  it("paints 10,000 scattered cells with compact address lists under the 8,192-character limit", async () => {
    const { host, control } = setupSheet(40_000);
    await host.readSheet(SHEET);
    const cells: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const row = 2 + i * 3 + (i % 2); // never two in a row in a column: no runs to merge
      cells.push(`${String.fromCharCode(65 + ((i * 7) % 13))}${row}`);
    }
    // Some user fills among them, to be restored later.
    control.setFill(SHEET, cells[0], "yellow");
    control.setFill(SHEET, cells[9999], "orange");
    const lists = spyGetRanges();
    control.resetSyncCount();
    await host.paint(
      SHEET,
      cells.map((cell) => ({ cell, severity: "error" as const }))
    );
    const paintSyncs = control.syncCount;
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.length).toBeLessThanOrEqual(
      Math.ceil((cells.join(",").length + 1) / (MAX_ADDRESS_LIST - 10))
    );
    for (const list of lists) expect(list.length).toBeLessThanOrEqual(GET_RANGES_ADDRESS_LIMIT);
    expect(control.syncLog.filter((s) => s.error)).toEqual([]);
    for (const cell of [cells[0], cells[1234], cells[9999]])
      expect(control.getFill(SHEET, cell)).toEqual([[HIGHLIGHT.error]]);
    expect(paintSyncs).toBe(2); // the unknown fills (one read), then the paint

    lists.length = 0;
    await host.clearHighlights(SHEET);
    for (const list of lists) expect(list.length).toBeLessThanOrEqual(GET_RANGES_ADDRESS_LIMIT);
    expect(control.getFill(SHEET, cells[0])).toEqual([["#FFFF00"]]);
    expect(control.getFill(SHEET, cells[9999])).toEqual([["#FFA500"]]);
    expect(control.getFill(SHEET, cells[5000])).toEqual([[null]]);
  });

  it("packs a run of rows into one address: a 10,000-row column is one range", async () => {
    const { host, control } = setupSheet(10_000);
    await host.readSheet(SHEET);
    const lists = spyGetRanges();
    const cells = Array.from({ length: 10_000 }, (_, i) => `A${i + 2}`);
    await host.paint(
      SHEET,
      cells.map((cell) => ({ cell, severity: "error" as const }))
    );
    expect(lists).toEqual(["A2:A10001"]);
    expect(
      control
        .getFill(SHEET, "A2:A10001")
        .flat()
        .every((f) => f === HIGHLIGHT.error)
    ).toBe(true);
  });

  it("after a 10,000-row re-read, re-read plus paint cost ⌈10000/BLOCK_ROWS⌉ + 2 syncs", async () => {
    const { host, control } = setupSheet(10_000);
    await host.readSheet(SHEET);
    control.resetSyncCount();
    await host.readRows(SHEET, 2, 10_001);
    const changes = [];
    for (let r = 2; r <= 10_001; r++) {
      changes.push({ cell: `A${r}`, severity: "error" as const });
      if (r % 3 === 0) changes.push({ cell: `L${r}`, severity: "warning" as const });
    }
    await host.paint(SHEET, changes);
    expect(control.syncCount).toBe(Math.ceil(10_000 / BLOCK_ROWS) + 2);
    expect(control.syncLog.filter((s) => s.error)).toEqual([]);
    expect(control.getFill(SHEET, "L9:L9")).toEqual([[HIGHLIGHT.warning]]);
  });
});

describe("watch", () => {
  async function watching(host: WorkbookHost) {
    const changes: SheetChange[] = [];
    const stop = await host.watch(SHEET, (c) => changes.push(c));
    return { changes, stop };
  }

  it("reports user edits as cells with their rows, the add-in's own writes as byThisAddin", async () => {
    const { host, control } = setupSheet(20);
    const { changes } = await watching(host);
    control.setValues(SHEET, "B7", [["x"]]);
    control.setValues(SHEET, "A10", [["1"], ["2"], ["3"]]);
    await control.flush();
    await host.writeValues(SHEET, [{ cell: "C12", value: "y", expected: now(control, "C12") }]);
    await control.flush();
    expect(changes).toEqual([
      { kind: "cells", firstRow: 7, lastRow: 7, byThisAddin: false },
      { kind: "cells", firstRow: 10, lastRow: 12, byThisAddin: false },
      { kind: "cells", firstRow: 12, lastRow: 12, byThisAddin: true },
    ]);
  });

  it("tells its own writes without triggerSource (older Excel) by what it just wrote", async () => {
    const { host, control } = setupSheet(20, { reportTriggerSource: false });
    const { changes } = await watching(host);
    await host.writeValues(SHEET, [
      { cell: "C12", value: "y", expected: now(control, "C12") },
      { cell: "D13", value: "z", expected: now(control, "D13") },
    ]);
    control.setValues(SHEET, "B14", [["user"]]);
    await control.flush();
    expect(changes).toEqual([
      { kind: "cells", firstRow: 12, lastRow: 12, byThisAddin: true },
      { kind: "cells", firstRow: 13, lastRow: 13, byThisAddin: true },
      { kind: "cells", firstRow: 14, lastRow: 14, byThisAddin: false },
    ]);
  });

  it("maps row inserts and deletes, and keeps the remembered highlights on their cells", async () => {
    const { host, control } = setupSheet(20);
    control.setFill(SHEET, "A6", "yellow");
    await host.readRows(SHEET, 5, 6);
    await host.paint(SHEET, [
      { cell: "A5", severity: "error" },
      { cell: "A6", severity: "error" },
    ]);
    const { changes } = await watching(host);
    control.insertRows(SHEET, 3, 2); // A5 → A7, A6 → A8
    await control.flush();
    expect(changes).toEqual([{ kind: "rowsInserted", atRow: 3, count: 2 }]);
    expect(control.getFill(SHEET, "A7:A8").flat()).toEqual([HIGHLIGHT.error, HIGHLIGHT.error]);
    await host.paint(SHEET, [{ cell: "A8", severity: null }]);
    expect(control.getFill(SHEET, "A7:A8").flat()).toEqual([HIGHLIGHT.error, "#FFFF00"]);

    control.deleteRows(SHEET, 2, 1); // A7 → A6
    await control.flush();
    expect(changes[1]).toEqual({ kind: "rowsDeleted", atRow: 2, count: 1 });
    await host.paint(SHEET, [{ cell: "A6", severity: null }]);
    expect(control.getFill(SHEET, "A6:A7").flat()).toEqual([null, "#FFFF00"]);
    control.resetSyncCount();
    await host.clearHighlights(SHEET);
    expect(control.syncCount).toBe(0); // nothing is remembered any more
  });

  it("forgets highlights on deleted rows", async () => {
    const { host, control } = setupSheet(20);
    await host.readRows(SHEET, 5, 5);
    await host.paint(SHEET, [{ cell: "B5", severity: "error" }]);
    const { changes } = await watching(host);
    control.deleteRows(SHEET, 5, 1);
    await control.flush();
    expect(changes).toEqual([{ kind: "rowsDeleted", atRow: 5, count: 1 }]);
    control.resetSyncCount();
    await host.clearHighlights(SHEET);
    expect(control.syncCount).toBe(0);
    expect(control.getFill(SHEET, "B4:B6").flat()).toEqual([null, null, null]);
  });

  it("does not leave a copied highlight on a row inserted below a highlighted cell", async () => {
    const { host, control } = setupSheet(20);
    await host.readRows(SHEET, 5, 5);
    await host.paint(SHEET, [{ cell: "A5", severity: "error" }]);
    await watching(host);
    control.insertRows(SHEET, 6, 1); // Excel gives the new row 6 the formats of row 5
    await control.flush();
    expect(control.getFill(SHEET, "A5:A6").flat()).toEqual([HIGHLIGHT.error, null]);
    await host.clearHighlights(SHEET);
    expect(control.getFill(SHEET, "A5:A6").flat()).toEqual([null, null]);
  });

  it("stops listening when the stop function runs", async () => {
    const { host, control } = setupSheet(20);
    const { changes, stop } = await watching(host);
    expect(control.handlerCount("Changed")).toBe(1);
    await stop();
    expect(control.handlerCount("Changed")).toBe(0);
    control.setValues(SHEET, "B7", [["x"]]);
    await control.flush();
    expect(changes).toEqual([]);
  });
});

describe("writeValues, select, settings", () => {
  it("writes text Excel would convert with an apostrophe, so it stays as written", async () => {
    const { host, control } = setupSheet(5);
    const values = [
      "1300000000011",
      "00-0D-6F-00-00-10-00-01",
      "2021-01-01",
      "10%",
      "TRUE",
      "-AB12",
      "=A1",
      "#N/A",
      "AB12",
      "'quoted",
    ];
    await host.writeValues(
      SHEET,
      values.map((value, i) => ({ cell: `M${i + 2}`, value, expected: now(control, `M${i + 2}`) }))
    );
    expect(control.getValues(SHEET, `M2:M${values.length + 1}`).flat()).toEqual(values);
    expect(control.getValueTypes(SHEET, `M2:M${values.length + 1}`).flat()).toEqual(
      values.map(() => "String")
    );
    await host.writeValues(SHEET, [
      { cell: "A2", value: 42, expected: now(control, "A2") },
      { cell: "B2", value: null, expected: now(control, "B2") },
      { cell: "C2", value: true, expected: now(control, "C2") },
    ]);
    expect(control.getValues(SHEET, "A2:C2")).toEqual([[42, "", true]]);
  });

  it("writes text as it is into a Text-formatted cell (an apostrophe would be kept there)", async () => {
    const { host, control } = setupSheet(5);
    control.setNumberFormat(SHEET, "A2:A6", "@");
    await host.writeValues(SHEET, [
      { cell: "A2", value: "1300000000011", expected: now(control, "A2") },
      { cell: "A3", value: "AB", expected: now(control, "A3") },
      { cell: "B3", value: "0012", expected: now(control, "B3") },
    ]);
    expect(control.getValues(SHEET, "A2:B3")).toEqual([
      ["1300000000011", validRow(1)[1]],
      ["AB", "0012"],
    ]);
  });

  it("writes only cells that still hold the expected value, and says what the others hold", async () => {
    const { host, control } = setupSheet(5);
    control.setValues(SHEET, "K3", [["active"]]);
    control.setValues(SHEET, "K4", [["active"]]);
    control.setValues(SHEET, "K4", [["Dormant"]]); // the user typed over it since it was read
    const outcome = await host.writeValues(SHEET, [
      { cell: "K3", value: "Active", expected: "active" },
      { cell: "K4", value: "Active", expected: "active" },
      { cell: "L5", value: "x", expected: null },
      { cell: "Z5", value: "y", expected: "" },
    ]);
    expect(outcome).toEqual({
      written: ["K3", "Z5"],
      changed: [
        { cell: "K4", now: "Dormant" },
        { cell: "L5", now: now(control, "L5") },
      ],
    });
    expect(control.getValues(SHEET, "K3:K4")).toEqual([["Active"], ["Dormant"]]);
    expect(control.getValues(SHEET, "Z5")).toEqual([["y"]]);
  });

  it("select activates the sheet and selects the cell", async () => {
    const { host, control } = setup({
      sheets: [{ name: "Other" }, { name: SHEET, values: validSheet(5) }],
      activeSheet: "Other",
    });
    await host.select(SHEET, "C4");
    expect(control.activeSheet).toBe(SHEET);
    expect(control.selection).toBe(`${SHEET}!C4`);
  });

  it("keeps settings in the workbook", async () => {
    const { host, control } = setup();
    expect(await host.loadSettings()).toEqual({});
    await host.saveSettings({
      submitter: "70-B3-D5-1F-30-00-A0-08",
      sheet: SHEET,
      highlighting: false,
    });
    expect(await createExcelHost().loadSettings()).toEqual({
      submitter: "70-B3-D5-1F-30-00-A0-08",
      sheet: SHEET,
      highlighting: false,
    });
    control.setSetting("mamWorkbench", "{not json");
    expect(await host.loadSettings()).toEqual({});
  });
});

describe("writeTextSheet", () => {
  it("creates a sheet with the lines as text and shows it", async () => {
    const { host, control } = setupSheet(3);
    const lines = ["MPAN,MPRN,ESME ID", "0012,00123,1E5", "2021-01-01,TRUE,=1+1"];
    const name = await host.writeTextSheet("MA_CGI_test", lines);
    expect(name).toBe("MA_CGI_test");
    expect(control.sheetNames()).toContain("MA_CGI_test");
    expect(control.getValues(name, "A1:A3").flat()).toEqual(lines);
    expect(control.getNumberFormat(name, "A1:A3").flat()).toEqual(["@", "@", "@"]);
    expect(control.activeSheet).toBe(name);
  });

  it("writes a big file in blocks, each request under the 5 MB cap", async () => {
    const { host, control } = setupSheet(3);
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `${String(i).padStart(13, "0")},${"x".repeat(140)}`
    );
    const name = await host.writeTextSheet("MA_big", lines);
    expect(control.syncLog.filter((s) => s.error)).toEqual([]);
    expect(control.getValues(name, "A39999:A40000").flat()).toEqual(lines.slice(-2));
    expect(control.getValueTypes(name, "A1:A3").flat()).toEqual(["String", "String", "String"]);
  });

  it("replaces an earlier sheet of the same name, and cuts names to Excel's rules", async () => {
    const { host, control } = setupSheet(3);
    await host.writeTextSheet("MA_CGI_again", ["old line", "old line 2"]);
    await host.writeTextSheet("MA_CGI_again", ["new line"]);
    expect(control.getValues("MA_CGI_again", "A1:A2").flat()).toEqual(["new line", ""]);
    const long = await host.writeTextSheet("MA/CGI:70-B3-D5-1F-30-00-A0-08_20240101_120000", ["x"]);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(long).not.toMatch(/[\\/?*[\]:]/);
    expect(control.sheetNames()).toContain(long);
  });
});
