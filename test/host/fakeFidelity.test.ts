/**
 * What the fake Excel models for the highlight design and the host's fidelity fixes (issue 12):
 * conditional formats and how Excel moves them (inserted rows and columns, sort, copy, cut,
 * fill-drag, Clear Rules), very hidden sheets, protection, requirement sets, edits that raise no
 * onChanged, the web's oversize errors, getRanges' real limit, fills that "No Fill" and white tell
 * apart, the undo stack per requirement set, and a workbook saved and opened again.
 */
import {
  createFakeExcel,
  type FakeEventArgs,
  type FakeExcel,
  type FakeExcelInit,
  type FakeRequestContext,
} from "../e2e/fakeExcel";
import { rejection } from "../fakeOfficeErrors";

const FLAGS = "Flags";
/** The highlight rule's shape: position-independent, reading a flag at the cell's own address. */
const RULE = `=INDEX('${FLAGS}'!$1:$1048576,ROW(),COLUMN())=2`;
const RED = "#FFC7CE";

function workbook(init: FakeExcelInit = {}): FakeExcel {
  return createFakeExcel({
    sheets: [
      {
        name: "Data",
        values: [
          ["h1", "h2"],
          ["a", 1],
          ["b", 2],
          ["c", 3],
          ["d", 4],
        ],
      },
      { name: FLAGS, visibility: "VeryHidden" },
    ],
    ...init,
  });
}

/** Adds the highlight rule over the whole of Data and flags cells on the flags sheet. */
async function highlight({ Excel }: FakeExcel, flagged: string[]): Promise<void> {
  await Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Data");
    const cf = ws.getRange().conditionalFormats.add("Custom");
    cf.custom.rule.formula = RULE;
    cf.custom.format.fill.color = RED;
    const flags = ctx.workbook.worksheets.getItem(FLAGS);
    for (const cell of flagged) flags.getRange(cell).values = [[2]];
    await ctx.sync();
  });
}

async function listen(fake: FakeExcel, sheet = "Data") {
  const changed: FakeEventArgs[] = [];
  const sorted: FakeEventArgs[] = [];
  await fake.Excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    ws.onChanged.add(async (e) => void changed.push(e));
    if (fake.Office.context.requirements.isSetSupported("ExcelApi", "1.10"))
      ws.onRowSorted.add(async (e) => void sorted.push(e));
    await ctx.sync();
  });
  return { changed, sorted };
}

