/**
 * End to end, the built pane in Chromium against the fake Excel (harness.ts): highlights that
 * never harm the workbook (issue 12). Each scenario checks, once the pane has caught up, that the
 * grid shows exactly the engine's highlights (every error red, every warning amber, every other
 * cell its own fill) and that the supplier's own fills are exactly as they were.
 *
 * A pane closed mid-session, and a workbook saved and opened again, are played with the fake's
 * snapshot: the workbook as a file keeps it, opened by a new page (a new pane instance).
 */
import type { Page } from "playwright-core";
import { checkSheet } from "../../src/domain/engine";
import type { CellValue, Severity } from "../../src/domain/types";
import { HIGHLIGHT } from "../../src/host/excel/highlights";
import { generateSyntheticSheet } from "../../scripts/syntheticRows";
import { fillKey, type CellScalar, type FakeExcelInit, type FakeFill } from "./fakeExcel";
import {
  installProbe,
  MA_SHEET,
  paneCounts,
  resetBusy,
  SUBMITTER,
  toCells,
  userEdit,
  waitReady,
  waitSettled,
} from "./paneDriver";
import { usePaneSession } from "./paneSession";

jest.setTimeout(120_000);

const LAST_ROW = 41; // header + 40 rows
const LEVELS: [string, FakeExcelInit][] = [
  ["ExcelApi 1.17", {}],
  ["ExcelApi 1.9 (no triggerSource, no sort events)", { excelApiVersion: "1.9" }],
];
/** The supplier's own formatting: solid, patterned and theme (tinted) fills, on cells with and without findings. */
const USER_FILLS: [string, FakeFill | string][] = [
  ["B3", "#FFFF00"],
  ["C4", { color: "#FFFF00", pattern: "Gray25", patternColor: "#FF0000" }],
  ["D5", { color: "#4472C4", tintAndShade: 0.6 }],
  ["A6", "#CCE5FF"],
];

const session = usePaneSession();
const opened: Page[] = [];

afterEach(async () => {
  for (const page of opened.splice(0)) if (!page.isClosed()) await page.close();
});

function workbook(level: FakeExcelInit = {}): FakeExcelInit {
  const g = generateSyntheticSheet({
    rows: LAST_ROW - 1,
    errorRate: 0.15,
    seed: 12,
    dates: "serial",
    submitter: SUBMITTER,
  });
  return {
    ...level,
    sheets: [
      { name: "Notes", values: [["Batch notes"]] },
      { name: MA_SHEET, values: [g.header, ...g.rows.map((r) => toCells(r, 13))] },
    ],
    settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
  };
}

/** Opens a pane (a new page: a new pane instance) on a workbook; with `fills`, the user then formats cells. */
async function open(init: FakeExcelInit, fills = false): Promise<Page> {
  const { page } = await session.open({ init, beforeGoto: installProbe });
  opened.push(page);
  await waitReady(page);
  if (fills)
    await page.evaluate((list) => {
      for (const [cell, fill] of list)
        window.__fakeExcel.setFill("Migration Authorisation", cell, fill);
    }, USER_FILLS);
  return page;
}

/** Closes the pane with no clean-up, and opens the same workbook in a new pane instance. */
async function reopen(page: Page): Promise<Page> {
  const saved = await page.evaluate(() => window.__fakeExcel.snapshot());
  await page.close();
  return open(saved);
}

/** Picks an item of the pane's overflow menu (More actions). */
async function menu(page: Page, role: "menuitem" | "menuitemcheckbox", name: string) {
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole(role, { name }).click();
}

/** Runs something as the user in the page, then waits until the pane has followed it. */
async function act(page: Page, fn: () => void): Promise<void> {
  await resetBusy(page);
  await page.evaluate(fn);
  await waitSettled(page);
}

interface Grid {
  values: CellScalar[][];
  shown: (string | null)[][];
  own: (string | null)[][];
}

async function grid(page: Page, lastRow = LAST_ROW): Promise<Grid> {
  return page.evaluate((address) => {
    const c = window.__fakeExcel;
    return {
      values: c.getValues("Migration Authorisation", address),
      shown: c.getDisplayedFill("Migration Authorisation", address),
      own: c.getFill("Migration Authorisation", address),
    };
  }, `A1:M${lastRow}`);
}

