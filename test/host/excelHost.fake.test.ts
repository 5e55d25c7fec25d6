/**
 * The Excel host (src/host/excel) against the faithful fake Office/Excel (test/e2e/fakeExcel.ts):
 * what it reads, how many round trips and writes it costs, the highlights it shows (conditional
 * formats reading a very hidden sheet of flags, never the cells' own formatting), how it follows
 * events, and Excel's limits. Every test runs twice: at ExcelApi 1.17 and at the manifest's
 * minimum, 1.9, where change events carry no triggerSource and sorting raises no event.
 */
import {
  BLOCK_ROWS,
  createExcelHost,
  FLAGS_SHEET,
  HIGHLIGHT,
  SMALL_READ_ROWS,
} from "../../src/host/excel/excelHost";
import type { SheetChange, WorkbookHost } from "../../src/host/hostApi";
import {
  FakeRequestContext,
  installFakeExcel,
  type FakeExcelControl,
  type FakeExcelInit,
  type InstalledFakeExcel,
} from "../e2e/fakeExcel";
import { HEADER, validRow, validSheet } from "./support";

let fake: InstalledFakeExcel | null = null;

/** The requirement-set levels every test runs at. */
const LEVELS: [string, FakeExcelInit][] = [
  ["ExcelApi 1.17", {}],
  ["ExcelApi 1.9 (no triggerSource, no sort events)", { excelApiVersion: "1.9" }],
];

/** What a cell holds now, as the add-in would read it. */
function now(control: FakeExcelControl, cell: string) {
  return control.getValues(SHEET, cell)[0][0] as string | number | boolean;
}

afterEach(async () => {
  jest.restoreAllMocks();
  // Let the fake's Office.onReady timer run before its globals go.
  await new Promise((resolve) => setTimeout(resolve, 0));
  fake?.uninstall();
  fake = null;
});

const SHEET = "MA";