describe("conditional formats", () => {
  it("shows a custom rule's fill where its formula holds, over the cell's own fill", async () => {
    const fake = workbook();
    fake.control.setFill("Data", "A3", "#FFFF00");
    await highlight(fake, ["A3", "B4"]);
    expect(fake.control.getDisplayedFill("Data", "A2:B4")).toEqual([
      [null, null],
      [RED, null],
      [null, RED],
    ]);
    // The cell's own fill is untouched underneath.
    expect(fake.control.getFill("Data", "A3")).toEqual([["#FFFF00"]]);
    expect(fake.control.conditionalFormats("Data")).toEqual([
      {
        id: expect.any(String),
        type: "Custom",
        formula: RULE,
        fill: RED,
        fontColor: null,
        fontBold: null,
        areas: ["1:1048576"],
      },
    ]);
  });

  it("lists, reads and deletes rules through the collection; customOrNullObject is null for other types", async () => {
    const fake = workbook();
    await highlight(fake, []);
    const found = await fake.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      ws.getRange("B2:B5").conditionalFormats.add("DataBar");
      // Loaded on the next line (the rule takes the navigation for a read).
      // eslint-disable-next-line office-addins/load-object-before-read
      const cfs = ws.getRange().conditionalFormats;
      cfs.load("items/id,items/type,items/priority,items/customOrNullObject/rule/formula");
      await ctx.sync();
      const ranges = cfs.items.map((cf) => cf.getRanges().load("address"));
      await ctx.sync();
      return cfs.items.map((cf, i) => ({
        type: cf.type,
        priority: cf.priority,
        formula: cf.customOrNullObject.isNullObject ? null : cf.customOrNullObject.rule.formula,
        address: ranges[i].address,
      }));
    });
    expect(found).toEqual([
      { type: "DataBar", priority: 0, formula: null, address: "Data!B2:B5" },
      { type: "Custom", priority: 1, formula: RULE, address: "Data!1:1048576" },
    ]);
    // `custom` on a data bar fails; deleting by id works in a later batch.
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        const cf = ctx.workbook.worksheets
          .getItem("Data")
          .getRange("B2")
          .conditionalFormats.getItemAt(0);
        cf.custom.load("rule/formula");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidOperation");
    const id = fake.control.conditionalFormats("Data")[1].id;
    await fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange().conditionalFormats.getItem(id).delete();
      await ctx.sync();
    });
    expect(fake.control.conditionalFormats("Data").map((c) => c.type)).toEqual(["DataBar"]);
  });

  it("fails a formula it cannot evaluate, rather than guessing", async () => {
    const fake = workbook();
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        const cf = ctx.workbook.worksheets
          .getItem("Data")
          .getRange("A1")
          .conditionalFormats.add("Custom");
        cf.custom.rule.formula = "=VLOOKUP(A1,B:C,2,FALSE)";
        await ctx.sync();
      })
    );
    expect(e.code).toBe("GeneralException");
    expect(e.debugInfo.detail).toMatch(/not modelled/);
  });

  it("moves areas with inserted and deleted rows and columns; a whole-sheet rule stays whole", async () => {
    const fake = workbook();
    await highlight(fake, []);
    fake.control.addConditionalFormat("Data", "B3:B4", "=TRUE", "#00FF00");
    fake.control.insertRows("Data", 4, 2); // inside the area: it grows
    expect(fake.control.conditionalFormats("Data").map((c) => c.areas)).toEqual([
      ["B3:B6"],
      ["1:1048576"],
    ]);
    fake.control.insertRows("Data", 7, 1); // just below: takes the formats of the row above
    expect(fake.control.conditionalFormats("Data")[0].areas).toEqual(["B3:B7"]);
    fake.control.deleteRows("Data", 2, 2);
    expect(fake.control.conditionalFormats("Data")[0].areas).toEqual(["B2:B5"]);
    fake.control.insertColumns("Data", "A", 1);
    expect(fake.control.conditionalFormats("Data").map((c) => c.areas)).toEqual([
      ["C2:C5"],
      ["1:1048576"],
    ]);
    fake.control.deleteColumns("Data", "C", 1);
    expect(fake.control.conditionalFormats("Data").map((c) => c.areas)).toEqual([["1:1048576"]]);
  });

  it("refuses rows inserted into a sheet a rule points at cell by cell (Excel would rewrite the formula)", async () => {
    const fake = workbook();
    fake.control.addConditionalFormat("Data", "A1:B5", `='${FLAGS}'!$A$1=1`, RED);
    expect(() => fake.control.insertRows(FLAGS, 1, 1)).toThrow(/not modelled/);
  });

  it("sorts values and cell fills but leaves conditional formats where they were; onRowSorted, no onChanged", async () => {
    const fake = workbook();
    fake.control.setFill("Data", "A2", "#FFFF00");
    await highlight(fake, ["A2"]);
    const { changed, sorted } = await listen(fake);
    fake.control.sortRows("Data", "A2:B5", "B", false);
    await fake.control.flush();
    expect(fake.control.getValues("Data", "A2:A5").flat()).toEqual(["d", "c", "b", "a"]);
    expect(fake.control.getFill("Data", "A2:A5").flat()).toEqual([null, null, null, "#FFFF00"]);
    // The highlight stays at A2 (it reads the flag there), now over "d".
    expect(fake.control.getDisplayedFill("Data", "A2")).toEqual([[RED]]);
    expect(changed).toEqual([]);
    expect(sorted.map((e) => [e.type, e.address])).toEqual([["WorksheetRowSorted", "A2:B5"]]);
  });

  it("copies rules with the cells (a new rule: fragmentation); a paste replaces the destination's rules", async () => {
    const fake = workbook();
    await highlight(fake, ["A2", "B5"]);
    fake.control.addConditionalFormat("Data", "A2:A3", "=TRUE", "#00FF00");
    fake.control.copyPaste({ sheet: "Data", address: "A2" }, { sheet: "Data", address: "B5" });
    const rules = fake.control.conditionalFormats("Data");
    expect(rules.map((r) => [r.formula, r.areas])).toEqual([
      ["=TRUE", ["B5"]],
      [RULE, ["B5"]],
      ["=TRUE", ["A2:A3"]],
      [RULE, ["1:4", "6:1048576", "A5", "C5:XFD5"]],
    ]);
    // From another sheet (no rules there), the destination loses every rule: no highlight.
    fake.control.addSheet("Other", [["x"]]);
    fake.control.copyPaste({ sheet: "Other", address: "A1" }, { sheet: "Data", address: "A2" });
    expect(fake.control.getDisplayedFill("Data", "A2")).toEqual([[null]]);
    expect(fake.control.getValues("Data", "A2")).toEqual([["x"]]);
  });

  it("cuts: the destination gets the cells and their rules, the source is left blank and without rules", async () => {
    const fake = workbook();
    await highlight(fake, []);
    const { changed } = await listen(fake);
    fake.control.copyPaste(
      { sheet: "Data", address: "A2:B2" },
      { sheet: "Data", address: "D8" },
      { cut: true }
    );
    await fake.control.flush();
    expect(fake.control.getValues("Data", "D8:E8")).toEqual([["a", 1]]);
    expect(fake.control.getValues("Data", "A2:B2")).toEqual([["", ""]]);
    expect(changed.map((e) => e.address)).toEqual(["A2:B2", "D8:E8"]);
    const areas = fake.control.conditionalFormats("Data").flatMap((r) => r.areas);
    expect(areas).toContain("D8:E8");
    expect(areas).not.toContain("1:1048576"); // the big rule lost A2:B2
  });

  it("Clear Rules from the cells or the entire sheet removes rules, whoever made them", async () => {
    const fake = workbook();
    await highlight(fake, ["A2"]);
    fake.control.clearRules("Data", "A2");
    expect(fake.control.getDisplayedFill("Data", "A2")).toEqual([[null]]);
    fake.control.clearRules("Data");
    expect(fake.control.conditionalFormats("Data")).toEqual([]);
  });
});

