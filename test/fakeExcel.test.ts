/**
 * Tests of the fake Office.js / Excel host (test/e2e/fakeExcel.ts) itself: if the fake is lenient
 * where Excel is strict, host-layer tests pass against it and the add-in fails in Excel.
 */
import {
  createFakeExcel,
  FakeOfficeError,
  formatRect,
  GET_RANGES_ADDRESS_LIMIT,
  installFakeExcel,
  parseReference,
  quoteSheetName,
  type FakeEventArgs,
  type FakeRequestContext,
} from "./e2e/fakeExcel";
import { rejection } from "./fakeOfficeErrors";

/** The error a function throws synchronously. */
function thrown(f: () => unknown): FakeOfficeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FakeOfficeError);
    return e as FakeOfficeError;
  }
  throw new Error("expected a throw");
}

describe("Office namespace", () => {
  it("onReady resolves with host and platform and calls the callback", async () => {
    const { Office } = createFakeExcel();
    const seen: unknown[] = [];
    const info = await Office.onReady((i) => seen.push(i));
    expect(info).toEqual({ host: "Excel", platform: "PC" });
    expect(seen).toEqual([{ host: "Excel", platform: "PC" }]);
    expect(Office.HostType.Excel).toBe("Excel");
    expect(Office.PlatformType.OfficeOnline).toBe("OfficeOnline");
  });

  it("reports a configurable platform in context and diagnostics", async () => {
    const { Office, control } = createFakeExcel({ platform: "OfficeOnline" });
    expect((await Office.onReady()).platform).toBe("OfficeOnline");
    expect(Office.context.platform).toBe("OfficeOnline");
    control.platform = "Mac";
    expect(Office.context.diagnostics).toMatchObject({ host: "Excel", platform: "Mac" });
  });

  it("supports ExcelApi up to 1.17 only", () => {
    const { Office, control } = createFakeExcel();
    const isSet = Office.context.requirements.isSetSupported;
    expect(isSet("ExcelApi", "1.17")).toBe(true);
    expect(isSet("ExcelApi", "1.9")).toBe(true);
    expect(isSet("ExcelApi", 1.1)).toBe(true);
    expect(isSet("ExcelApi", "1.18")).toBe(false);
    expect(isSet("ExcelApi")).toBe(true);
    expect(isSet("ExcelApiOnline", "1.1")).toBe(false);
    control.setRequirementSet("ExcelApi", "1.12");
    expect(isSet("ExcelApi", "1.13")).toBe(false);
  });

  it("calls a legacy Office.initialize", async () => {
    const { Office } = createFakeExcel();
    const reasons: string[] = [];
    Office.initialize = (reason) => reasons.push(reason);
    await Office.onReady();
    expect(reasons).toEqual(["inserted"]);
  });

  it("keeps Office.context.document.settings as a local copy saved by saveAsync", async () => {
    const { Office, control } = createFakeExcel({ settings: { a: 1 } });
    const settings = Office.context.document.settings;
    expect(settings.get("a")).toBe(1);
    settings.set("b", { x: [1, 2] });
    expect(control.settings).toEqual({ a: 1 });
    await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
    expect(control.settings).toEqual({ a: 1, b: { x: [1, 2] } });
  });
});

