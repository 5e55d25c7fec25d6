/**
 * The parts of the fake Excel added for the host layer: Range.getCellProperties, workbook.functions
 * (DATE), RangeFormat.autofitColumns. Like test/fakeExcel.test.ts, these hold the fake to Excel's
 * behaviour, so host tests cannot pass on something Excel would do differently.
 */
import { createFakeExcel, excelDate } from "../e2e/fakeExcel";
import { rejection } from "../fakeOfficeErrors";

const FILL = { format: { fill: { color: true, pattern: true } } };

describe("Range.getCellProperties", () => {
  it("gives per-cell fills after the sync: #FFFFFF/None without a fill, the colour with Solid", async () => {
    const { Excel, control } = createFakeExcel();
    control.setFill("Sheet1", "B2", "yellow");
    control.setFill("Sheet1", "C3", "#ffffff");
    control.setFill("Sheet1", "3:3", "#00FF00"); // a whole-row fill shows in its cells
    control.setFill("Sheet1", "C3", "#FFFFFF"); // ...unless the cell has its own
    const props = await Excel.run(async (ctx) => {
      const result = ctx.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A2:C3")
        .getCellProperties(FILL);
      expect(() => result.value).toThrow(expect.objectContaining({ code: "ValueNotLoaded" }));
      await ctx.sync();
      return result.value;
    });
    expect(props).toEqual([
      [
        { format: { fill: { color: "#FFFFFF", pattern: "None" } } },
        { format: { fill: { color: "#FFFF00", pattern: "Solid" } } },
        { format: { fill: { color: "#FFFFFF", pattern: "None" } } },
      ],
      [
        { format: { fill: { color: "#00FF00", pattern: "Solid" } } },
        { format: { fill: { color: "#00FF00", pattern: "Solid" } } },
        { format: { fill: { color: "#FFFFFF", pattern: "Solid" } } },
      ],
    ]);
  });

  it("returns only what was asked for, addresses included", async () => {
    const { Excel, control } = createFakeExcel({ sheets: [{ name: "My Sheet" }] });
    control.setFill("My Sheet", "A1", "red");
    const props = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("My Sheet").getRange("A1:B1");
      const a = r.getCellProperties({ address: true, format: { fill: { color: true } } });
      const b = r.getCellProperties({ format: { fill: { pattern: true } } });
      await ctx.sync();
      return [a.value, b.value];
    });
    expect(props[0]).toEqual([
      [
        { address: "'My Sheet'!A1", format: { fill: { color: "#FF0000" } } },
        { address: "'My Sheet'!B1", format: { fill: { color: "#FFFFFF" } } },
      ],
    ]);
    expect(props[1]).toEqual([
      [{ format: { fill: { pattern: "Solid" } } }, { format: { fill: { pattern: "None" } } }],
    ]);
  });

  it("sees fills cleared by RangeAreas.format.fill.clear() as none again", async () => {
    const { Excel, control } = createFakeExcel();
    control.setFill("Sheet1", "A1:A3", "yellow");
    const props = await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRanges("A1,A3").format.fill.clear();
      const r = ws.getRange("A1:A3").getCellProperties(FILL);
      await ctx.sync();
      return r.value.map((row) => row[0].format?.fill?.pattern);
    });
    expect(props).toEqual(["None", "Solid", "None"]);
  });

  it("fails for properties the fake does not model, and past the response cap", async () => {
    const { Excel } = createFakeExcel({ payloadLimitBytes: 10_000 });
    const unmodelled = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets
          .getItem("Sheet1")
          .getRange("A1")
          .getCellProperties({ format: { font: { bold: true } } } as never);
        await ctx.sync();
      })
    );
    expect(unmodelled.code).toBe("InvalidArgument");
    const big = await rejection(
      Excel.run(async (ctx) => {
        const r = ctx.workbook.worksheets
          .getItem("Sheet1")
          .getRange("A1:A1000")
          .getCellProperties(FILL);
        await ctx.sync();
        return r.value;
      })
    );
    expect(big.code).toBe("ResponsePayloadSizeLimitExceeded");
  });
});

describe("workbook.functions.date", () => {
  it("gives DATE(1904,1,1) as 1462 in the 1900 date system and 0 in the 1904 one", async () => {
    for (const [date1904, expected] of [
      [false, 1462],
      [true, 0],
    ] as const) {
      const { Excel } = createFakeExcel({ date1904 });
      const value = await Excel.run(async (ctx) => {
        const r = ctx.workbook.functions.date(1904, 1, 1);
        r.load("value");
        expect(() => r.value).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
        await ctx.sync();
        return r.value;
      });
      expect(value).toBe(expected);
    }
  });

  it("follows Excel's DATE: 1900 leap day, years 0-1899, month and day roll-over, #NUM! out of range", () => {
    expect(excelDate(1900, 1, 1, false)).toEqual({ value: 1 });
    expect(excelDate(1900, 2, 29, false)).toEqual({ value: 60 });
    expect(excelDate(1900, 3, 1, false)).toEqual({ value: 61 });
    expect(excelDate(1900, 1, 0, false)).toEqual({ value: 0 });
    expect(excelDate(2021, 1, 1, false)).toEqual({ value: 44197 });
    expect(excelDate(2021, 1, 1, true)).toEqual({ value: 44197 - 1462 });
    expect(excelDate(121, 1, 1, false)).toEqual({ value: 44197 }); // 121 means 2021
    expect(excelDate(2020, 13, 1, false)).toEqual({ value: 44197 });
    expect(excelDate(2021, 1, -30, false)).toEqual({ value: 44166 }); // 1 Dec 2020
    expect(excelDate(9999, 12, 31, false)).toEqual({ value: 2958465 });
    expect(excelDate(10000, 1, 1, false)).toEqual({ error: "#NUM!" });
    expect(excelDate(-1, 1, 1, false)).toEqual({ error: "#NUM!" });
    expect(excelDate(1903, 12, 31, true)).toEqual({ error: "#NUM!" });
    expect(excelDate(1900, 0, 1, false)).toEqual({ error: "#NUM!" });
  });

  it("reports #NUM! in error with a null value, and evaluates in the batch (a queued call costs a sync)", async () => {
    const { Excel, control } = createFakeExcel({ date1904: true });
    const r = await Excel.run(async (ctx) => {
      const f = ctx.workbook.functions.date(1903, 1, 1);
      f.load("value,error");
      await ctx.sync();
      return { value: f.value, error: f.error };
    });
    expect(r).toEqual({ value: null, error: "#NUM!" });
    control.resetSyncCount();
    await Excel.run(async (ctx) => {
      ctx.workbook.functions.date(2000, 1, 1);
      return Promise.resolve();
    });
    expect(control.syncCount).toBe(1);
  });
});

describe("RangeFormat.autofitColumns", () => {
  it("is queued work on a range, failing like any call on a missing sheet", async () => {
    const { Excel, control } = createFakeExcel();
    control.resetSyncCount();
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B3").format.autofitColumns();
      return Promise.resolve();
    });
    expect(control.syncCount).toBe(1);
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Nope").getRange("A1").format.autofitColumns();
        await ctx.sync();
      })
    );
    expect(e.code).toBe("ItemNotFound");
  });
});