describe("edits Excel reports, and those it does not", () => {
  it("raises no onChanged for drop-down picks, Text to Columns, recalculation, or fill-drag over filtered rows", async () => {
    const fake = workbook();
    const { changed } = await listen(fake);
    fake.control.pickFromList("Data", "A2", "picked");
    fake.control.seed("Data", "C2", [["x,y,z"]]);
    fake.control.textToColumns("Data", "C2", ",");
    fake.control.recalculate("Data", "B3", 99);
    fake.control.setRowsHidden("Data", 4, 4, true);
    fake.control.fillDown("Data", "A2:B2", "A3:B5");
    await fake.control.flush();
    expect(changed).toEqual([]);
    expect(fake.control.getValues("Data", "A2:E5")).toEqual([
      ["picked", 1, "x", "y", "z"],
      ["picked", 1, "", "", ""],
      ["c", 3, "", "", ""], // hidden: not filled
      ["picked", 1, "", "", ""],
    ]);
    fake.control.setRowsHidden("Data", 4, 4, false);
    fake.control.fillDown("Data", "A2:B2", "A3:B5");
    await fake.control.flush();
    expect(changed.map((e) => e.address)).toEqual(["A3:B5"]);
  });

  it("reports whole rows cleared as 2:1048576", async () => {
    const fake = workbook();
    const { changed } = await listen(fake);
    fake.control.clearRows("Data", "2:1048576");
    await fake.control.flush();
    expect(changed.map((e) => [e.changeType, e.address])).toEqual([["RangeEdited", "2:1048576"]]);
    expect(fake.control.getValues("Data", "A1:B2")).toEqual([
      ["h1", "h2"],
      ["", ""],
    ]);
  });

  it("raises ColumnInserted and ColumnDeleted, moving cells and fills", async () => {
    const fake = workbook();
    fake.control.setFill("Data", "A2", "#FFFF00");
    const { changed } = await listen(fake);
    fake.control.insertColumns("Data", "A", 2);
    expect(fake.control.getValues("Data", "A1:C1")).toEqual([["", "", "h1"]]);
    expect(fake.control.getFill("Data", "C2")).toEqual([["#FFFF00"]]);
    fake.control.deleteColumns("Data", "A", 2);
    await fake.control.flush();
    expect(changed.map((e) => [e.changeType, e.address])).toEqual([
      ["ColumnInserted", "A:B"],
      ["ColumnDeleted", "A:B"],
    ]);
    expect(fake.control.getValues("Data", "A1")).toEqual([["h1"]]);
  });
});