/**
 * Once the pane has caught up: its counts are the engine's on the grid, every cell with an error
 * or a warning shows its highlight, and every other cell shows its own fill.
 */
async function expectInStep(page: Page, lastRow = LAST_ROW): Promise<Grid> {
  const g = await grid(page, lastRow);
  const engine = checkSheet(g.values[0] as CellValue[], g.values.slice(1) as CellValue[][], {
    submitter: SUBMITTER,
  });
  expect(await paneCounts(page)).toEqual(engine.summary());
  const want = new Map<string, Severity>();
  for (const f of engine.findings()) {
    if (f.severity === "info" || !/^[A-Z]+\d+$/.test(f.cell)) continue;
    if (f.severity === "error" || !want.has(f.cell)) want.set(f.cell, f.severity);
  }
  const wrong: string[] = [];
  g.shown.forEach((row, r) =>
    row.forEach((fill, c) => {
      const cell = `${String.fromCharCode(65 + c)}${r + 1}`;
      const severity = want.get(cell);
      const expected =
        severity === "error" || severity === "warning" ? HIGHLIGHT[severity] : g.own[r][c];
      if (fill !== expected) wrong.push(`${cell} shows ${fill}, expected ${expected}`);
    })
  );
  expect(wrong).toEqual([]);
  return g;
}

/** The supplier's fills, exactly as set (patterns and tints included). */
async function expectOwnFills(page: Page): Promise<void> {
  const own = await page.evaluate(
    (cells) =>
      cells.map((cell) => window.__fakeExcel.getFill("Migration Authorisation", cell)[0][0]),
    USER_FILLS.map(([cell]) => cell)
  );
  expect(own).toEqual(USER_FILLS.map(([, f]) => fillKey(f)));
}

const BAD_MPAN = "1312345678901";

describe("highlights in Chromium (built pane, fake Excel)", () => {
  it("never changes the supplier's fills: as highlights come and go, with a colour set on a highlighted cell, after the pane closes mid-session and after save/reopen", async () => {
    let page = await open(workbook(), true);
    await expectInStep(page);
    // Bad values over the supplier's fills: highlighted, then fixed again.
    const before = (await grid(page)).values;
    for (const [cell] of USER_FILLS) await userEdit(page, MA_SHEET, cell, [[BAD_MPAN]]);
    await expectInStep(page);
    for (const [cell] of USER_FILLS) {
      const at = /([A-Z])(\d+)/.exec(cell)!;
      const old = before[Number(at[2]) - 1][at[1].charCodeAt(0) - 65];
      await userEdit(page, MA_SHEET, cell, [[old]]);
    }
    await expectInStep(page);
    await expectOwnFills(page);
    // A colour the user sets on a highlighted cell is theirs: it shows again once the error goes.
    await userEdit(page, MA_SHEET, "E7", [[BAD_MPAN]]);
    await page.evaluate(() =>
      window.__fakeExcel.setFill("Migration Authorisation", "E7", "#00FF00")
    );
    expect((await grid(page, 7)).shown[6][4]).toBe(HIGHLIGHT.error);
    // The pane closes mid-session (no clean-up runs); the workbook stays as it is.
    page = await reopen(page);
    await expectInStep(page);
    await expectOwnFills(page);
    const e7 = before[6][4];
    await userEdit(page, MA_SHEET, "E7", [[e7]]);
    expect((await grid(page, 7)).shown[6][4]).toBe("#00FF00");
    // Saved and opened again: still only the supplier's own formatting underneath.
    page = await reopen(page);
    await expectInStep(page);
    await expectOwnFills(page);
  });

  it("a later session finds the earlier highlights, brings them up to date, and removes them all in one step", async () => {
    let page = await open(workbook());
    const first = await expectInStep(page);
    const saved = await page.evaluate(() => window.__fakeExcel.snapshot());
    await page.close();
    // Edited in Excel while no pane was open: a highlighted cell emptied, a good cell made bad.
    const state = saved.sheets!.find((s) => s.name === MA_SHEET)!.state!;
    const set = (r: number, c: number, v: CellScalar) => {
      state.values = state.values.filter(([rr, cc]) => rr !== r || cc !== c);
      if (v !== "") state.values.push([r, c, v]);
    };
    const flagged = first.shown.findIndex((row, r) => r > 0 && row[0] === HIGHLIGHT.error);
    expect(flagged).toBeGreaterThan(0);
    set(flagged, 0, "");
    set(20, 1, "not an MPRN");
    page = await open(saved);
    await expectInStep(page);
    // "Highlight cells" off: every highlight goes at once, the workbook keeps nothing of the add-in's.
    await resetBusy(page);
    await menu(page, "menuitemcheckbox", "Highlight cells in the sheet");
    await waitSettled(page);
    const left = await page.evaluate(() => ({
      sheets: window.__fakeExcel.sheetNames(),
      rules: window.__fakeExcel.conditionalFormats("Migration Authorisation"),
    }));
    expect(left).toEqual({ sheets: ["Notes", MA_SHEET], rules: [] });
    const after = await grid(page);
    expect(after.shown).toEqual(after.own);
  });

  it("with Excel's own Clear Rules the highlights are gone; a later session with highlights on puts them back", async () => {
    let page = await open(workbook());
    await page.evaluate(() => window.__fakeExcel.clearRules("Migration Authorisation"));
    const cleared = await grid(page);
    expect(cleared.shown).toEqual(cleared.own);
    page = await reopen(page);
    await expectInStep(page);
  });

  it("runs the self-test from the pane and shows a report for the helpdesk", async () => {
    const page = await open(workbook());
    const sheets = await page.evaluate(() => window.__fakeExcel.sheetNames());
    await menu(page, "menuitem", "Run self-test…");
    await page.getByRole("dialog").getByRole("button", { name: "Run self-test" }).click();
    await page.getByTestId("self-test-report").waitFor({ timeout: 30_000 });
    await expect(page.getByTestId("self-test-status").textContent()).resolves.toBe(
      "Self-test passed."
    );
    const report = await page.getByTestId("self-test-report").inputValue();
    expect(report).toMatch(/^MAM Workbench self-test, /);
    expect(report).toContain("Result: 7 of 7 checks passed.");
    expect(await page.evaluate(() => window.__fakeExcel.sheetNames())).toEqual(sheets);
  });
});