describe("load / sync semantics", () => {
  it("throws PropertyNotLoaded before load, and before sync after load", async () => {
    const { Excel, OfficeExtension, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [[1, "x"]]);
    await Excel.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      const e1 = thrown(() => range.values);
      expect(e1.code).toBe("PropertyNotLoaded");
      expect(e1.name).toBe("RichApi.Error");
      expect(e1).toBeInstanceOf(OfficeExtension.Error);
      expect(e1.message).toContain("'values'");
      expect(range.load("values")).toBe(range);
      expect(thrown(() => range.values).code).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(range.values).toEqual([[1, "x"]]);
      // Only what was loaded is available.
      expect(thrown(() => range.address).code).toBe("PropertyNotLoaded");
    });
  });

  it("accepts comma lists, arrays, select objects, nested objects and navigation paths", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "B2", [["a", "b"]]);
    control.setFill("Sheet1", "B2:C2", "yellow");
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      const r1 = sheet.getRange("B2:C2").load("values, address");
      const r2 = sheet.getRange("B2:C2").load(["rowIndex", "columnIndex"]);
      const r3 = sheet.getRange("B2:C2").load({ select: "rowCount, columnCount" });
      const r4 = sheet
        .getRange("B2:C2")
        .load({ format: { fill: { color: true } }, cellCount: true });
      const r5 = sheet.getRange("B2:C2").load("format/fill/color");
      await ctx.sync();
      expect(r1.values).toEqual([["a", "b"]]);
      expect(r1.address).toBe("Sheet1!B2:C2");
      expect([r2.rowIndex, r2.columnIndex]).toEqual([1, 1]);
      expect([r3.rowCount, r3.columnCount]).toEqual([1, 2]);
      expect(r4.format.fill.color).toBe("#FFFF00");
      expect(r4.cellCount).toBe(2);
      expect(r5.format.fill.color).toBe("#FFFF00");
    });
  });

  it("fails the sync for an unknown property name", async () => {
    const { Excel } = createFakeExcel();
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("valuez");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidArgument");
  });

  it("queues writes and applies them, in order, only at sync", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [["first"]];
      const between = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      range.values = [["second"]];
      // Office.js keeps a set value locally.
      expect(range.values).toEqual([["second"]]);
      expect(control.getValues("Sheet1", "A1")).toEqual([[""]]);
      await ctx.sync();
      expect(between.values).toEqual([["first"]]);
      expect(control.getValues("Sheet1", "A1")).toEqual([["second"]]);
    });
  });

  it("sends what the batch left queued when Excel.run finishes, and counts that sync", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["late"]];
    });
    expect(control.getValues("Sheet1", "A1")).toEqual([["late"]]);
    expect(control.syncCount).toBe(1);
    await Excel.run(async () => undefined);
    expect(control.syncCount).toBe(1);
  });

  it("counts every context.sync(), and resets", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      await ctx.sync();
      await ctx.sync();
      ctx.workbook.load("name");
      await ctx.sync();
    });
    expect(control.syncCount).toBe(3);
    control.resetSyncCount();
    expect(control.syncCount).toBe(0);
  });

  it("rejects at sync for a missing sheet, keeping earlier writes and dropping the batch's loads", async () => {
    const { Excel, control } = createFakeExcel();
    let loaded: { values: unknown } | null = null;
    const e = await rejection(
      Excel.run(async (ctx) => {
        const ok = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
        ok.values = [["written"]];
        const r = ok.load("address");
        loaded = ok;
        ctx.workbook.worksheets.getItem("Nope").getRange("A1").values = [["x"]];
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [["never"]];
        await ctx.sync();
        return r;
      })
    );
    expect(e.code).toBe("ItemNotFound");
    expect(e.debugInfo.errorLocation).toBeDefined();
    expect(control.getValues("Sheet1", "A1:A2")).toEqual([["written"], [""]]);
    expect(loaded).not.toBeNull();
  });

  it("rejects malformed addresses with InvalidArgument at sync, not at the call", async () => {
    const { Excel } = createFakeExcel();
    const e = await rejection(
      Excel.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A0:ZZZZ1");
        r.load("address");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidArgument");
  });

  it("resolves *OrNullObject at sync; isNullObject cannot be read before", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Data");
      const present = ctx.workbook.worksheets.getItemOrNullObject("sheet1");
      expect(thrown(() => missing.isNullObject).code).toBe("PropertyNotLoaded");
      present.load("name");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      expect(present.name).toBe("Sheet1");
      // Work through a null object is ignored.
      missing.getRange("A1").values = [["x"]];
      await ctx.sync();
    });
    expect(control.sheetNames()).toEqual(["Sheet1"]);
  });

  it("gives ClientResult values only after sync", async () => {
    const { Excel, control } = createFakeExcel();
    control.addSheet("Two");
    await Excel.run(async (ctx) => {
      const count = ctx.workbook.worksheets.getCount();
      expect(thrown(() => count.value).code).toBe("ValueNotLoaded");
      await ctx.sync();
      expect(count.value).toBe(2);
    });
  });

  it("requires the batch to return a promise", async () => {
    const { Excel } = createFakeExcel();
    const run = Excel.run as unknown as (batch: () => unknown) => Promise<unknown>;
    expect((await rejection(run(() => 42))).code).toBe("RunMustReturnPromise");
  });

  it("releases untracked ranges when Excel.run ends (InvalidObjectPath), tracked ones survive", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [["v"]]);
    const { plain, tracked, fill } = await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      const p = sheet.getRange("A1");
      const t = sheet.getRange("A1");
      ctx.trackedObjects.add(t);
      await ctx.sync();
      return { plain: p, tracked: t, fill: p.format.fill };
    });
    const e = await rejection(
      Excel.run(plain, async (ctx) => {
        plain.load("values");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidObjectPath");
    expect(
      (
        await rejection(
          Excel.run(fill, async (ctx) => {
            fill.load("color");
            await ctx.sync();
          })
        )
      ).code
    ).toBe("InvalidObjectPath");
    const values = await Excel.run(tracked, async (ctx) => {
      tracked.load("values");
      await ctx.sync();
      return tracked.values;
    });
    expect(values).toEqual([["v"]]);
  });

  it("lets the test inject a failing sync", async () => {
    const { Excel, control } = createFakeExcel();
    control.failNextSync("GeneralException");
    const e = await rejection(Excel.run(async (ctx) => ctx.sync()));
    expect(e.code).toBe("GeneralException");
    await Excel.run(async (ctx) => ctx.sync());
  });

  it("fails syncs while the user edits a cell, or waits with delayForCellEdit", async () => {
    const { Excel, control } = createFakeExcel();
    control.cellEditMode = true;
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidOperationInCellEditMode");
    const waiting = Excel.run({ delayForCellEdit: true }, async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[2]];
      await ctx.sync();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(control.getValues("Sheet1", "A1")).toEqual([[""]]);
    control.cellEditMode = false;
    await waiting;
    expect(control.getValues("Sheet1", "A1")).toEqual([[2]]);
  });
});