describe("requirement sets", () => {
  it("at ExcelApi 1.9: no triggerSource, no sort events, no setRanges, but conditional formats and getRanges", async () => {
    const fake = workbook({ excelApiVersion: "1.9" });
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(false);
    const { changed } = await listen(fake);
    fake.control.setValues("Data", "A2", [["x"]]);
    await fake.control.flush();
    expect(changed[0].triggerSource).toBeUndefined();
    const sortEvents = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Data").onRowSorted.add(async () => undefined);
        await ctx.sync();
      })
    );
    expect(sortEvents.code).toBe("ApiNotFound");
    fake.control.sortRows("Data", "A2:B5", "B", false);
    expect(fake.control.events.some((e) => e.type === "WorksheetRowSorted")).toBe(false);
    await highlight(fake, ["A2"]);
    const setRanges = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets
          .getItem("Data")
          .getRange()
          .conditionalFormats.getItemAt(0)
          .setRanges("A1:B2");
        await ctx.sync();
      })
    );
    expect(setRanges.code).toBe("ApiNotFound");
  });
});

describe("limits", () => {
  it("fails an oversized request as GeneralException on the web, with the documented code elsewhere", async () => {
    for (const [platform, code] of [
      ["OfficeOnline", "GeneralException"],
      ["PC", "RequestPayloadSizeLimitExceeded"],
    ] as const) {
      const fake = workbook({ platform, payloadLimitBytes: 1000 });
      const e = await rejection(
        fake.Excel.run(async (ctx) => {
          ctx.workbook.worksheets.getItem("Data").getRange("A1:A100").values = Array.from(
            { length: 100 },
            () => ["a long enough text"]
          );
          await ctx.sync();
        })
      );
      expect(e.code).toBe(code);
    }
  });

  it("refuses getRanges lists of more than 500 areas, far below 8,192 characters", async () => {
    const fake = workbook();
    const list = Array.from({ length: 501 }, (_, i) => `A${i * 2 + 1}`).join(",");
    expect(list.length).toBeLessThan(4000);
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Data").getRanges(list).format.fill.color = "red";
        await ctx.sync();
      })
    );
    expect(e.code).toBe("InvalidArgument");
  });
});