describe.each(LEVELS)("at %s", (_level, levelInit) => {
  function setup(init: FakeExcelInit = {}): { host: WorkbookHost; control: FakeExcelControl } {
    fake = installFakeExcel(globalThis, { ...levelInit, ...init });
    return { host: createExcelHost(), control: fake.control };
  }

  /** A workbook with the MA sheet holding a header and `rows` valid rows. */
  function setupSheet(rows: number, init: FakeExcelInit = {}) {
    return setup({ sheets: [{ name: SHEET, values: validSheet(rows) }], ...init });
  }

  /** What the user sees in cells: the add-in's highlight colour, or the cell's own fill (null: none). */
  function shown(control: FakeExcelControl, address: string) {
    return control.getDisplayedFill(SHEET, address);
  }

  describe("findSheets", () => {
    it("hands over every sheet's first row, in tab order, in two syncs", async () => {
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
      expect(found.map((c) => c.name)).toEqual(["Notes", "MA data", "Old MA", "Blank", "Shifted"]);
      const trimmed = (row: readonly unknown[]) => {
        const out = [...row];
        while (out.length > 0 && out[out.length - 1] === "") out.pop();
        return out;
      };
      expect(trimmed(found[0].header)).toEqual(["Read me"]);
      expect(trimmed(found[1].header)).toEqual(HEADER);
      expect(trimmed(found[2].header)).toEqual(partial);
      expect(trimmed(found[3].header)).toEqual([]);
      expect(trimmed(found[4].header)).toEqual(["", ...HEADER]); // judged by text, not position
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
      expect(control.syncLog.some((s) => s.error === "ResponsePayloadSizeLimitExceeded")).toBe(
        true
      );
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
    it(`reads up to SMALL_READ_ROWS (${SMALL_READ_ROWS}) rows in ONE sync`, async () => {
      const { host, control } = setupSheet(400);
      await host.readSheet(SHEET);
      control.resetSyncCount();
      const rows = await host.readRows(SHEET, 2, 1 + SMALL_READ_ROWS);
      expect(control.syncCount).toBe(1);
      expect(rows).toHaveLength(SMALL_READ_ROWS);
      expect(rows[0]).toEqual(validRow(1));
      expect(rows[SMALL_READ_ROWS - 1]).toEqual(validRow(SMALL_READ_ROWS));
    });

    it("reads more rows in blocks, one sync each", async () => {
      const { host, control } = setupSheet(12_000);
      await host.readSheet(SHEET);
      control.resetSyncCount();
      const rows = await host.readRows(SHEET, 2, 12_001);
      expect(control.syncCount).toBe(Math.ceil(12_000 / BLOCK_ROWS));
      expect(rows).toHaveLength(12_000);
      expect(rows[11_999]).toEqual(validRow(12_000));
    });

    it("bounds a whole-row change (2:1048576) by the used range: no million-row read", async () => {
      const { host, control } = setupSheet(30);
      await host.readSheet(SHEET);
      control.clearRows(SHEET, "20:1048576");
      control.resetSyncCount();
      const rows = await host.readRows(SHEET, 20, 1_048_576);
      // Rows 20-31 held data when last read: they come back (empty now); nothing beyond.
      expect(rows).toHaveLength(12);
      expect(rows.every((r) => r.every((v) => v === "" || v === null || v === undefined))).toBe(
        true
      );
      expect(control.syncCount).toBe(1); // the used range: nothing past it needs reading
    });

    it("halves a block on the web's GeneralException for an oversized response, a bounded number of times", async () => {
      const { host, control } = setupSheet(3000, {
        platform: "OfficeOnline",
        payloadLimitBytes: 200_000,
      });
      await host.readSheet(SHEET);
      const rows = await host.readRows(SHEET, 2, 3001);
      expect(rows).toHaveLength(3000);
      expect(rows[2999]).toEqual(validRow(3000));
      expect(control.syncLog.some((s) => s.error === "GeneralException")).toBe(true);
      // A GeneralException that halving does not cure is an error after a few tries, not a loop.
      for (let i = 0; i < 8; i++) control.failNextSync("GeneralException");
      await expect(host.readRows(SHEET, 2, 3001)).rejects.toMatchObject({
        code: "GeneralException",
      });
    });

    it("waits while the user is editing a cell instead of failing (delayForCellEdit)", async () => {
      const { host, control } = setupSheet(20);
      await host.readSheet(SHEET);
      control.cellEditMode = true;
      let done = false;
      const reading = host.readRows(SHEET, 5, 5).then((rows) => {
        done = true;
        return rows;
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(done).toBe(false);
      control.cellEditMode = false;
      expect(await reading).toEqual([validRow(4)]);
    });
  });

  describe("highlights", () => {
    it("shows errors red and warnings amber with rules of its own; the cells' own fills never change", async () => {
      const { host, control } = setupSheet(20);
      control.setFill(SHEET, "B4", {
        color: "#FFFF00",
        pattern: "Gray25",
        patternColor: "#000000",
      });
      control.setFill(SHEET, "C4", "#FFFFFF");
      await host.readSheet(SHEET);
      const before = control.getFill(SHEET, "A4:D4");
      await host.paint(SHEET, [
        { cell: "A4", severity: "error" },
        { cell: "B4", severity: "error" },
        { cell: "C4", severity: "warning" },
        { cell: "D4", severity: "info" },
      ]);
      expect(shown(control, "A4:D4")).toEqual([
        [HIGHLIGHT.error, HIGHLIGHT.error, HIGHLIGHT.warning, null],
      ]);
      expect(control.getFill(SHEET, "A4:D4")).toEqual(before);
      // Two rules over the whole sheet, the error one on top; a very hidden sheet of flags.
      expect(control.conditionalFormats(SHEET).map((c) => [c.fill, c.areas])).toEqual([
        [HIGHLIGHT.error, ["1:1048576"]],
        [HIGHLIGHT.warning, ["1:1048576"]],
      ]);
      expect(control.sheetNames()).toContain(FLAGS_SHEET);
      await host.paint(SHEET, [
        { cell: "A4", severity: null },
        { cell: "B4", severity: "warning" },
      ]);
      expect(shown(control, "A4:B4")).toEqual([[null, HIGHLIGHT.warning]]);
      expect(control.getFill(SHEET, "A4:D4")).toEqual(before);
    });

    it("a typed cell costs two syncs, one of them a write; a change of no highlight writes nothing", async () => {
      const { host, control } = setupSheet(20);
      await host.readSheet(SHEET);
      await host.paint(SHEET, [{ cell: "A3", severity: "error" }]); // the rules exist from here on
      control.resetSyncCount();
      await host.readRows(SHEET, 5, 5);
      await host.paint(SHEET, [{ cell: "A5", severity: "error" }]);
      expect(control.syncCount).toBe(2);
      expect(control.writeSyncCount).toBe(1);
      control.resetSyncCount();
      await host.paint(SHEET, [
        { cell: "A5", severity: "error" }, // already so
        { cell: "B8", severity: null }, // never shown
        { cell: "C8", severity: "info" },
      ]);
      expect(control.syncCount).toBe(0);
    });

    it("writes nothing to a workbook with nothing to show", async () => {
      const { host, control } = setupSheet(20);
      await host.prepareSheet!(SHEET);
      await host.readSheet(SHEET);
      control.resetSyncCount();
      await host.resetHighlights!(SHEET, new Map());
      await host.paint(SHEET, [{ cell: "A3", severity: null }]);
      expect(control.writeSyncCount).toBe(0);
      expect(control.sheetNames()).toEqual([SHEET]);
      expect(control.conditionalFormats(SHEET)).toEqual([]);
    });

    it("a later session finds the highlights, brings them up to date (writing only the difference), and removes them all", async () => {
      const { host, control } = setupSheet(20);
      control.setFill(SHEET, "A6", "#CCE5FF");
      await host.readSheet(SHEET);
      await host.paint(SHEET, [
        { cell: "A5", severity: "error" },
        { cell: "A6", severity: "warning" },
        { cell: "C9", severity: "error" },
      ]);
      control.closePane();
      control.reopen(); // saved, closed and opened again: rule ids are new
      const later = createExcelHost();
      expect(await later.prepareSheet!(SHEET)).toEqual({
        protected: false,
        canHighlight: true,
        notices: expect.any(Array),
      });
      await later.readSheet(SHEET);
      expect(shown(control, "A5:A6")).toEqual([[HIGHLIGHT.error], [HIGHLIGHT.warning]]);
      control.resetSyncCount();
      await later.resetHighlights!(
        SHEET,
        new Map([
          ["A5", "error"],
          ["A6", "warning"],
          ["D10", "warning"],
        ])
      );
      expect(control.writeSyncCount).toBe(1);
      expect(shown(control, "C9")).toEqual([[null]]);
      expect(shown(control, "D10")).toEqual([[HIGHLIGHT.warning]]);
      control.resetSyncCount();
      await later.resetHighlights!(
        SHEET,
        new Map([
          ["A5", "error"],
          ["A6", "warning"],
          ["D10", "warning"],
        ])
      );
      expect(control.writeSyncCount).toBe(0);

      control.reopen();
      const third = createExcelHost();
      control.resetSyncCount();
      await third.clearHighlights(SHEET);
      expect(control.writeSyncCount).toBe(1);
      expect(control.conditionalFormats(SHEET)).toEqual([]);
      expect(control.sheetNames()).toEqual([SHEET]);
      expect(shown(control, "A5:A6")).toEqual([[null], ["#CCE5FF"]]);
    });

    it("moves highlights with inserted and deleted rows and columns, in the order given", async () => {
      const { host, control } = setupSheet(20);
      await host.readSheet(SHEET);
      await host.paint(SHEET, [
        { cell: "A5", severity: "error" },
        { cell: "C8", severity: "warning" },
      ]);
      control.insertRows(SHEET, 3, 2); // A5 → A7, C8 → C10
      control.insertColumns(SHEET, "B", 1); // C10 → D10
      control.resetSyncCount();
      await host.paint(
        SHEET,
        [],
        [
          { axis: "rows", at: 3, count: 2 },
          { axis: "columns", at: 1, count: 1 },
        ]
      );
      expect(control.writeSyncCount).toBe(1);
      expect(shown(control, "A7")).toEqual([[HIGHLIGHT.error]]);
      expect(shown(control, "D10")).toEqual([[HIGHLIGHT.warning]]);
      expect(shown(control, "A5")).toEqual([[null]]);
      control.deleteRows(SHEET, 7, 1);
      await host.paint(
        SHEET,
        [{ cell: "A7", severity: null }],
        [{ axis: "rows", at: 7, count: -1 }]
      );
      expect(shown(control, "A7")).toEqual([[null]]);
      expect(shown(control, "D9")).toEqual([[HIGHLIGHT.warning]]);
    });

    it("puts its rules back where a paste from elsewhere took them off, with the next write", async () => {
      const { host, control } = setupSheet(20);
      control.addSheet("Other", [["pasted", "too"]]);
      await host.readSheet(SHEET);
      await host.paint(SHEET, [{ cell: "A5", severity: "error" }]);
      await host.watch(SHEET, () => undefined);
      control.copyPaste({ sheet: "Other", address: "A1:B1" }, { sheet: SHEET, address: "A6" });
      await control.flush();
      expect(shown(control, "A6")).toEqual([[null]]);
      await host.readRows(SHEET, 6, 6); // the re-read finds the rules gone from A6:B6
      await host.paint(SHEET, [{ cell: "A6", severity: "error" }]);
      expect(shown(control, "A5:A6")).toEqual([[HIGHLIGHT.error], [HIGHLIGHT.error]]);
    });

    it("removes its rules copied to other sheets, and adds them again after Excel's Clear Rules, at the next full read", async () => {
      const { host, control } = setupSheet(20);
      control.addSheet("Copy");
      await host.prepareSheet!(SHEET);
      await host.readSheet(SHEET);
      await host.paint(SHEET, [{ cell: "B3", severity: "error" }]);
      control.copyPaste({ sheet: SHEET, address: "A1:M10" }, { sheet: "Copy", address: "A1" });
      expect(control.getDisplayedFill("Copy", "B3")).toEqual([[HIGHLIGHT.error]]);
      await host.readSheet(SHEET);
      await host.resetHighlights!(SHEET, new Map([["B3", "error"]]));
      expect(control.conditionalFormats("Copy")).toEqual([]);
      expect(shown(control, "B3")).toEqual([[HIGHLIGHT.error]]);
      control.clearRules(SHEET, "A1:M10");
      await host.readSheet(SHEET);
      await host.resetHighlights!(
        SHEET,
        new Map([
          ["B3", "error"],
          ["C3", "warning"],
        ])
      );
      expect(shown(control, "B3:C3")).toEqual([[HIGHLIGHT.error, HIGHLIGHT.warning]]);
      expect(control.conditionalFormats(SHEET).map((c) => c.areas)).toEqual([
        ["1:1048576"],
        ["1:1048576"],
      ]);
    });

    it("finds a rule the user deleted meanwhile gone, looks again and retries", async () => {
      const { host, control } = setupSheet(20);
      control.addSheet("Other", [["pasted"]]);
      await host.prepareSheet!(SHEET);
      await host.readSheet(SHEET);
      await host.paint(SHEET, [{ cell: "A5", severity: "error" }]);
      await host.prepareSheet!(SHEET); // knows the rules' ids now
      await host.watch(SHEET, () => undefined);
      control.copyPaste({ sheet: "Other", address: "A1" }, { sheet: SHEET, address: "A6" });
      await control.flush();
      await host.readRows(SHEET, 6, 6); // a hole: the next write deletes the rules it knows, adds new
      control.clearRules(SHEET); // ...but the user has just deleted them
      await host.paint(SHEET, [{ cell: "A6", severity: "warning" }]);
      expect(control.syncLog.some((s) => s.error === "ItemNotFound")).toBe(true);
      expect(shown(control, "A5:A6")).toEqual([[HIGHLIGHT.error], [HIGHLIGHT.warning]]);
    });

    it("writes the flags of a 10,000-row paste in one sync: re-read and highlights in ⌈10000/BLOCK_ROWS⌉ + 1", async () => {
      const { host, control } = setupSheet(10_000);
      await host.prepareSheet!(SHEET);
      await host.readSheet(SHEET);
      control.resetSyncCount();
      await host.readRows(SHEET, 2, 10_001);
      const changes = [];
      for (let r = 2; r <= 10_001; r++) {
        changes.push({ cell: `A${r}`, severity: "error" as const });
        if (r % 3 === 0) changes.push({ cell: `L${r}`, severity: "warning" as const });
      }
      await host.paint(SHEET, changes);
      expect(control.syncCount).toBe(Math.ceil(10_000 / BLOCK_ROWS) + 1);
      expect(control.syncLog.filter((s) => s.error)).toEqual([]);
      expect(shown(control, "L9:L9")).toEqual([[HIGHLIGHT.warning]]);
      expect(shown(control, "A10001")).toEqual([[HIGHLIGHT.error]]);
    });

    it("on a protected sheet: says so, fixes nothing, and shows highlights only where its rules already are", async () => {
      const { host, control } = setupSheet(20);
      control.protectSheet(SHEET);
      const access = await host.prepareSheet!(SHEET);
      expect(access.protected).toBe(true);
      expect(access.canHighlight).toBe(false);
      expect(access.notices.join(" ")).toMatch(/"MA" is protected.*Unprotect Sheet/);
      await expect(
        host.writeValues(SHEET, [{ cell: "K3", value: "Active", expected: now(control, "K3") }])
      ).rejects.toThrow(/"MA": it is protected\. Unprotect it/);
      // Rules made before the sheet was protected keep working: only the add-in's own sheet is written.
      control.unprotectSheet(SHEET);
      await host.readSheet(SHEET);
      await host.paint(SHEET, [{ cell: "A3", severity: "error" }]);
      control.protectSheet(SHEET);
      const again = createExcelHost();
      expect((await again.prepareSheet!(SHEET)).canHighlight).toBe(true);
      await again.readSheet(SHEET);
      await again.paint(SHEET, [{ cell: "A4", severity: "warning" }]);
      expect(shown(control, "A3:A4")).toEqual([[HIGHLIGHT.error], [HIGHLIGHT.warning]]);
    });

    it("cannot add its hidden sheet while the workbook's structure is protected: says so", async () => {
      const { host } = setupSheet(20, { structureProtected: true });
      const access = await host.prepareSheet!(SHEET);
      expect(access.canHighlight).toBe(false);
      expect(access.notices.join(" ")).toMatch(/structure is protected/);
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

    it("maps row and column inserts and deletes; a sort names its rows where Excel reports sorting", async () => {
      const { host, control } = setupSheet(20);
      await host.readSheet(SHEET);
      const { changes } = await watching(host);
      control.insertRows(SHEET, 3, 2);
      control.deleteRows(SHEET, 2, 1);
      control.insertColumns(SHEET, "C", 2);
      control.deleteColumns(SHEET, "C", 2);
      control.sortRows(SHEET, "A2:M21", "M", false);
      await control.flush();
      const sorted: SheetChange[] = fake!.Office.context.requirements.isSetSupported(
        "ExcelApi",
        "1.10"
      )
        ? [{ kind: "cells", firstRow: 2, lastRow: 21, byThisAddin: false }]
        : [];
      expect(changes).toEqual([
        { kind: "rowsInserted", atRow: 3, count: 2 },
        { kind: "rowsDeleted", atRow: 2, count: 1 },
        { kind: "columnsInserted", atColumn: 2, count: 2 },
        { kind: "columnsDeleted", atColumn: 2, count: 2 },
        ...sorted,
      ]);
    });

    it("hears nothing of drop-down picks, Text to Columns, recalculation, or fill-drag over filtered rows", async () => {
      const { host, control } = setupSheet(20);
      const { changes } = await watching(host);
      control.pickFromList(SHEET, "K3", "Dormant");
      control.recalculate(SHEET, "L4", 45000);
      control.setRowsHidden(SHEET, 6, 6, true);
      control.fillDown(SHEET, "A5:M5", "A6:M8");
      await control.flush();
      expect(changes).toEqual([]); // hence "Re-check workbook"
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
        values.map((value, i) => ({
          cell: `M${i + 2}`,
          value,
          expected: now(control, `M${i + 2}`),
        }))
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

    it("never replaces a sheet of the same name, and cuts names to Excel's rules", async () => {
      const { host, control } = setupSheet(3);
      expect(await host.writeTextSheet("MA_CGI_again", ["old line", "old line 2"])).toBe(
        "MA_CGI_again"
      );
      expect(await host.writeTextSheet("MA_CGI_again", ["new line"])).toBe("MA_CGI_again (2)");
      expect(control.getValues("MA_CGI_again", "A1:A2").flat()).toEqual(["old line", "old line 2"]);
      expect(control.getValues("MA_CGI_again (2)", "A1:A2").flat()).toEqual(["new line", ""]);
      const long = await host.writeTextSheet("MA/CGI:70-B3-D5-1F-30-00-A0-08_20240101_120000", [
        "x",
      ]);
      expect(long.length).toBeLessThanOrEqual(31);
      expect(long).not.toMatch(/[\\/?*[\]:]/);
      expect(control.sheetNames()).toContain(long);
    });
  });
});
