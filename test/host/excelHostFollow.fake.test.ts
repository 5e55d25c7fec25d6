/**
 * The Excel host's members for following the user and sharing, over the fake Excel: selection
 * changes, sheets added or typed into while the pane waits, and the findings written to a new
 * sheet with a link to each cell.
 */
import { activeCellOf, cellLink, createExcelHost } from "../../src/host/excel/excelHost";
import type { WorkbookHost } from "../../src/host/hostApi";
import { installFakeExcel, type InstalledFakeExcel } from "../e2e/fakeExcel";
import { sleep, validSheet } from "./support";

const SHEET = "MA Data";
let fake: InstalledFakeExcel | null = null;

afterEach(() => {
  fake?.uninstall();
  fake = null;
});

function install(): InstalledFakeExcel {
  fake = installFakeExcel(globalThis, {
    sheets: [
      { name: "Notes", values: [["Notes"]] },
      { name: SHEET, values: validSheet(5) },
    ],
  });
  return fake;
}

test("the active cell of a selection address", () => {
  expect(activeCellOf("'MA Data'!$C$7")).toBe("C7");
  expect(activeCellOf("Sheet1!B3:D9")).toBe("B3");
  expect(activeCellOf("A:A")).toBeNull();
  expect(cellLink("It's", "A25")).toBe(`=HYPERLINK("#'It''s'!A25","A25")`);
  expect(cellLink("MA", "1:1")).toBe(`=HYPERLINK("#'MA'!A1","1:1")`);
});

test("watchSelection reports the user's selection on the sheet until stopped", async () => {
  const { control } = install();
  const host = createExcelHost();
  const seen: string[] = [];
  const stop = await host.watchSelection(SHEET, (cell) => seen.push(cell));
  control.selection = `'${SHEET}'!C7`;
  control.selection = `'${SHEET}'!B3:D9`;
  control.selection = "Notes!A2"; // another sheet: not this one's selection
  await control.flush();
  expect(seen).toEqual(["C7", "B3"]);
  // Dragged up from B9: the active cell is B9, not the range's top-left cell.
  control.dragSelect(`'${SHEET}'!B9`, "B3");
  // The active cell is asked for in a request of its own.
  for (let waited = 0; seen.length < 3 && waited < 5_000; waited += 10) {
    await control.flush();
    await sleep(10);
  }
  expect(seen).toEqual(["C7", "B3", "B9"]);
  await stop();
  control.selection = `'${SHEET}'!A5`;
  await control.flush();
  expect(seen).toEqual(["C7", "B3", "B9"]);
  expect(control.handlerCount("SelectionChanged")).toBe(0);
});

test("watchWorkbook hears a sheet added and cells typed on any sheet", async () => {
  const { control } = install();
  const host = createExcelHost();
  let calls = 0;
  const stop = await host.watchWorkbook(() => calls++);
  control.addSheet("New");
  await control.flush();
  expect(calls).toBe(1);
  control.setValues("New", "A1", [["MPAN"]]);
  await control.flush();
  expect(calls).toBe(2);
  await stop();
  control.setValues("Notes", "A1", [["x"]]);
  await control.flush();
  expect(calls).toBe(2);
});

test("writeFindingsSheet writes the table as text with a link per cell, on a sheet of its own", async () => {
  const { control } = install();
  const host = createExcelHost();
  const table = {
    header: ["Cell", "Code", "Message"],
    rows: [
      ["A3", "MAM-102", "=not a formula"],
      ["C4", "MAM-190", "00123"],
    ],
  };
  const name = await host.writeFindingsSheet("Findings 20240501 1403", table, SHEET);
  expect(name).toBe("Findings 20240501 1403");
  expect(control.activeSheet).toBe(name);
  expect(control.getValues(name, "B1:C3")).toEqual([
    ["Code", "Message"],
    ["MAM-102", "=not a formula"],
    ["MAM-190", "00123"],
  ]);
  expect(control.getValues(name, "A1")).toEqual([["Cell"]]);
  const formulas = await Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem(name).getRange("A2:A3");
    range.load("formulas");
    await context.sync();
    return range.formulas;
  });
  expect(formulas).toEqual([
    [`=HYPERLINK("#'${SHEET}'!A3","A3")`],
    [`=HYPERLINK("#'${SHEET}'!C4","C4")`],
  ]);
  // A second one gets a name of its own.
  expect(await host.writeFindingsSheet("Findings 20240501 1403", table, SHEET)).toBe(
    "Findings 20240501 1403 (2)"
  );
  await sleep(0);
});

/** A findings table of `n` rows with messages long enough to make blocks heavy. */
function bigTable(n: number) {
  return {
    header: ["Cell", "Code", "Message"],
    rows: Array.from({ length: n }, (_, i) => [
      `A${i + 2}`,
      "MAM-102",
      `The MPAN's check digit is wrong (${i}): ${"x".repeat(60)}`,
    ]),
  };
}

/** Every sheet but `except` as a saved file keeps it (values, fills, formats, rules, protection). */
function otherSheets(control: InstalledFakeExcel["control"], except: string[] = []) {
  return (control.snapshot().sheets ?? []).filter((s) => !except.includes(s.name));
}