describe("fills", () => {
  it('tells "No Fill" from white by pattern and tintAndShade, and keeps patterned and theme fills', async () => {
    const fake = workbook();
    fake.control.setFill("Data", "A3", "#FFFFFF");
    fake.control.setFill("Data", "A4", {
      color: "#FFFF00",
      pattern: "Gray25",
      patternColor: "#FF0000",
    });
    fake.control.setFill("Data", "A5", { color: "#4472C4", tintAndShade: 0.6 });
    const read = await fake.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const fills = ["A2", "A3", "A4", "A5"].map((a) =>
        ws.getRange(a).format.fill.load("color,pattern,patternColor,tintAndShade")
      );
      await ctx.sync();
      return fills.map((f) => [f.color, f.pattern, f.patternColor, f.tintAndShade]);
    });
    expect(read).toEqual([
      ["#FFFFFF", "None", null, null],
      ["#FFFFFF", "Solid", null, 0],
      ["#FFFF00", "Gray25", "#FF0000", 0],
      ["#4472C4", "Solid", null, 0.6],
    ]);
  });
});

describe("protection", () => {
  it("refuses writes to locked cells of a protected sheet (AccessDenied), allows unlocked ones", async () => {
    const fake = workbook();
    fake.control.protectSheet("Data", ["B2:B5"]);
    const protectedNow = await fake.Excel.run(async (ctx) => {
      const p = ctx.workbook.worksheets.getItem("Data").protection.load("protected");
      await ctx.sync();
      return p.protected;
    });
    expect(protectedNow).toBe(true);
    await fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("B2").values = [[5]];
      await ctx.sync();
    });
    for (const write of [
      (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem("Data").getRange("A2").values = [["x"]];
      },
      (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem("Data").getRange().conditionalFormats.add("Custom");
      },
    ]) {
      const e = await rejection(
        fake.Excel.run(async (ctx) => {
          write(ctx);
          await ctx.sync();
        })
      );
      expect(e.code).toBe("AccessDenied");
    }
    expect(fake.control.getValues("Data", "A2:B2")).toEqual([["a", 5]]);
  });

  it("refuses new sheets while the workbook's structure is protected", async () => {
    const fake = workbook({ structureProtected: true });
    const e = await rejection(
      fake.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.add("More");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("AccessDenied");
  });
});

describe("undo stack", () => {
  async function apiWrite(
    fake: FakeExcel,
    options: { mergeUndoGroup?: boolean } = {}
  ): Promise<void> {
    await fake.Excel.run(options, async (ctx) => {
      ctx.workbook.worksheets.getItem(FLAGS).getRange("A2").values = [[2]];
      await ctx.sync();
      ctx.workbook.worksheets.getItem(FLAGS).getRange("A3").values = [[2]];
      await ctx.sync();
    });
  }

  it("before ExcelApi 1.20, an add-in's write clears the user's undo stack", async () => {
    const fake = workbook({ excelApiVersion: "1.17" });
    fake.control.setValues("Data", "A2", [["typed"]]);
    expect(fake.control.undoLabels).toEqual(["typing"]);
    await apiWrite(fake);
    expect(fake.control.undoLabels).toEqual([]);
    expect(fake.control.undo()).toBeNull();
  });

  it("from ExcelApi 1.20 each sync is a step, or one step with mergeUndoGroup; Ctrl+Z takes it back first", async () => {
    const fake = workbook({ excelApiVersion: "1.20" });
    fake.control.setValues("Data", "A2", [["typed"]]);
    await apiWrite(fake);
    expect(fake.control.undoLabels).toEqual(["typing", "add-in", "add-in"]);
    await apiWrite(fake, { mergeUndoGroup: true });
    expect(fake.control.undoLabels).toEqual(["typing", "add-in", "add-in", "add-in"]);
    const { changed } = await listen(fake, FLAGS);
    expect(fake.control.undo()).toBe("add-in");
    await fake.control.flush();
    expect(changed.map((e) => e.address)).toEqual(["A2:A3"]);
    expect(fake.control.getValues(FLAGS, "A2:A3")).toEqual([[2], [2]]); // the earlier step's values
  });

  it("settings and conditional formats are not undoable: they clear it; inside a merged group they fail", async () => {
    const fake = workbook({ excelApiVersion: "1.20" });
    fake.control.setValues("Data", "A2", [["typed"]]);
    await fake.Excel.run(async (ctx) => {
      ctx.workbook.settings.add("k", "v");
      await ctx.sync();
    });
    expect(fake.control.undoLabels).toEqual([]);
    const e = await rejection(
      fake.Excel.run({ mergeUndoGroup: true }, async (ctx) => {
        ctx.workbook.worksheets.getItem("Data").getRange().conditionalFormats.add("Custom");
        await ctx.sync();
      })
    );
    expect(e.code).toBe("UndoNotSupported");
  });

  it("the user's own Ctrl+Z puts values back and raises onChanged", async () => {
    const fake = workbook();
    const { changed } = await listen(fake);
    fake.control.setValues("Data", "A2", [["typed"]]);
    expect(fake.control.undo()).toBe("typing");
    await fake.control.flush();
    expect(fake.control.getValues("Data", "A2")).toEqual([["a"]]);
    expect(changed.map((e) => e.address)).toEqual(["A2", "A2"]);
  });
});

