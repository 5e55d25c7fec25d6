/**
 * The Excel host: the one place that calls Office.js. Every method is one `Excel.run` with as few
 * `context.sync()` calls as it can manage: a typed cell costs two (read the row, then write its
 * flags when a highlight changes), a paste of n rows at most ⌈n / block⌉ + 2. Every batch waits
 * while the user is editing a cell (`delayForCellEdit`). Values are only ever written by
 * `writeValues`, i.e. on a fix the user asked for or its undo; highlights never touch the cells'
 * own formatting (highlights.ts).
 */
import { columnLetters, parseCellAddress } from "../../domain/address";
import { sameCellValue } from "../../domain/cellValue";
import type { CellValue, DateSystem, Severity } from "../../domain/types";
import type {
  CellWrite,
  HighlightChange,
  HostCapabilities,
  HostPlatform,
  ReadProgress,
  SelfTestHost,
  SheetAccess,
  SheetHeader,
  SheetChange,
  SheetMove,
  SheetSnapshot,
  TextTable,
  WorkbookHost,
  WorkbookSettings,
  WriteOutcome,
} from "../hostApi";
import { parseRangeAddress } from "./addresses";
import {
  detectCapabilities,
  detectPlatform,
  errorCode,
  isExcelApiSupported,
  RUN,
} from "./capabilities";
import { FLAGS_SHEET, HighlightStore, type WritePlan } from "./highlights";
import { createSelfTestHost } from "./selfTestProbe";

export { HIGHLIGHT, FLAGS_SHEET } from "./highlights";

/** Rows per read: 13 columns × 5,000 rows stays far below Excel on the web's 5 MB request cap. */
export const BLOCK_ROWS = 5000;
/** Up to this many rows past the last row known to hold data, a re-read needs no look at the used range. */
export const SMALL_READ_ROWS = 200;
/** Widest sheet we read: the profile has 13 columns; extra columns are only reported. */
const MAX_COLUMNS = 64;
const SETTINGS_KEY = "mamWorkbench";
/** A change event within this long of our own write to the same rows is ours (older Excel lacks triggerSource). */
const OWN_WRITE_MS = 3000;
/** Halvings of a block after GeneralException: on the web it often means "too big", but not always. */
const GENERAL_EXCEPTION_RETRIES = 4;

export function createExcelHost(): WorkbookHost {
  return new ExcelHost();
}

class ExcelHost implements WorkbookHost {
  readonly platform: HostPlatform = detectPlatform();
  readonly capabilities: HostCapabilities = detectCapabilities();
  readonly selfTest: SelfTestHost = createSelfTestHost();
  private readonly store = new HighlightStore();
  private ownWrites: { rows: Set<number>; at: number } | null = null;
  /** Columns read per sheet (from its used range at the last full read). */
  private readonly widths = new Map<string, number>();
  /** Last sheet row known to hold data, per sheet (from the last full read, grown by re-reads). */
  private readonly extents = new Map<string, number>();