describe("addresses", () => {
  it("parses and prints A1 references like Excel", () => {
    expect(parseReference("A1")?.rect).toEqual({ r0: 0, c0: 0, r1: 0, c1: 0 });
    expect(parseReference("$B$2:$D$9")?.rect).toEqual({ r0: 1, c0: 1, r1: 8, c1: 3 });
    expect(parseReference("D9:B2")?.rect).toEqual({ r0: 1, c0: 1, r1: 8, c1: 3 });
    expect(parseReference("'Sheet 1'!A1")).toEqual({
      sheet: "Sheet 1",
      rect: { r0: 0, c0: 0, r1: 0, c1: 0 },
    });
    expect(parseReference("'It''s'!C3")?.sheet).toBe("It's");
    expect(parseReference("Data!A:A")?.sheet).toBe("Data");
    expect(formatRect(parseReference("3:3")!.rect)).toBe("3:3");
    expect(formatRect(parseReference("A:C")!.rect)).toBe("A:C");
    expect(formatRect(parseReference("XFD1048576")!.rect)).toBe("XFD1048576");
    for (const bad of ["A", "3", "A0", "XFE1", "A1048577", "A1:3", "A1:B2:C3", "'open!A1", ""])
      expect(parseReference(bad)).toBeNull();
    expect(quoteSheetName("Sheet1")).toBe("Sheet1");
    expect(quoteSheetName("Sheet 1")).toBe("'Sheet 1'");
    expect(quoteSheetName("It's")).toBe("'It''s'");
    expect(quoteSheetName("2024")).toBe("'2024'");
    expect(quoteSheetName("AB12")).toBe("'AB12'");
  });

  it("returns sheet-qualified addresses and indexes; whole rows/columns have null cell properties", async () => {
    const { Excel, control } = createFakeExcel({ sheets: [{ name: "MA Data" }] });
    control.seed("MA Data", "A1", [["x"]]);
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("MA Data");
      const cell = sheet.getRange("'MA Data'!C5").load("address, rowIndex, columnIndex");
      const col = sheet.getRange("A:A").load("address, values, rowCount, isEntireColumn");
      const row = sheet.getRange("3:3").load("address, numberFormat, columnCount, isEntireRow");
      const byIndex = sheet.getRangeByIndexes(1, 2, 3, 4).load("address");
      const whole = sheet.getRange().load("address");
      await ctx.sync();
      expect(cell.address).toBe("'MA Data'!C5");
      expect([cell.rowIndex, cell.columnIndex]).toEqual([4, 2]);
      expect(col.address).toBe("'MA Data'!A:A");
      expect(col.values).toBeNull();
      expect(col.rowCount).toBe(1_048_576);
      expect(col.isEntireColumn).toBe(true);
      expect(row.address).toBe("'MA Data'!3:3");
      expect(row.numberFormat).toBeNull();
      expect(row.columnCount).toBe(16_384);
      expect(row.isEntireRow).toBe(true);
      expect(byIndex.address).toBe("'MA Data'!C2:F4");
      expect(whole.address).toBe("'MA Data'!1:1048576");
    });
  });

  it("rejects a sheet prefix naming another sheet", async () => {
    const { Excel, control } = createFakeExcel();
    control.addSheet("Other");
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("Other!A1").load("values");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidArgument");
  });

  it("derives ranges: getCell, offsets, resizes, rows, intersections", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const base = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:D5");
      const got = [
        base.getCell(1, 2),
        base.getOffsetRange(1, 1),
        base.getResizedRange(2, -1),
        base.getRow(3),
        base.getColumn(0),
        base.getLastRow(),
        base.getEntireRow(),
        base.getIntersection("C1:C100"),
        base.getBoundingRect("F9"),
        base.getAbsoluteResizedRange(1, 1),
      ].map((r) => r.load("address"));
      const none = base.getIntersectionOrNullObject("Z1");
      await ctx.sync();
      expect(got.map((r) => r.address)).toEqual([
        "Sheet1!D3",
        "Sheet1!C3:E6",
        "Sheet1!B2:C7",
        "Sheet1!B5:D5",
        "Sheet1!B2:B5",
        "Sheet1!B5:D5",
        "Sheet1!2:5",
        "Sheet1!C2:C5",
        "Sheet1!B2:F9",
        "Sheet1!B2",
      ]);
      expect(none.isNullObject).toBe(true);
    });
  });
});

