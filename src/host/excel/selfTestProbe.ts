/**
 * The Office.js side of "Run self-test" (src/app/selfTest.ts runs and reports it): each check makes
 * the calls the add-in depends on, on a scratch sheet made for the test and deleted after it, and
 * says what it saw. Nothing here touches the user's own sheets; only the settings check writes to
 * the workbook's settings (a key of its own, deleted again).
 */
import type { SelfTestHost } from "../hostApi";
import { detectPlatform, isExcelApiSupported, officeVersion, RUN, SETS_USED } from "./capabilities";
import { FLAGS_SHEET, HIGHLIGHT, ownRule } from "./highlights";

/** How long the events check waits for Excel to report the test's own write. */
const EVENT_WAIT_MS = 5000;
const SETTING_KEY = "mamWorkbenchSelfTest";

export function createSelfTestHost(): SelfTestHost {
  let previous: string | null = null;
  const flagsOf = (scratch: string) => `${scratch} flags`.slice(0, 31);
  return {
    environment: () => ({
      platform: detectPlatform(),
      version: officeVersion(),
      sets: SETS_USED.map((s) => ({
        name: `ExcelApi ${s.version} (${s.feature})`,
        supported: isExcelApiSupported(s.version),
      })),
    }),

    async createScratch() {
      return Excel.run(RUN, async (context) => {
        const active = context.workbook.worksheets.getActiveWorksheet().load("name");
        const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, "");
        const ws = context.workbook.worksheets.add(`MAM self-test ${stamp}`);
        ws.load("name");
        await context.sync();
        previous = active.name;
        return ws.name;
      });
    },

    checks: [
      {
        name: "write and read cells (values, text format, the date system)",
        run: (sheet) =>
          Excel.run(RUN, async (context) => {
            const ws = context.workbook.worksheets.getItem(sheet);
            const range = ws.getRange("A1:C2");
            range.numberFormat = [
              ["@", "General", "General"],
              ["General", "General", "General"],
            ];
            range.values = [
              ["00123", "'0045", 1.5],
              ["text", true, "2021-01-01"],
            ];
            const probe = context.workbook.functions.date(1904, 1, 1);
            probe.load("value");
            await context.sync();
            range.load("values,valueTypes");
            await context.sync();
            const v = range.values;
            const expected = JSON.stringify([
              ["00123", "0045", 1.5],
              ["text", true],
            ]);
            const got = JSON.stringify([v[0], v[1].slice(0, 2)]);
            if (got !== expected) throw new Error(`read back ${got}, expected ${expected}`);
            return `6 cells written and read back; dates count from ${probe.value === 0 ? 1904 : 1900}`;
          }),
      },
      {
        name: "change events (onChanged, and onRowSorted where supported)",
        run: async (sheet) => {
          let resolve: (detail: string) => void = () => undefined;
          const heard = new Promise<string>((r) => (resolve = r));
          const registration = await Excel.run(RUN, async (context) => {
            const ws = context.workbook.worksheets.getItem(sheet);
            const r = ws.onChanged.add(async (e) => {
              resolve(
                `${e.changeType} at ${e.address}, triggerSource ${e.triggerSource ?? "absent"}`
              );
            });
            if (isExcelApiSupported("1.10")) ws.onRowSorted.add(async () => undefined);
            await context.sync();
            return r;
          });
          let timer: ReturnType<typeof setTimeout> | undefined;
          try {
            await Excel.run(RUN, async (context) => {
              context.workbook.worksheets.getItem(sheet).getRange("D4").values = [["event"]];
              await context.sync();
            });
            const timeout = new Promise<string>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`no onChanged within ${EVENT_WAIT_MS / 1000} s`)),
                EVENT_WAIT_MS
              );
            });
            return await Promise.race([heard, timeout]);
          } finally {
            // Once the event is heard the wait is over: a timer left running would keep a
            // process (Node, the tests) alive for the rest of its 5 s.
            clearTimeout(timer);
            await Excel.run(registration.context, async (context) => {
              registration.remove();
              await context.sync();
            });
          }
        },
      },
      {
        name: "highlights (a very hidden sheet of flags, a conditional format reading it)",
        run: (sheet) =>
          Excel.run(RUN, async (context) => {
            const sheets = context.workbook.worksheets;
            const flags = sheets.add(flagsOf(sheet));
            flags.visibility = Excel.SheetVisibility.veryHidden;
            flags.getRange("B2").values = [[2]];
            const formula = `=INDEX('${flagsOf(sheet).replace(/'/g, "''")}'!$1:$1048576,ROW(),COLUMN())=2`;
            const cf = sheets
              .getItem(sheet)
              .getRange()
              .conditionalFormats.add(Excel.ConditionalFormatType.custom);
            cf.custom.rule.formula = formula;
            cf.custom.format.fill.color = HIGHLIGHT.error;
            await context.sync();
            const read = sheets.getItem(sheet).getRange().conditionalFormats;
            read.load("items/id,items/type,items/customOrNullObject/rule/formula");
            flags.load("visibility");
            await context.sync();
            const found = read.items.find(
              (c) => c.type === "Custom" && !c.customOrNullObject.isNullObject
            );
            if (!found) throw new Error("the conditional format was not found again");
            const ranges = found.getRanges().load("address");
            const fill = found.custom.format.fill.load("color");
            await context.sync();
            if (
              ownRule(
                found.customOrNullObject.rule.formula.replace(flagsOf(sheet), FLAGS_SHEET)
              ) !== "error"
            )
              throw new Error(`the rule reads back as ${found.customOrNullObject.rule.formula}`);
            found.delete();
            flags.delete();
            await context.sync();
            return `rule over ${ranges.address} with fill ${fill.color}; flags sheet ${flags.visibility}; both deleted`;
          }),
      },
      {
        name: "settings (a key of the test's own, deleted again)",
        run: () =>
          Excel.run(RUN, async (context) => {
            context.workbook.settings.add(SETTING_KEY, JSON.stringify({ at: Date.now() }));
            await context.sync();
            const item = context.workbook.settings.getItem(SETTING_KEY).load("value");
            await context.sync();
            const ok = typeof item.value === "string" && item.value.includes('"at"');
            item.delete();
            await context.sync();
            if (!ok) throw new Error(`read back ${String(item.value)}`);
            return "written, read back and deleted (note: Excel clears its undo history on a settings write)";
          }),
      },
      {
        name: "selection (select a cell, read the selection back)",
        run: (sheet) =>
          Excel.run(RUN, async (context) => {
            const ws = context.workbook.worksheets.getItem(sheet);
            ws.activate();
            ws.getRange("C3").select();
            await context.sync();
            const selected = context.workbook.getSelectedRange().load("address");
            await context.sync();
            if (!/!?\$?C\$?3$/.test(selected.address))
              throw new Error(`the selection reads ${selected.address}`);
            return `selected ${selected.address}`;
          }),
      },
    ],

    async removeScratch(sheet) {
      await Excel.run(RUN, async (context) => {
        const sheets = context.workbook.worksheets;
        const back = previous ? sheets.getItemOrNullObject(previous) : null;
        const flags = sheets.getItemOrNullObject(flagsOf(sheet));
        await context.sync();
        if (back && !back.isNullObject) back.activate();
        if (!flags.isNullObject) flags.delete();
        sheets.getItem(sheet).delete();
        await context.sync();
      });
    },
  };
}