describe.each(LEVELS)("highlights follow the sheet at %s", (_label, level) => {
  it("rows and columns inserted, deleted or sorted, cells copied or cut with their formats: every highlight on its finding's cell", async () => {
    const page = await open(workbook(level));
    await expectInStep(page);
    await act(page, () => window.__fakeExcel.insertRows("Migration Authorisation", 5, 2));
    await expectInStep(page, LAST_ROW + 2);
    await act(page, () => window.__fakeExcel.deleteRows("Migration Authorisation", 10, 3));
    await expectInStep(page);
    await act(page, () => window.__fakeExcel.insertColumns("Migration Authorisation", "C", 1));
    await act(page, () => window.__fakeExcel.deleteColumns("Migration Authorisation", "C", 1));
    await expectInStep(page);
    // Sorting: followed where Excel reports it (ExcelApi 1.10); elsewhere the user re-checks, as told.
    const sortEvents = await page.evaluate(() =>
      Office.context.requirements.isSetSupported("ExcelApi", "1.10")
    );
    if (sortEvents)
      await act(page, () =>
        window.__fakeExcel.sortRows("Migration Authorisation", "A2:M39", "M", false)
      );
    else {
      await page.evaluate(() =>
        window.__fakeExcel.sortRows("Migration Authorisation", "A2:M39", "M", false)
      );
      await expect(page.getByTestId("notice").textContent()).resolves.toContain(
        "does not report sorting"
      );
      await resetBusy(page);
      await menu(page, "menuitem", "Re-check workbook");
      await waitSettled(page);
    }
    await expectInStep(page);
    // Copied within the sheet (the copy's rules are new, fragmenting ours), cut, and pasted from elsewhere.
    await act(page, () =>
      window.__fakeExcel.copyPaste(
        { sheet: "Migration Authorisation", address: "A3:M3" },
        { sheet: "Migration Authorisation", address: "A44" }
      )
    );
    await expectInStep(page, 44);
    await act(page, () =>
      window.__fakeExcel.copyPaste(
        { sheet: "Migration Authorisation", address: "A4:M4" },
        { sheet: "Migration Authorisation", address: "A46" },
        { cut: true }
      )
    );
    await expectInStep(page, 46);
    await page.evaluate(() =>
      window.__fakeExcel.addSheet("Elsewhere", [["1312345678901", "bad mprn"]])
    );
    await act(page, () =>
      window.__fakeExcel.copyPaste(
        { sheet: "Elsewhere", address: "A1:B1" },
        { sheet: "Migration Authorisation", address: "A8" }
      )
    );
    await expectInStep(page, 46);
  });

  it("a row inserted while the re-read of an edit is on its way: the edit is checked, and highlighted, at its new place", async () => {
    // Reproduced on the code before (8056695): the engine took row 19 for row 20 and lost the edit.
    const page = await open(workbook(level));
    await resetBusy(page);
    await page.evaluate(() => {
      const c = window.__fakeExcel;
      let armed = true;
      c.beforeSync(() => {
        if (!armed) return;
        armed = false;
        c.insertRows("Migration Authorisation", 5, 1);
      });
      c.setValues("Migration Authorisation", "A20", [["1312345678901"]]);
    });
    await waitSettled(page); // the edit's re-read
    // The insert's event reaches the pane a task after the re-read that raised it, so on a busy
    // machine the pane can be idle in between: every event delivered, then the pane idle again.
    await page.evaluate(() => window.__fakeExcel.flush());
    await waitReady(page);
    const g = await expectInStep(page, LAST_ROW + 1);
    expect(g.values[20][0]).toBe(BAD_MPAN);
    expect(g.shown[20][0]).toBe(HIGHLIGHT.error);
  });

  it('"Fix all like this" and "Undo last fix": the grid written and put back, highlights in step', async () => {
    const init = workbook(level);
    const ma = init.sheets!.find((s) => s.name === MA_SHEET)!;
    // Two ESME IDs (column C) typed as lower-case colon-separated EUIs: info findings, fixable.
    const rows = [2, 3].filter((r) => /^[0-9A-F-]{23}$/.test(String(ma.values![r][2])));
    for (const r of rows)
      ma.values![r][2] = String(ma.values![r][2]).toLowerCase().replace(/-/g, ":");
    const page = await open(init);
    const before = await expectInStep(page);
    const cell = `C${rows[0] + 1}`;
    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.getByRole("combobox", { name: "Rule code" }).selectOption("MAM-190");
    await page.locator(`[data-finding-id="${cell}|MAM-190"]`).click();
    await resetBusy(page);
    await page
      .getByTestId("walk-panel")
      .getByRole("button", { name: /^Fix all like this/ })
      .click();
    await waitSettled(page);
    await expect(page.getByTestId("notice").textContent()).resolves.toMatch(/^Fixed \d+ cells?/);
    const fixed = await expectInStep(page);
    expect(rows.map((r) => fixed.values[r][2])).toEqual(
      rows.map((r) => String(ma.values![r][2]).toUpperCase().replace(/:/g, "-"))
    );
    await resetBusy(page);
    await page.getByRole("button", { name: "Undo last fix" }).click();
    await waitSettled(page);
    const undone = await expectInStep(page);
    expect(undone.values).toEqual(before.values);
  });

  it('"Highlight cells" off: the add-in writes nothing to the workbook, whatever the user does', async () => {
    const init = workbook(level);
    init.settings = { mamWorkbench: JSON.stringify({ submitter: SUBMITTER, highlighting: false }) };
    const page = await open(init);
    await userEdit(page, MA_SHEET, "A9", [[BAD_MPAN]]);
    await act(page, () => window.__fakeExcel.insertRows("Migration Authorisation", 4, 1));
    const writes = await page.evaluate(() => ({
      syncs: window.__fakeExcel.writeSyncCount,
      sheets: window.__fakeExcel.sheetNames(),
      rules: window.__fakeExcel.conditionalFormats("Migration Authorisation").length,
    }));
    expect(writes).toEqual({ syncs: 0, sheets: ["Notes", MA_SHEET], rules: 0 });
    const g = await grid(page);
    expect(g.shown).toEqual(g.own);
  });
});