  async findSheets(): Promise<SheetHeader[]> {
    return Excel.run(RUN, async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const headers = sheets.items
        .filter((ws) => ws.name !== FLAGS_SHEET)
        .map((ws) => {
          const range = ws.getRangeByIndexes(0, 0, 1, MAX_COLUMNS);
          range.load("values");
          return { name: ws.name, range };
        });
      await context.sync();
      return headers.map(({ name, range }) => ({
        name,
        header: range.values[0] as CellValue[],
      }));
    });
  }

  async prepareSheet(name: string): Promise<SheetAccess> {
    return Excel.run(RUN, async (context) => {
      const protection = context.workbook.worksheets.getItem(name).protection.load("protected");
      const structure = isExcelApiSupported("1.7")
        ? context.workbook.protection.load("protected")
        : null;
      await this.store.inspect(context, name);
      const locked = protection.protected;
      const notices: string[] = [];
      let canHighlight = true;
      if (locked) {
        notices.push(
          `"${name}" is protected, so the add-in fixes nothing in it. To fix values from the pane, unprotect it (Review > Unprotect Sheet) and use Re-check workbook.`
        );
        // Flags live on the add-in's own sheet: rules already in place keep working.
        canHighlight = this.store.rulesReady;
        if (!canHighlight)
          notices.push("Highlights need the sheet unprotected: the findings are listed here.");
      } else if (structure?.protected && this.store.sheetExists !== true) {
        canHighlight = false;
        notices.push(
          "The workbook's structure is protected, so the add-in cannot add the hidden sheet its highlights need: the findings are listed here."
        );
      }
      if (!this.capabilities.sortEvents)
        notices.push(
          "This version of Excel does not report sorting: after sorting the sheet, use Re-check workbook."
        );
      return { protected: locked, canHighlight, notices };
    });
  }

  async readSheet(name: string, onProgress?: ReadProgress): Promise<SheetSnapshot> {
    return Excel.run(RUN, async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      const used = ws.getUsedRangeOrNullObject(true);
      used.load("rowIndex,rowCount,columnIndex,columnCount");
      const flagsSheet = context.workbook.worksheets.getItemOrNullObject(FLAGS_SHEET).load("id");
      const flagsUsed = flagsSheet.getUsedRangeOrNullObject(true);
      flagsUsed.load("rowIndex,rowCount,columnIndex,columnCount");
      // DATE(1904,1,1) is serial 0 in the 1904 date system and 1462 in the 1900 one: asking Excel's
      // own function tells the workbook's date system on every API version, without writing a cell.
      const probe = context.workbook.functions.date(1904, 1, 1);
      probe.load("value");
      await context.sync();
      const dateSystem: DateSystem = probe.value === 0 ? 1904 : 1900;
      this.store.beginRead();
      this.store.foundSheet(flagsSheet);
      const lastRow = used.isNullObject ? 0 : used.rowIndex + used.rowCount; // 1-based last used row
      const width = used.isNullObject
        ? 0
        : Math.min(MAX_COLUMNS, used.columnIndex + used.columnCount);
      this.widths.set(name, width);
      this.extents.set(name, lastRow);
      const flags = this.store.sheetExists && !flagsUsed.isNullObject ? flagsSheet : null;
      if (flags && !flagsUsed.isNullObject)
        this.store.overflow =
          flagsUsed.rowIndex + flagsUsed.rowCount > lastRow ||
          flagsUsed.columnIndex + flagsUsed.columnCount > width;
      if (lastRow === 0) return { name, header: [], rows: [], dateSystem };
      const all = await this.readBlocks(context, ws, 1, lastRow, width, flags, onProgress);
      return { name, header: all[0] ?? [], rows: all.slice(1), dateSystem };
    });
  }

  async readRows(name: string, firstRow: number, lastRow: number): Promise<CellValue[][]> {
    // The width is the one the last full read found: no extra round trip to ask for the used range.
    const width = this.widths.get(name) ?? MAX_COLUMNS;
    return Excel.run(RUN, async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      const checks = [this.store.queueCoverage(ws), this.store.queueUndone(context)];
      const coverage = () => checks.forEach((check) => check?.());
      let last = lastRow;
      const known = this.extents.get(name) ?? 0;
      if (lastRow > known + SMALL_READ_ROWS) {
        // Far past the data (a whole-row change reports 2:1048576): read no further than the used range.
        const used = ws.getUsedRangeOrNullObject(true);
        used.load("rowIndex,rowCount");
        await context.sync();
        coverage();
        const usedLast = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
        last = Math.min(lastRow, Math.max(usedLast, known));
        this.extents.set(name, Math.max(known, usedLast));
        const rows = await this.readBlocks(
          context,
          ws,
          firstRow,
          Math.min(last, usedLast),
          width,
          null
        );
        while (rows.length < last - firstRow + 1) rows.push([]);
        return rows;
      }
      if (lastRow - firstRow + 1 > SMALL_READ_ROWS) {
        const rows = await this.readBlocks(
          context,
          ws,
          firstRow,
          lastRow,
          width,
          null,
          undefined,
          coverage
        );
        this.extents.set(name, Math.max(known, lastRow));
        return rows;
      }
      // Small edits (typing, a short paste): the rows and the check of our rules in ONE sync.
      const range = ws.getRangeByIndexes(
        firstRow - 1,
        0,
        lastRow - firstRow + 1,
        Math.max(width, 1)
      );
      range.load("values");
      await context.sync();
      coverage();
      this.extents.set(name, Math.max(known, lastRow));
      return range.values as CellValue[][];
    });
  }

  /**
   * Reads rows firstRow..lastRow in blocks: one sync per block (with the same rows of flags when
   * `flags` is given). A block too big for Excel on the web's 5 MB payload cap (long texts in many
   * columns) is read again with half the rows, and the rest of the read keeps the smaller size.
   */
  private async readBlocks(
    context: Excel.RequestContext,
    ws: Excel.Worksheet,
    firstRow: number,
    lastRow: number,
    width: number,
    flags: Excel.Worksheet | null,
    onProgress?: ReadProgress,
    afterFirstSync?: (() => void) | null
  ): Promise<CellValue[][]> {
    const out: CellValue[][] = [];
    if (lastRow < firstRow) return out;
    if (width === 0) return Array.from({ length: lastRow - firstRow + 1 }, () => []);
    const total = lastRow - firstRow + 1;
    let blockRows = BLOCK_ROWS;
    let generalRetries = 0;
    let after = afterFirstSync ?? null;
    for (let row = firstRow; row <= lastRow;) {
      const count = Math.min(blockRows, lastRow - row + 1);
      const range = ws.getRangeByIndexes(row - 1, 0, count, width);
      range.load("values");
      const flagRange = flags ? flags.getRangeByIndexes(row - 1, 0, count, width) : null;
      flagRange?.load("values");
      try {
        // One sync per block on purpose: each block must arrive before the next one's size is
        // chosen (a block over Excel on the web's 5 MB cap is read again with half the rows).
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
      } catch (error) {
        const code = errorCode(error);
        const general = code === "GeneralException" && generalRetries < GENERAL_EXCEPTION_RETRIES;
        if (count === 1 || !(isPayloadTooBig(code) || general)) throw error;
        if (code === "GeneralException") generalRetries++;
        blockRows = Math.ceil(count / 2);
        continue;
      }
      after?.();
      after = null;
      for (const values of range.values) out.push(values as CellValue[]);
      if (flagRange) this.store.takeFlags(row, flagRange.values);
      row += count;
      onProgress?.(out.length, total);
    }
    return out;
  }

  async watch(name: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>> {
    const registrations = await Excel.run(RUN, async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      const changed = ws.onChanged.add(async (event) => {
        const change = this.interpret(event, name);
        if (change) onChange(change);
      });
      // From ExcelApi 1.20 the user's Ctrl+Z can take back a highlight (the add-in's write is on
      // the undo stack): the flags it changed are noted, to be read again with the next rows.
      const undone = this.capabilities.undoGrouping
        ? context.workbook.worksheets.onChanged.add(async (event) => {
            if (
              event.worksheetId === this.store.sheetId &&
              event.triggerSource !== "ThisLocalAddin"
            )
              this.store.noteUndone(event.address);
          })
        : null;
      // Sorting raises no onChanged: its own event (ExcelApi 1.10) names the rows it moved.
      const sorted = this.capabilities.sortEvents
        ? ws.onRowSorted.add(async (event) => {
            const span = parseRangeAddress(event.address);
            if (!span || !Number.isFinite(span.lastRow)) onChange({ kind: "unknown" });
            else
              onChange({
                kind: "cells",
                firstRow: span.firstRow,
                lastRow: span.lastRow,
                byThisAddin: false,
              });
          })
        : null;
      await context.sync();
      return [changed, ...(sorted ? [sorted] : []), ...(undone ? [undone] : [])];
    });
    return () => removeHandlers(registrations);
  }

  /** Turns an Excel change event into a hint for the controller. */
  private interpret(event: Excel.WorksheetChangedEventArgs, name: string): SheetChange | null {
    const span = parseRangeAddress(event.address);
    if (!span) return { kind: "unknown" };
    switch (event.changeType) {
      case "RowInserted":
        return {
          kind: "rowsInserted",
          atRow: span.firstRow,
          count: span.lastRow - span.firstRow + 1,
        };
      case "RowDeleted":
        return {
          kind: "rowsDeleted",
          atRow: span.firstRow,
          count: span.lastRow - span.firstRow + 1,
        };
      case "ColumnInserted":
      case "ColumnDeleted": {
        if (span.firstColumn < 0) return { kind: "unknown" };
        const count = span.lastColumn - span.firstColumn + 1;
        return event.changeType === "ColumnInserted"
          ? { kind: "columnsInserted", atColumn: span.firstColumn, count }
          : { kind: "columnsDeleted", atColumn: span.firstColumn, count };
      }
      case "RangeEdited": {
        if (!Number.isFinite(span.lastRow)) return { kind: "unknown" };
        const byThisAddin = this.isOwnWrite(event, span.firstRow, span.lastRow);
        if (!byThisAddin) this.store.noteEdit(boundedAddress(span, this.widths.get(name) ?? 1));
        return { kind: "cells", firstRow: span.firstRow, lastRow: span.lastRow, byThisAddin };
      }
      default:
        // Cells shifted sideways or up/down within rows: the events cannot describe where they went.
        return { kind: "unknown" };
    }
  }

  private isOwnWrite(
    event: Excel.WorksheetChangedEventArgs,
    firstRow: number,
    lastRow: number
  ): boolean {
    if (event.triggerSource === "ThisLocalAddin") return true;
    if (event.triggerSource === "Unknown") return false;
    // Older Excel has no triggerSource: match against what we wrote a moment ago.
    const own = this.ownWrites;
    if (!own || Date.now() - own.at > OWN_WRITE_MS || event.source !== "Local") return false;
    for (let row = firstRow; row <= lastRow; row++) if (!own.rows.has(row)) return false;
    return true;
  }

  // ------------------------------------------------------------------------------ highlights

  async paint(
    name: string,
    changes: readonly HighlightChange[],
    moves: readonly SheetMove[] = []
  ): Promise<void> {
    await this.writeHighlights(name, changes, moves, false);
  }

  async resetHighlights(
    name: string,
    cells: ReadonlyMap<string, Severity>,
    moves: readonly SheetMove[] = []
  ): Promise<void> {
    const changes = new Map<string, Severity | null>();
    for (const cell of this.store.cells()) changes.set(cell, null);
    for (const [cell, severity] of cells) changes.set(cell, severity);
    await this.writeHighlights(
      name,
      [...changes].map(([cell, severity]) => ({ cell, severity })),
      moves,
      true
    );
  }

  /**
   * One write of highlights. Rule ids hold for one session, and the user may delete a rule at any
   * time: a write that finds one gone (ItemNotFound, before anything else was sent) looks again
   * and retries once.
   */
  private async writeHighlights(
    name: string,
    changes: readonly HighlightChange[],
    moves: readonly SheetMove[],
    reset: boolean
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // After a full read, look at the rules again (the user may have cleared some since).
      if (!this.store.inspected || (reset && !this.store.fresh) || attempt > 0)
        await Excel.run(RUN, (context) => this.store.inspect(context, name));
      const plan = this.store.plan(name, this.widths.get(name) ?? 0, changes, moves, reset);
      if (!plan) return;
      try {
        await this.send(plan);
        return;
      } catch (error) {
        if (attempt === 0 && errorCode(error) === "ItemNotFound") continue;
        this.store.failed();
        throw error;
      }
    }
  }

  /** Sends a plan's syncs in one Excel.run: one undo step where ExcelApi 1.20 can group them. */
  private async send(plan: WritePlan): Promise<void> {
    const merge = this.capabilities.undoGrouping && plan.valuesOnly;
    await Excel.run({ ...RUN, ...(merge ? { mergeUndoGroup: true } : {}) }, async (context) => {
      for (const queue of plan.syncs) {
        queue(context);
        // The syncs of a big write go one after another, each under the request cap.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
      }
    });
    plan.commit();
  }

  async clearHighlights(name: string): Promise<void> {
    await Excel.run(RUN, async (context) => {
      await this.store.inspect(context, name);
      if (!this.store.anythingToRemove) return;
      this.store.queueRemoveAll(context);
      await context.sync();
      this.store.afterRemoveAll();
    });
  }

  // ------------------------------------------------------------------------------ the rest

  async select(name: string, cell: string): Promise<void> {
    await Excel.run(RUN, async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
  }

  async writeValues(name: string, writes: readonly CellWrite[]): Promise<WriteOutcome> {
    if (writes.length === 0) return { written: [], changed: [] };
    const rows = new Set(writes.map((w) => parseCellAddress(w.cell)?.row ?? 0));
    this.ownWrites = { rows, at: Date.now() };
    try {
      const outcome = await Excel.run(RUN, async (context) => {
        const ws = context.workbook.worksheets.getItem(name);
        // First sync: what each target holds now (the user may have typed over it since the add-in
        // read it), and its number format: the apostrophe that keeps text as text in a General cell
        // would become part of the text in a Text ("@") cell.
        const targets = writes.map((w) => ({
          w,
          range: ws.getRange(w.cell).load("values,numberFormat"),
        }));
        await context.sync();
        const written: string[] = [];
        const changed: { cell: string; now: CellValue }[] = [];
        for (const { w, range } of targets) {
          const now = range.values[0]?.[0] as CellValue;
          if (!sameCellValue(now, w.expected)) {
            changed.push({ cell: w.cell, now });
            continue;
          }
          const text = range.numberFormat[0]?.[0] === "@" && typeof w.value === "string";
          range.values = [[text ? w.value : asExcelInput(w.value)]];
          written.push(w.cell);
        }
        if (written.length > 0) await context.sync();
        return { written, changed };
      });
      this.ownWrites = { rows, at: Date.now() };
      return outcome;
    } catch (error) {
      if (errorCode(error) === "AccessDenied")
        throw new Error(
          `Excel refused to change "${name}": it is protected. Unprotect it (Review > Unprotect Sheet) to fix values from the pane.`
        );
      throw error;
    }
  }

  async loadSettings(): Promise<WorkbookSettings> {
    return Excel.run(RUN, async (context) => {
      const item = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
      item.load("value");
      await context.sync();
      if (item.isNullObject) return {};
      try {
        const value: unknown = typeof item.value === "string" ? JSON.parse(item.value) : item.value;
        return typeof value === "object" && value !== null ? (value as WorkbookSettings) : {};
      } catch {
        return {}; // a damaged setting is not worth failing the pane for
      }
    });
  }

  async saveSettings(settings: WorkbookSettings): Promise<void> {
    await Excel.run(RUN, async (context) => {
      context.workbook.settings.add(SETTINGS_KEY, JSON.stringify(settings));
      await context.sync();
    });
  }

  /**
   * The MA file's lines on a sheet of its own (the Mac fallback): a name no sheet has, so an
   * earlier export or a sheet of the supplier's is never replaced; never half written.
   */
  async writeTextSheet(baseName: string, lines: readonly string[]): Promise<string> {
    const refused = "Unprotect it (Review > Protect Workbook) and export again.";
    return this.onNewSheet(baseName, refused, async (context, ws) => {
      // Text format first, so Excel keeps every line as written; blocks keep each request under 5 MB.
      for (let at = 0; at < lines.length; at += BLOCK_ROWS) {
        // Each block is sent before the next is queued, so no request passes Excel on the web's 5 MB.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        if (at > 0) await context.sync();
        const block = lines.slice(at, at + BLOCK_ROWS);
        const range = ws.getRangeByIndexes(at, 0, block.length, 1);
        range.numberFormat = block.map(() => ["@"]);
        range.values = block.map((line) => [line]);
      }
      if (lines.length > 0) ws.getRangeByIndexes(0, 0, lines.length, 1).format.autofitColumns();
    });
  }

  // ---------------------------------------------------------------- following the user, sharing

  async watchSelection(
    name: string,
    onSelect: (cell: string) => void
  ): Promise<() => Promise<void>> {
    const registration = await Excel.run(RUN, async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      const result = ws.onSelectionChanged.add(async (event) => {
        const topLeft = activeCellOf(event.address);
        if (!topLeft) return;
        // The event names the selected range; its active cell (where the user started a drag) is
        // asked for only when the range is more than one cell.
        const single = !/[:,]/.test(event.address);
        onSelect(single ? topLeft : ((await activeCellOn(name)) ?? topLeft));
      });
      await context.sync();
      return result;
    });
    return () => removeHandlers([registration]);
  }

  async watchWorkbook(onChange: () => void): Promise<() => Promise<void>> {
    const registrations = await Excel.run(RUN, async (context) => {
      const sheets = context.workbook.worksheets;
      const handler = async () => onChange();
      const results = [sheets.onAdded.add(handler)];
      // Changes on any sheet need ExcelApi 1.9 (the manifest's minimum; tested all the same, as
      // without it a new sheet and Look again still work).
      if (isExcelApiSupported("1.9")) results.push(sheets.onChanged.add(handler));
      await context.sync();
      return results;
    });
    return () => removeHandlers(registrations);
  }

  /** The findings as a table on a sheet of its own, each cell a link to the cell of `target`. */
  async writeFindingsSheet(baseName: string, table: TextTable, target: string): Promise<string> {
    const refused = "Use Copy all findings instead, or unprotect it (Review > Protect Workbook).";
    return this.onNewSheet(baseName, refused, async (context, ws) => {
      await writeTable(context, ws, table, target);
      ws.getRangeByIndexes(
        0,
        0,
        table.rows.length + 1,
        table.header.length
      ).format.autofitColumns();
    });
  }

  /**
   * Adds a sheet of its own (a name no sheet has, so no sheet of the supplier's is ever touched),
   * lets `write` fill it, and shows it. If any write fails, the new sheet is deleted again: never
   * a half-written sheet.
   */
  private async onNewSheet(
    baseName: string,
    /** What to do when Excel refuses a new sheet (a protected structure). */
    refused: string,
    write: (context: Excel.RequestContext, ws: Excel.Worksheet) => Promise<void>
  ): Promise<string> {
    return Excel.run(RUN, async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const name = uniqueSheetName(
        sheetNameFrom(baseName),
        sheets.items.map((s) => s.name)
      );
      const ws = sheets.add(name);
      try {
        await context.sync();
      } catch (error) {
        if (errorCode(error) === "AccessDenied")
          throw new Error(
            `Excel refused to add a sheet: the workbook's structure is protected. ${refused}`
          );
        throw error;
      }
      try {
        await write(context, ws);
        ws.activate();
        await context.sync();
      } catch (error) {
        ws.delete();
        await context.sync().catch(() => undefined);
        throw error;
      }
      return name;
    });
  }
}