describe("values and Excel's parsing of written strings", () => {
  it('reads empty cells as "" and errors as their literal with valueTypes Error', async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [["text", 12, true, "#N/A", ""]]);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1:F1")
        .load("values, valueTypes, text");
      await ctx.sync();
      expect(r.values).toEqual([["text", 12, true, "#N/A", "", ""]]);
      expect(r.valueTypes).toEqual([["String", "Double", "Boolean", "Error", "Empty", "Empty"]]);
      expect(r.text).toEqual([["text", "12", "TRUE", "#N/A", "", ""]]);
    });
  });

  it("parses the add-in's strings like typing in a General cell", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:J1");
      r.values = [
        [
          "00123",
          "'00123",
          "TRUE",
          "#n/a",
          "=SUM(A1)",
          "-x",
          "1,234.5",
          "12%",
          "2024-03-01",
          "1234567890123456789",
        ],
      ];
      await ctx.sync();
    });
    expect(control.getValues("Sheet1", "A1:J1")).toEqual([
      [123, "00123", true, "#N/A", "#NAME?", "#NAME?", 1234.5, 0.12, 45352, 1234567890123460000],
    ]);
    expect(control.getValueTypes("Sheet1", "E1:F1")).toEqual([["Error", "Error"]]);
    expect(control.getNumberFormat("Sheet1", "H1:I1")).toEqual([["0%", "yyyy-mm-dd"]]);
    expect(control.getText("Sheet1", "I1")).toEqual([["2024-03-01"]]);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("E1").load("formulas");
      await ctx.sync();
      expect(r.formulas).toEqual([["=SUM(A1)"]]);
    });
  });

  it("keeps text in a Text (@) cell, and when coercion is turned off", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      r.numberFormat = [["@", "General"]];
      r.values = [["00123", "00123"]];
      await ctx.sync();
    });
    expect(control.getValues("Sheet1", "A1:B1")).toEqual([["00123", 123]]);
    control.coerceApiWrites = false;
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B1").values = [["00123"]];
      await ctx.sync();
    });
    expect(control.getValues("Sheet1", "B1")).toEqual([["00123"]]);
  });

  it('broadcasts a single value, leaves null cells alone, clears with ""', async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [["a", "b", "c"]]);
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A2:C2").values = "z" as unknown as string[][];
      sheet.getRange("A1:C1").values = [[null, "", "C"]] as unknown as string[][];
      await ctx.sync();
    });
    expect(control.getValues("Sheet1", "A1:C2")).toEqual([
      ["a", "", "C"],
      ["z", "z", "z"],
    ]);
  });

  it("rejects mismatched shapes, null, and writes to whole columns", async () => {
    const { Excel } = createFakeExcel();
    const attempt = (f: (ctx: FakeRequestContext) => void) =>
      rejection(
        Excel.run(async (ctx) => {
          f(ctx);
          await ctx.sync();
        })
      );
    expect(
      (
        await attempt(
          (ctx) => (ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [[1, 2]])
        )
      ).code
    ).toBe("InvalidArgument");
    expect(
      (
        await attempt(
          (ctx) =>
            (ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values =
              null as unknown as string[][])
        )
      ).code
    ).toBe("InvalidArgument");
    expect(
      (
        await attempt(
          (ctx) => (ctx.workbook.worksheets.getItem("Sheet1").getRange("A:A").values = [["x"]])
        )
      ).code
    ).toBe("InvalidArgument");
  });

  it("formats text: General, fixed decimals, thousands, dates in both date systems", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [[1234567890123, 0.1 + 0.2, 1234.5, 45352, 45352]]);
    control.setNumberFormat("Sheet1", "C1", "#,##0.00");
    control.setNumberFormat("Sheet1", "D1", "dd/mm/yyyy");
    control.setNumberFormat("Sheet1", "E1", "d mmm yy hh:mm");
    expect(control.getText("Sheet1", "A1:E1")).toEqual([
      ["1.23457E+12", "0.3", "1,234.50", "01/03/2024", "1 Mar 24 00:00"],
    ]);
    control.date1904 = true;
    expect(control.getText("Sheet1", "D1")).toEqual([["02/03/2028"]]);
    await Excel.run(async (ctx) => {
      ctx.workbook.load("use1904DateSystem");
      await ctx.sync();
      expect(ctx.workbook.use1904DateSystem).toBe(true);
    });
  });

  it("fails use1904DateSystem with ApiNotFound where the host lacks it", async () => {
    const { Excel } = createFakeExcel({ supportsUse1904DateSystem: false });
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.load("use1904DateSystem");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("ApiNotFound");
  });
});

