/**
 * Focused unit tests of the Excel host's Office.js calls with Microsoft's office-addin-mock: each
 * mock holds only the objects one method should touch, and a property read without `load` and
 * `sync` gives the mock's error text instead of the value. The broad behaviour (round trips,
 * events, limits) is tested against the fake Excel in excelHost.fake.test.ts.
 */
// office-addin-mock reads `OfficeApp` from office-addin-manifest, which jest maps to the stub in
// test/stubs (the real module's ESM-only dependencies do not load under jest).
import { OfficeMockObject } from "office-addin-mock";
import { asExcelInput, createExcelHost } from "../../src/host/excel/excelHost";

type Mock = OfficeMockObject & Record<string, unknown>;
const globals = globalThis as unknown as Record<string, unknown>;

/** Objects created during a batch, synced by `context.sync()` the way office-addin-mock syncs its tree. */
let created: OfficeMockObject[] = [];
let log: string[] = [];

function mockObject(data: Record<string, unknown>): Mock {
  const o = new OfficeMockObject(data) as Mock;
  created.push(o);
  return o;
}

/** Installs `Excel` as an office-addin-mock object whose context's workbook is `workbook`. */
function installExcel(workbook: Record<string, unknown>): Mock {
  const excel = new OfficeMockObject({
    context: {
      workbook,
      sync: async () => {
        log.push("sync");
        for (const o of created) await o.sync();
      },
    },
    run: async function (this: { context: unknown }, ...args: unknown[]) {
      const batch = args[args.length - 1] as (context: unknown) => Promise<unknown>;
      return batch(this.context);
    },
  }) as Mock;
  globals.Excel = excel;
  return excel;
}

beforeEach(() => {
  created = [];
  log = [];
});

afterEach(() => {
  delete globals.Excel;
});

describe("Excel host with office-addin-mock", () => {
  it("round-trips settings through workbook.settings as one JSON value", async () => {
    const store = new Map<string, unknown>();
    installExcel({
      settings: {
        add(key: string, value: unknown) {
          log.push(`add ${key}`);
          store.set(key, value);
        },
        getItemOrNullObject(key: string) {
          const item = mockObject({ value: store.get(key) });
          // Office.js answers isNullObject after any sync; the mock would want it loaded.
          item.isNullObject = !store.has(key);
          return item;
        },
      },
    });
    const host = createExcelHost();
    expect(await host.loadSettings()).toEqual({});
    const settings = {
      submitter: "70-B3-D5-1F-30-00-A0-08",
      dco: "CGI",
      sheet: "MA",
      testWorkbook: true,
      highlighting: false,
    };
    await host.saveSettings(settings);
    expect(log.slice(-2)).toEqual(["add mamWorkbench", "sync"]);
    expect(typeof store.get("mamWorkbench")).toBe("string");
    expect(await host.loadSettings()).toEqual(settings);
  });

  it("gives empty settings for a damaged value", async () => {
    installExcel({
      settings: {
        getItemOrNullObject() {
          const item = mockObject({ value: "{oops" });
          item.isNullObject = false;
          return item;
        },
      },
    });
    expect(await createExcelHost().loadSettings()).toEqual({});
  });

  it("select activates the sheet, then selects the cell, in one sync", async () => {
    installExcel({
      worksheets: {
        getItem(name: string) {
          log.push(`getItem ${name}`);
          return mockObject({
            activate: () => log.push(`activate ${name}`),
            getRange: (address: string) =>
              mockObject({ select: () => log.push(`select ${address}`) }),
          });
        },
      },
    });
    await createExcelHost().select("MA", "C14");
    expect(log).toEqual(["getItem MA", "activate MA", "select C14", "sync"]);
  });

  it("writeValues writes each value by the apostrophe rule, raw into Text cells", async () => {
    const formats: Record<string, string> = { A2: "General", A3: "@", B2: "General" };
    const held: Record<string, string> = { B2: "active", E2: "user's" };
    const ranges: Record<string, Mock> = {};
    installExcel({
      worksheets: {
        getItem: () =>
          mockObject({
            getRange(address: string) {
              ranges[address] = mockObject({
                numberFormat: [[formats[address] ?? "General"]],
                values: [[held[address] ?? ""]],
              });
              return ranges[address];
            },
          }),
      },
    });
    const outcome = await createExcelHost().writeValues("MA", [
      { cell: "A2", value: "1300000000011", expected: null },
      { cell: "A3", value: "1300000000011", expected: "" },
      { cell: "B2", value: "Active", expected: "active" },
      { cell: "C2", value: 12.5, expected: null },
      { cell: "D2", value: null, expected: null },
      { cell: "E2", value: "x", expected: "" },
    ]);
    expect(outcome).toEqual({
      written: ["A2", "A3", "B2", "C2", "D2"],
      changed: [{ cell: "E2", now: "user's" }],
    });
    const values = Object.fromEntries(
      Object.entries(ranges).map(([address, range]) => [address, range.values])
    );
    expect(values).toEqual({
      A2: [["'1300000000011"]],
      A3: [["1300000000011"]],
      B2: [["Active"]],
      C2: [[12.5]],
      D2: [[""]],
      E2: [["user's"]],
    });
    // Values and formats are read in one sync; the writes go in the second.
    expect(log).toEqual(["sync", "sync"]);
  });

  it("writes nothing, and needs no second sync, when every target changed since", async () => {
    installExcel({
      worksheets: {
        getItem: () =>
          mockObject({
            getRange: () => mockObject({ numberFormat: [["General"]], values: [["Dormant"]] }),
          }),
      },
    });
    const outcome = await createExcelHost().writeValues("MA", [
      { cell: "K2", value: "active", expected: "Active" },
    ]);
    expect(outcome).toEqual({ written: [], changed: [{ cell: "K2", now: "Dormant" }] });
    expect(log).toEqual(["sync"]);
  });
});

describe("asExcelInput", () => {
  it("protects text Excel would convert, and leaves words, numbers and booleans alone", () => {
    for (const text of [
      "0012",
      "1300000000011",
      "2021-01-01",
      "1/2/2021",
      "10%",
      "1E5",
      "-5",
      "=A1",
      "+44",
      "@x",
      "'quoted",
      "TRUE",
      "false",
      "#N/A",
      "REF-1",
      "00-0D-6F-00-00-00-00-01",
    ]) {
      expect(asExcelInput(text)).toBe(`'${text}`);
    }
    for (const text of ["Active", "AA", "NONE", "", "Dormant meter"])
      expect(asExcelInput(text)).toBe(text);
    expect(asExcelInput(42)).toBe(42);
    expect(asExcelInput(true)).toBe(true);
    expect(asExcelInput(null)).toBe("");
  });
});