/**
 * The table's header and rows as text ("@" first, so no message turns into a number or a formula),
 * the first column then as links to each cell of `target`. One sync per block, each under the
 * request cap; a block Excel refuses as too big (or with GeneralException, as Excel on the web
 * does) is written again as two halves.
 */
async function writeTable(
  context: Excel.RequestContext,
  ws: Excel.Worksheet,
  table: TextTable,
  target: string
): Promise<void> {
  const width = table.header.length;
  const rows = [table.header, ...table.rows];
  let blockRows = BLOCK_ROWS;
  let generalRetries = 0;
  for (let at = 0; at < rows.length;) {
    const block = rows.slice(at, at + blockRows);
    const range = ws.getRangeByIndexes(at, 0, block.length, width);
    range.numberFormat = block.map(() => Array.from({ length: width }, () => "@"));
    range.values = block.map((r) => [...r]);
    const links = at === 0 ? block.slice(1) : block;
    if (links.length > 0) {
      const column = ws.getRangeByIndexes(at === 0 ? 1 : at, 0, links.length, 1);
      column.numberFormat = links.map(() => ["General"]);
      column.formulas = links.map((r) => [cellLink(target, r[0])]);
    }
    try {
      // One sync per block on purpose: a block too big for the request cap is sent again halved.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (error) {
      const code = errorCode(error);
      const general = code === "GeneralException" && generalRetries < GENERAL_EXCEPTION_RETRIES;
      if (block.length === 1 || !(isPayloadTooBig(code) || general)) throw error;
      if (general) generalRetries++;
      blockRows = Math.ceil(block.length / 2);
      continue;
    }
    at += block.length;
  }
}