describe("fills and RangeAreas", () => {
  it("reads #FFFFFF for no fill, upper-case hex for a colour, null when mixed", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1").format.fill.color = "yellow";
      sheet.getRange("B1").format.fill.color = "#ffc0cb";
      const a = sheet.getRange("A1").load("format/fill/color");
      const c = sheet.getRange("C1").load("format/fill/color");
      const mixed = sheet.getRange("A1:C1").load("format/fill/color");
      await ctx.sync();
      expect([a.format.fill.color, c.format.fill.color, mixed.format.fill.color]).toEqual([
        "#FFFF00",
        "#FFFFFF",
        null,
      ]);
      sheet.getRange("A1:B1").format.fill.clear();
      const cleared = sheet.getRange("A1:C1").load("format/fill/color");
      await ctx.sync();
      expect(cleared.format.fill.color).toBe("#FFFFFF");
    });
    expect(control.getFill("Sheet1", "A1:C1")).toEqual([[null, null, null]]);
  });

  it("rejects an unknown colour and null at sync", async () => {
    const { Excel } = createFakeExcel();
    for (const colour of ["notacolour", null]) {
      const e = await rejection(
        Excel.run(async (ctx) => {
          ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").format.fill.color =
            colour as string;
          await ctx.sync();
        })
      );
      expect(e.code).toBe("InvalidArgument");
    }
  });

  it("fills and clears many areas through getRanges", async () => {
    const { Excel, control } = createFakeExcel({ sheets: [{ name: "It's, a sheet" }] });
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("It's, a sheet");
      const areas = sheet.getRanges("A1:A3, C5; 'It''s, a sheet'!E2:F2");
      areas.format.fill.color = "#FF0000";
      areas.load("address, areaCount, cellCount");
      await ctx.sync();
      expect(areas.address).toBe(
        "'It''s, a sheet'!A1:A3, 'It''s, a sheet'!C5, 'It''s, a sheet'!E2:F2"
      );
      expect([areas.areaCount, areas.cellCount]).toEqual([3, 6]);
      areas.load("format/fill/color");
      await ctx.sync();
      expect(areas.format.fill.color).toBe("#FF0000");
      areas.areas.load("items/address");
      await ctx.sync();
      expect(areas.areas.items.map((r) => r.address)).toHaveLength(3);
    });
    expect(control.getFill("It's, a sheet", "A1:C5")[4][2]).toBe("#FF0000");
    expect(control.getFill("It's, a sheet", "A4:B4")).toEqual([[null, null]]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("It's, a sheet").getRanges("A1:A3,C5").format.fill.clear();
      await ctx.sync();
    });
    expect(
      control
        .getFill("It's, a sheet", "A1:C5")
        .flat()
        .filter((c) => c !== null)
    ).toEqual([]);
  });

  it("fails getRanges beyond 8,192 characters, at sync", async () => {
    const { Excel } = createFakeExcel();
    // Long areas, so the list passes 8,192 characters with fewer areas than builds refuse anyway.
    const cells: string[] = [];
    for (let r = 100_000; cells.join(",").length <= GET_RANGES_ADDRESS_LIMIT; r += 4)
      cells.push(`AB${r}:AC${r + 1}`);
    const tooLong = cells.join(",");
    const fits = cells.slice(0, -2).join(",");
    expect(fits.length).toBeLessThanOrEqual(GET_RANGES_ADDRESS_LIMIT);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRanges(fits).format.fill.color = "red";
      await ctx.sync();
    });
    const e = await rejection(
      Excel.run(async (ctx) => {
        const areas = ctx.workbook.worksheets.getItem("Sheet1").getRanges(tooLong);
        areas.format.fill.color = "red";
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidArgument");
  });

  it("fills and clears whole columns and rows without touching every cell", async () => {
    const { Excel, control } = createFakeExcel();
    control.setFill("Sheet1", "B2", "#00FF00");
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A:C").format.fill.color = "yellow";
      sheet.getRange("5:5").format.fill.color = "red";
      await ctx.sync();
      const col = sheet.getRange("B:B").load("format/fill/color");
      const row5 = sheet.getRange("5:5").load("format/fill/color");
      await ctx.sync();
      expect(col.format.fill.color).toBeNull();
      expect(row5.format.fill.color).toBe("#FF0000");
    });
    expect(control.getFill("Sheet1", "A1:D5")).toEqual([
      ["#FFFF00", "#FFFF00", "#FFFF00", null],
      ["#FFFF00", "#FFFF00", "#FFFF00", null],
      ["#FFFF00", "#FFFF00", "#FFFF00", null],
      ["#FFFF00", "#FFFF00", "#FFFF00", null],
      ["#FF0000", "#FF0000", "#FF0000", "#FF0000"],
    ]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A:XFD").format.fill.clear();
      await ctx.sync();
    });
    expect(
      control
        .getFill("Sheet1", "A1:D5")
        .flat()
        .every((c) => c === null)
    ).toBe(true);
  });
});