describe("writes, and a workbook saved and opened again", () => {
  it("counts the syncs that changed the workbook", async () => {
    const fake = workbook();
    fake.control.resetSyncCount();
    await fake.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("A1:B5").load("values");
      await ctx.sync();
      ctx.workbook.worksheets.getItem(FLAGS).getRange("A1").values = [[1]];
      await ctx.sync();
    });
    expect(fake.control.syncCount).toBe(2);
    expect(fake.control.writeSyncCount).toBe(1);
    expect(fake.control.syncLog.map((s) => s.writes)).toEqual([0, 1]);
  });

  it("keeps values, fills, rules (with new ids), very hidden sheets and settings; drops handlers and undo", async () => {
    const fake = workbook();
    fake.control.setFill("Data", "B3", {
      color: "#FFFF00",
      pattern: "LightUp",
      patternColor: "#000000",
    });
    await highlight(fake, ["A2"]);
    fake.control.setSetting("mamWorkbench", { highlighting: true });
    await listen(fake);
    fake.control.setValues("Data", "B5", [[7]]);
    const before = fake.control.conditionalFormats("Data");
    fake.control.reopen();
    expect(fake.control.handlerCount()).toBe(0);
    expect(fake.control.undoLabels).toEqual([]);
    expect(fake.control.sheetNames()).toEqual(["Data", FLAGS]);
    expect(fake.control.getValues("Data", "A2:B5")).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["d", 7],
    ]);
    expect(fake.control.getFill("Data", "B3")).toEqual([["#FFFF00|LightUp|#000000|0"]]);
    expect(fake.control.getDisplayedFill("Data", "A2")).toEqual([[RED]]);
    const after = fake.control.conditionalFormats("Data");
    expect(after.map(({ id: _, ...rest }) => rest)).toEqual(
      before.map(({ id: _, ...rest }) => rest)
    );
    expect(after[0].id).not.toBe(before[0].id);
    expect(fake.control.settings).toEqual({ mamWorkbench: { highlighting: true } });
    const visibility = await fake.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(FLAGS).load("visibility");
      await ctx.sync();
      return ws.visibility;
    });
    expect(visibility).toBe("VeryHidden");
  });

  it("inserts and deletes whole rows for the add-in (Range.insert / delete), marked as its own", async () => {
    const fake = workbook();
    const { changed } = await listen(fake);
    await fake.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      ws.getRange("3:4").insert("Down");
      ws.getRange("2:2").delete("Up");
      await ctx.sync();
    });
    await fake.control.flush();
    expect(changed.map((e) => [e.changeType, e.address, e.triggerSource])).toEqual([
      ["RowInserted", "3:4", "ThisLocalAddin"],
      ["RowDeleted", "2:2", "ThisLocalAddin"],
    ]);
    expect(fake.control.getValues("Data", "A2:A5").flat()).toEqual(["", "", "b", "c"]);
  });
});