/** The active cell of a selection address ("Sheet1!B3:D9" → "B3"). */
export function activeCellOf(address: string): string | null {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const first = bare.split(/[:,]/)[0].replace(/\$/g, "").toUpperCase();
  return /^[A-Z]{1,3}\d+$/.test(first) ? first : null;
}

/** The active cell, if it is on this sheet (ExcelApi 1.7; null where Excel cannot say). */
async function activeCellOn(sheet: string): Promise<string | null> {
  if (!isExcelApiSupported("1.7")) return null;
  try {
    return await Excel.run(RUN, async (context) => {
      const cell = context.workbook.getActiveCell().load("address");
      const ws = cell.worksheet.load("name");
      await context.sync();
      return ws.name === sheet ? activeCellOf(cell.address) : null;
    });
  } catch {
    return null; // the top-left cell will do
  }
}

/** `=HYPERLINK("#'Sheet'!A25","A25")`: works in every Excel, and in the printed sheet it is the address. */
export function cellLink(sheet: string, cell: string): string {
  const at = /^[A-Z]{1,3}\d+$/.test(cell) ? cell : "A1";
  const ref = `#'${sheet.replace(/'/g, "''")}'!${at}`;
  return `=HYPERLINK("${ref.replace(/"/g, '""')}","${cell.replace(/"/g, '""')}")`;
}