describe("payload and size limits", () => {
  const bigRows = (rows: number, text: string) =>
    Array.from({ length: rows }, () => Array.from({ length: 13 }, () => text));

  it("fails a load whose response exceeds the cap, and passes in smaller blocks", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", bigRows(20_000, "x".repeat(30)));
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:M20000").load("values");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("ResponsePayloadSizeLimitExceeded");
    // Two loads of one batch count together.
    const e2 = await rejection(
      Excel.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1:M10000").load("values");
        sheet.getRange("A10001:M20000").load("values");
        await ctx.sync();
      })
    );
    expect(e2.code).toBe("ResponsePayloadSizeLimitExceeded");
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      for (let start = 1; start <= 20_000; start += 5_000) {
        const r = sheet.getRange(`A${start}:M${start + 4_999}`).load("values");
        await ctx.sync();
        expect(r.values).toHaveLength(5_000);
      }
    });
    control.payloadLimitBytes = null;
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:M20000").load("values");
      await ctx.sync();
    });
  });

  it("fails a request over the cap before applying anything", async () => {
    const { Excel, control } = createFakeExcel({ payloadLimitBytes: 100_000 });
    const e = await rejection(
      Excel.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1").values = [["first"]];
        sheet.getRange("A2:M1001").values = bigRows(1_000, "y".repeat(20));
        await ctx.sync();
      })
    );
    expect(e.code).toBe("RequestPayloadSizeLimitExceeded");
    expect(control.getValues("Sheet1", "A1")).toEqual([[""]]);
    expect(control.syncLog.at(-1)?.error).toBe("RequestPayloadSizeLimitExceeded");
  });

  it("fails reads of more than 5,000,000 cells", async () => {
    const { Excel } = createFakeExcel({ payloadLimitBytes: null });
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:Z200000").load("values");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("RangeExceedsLimit");
  });
});

describe("events", () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  async function listen(Excel: ReturnType<typeof createFakeExcel>["Excel"], sheetName = "Sheet1") {
    const seen: FakeEventArgs[] = [];
    const result = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem(sheetName).onChanged.add(async (e) => {
        seen.push(e);
      });
      await ctx.sync();
      return r;
    });
    return { seen, result };
  }

  it("delivers a typed single-cell edit with details, asynchronously", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "B3", [["old"]]);
    const { seen } = await listen(Excel);
    control.setValues("Sheet1", "B3", [["new"]]);
    expect(seen).toHaveLength(0);
    await control.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: "WorksheetChanged",
      changeType: "RangeEdited",
      source: "Local",
      address: "B3",
      worksheetId: control.sheetId("Sheet1"),
      triggerSource: "Unknown",
      details: {
        valueBefore: "old",
        valueAfter: "new",
        valueTypeBefore: "String",
        valueTypeAfter: "String",
      },
    });
  });

  it("delivers a paste without details, sized from the data when given its top-left cell", async () => {
    const { Excel, control } = createFakeExcel();
    const { seen } = await listen(Excel);
    control.setValues("Sheet1", "A2", [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await control.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0].address).toBe("A2:C3");
    expect(seen[0].details).toBeUndefined();
    expect(control.getValues("Sheet1", "A2:C3")).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("parses typed input only when asked", async () => {
    const { control } = createFakeExcel();
    control.setValues("Sheet1", "A1", [["007"]]);
    control.setValues("Sheet1", "A2", [["007"]], { asTyped: true });
    expect(control.getValues("Sheet1", "A1:A2")).toEqual([["007"], [7]]);
  });

  it("registers a handler only at sync", async () => {
    const { Excel, control } = createFakeExcel();
    const seen: unknown[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (e) => {
        seen.push(e);
      });
      control.setValues("Sheet1", "A1", [["before sync"]]);
      await tick();
      await ctx.sync();
    });
    await control.flush();
    expect(seen).toHaveLength(0);
    control.setValues("Sheet1", "A1", [["after sync"]]);
    await control.flush();
    expect(seen).toHaveLength(1);
  });

  it("raises onChanged for the add-in's own writes after the sync, marked ThisLocalAddin", async () => {
    const { Excel, control } = createFakeExcel();
    const { seen } = await listen(Excel);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("C1:C2").values = [["a"], ["b"]];
      await ctx.sync();
      expect(seen).toHaveLength(0);
    });
    await control.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      address: "C1:C2",
      triggerSource: "ThisLocalAddin",
      changeType: "RangeEdited",
    });
    control.reportTriggerSource = false;
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("D1").values = [["c"]];
      await ctx.sync();
    });
    await control.flush();
    expect(seen[1].triggerSource).toBeUndefined();
    expect(seen[1].details).toMatchObject({
      valueBefore: "",
      valueAfter: "c",
      valueTypeBefore: "Empty",
    });
  });

  it("does not raise onChanged for fills (onFormatChanged instead)", async () => {
    const { Excel, control } = createFakeExcel();
    const { seen } = await listen(Excel);
    const formats: FakeEventArgs[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onFormatChanged.add(async (e) => {
        formats.push(e);
      });
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").format.fill.color = "red";
      await ctx.sync();
    });
    control.setFill("Sheet1", "C3", "blue");
    await control.flush();
    expect(seen).toHaveLength(0);
    expect(formats.map((f) => f.address)).toEqual(["A1:B2", "C3"]);
  });

  it("removes a handler at the next sync of the context it was added in", async () => {
    const { Excel, control } = createFakeExcel();
    const { seen, result } = await listen(Excel);
    expect(control.handlerCount("Changed")).toBe(1);
    result.remove();
    control.setValues("Sheet1", "A1", [["still heard"]]);
    await control.flush();
    expect(seen).toHaveLength(1);
    await Excel.run(result.context, async (ctx) => {
      await ctx.sync();
    });
    expect(control.handlerCount("Changed")).toBe(0);
    control.setValues("Sheet1", "A1", [["not heard"]]);
    await control.flush();
    expect(seen).toHaveLength(1);
  });

  it("hears every sheet through worksheets.onChanged", async () => {
    const { Excel, control } = createFakeExcel();
    control.addSheet("Two");
    const seen: FakeEventArgs[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.onChanged.add(async (e) => {
        seen.push(e);
      });
      await ctx.sync();
    });
    control.setValues("Sheet1", "A1", [[1]]);
    control.setValues("Two", "A1", [[2]]);
    await control.flush();
    expect(seen.map((e) => e.worksheetId)).toEqual([
      control.sheetId("Sheet1"),
      control.sheetId("Two"),
    ]);
  });

  it("inserts and deletes rows, shifting cells and formats, raising RowInserted/RowDeleted", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [["h"], ["r2"], ["r3"], ["r4"]]);
    control.setFill("Sheet1", "A2", "yellow");
    const { seen } = await listen(Excel);
    control.insertRows("Sheet1", 3, 2);
    expect(control.getValues("Sheet1", "A1:A6").flat()).toEqual(["h", "r2", "", "", "r3", "r4"]);
    // Inserted rows take the formatting of the row above, as in Excel.
    expect(control.getFill("Sheet1", "A3:A4").flat()).toEqual(["#FFFF00", "#FFFF00"]);
    control.deleteRows("Sheet1", 2, 3);
    expect(control.getValues("Sheet1", "A1:A3").flat()).toEqual(["h", "r3", "r4"]);
    await control.flush();
    expect(seen.map((e) => [e.changeType, e.address])).toEqual([
      ["RowInserted", "3:4"],
      ["RowDeleted", "2:4"],
    ]);
    expect(seen[0].changeDirectionState).toEqual({ insertShiftDirection: "Down" });
    expect(seen[0].details).toBeUndefined();
  });

  it("gives handlers a getRange(ctx) for the changed area", async () => {
    const { Excel, control } = createFakeExcel();
    const values: unknown[] = [];
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add((e) =>
        Excel.run(async (c) => {
          const r = e.getRange!(c).load("values");
          await c.sync();
          values.push(r.values);
        })
      );
      await ctx.sync();
    });
    control.setValues("Sheet1", "B2:C2", [["x", "y"]]);
    await control.flush();
    expect(values).toEqual([[["x", "y"]]]);
  });

  it("stops delivering while runtime.enableEvents is false", async () => {
    const { Excel, control } = createFakeExcel();
    const { seen } = await listen(Excel);
    await Excel.run(async (ctx) => {
      ctx.runtime.enableEvents = false;
      await ctx.sync();
      ctx.runtime.load("enableEvents");
      await ctx.sync();
      expect(ctx.runtime.enableEvents).toBe(false);
    });
    control.setValues("Sheet1", "A1", [[1]]);
    await control.flush();
    expect(seen).toHaveLength(0);
    expect(control.events).toHaveLength(1);
  });

  it("collects handler errors instead of crashing", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        throw new Error("boom");
      });
      await ctx.sync();
    });
    control.setValues("Sheet1", "A1", [[1]]);
    await control.flush();
    expect(control.handlerErrors).toHaveLength(1);
  });
});

