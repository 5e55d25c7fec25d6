/**
 * The Excel host's members for following the user and sharing, over the fake Excel: selection
 * changes, sheets added or typed into while the pane waits, and the findings written to a new
 * sheet with a link to each cell.
 */
import { activeCellOf, cellLink, createExcelHost } from "../../src/host/excel/excelHost";
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
  await stop();
  control.selection = `'${SHEET}'!A5`;
  await control.flush();
  expect(seen).toEqual(["C7", "B3"]);
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