test("the findings sheet shows each cell's address (HYPERLINK), and a supplier's sheet of the same name is left alone", async () => {
  const { control } = install();
  control.addSheet("Findings 20240501 1403", [["the supplier's own notes"]]);
  control.setFill("Findings 20240501 1403", "A1", "#FFFF00");
  const before = otherSheets(control);
  const host = createExcelHost();
  const table = bigTable(3);
  const name = await host.writeFindingsSheet("Findings 20240501 1403", table, SHEET);
  expect(name).toBe("Findings 20240501 1403 (2)");
  expect(control.getValues(name, "A1:A4")).toEqual([["Cell"], ["A2"], ["A3"], ["A4"]]);
  expect(control.getValueTypes(name, "A2:B2")).toEqual([["String", "String"]]);
  expect(otherSheets(control, [name])).toEqual(before);
});

test("a table too big for one request is written in halved blocks, all of it", async () => {
  const { control } = install();
  const host = createExcelHost();
  const table = bigTable(3000);
  control.payloadLimitBytes = 120_000;
  const name = await host.writeFindingsSheet("Findings", table, SHEET);
  expect(control.syncLog.some((s) => s.error === "RequestPayloadSizeLimitExceeded")).toBe(true);
  expect(control.getValues(name, "A3001:C3001")).toEqual([table.rows[2999]]);
  expect(control.getValues(name, "A2:A3001").map((r) => r[0])).toEqual(table.rows.map((r) => r[0]));
});

test("Excel on the web's GeneralException for a big block: halved too, a few times at most", async () => {
  const { control } = install();
  control.platform = "OfficeOnline";
  const host = createExcelHost();
  control.payloadLimitBytes = 120_000;
  const name = await host.writeFindingsSheet("Findings", bigTable(3000), SHEET);
  expect(control.syncLog.some((s) => s.error === "GeneralException")).toBe(true);
  expect(control.getValues(name, "A3001")).toEqual([["A3001"]]);
});

test("a write that fails part-way leaves no half-written sheet behind, and the supplier's sheets as they were", async () => {
  const { control } = install();
  const host = createExcelHost();
  const before = otherSheets(control);
  const names = control.sheetNames();
  control.payloadLimitBytes = 120_000;
  let syncs = 0;
  control.beforeSync(() => {
    if (++syncs === 4) control.failNextSync("AccessDenied");
  });
  await expect(host.writeFindingsSheet("Findings", bigTable(3000), SHEET)).rejects.toMatchObject({
    code: "AccessDenied",
  });
  control.beforeSync(null);
  expect(control.sheetNames()).toEqual(names);
  expect(otherSheets(control)).toEqual(before);
});

const writers: [string, (host: WorkbookHost) => Promise<string>][] = [
  ["the findings sheet", (host) => host.writeFindingsSheet("Findings", bigTable(2), SHEET)],
  ["the MA file's sheet (Mac)", (host) => host.writeTextSheet("MA_CGI_x", ["a,b", "c,d"])],
];

test.each(writers)(
  "a workbook whose structure is protected: %s gets a clear message, nothing is added",
  async (_, write) => {
    fake = installFakeExcel(globalThis, {
      sheets: [{ name: SHEET, values: validSheet(5) }],
      structureProtected: true,
    });
    await expect(write(createExcelHost())).rejects.toThrow(/structure is protected\. \w/);
    expect(fake.control.sheetNames()).toEqual([SHEET]);
  }
);

test("the MA file's sheet (Mac) failing part-way is removed again: never half written", async () => {
  const { control } = install();
  const host = createExcelHost();
  const names = control.sheetNames();
  let syncs = 0;
  control.beforeSync(() => {
    if (++syncs === 4) control.failNextSync("AccessDenied");
  });
  const lines = Array.from({ length: 12_000 }, (_, i) => `line ${i}`);
  await expect(host.writeTextSheet("MA_CGI_x", lines)).rejects.toMatchObject({
    code: "AccessDenied",
  });
  control.beforeSync(null);
  expect(control.sheetNames()).toEqual(names);
});

test("each member waits while the user is editing a cell (delayForCellEdit) instead of failing", async () => {
  const { control } = install();
  const host = createExcelHost();
  control.cellEditMode = true;
  let settled = false;
  const work = Promise.all([
    host.watchSelection(SHEET, () => undefined),
    host.watchWorkbook(() => undefined),
    host.writeFindingsSheet("Findings", bigTable(2), SHEET),
  ]).finally(() => (settled = true));
  await sleep(30);
  expect(settled).toBe(false);
  control.cellEditMode = false;
  const [stopSelection, stopWorkbook, name] = await work;
  expect(control.getValues(name, "A3")).toEqual([["A3"]]);
  control.cellEditMode = true;
  const stopping = Promise.all([stopSelection(), stopWorkbook()]);
  await sleep(30);
  control.cellEditMode = false;
  await stopping;
  expect(control.handlerCount()).toBe(0);
});

test("the fake refuses each event on a build without its ExcelApi set, as Excel does", async () => {
  const { control } = install();
  control.setRequirementSet("ExcelApi", "1.8");
  await expect(
    Excel.run(async (context) => {
      context.workbook.worksheets.onChanged.add(async () => undefined);
      await context.sync();
    })
  ).rejects.toMatchObject({ code: "ApiNotFound" });
  control.setRequirementSet("ExcelApi", "1.6");
  await expect(createExcelHost().watchSelection(SHEET, () => undefined)).rejects.toMatchObject({
    code: "ApiNotFound",
  });
});