describe("workbook objects", () => {
  it("lists, adds, renames, hides, activates and deletes worksheets", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const added = ctx.workbook.worksheets.add("MA");
      added.load("name, id, position");
      await ctx.sync();
      expect([added.name, added.position]).toEqual(["MA", 1]);
      expect(added.id).toBe(control.sheetId("MA"));
      added.activate();
      const items = ctx.workbook.worksheets.load("items/name");
      await ctx.sync();
      expect(items.items.map((w) => w.name)).toEqual(["Sheet1", "MA"]);
      const active = ctx.workbook.worksheets.getActiveWorksheet().load("name");
      await ctx.sync();
      expect(active.name).toBe("MA");
      const dup = ctx.workbook.worksheets.add("ma");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
      void dup;
      ctx.workbook.worksheets.getItem("Sheet1").name = "Renamed";
      ctx.workbook.worksheets.getItem("MA").visibility = "Hidden";
      await ctx.sync();
    });
    expect(control.sheetNames()).toEqual(["Renamed", "MA"]);
    expect(control.activeSheet).toBe("Renamed");
    const e = await rejection(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Renamed").delete();
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidOperation");
  });

  it("reads the used range, or a null object / A1 on a blank sheet", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      const blank = sheet.getUsedRangeOrNullObject(true);
      const blankA1 = sheet.getUsedRange().load("address");
      await ctx.sync();
      expect(blank.isNullObject).toBe(true);
      expect(blankA1.address).toBe("Sheet1!A1");
    });
    control.seed("Sheet1", "B3", [["x", null as unknown as string, "y"]]);
    control.setFill("Sheet1", "F10", "red");
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      const values = sheet.getUsedRange(true).load("address");
      const all = sheet.getUsedRange().load("address");
      await ctx.sync();
      expect(values.address).toBe("Sheet1!B3:D3");
      expect(all.address).toBe("Sheet1!B3:F10");
    });
  });

  it("keeps workbook settings as JSON", async () => {
    const { Excel, control } = createFakeExcel();
    await Excel.run(async (ctx) => {
      ctx.workbook.settings.add("mam.v", { profile: "v06a", n: 2 });
      await ctx.sync();
      const s = ctx.workbook.settings.getItemOrNullObject("mam.v").load("value");
      const missing = ctx.workbook.settings.getItemOrNullObject("nope");
      await ctx.sync();
      expect(s.isNullObject).toBe(false);
      expect(s.value).toEqual({ profile: "v06a", n: 2 });
      expect(missing.isNullObject).toBe(true);
      expect(missing.value).toBeNull();
    });
    expect(control.settings).toEqual({ "mam.v": { profile: "v06a", n: 2 } });
    await Excel.run(async (ctx) => {
      ctx.workbook.settings.getItem("mam.v").delete();
      await ctx.sync();
    });
    expect(control.settings).toEqual({});
  });

  it("selects ranges and reports the selection; the driver can select too", async () => {
    const { Excel, control } = createFakeExcel();
    control.addSheet("Other");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Other").getRange("B4:C5").select();
      await ctx.sync();
    });
    expect(control.selection).toBe("Other!B4:C5");
    expect(control.activeSheet).toBe("Other");
    control.selection = "Sheet1!D2";
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.getSelectedRange().load("address");
      await ctx.application.suspendApiCalculationUntilNextSync();
      await ctx.sync();
      expect(r.address).toBe("Sheet1!D2");
    });
  });
});

