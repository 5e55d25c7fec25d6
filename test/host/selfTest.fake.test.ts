/**
 * "Run self-test" (src/app/selfTest.ts over src/host/excel/selfTestProbe.ts) against the fake
 * Excel: every check passes where Excel does what the add-in needs, the scratch sheet always goes,
 * the user's sheets, selection and settings are as they were, and a failure is reported in words
 * the helpdesk can act on.
 */
import { runSelfTest } from "../../src/app/selfTest";
import { createExcelHost } from "../../src/host/excel/excelHost";
import { installFakeExcel, type FakeExcelInit, type InstalledFakeExcel } from "../e2e/fakeExcel";
import { validSheet } from "./support";

let fake: InstalledFakeExcel | null = null;

afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fake?.uninstall();
  fake = null;
});

function setup(init: FakeExcelInit = {}) {
  fake = installFakeExcel(globalThis, {
    sheets: [
      { name: "Notes", values: [["notes"]] },
      { name: "MA", values: validSheet(5) },
    ],
    activeSheet: "MA",
    settings: { mamWorkbench: { submitter: "70-B3-D5-1F-30-00-A0-08" } },
    ...init,
  });
  fake.control.selection = "MA!B3";
  return { probe: createExcelHost().selfTest!, control: fake.control };
}

describe.each([
  ["ExcelApi 1.17", "1.17"],
  ["ExcelApi 1.9", "1.9"],
])("at %s", (_label, excelApiVersion) => {
  it("passes every check, leaves the workbook as it was, and reports the environment", async () => {
    const { probe, control } = setup({ excelApiVersion, platform: "OfficeOnline" });
    const before = { sheets: control.sheetNames(), settings: control.settings };
    const report = await runSelfTest(probe, {
      version: "1.2.3",
      at: new Date("2025-01-02T03:04:05Z"),
    });
    expect(report.steps.map((s) => [s.name.split(" (")[0], s.ok])).toEqual([
      ["create a scratch sheet", true],
      ["write and read cells", true],
      ["change events", true],
      ["highlights", true],
      ["settings", true],
      ["selection", true],
      ["remove the scratch sheet", true],
    ]);
    expect(report.ok).toBe(true);
    expect(control.sheetNames()).toEqual(before.sheets);
    expect(control.settings).toEqual(before.settings);
    expect(control.activeSheet).toBe("MA");
    const text = report.text;
    expect(text).toContain("MAM Workbench self-test, 2025-01-02T03:04:05.000Z");
    expect(text).toContain("Add-in version: 1.2.3");
    expect(text).toContain("Excel: OfficeOnline, Office 16.0.18227.20000");
    expect(text).toMatch(/yes {2}ExcelApi 1\.9 /);
    expect(text).toMatch(
      new RegExp(`${excelApiVersion === "1.9" ? "NO " : "yes"}  ExcelApi 1\\.14 `)
    );
    expect(text).toMatch(/ok {6}change events .*\(\d+ ms\): RangeEdited at D4/);
    expect(text).toContain("Result: 7 of 7 checks passed.");
  });
});

it("reports a failing check with Excel's error, and still removes the scratch sheet", async () => {
  const { probe, control } = setup();
  const sheets = control.sheetNames();
  const highlights = probe.checks.findIndex((c) => c.name.startsWith("highlights"));
  const original = probe.checks[highlights].run;
  const failing = {
    ...probe,
    checks: probe.checks.map((c, i) =>
      i === highlights
        ? {
            ...c,
            run: (sheet: string) => {
              control.structureProtected = true; // the hidden sheet of flags cannot be added
              return original(sheet).finally(() => (control.structureProtected = false));
            },
          }
        : c
    ),
  };
  const report = await runSelfTest(failing, { version: "1.2.3" });
  expect(report.ok).toBe(false);
  const step = report.steps.find((s) => s.name.startsWith("highlights"))!;
  expect(step.ok).toBe(false);
  expect(step.detail).toMatch(/^AccessDenied: /);
  expect(report.text).toMatch(/FAILED {2}highlights/);
  expect(report.text).toContain(
    "Result: 6 of 7 checks passed: please send this report to the helpdesk."
  );
  expect(control.sheetNames()).toEqual(sheets);
});

it("says so when not even a scratch sheet can be made", async () => {
  const { probe } = setup({ structureProtected: true });
  const report = await runSelfTest(probe, { version: "1.2.3" });
  expect(report.steps).toEqual([
    expect.objectContaining({
      name: "create a scratch sheet",
      ok: false,
      detail: expect.stringMatching(/^AccessDenied/),
    }),
  ]);
  expect(report.text).toContain("Result: 0 of 1 checks passed");
});
