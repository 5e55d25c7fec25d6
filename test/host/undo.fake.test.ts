/**
 * What the user's Ctrl+Z does while the add-in is open, per requirement set, measured on the fake
 * Excel's undo stack (which follows the documented rules: before ExcelApi 1.20 an add-in's write
 * clears the stack; from 1.20 each of its syncs is a step; settings writes always clear it). The
 * README's "Highlights" section quotes these results.
 */
import { DEBOUNCE_MS, Workbench } from "../../src/app/workbench";
import { createExcelHost, HIGHLIGHT } from "../../src/host/excel/excelHost";
import { installFakeExcel, type FakeExcelControl, type InstalledFakeExcel } from "../e2e/fakeExcel";
import { badMpanFor, sleep, validSheet } from "./support";

const SHEET = "MA";
let fake: InstalledFakeExcel | null = null;
let wb: Workbench | null = null;

afterEach(async () => {
  await wb?.dispose();
  wb = null;
  await sleep(0);
  fake?.uninstall();
  fake = null;
});

async function open(excelApiVersion: string, highlighting = true): Promise<FakeExcelControl> {
  fake = installFakeExcel(globalThis, {
    excelApiVersion,
    sheets: [{ name: SHEET, values: validSheet(30) }],
    settings: { mamWorkbench: { highlighting } },
  });
  wb = new Workbench(createExcelHost());
  await wb.start();
  // Something highlighted from the start, so the rules exist: what follows is one edit's cost.
  fake.control.setValues(SHEET, "A3", [[badMpanFor(2)]]);
  await settle(fake.control);
  return fake.control;
}

async function settle(control: FakeExcelControl): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await control.flush();
    await sleep(DEBOUNCE_MS + 30);
    await wb!.idle();
  }
}

/** Types into a cell as the user, lets the pane follow, and returns the undo stack then. */
async function type(control: FakeExcelControl, cell: string, value: string): Promise<string[]> {
  control.setValues(SHEET, cell, [[value]]);
  await settle(control);
  return control.undoLabels;
}

describe("Ctrl+Z while the add-in is open", () => {
  it.each(["1.9", "1.17"])(
    "before ExcelApi 1.20 (%s): a typed cell that changes a highlight loses the undo history; one that changes none keeps it",
    async (version) => {
      const control = await open(version);
      expect(await type(control, "M10", "REF-new")).toEqual(["typing"]); // no highlight changes
      expect(await type(control, "A12", badMpanFor(11))).toEqual([]); // the highlight's write cleared it
      expect(control.undo()).toBeNull();
    }
  );

  it("from ExcelApi 1.20: the highlight is its own step, on top of the typing; the add-in does not fight the undo", async () => {
    const control = await open("1.20");
    expect(await type(control, "M10", "REF-new")).toEqual(["typing"]);
    expect(await type(control, "A12", badMpanFor(11))).toEqual(["typing", "typing", "add-in"]);
    expect(control.getDisplayedFill(SHEET, "A12")).toEqual([[HIGHLIGHT.error]]);
    // First Ctrl+Z: the highlight goes (the cell still holds the bad MPAN, still listed).
    expect(control.undo()).toBe("add-in");
    await settle(control);
    expect(control.getDisplayedFill(SHEET, "A12")).toEqual([[null]]);
    expect(wb!.getState().findings.some((f) => f.cell === "A12")).toBe(true);
    // Second Ctrl+Z: the typing goes; the pane follows, and writes nothing (the flag is already off).
    control.resetSyncCount();
    expect(control.undo()).toBe("typing");
    await settle(control);
    expect(control.writeSyncCount).toBe(0);
    expect(wb!.getState().findings.some((f) => f.cell === "A12")).toBe(false);
    expect(control.undoLabels).toEqual(["typing"]);
  });

  it.each(["1.9", "1.17", "1.20"])(
    'with "Highlight cells" off (%s), the add-in writes nothing: Ctrl+Z undoes the typing as without it',
    async (version) => {
      const control = await open(version, false);
      expect(await type(control, "A12", badMpanFor(11))).toEqual(["typing", "typing"]);
      expect(control.undo()).toBe("typing");
    }
  );
});