describe("large sparse sheets", () => {
  it("holds 100,000 rows x 13 columns and serves them in blocks", async () => {
    const { Excel, control } = createFakeExcel({ payloadLimitBytes: null });
    const rows = 100_000;
    const data = Array.from({ length: rows }, (_, i) =>
      Array.from({ length: 13 }, (_, c) => (c === 0 ? `MPAN${i}` : c === 1 ? i : `v${c}`))
    );
    control.seed("Sheet1", "A2", data);
    expect(control.usedRange("Sheet1")).toBe("Sheet1!A2:M100001");
    control.resetSyncCount();
    let total = 0;
    await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      const used = sheet.getUsedRange(true).load("rowCount, columnCount, rowIndex");
      await ctx.sync();
      expect([used.rowCount, used.columnCount, used.rowIndex]).toEqual([rows, 13, 1]);
      for (let start = 0; start < rows; start += 10_000) {
        const block = sheet.getRangeByIndexes(1 + start, 0, 10_000, 13).load("values");
        await ctx.sync();
        total += block.values.length;
        expect(block.values[0][1]).toBe(start);
      }
    });
    expect(total).toBe(rows);
    expect(control.syncCount).toBe(11);
    // Far-away cells cost nothing until used.
    control.setValues("Sheet1", "XFD1048576", [["corner"]]);
    expect(control.getValues("Sheet1", "XFD1048576")).toEqual([["corner"]]);
    // Spanning every column, Excel writes it as whole rows.
    expect(control.usedRange("Sheet1")).toBe("Sheet1!2:1048576");
  });
});

describe("installation", () => {
  it("defines and removes the globals", async () => {
    const target: Record<string, unknown> = { Excel: "previous" };
    const installed = installFakeExcel(target, { sheets: [{ name: "Seeded", values: [["v"]] }] });
    expect(target.Office).toBe(installed.Office);
    expect(target.Excel).toBe(installed.Excel);
    expect(target.__fakeExcel).toBe(installed.control);
    expect(installed.control.getValues("Seeded", "A1")).toEqual([["v"]]);
    installed.uninstall();
    expect(target.Excel).toBe("previous");
    expect("Office" in target).toBe(false);
  });

  it("reads __fakeExcelInit from the target", () => {
    const target: Record<string, unknown> = {
      __fakeExcelInit: { platform: "OfficeOnline", sheets: [{ name: "Init" }] },
    };
    const installed = installFakeExcel(target);
    expect(installed.control.sheetNames()).toEqual(["Init"]);
    expect(installed.Office.context.platform).toBe("OfficeOnline");
  });

  it("resets to a fresh workbook", async () => {
    const { Excel, control } = createFakeExcel();
    control.seed("Sheet1", "A1", [["x"]]);
    await Excel.run(async (ctx) => ctx.sync());
    control.reset({ sheets: [{ name: "New" }] });
    expect(control.sheetNames()).toEqual(["New"]);
    expect(control.syncCount).toBe(0);
    expect(control.events).toHaveLength(0);
  });
});