function uniqueSheetName(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** Stops event handlers, in the context they were added in (waiting while the user edits a cell). */
async function removeHandlers(
  registrations: readonly OfficeExtension.EventHandlerResult<unknown>[]
): Promise<void> {
  const first = registrations[0];
  if (!first) return;
  await Excel.run({ ...RUN, previousObjects: first.context }, async (context) => {
    for (const r of registrations) r.remove();
    await context.sync();
  });
}

/**
 * Excel reads what is written into a General cell as if typed: digit strings become numbers, ISO
 * text and "1-Jan" dates, "10%" a percentage, "TRUE" a boolean, "#N/A" an error, "=…", "+…",
 * "-…" and "@…" formulas, and a leading apostrophe is taken as the prefix. A leading apostrophe
 * keeps such text exactly as written; plain words (no digit) need none.
 */
export function asExcelInput(value: string | number | boolean | null): string | number | boolean {
  if (value === null) return "";
  if (typeof value !== "string") return value;
  const t = value.trim();
  const convertible =
    /\d/.test(value) || /^[=+\-@']/.test(value) || /^(true|false)$/i.test(t) || t.startsWith("#");
  return convertible ? `'${value}` : value;
}

/** An edited range as a bounded address: whole rows become the columns read. */
function boundedAddress(
  span: { firstRow: number; lastRow: number; firstColumn: number; lastColumn: number },
  width: number
): string {
  const first = span.firstColumn < 0 ? 0 : span.firstColumn;
  const last = span.firstColumn < 0 ? Math.max(width, 1) - 1 : span.lastColumn;
  return `${columnLetters(first)}${span.firstRow}:${columnLetters(last)}${span.lastRow}`;
}

/** Excel on the web refuses a request or a response over 5 MB with one of these codes. */
function isPayloadTooBig(code: string): boolean {
  return code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded";
}

function sheetNameFrom(base: string): string {
  return base.replace(/[\\/?*[\]:]/g, "_").slice(0, 31);
}
