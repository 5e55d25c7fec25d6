/**
 * The Excel host: the one place that calls Office.js. Every method is one `Excel.run` with as few
 * `context.sync()` calls as it can manage: a typed cell costs two (read the row with its fills,
 * then paint), a paste of n rows ⌈n / block⌉ + 2. Values are only ever written by `writeValues`,
 * i.e. on a fix the user asked for or its undo.
 */
import { columnLetters, parseCellAddress } from "../../domain/address";
import { headerScore } from "../../domain/header";
import { sameCellValue } from "../../domain/cellValue";
import type { CellValue, DateSystem, Severity } from "../../domain/types";
import type {
  CellWrite,
  HighlightChange,
  HostPlatform,
  ReadProgress,
  SheetCandidate,
  SheetChange,
  SheetSnapshot,
  TextTable,
  WorkbookHost,
  WorkbookSettings,
  WriteOutcome,
} from "../hostApi";
import {
  chunkAddressLists,
  compactRanges,
  rowsByColumn,
  parseRangeAddress,
  shiftCell,
} from "./addresses";

/**
 * Highlight colours. Deliberately one step off Excel's built-in "Bad" (#FFC7CE) and "Neutral"
 * (#FFEB9C) styles: a fill equal to ours is then certainly ours (e.g. after a sort moved it), and
 * never mistaken for the supplier's own formatting.
 */
export const HIGHLIGHT = { error: "#FFC7CF", warning: "#FFEB9D" } as const;

/** Rows per read: 13 columns × 5,000 rows stays far below Excel on the web's 5 MB request cap. */
export const BLOCK_ROWS = 5000;
/** Up to this many rows, a re-read also fetches the cells' fills, so painting needs no extra read. */
export const SMALL_READ_ROWS = 200;
/** Widest sheet we read: the profile has 13 columns; extra columns are only reported. */
const MAX_COLUMNS = 64;
const SETTINGS_KEY = "mamWorkbench";
/** Cells whose fills one sync may read: ~55 bytes of JSON each, so about 2 MB, far below the 5 MB cap. */
const FILL_READ_CELLS = 40_000;
/** Cells of a column this few rows apart have their fills read as one range rather than two. */
const FILL_READ_GAP = 8;
/** A change event within this long of our own write to the same rows is ours (older Excel lacks triggerSource). */
const OWN_WRITE_MS = 3000;

interface Fill {
  readonly color: string;
  /** False when the cell had no fill at all (restored with `clear()`, not with white). */
  readonly solid: boolean;
}
const NO_FILL: Fill = { color: "#FFFFFF", solid: false };

export function createExcelHost(): WorkbookHost {
  return new ExcelHost();
}

class ExcelHost implements WorkbookHost {
  readonly platform: HostPlatform = detectPlatform();
  /** Cells we highlighted: what we painted and the cell's own fill to restore. */
  private readonly painted = new Map<string, { severity: Severity; original: Fill }>();
  /** Fills read with the last small re-read, for cells we have not painted yet. */
  private readonly recentFills = new Map<string, Fill>();
  private ownWrites: { rows: Set<number>; at: number } | null = null;
  /** Columns read per sheet (from its used range at the last full read). */
  private readonly widths = new Map<string, number>();

  async findSheets(): Promise<SheetCandidate[]> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const headers = sheets.items.map((ws) => {
        const range = ws.getRangeByIndexes(0, 0, 1, MAX_COLUMNS);
        range.load("values");
        return { name: ws.name, range };
      });
      await context.sync();
      return headers
        .map(({ name, range }) => ({ name, score: headerScore(range.values[0] as CellValue[]) }))
        .sort((a, b) => b.score - a.score);
    });
  }

  async readSheet(name: string, onProgress?: ReadProgress): Promise<SheetSnapshot> {
    return Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      const used = ws.getUsedRangeOrNullObject(true);
      used.load("rowIndex,rowCount,columnIndex,columnCount");
      // DATE(1904,1,1) is serial 0 in the 1904 date system and 1462 in the 1900 one: asking Excel's
      // own function tells the workbook's date system on every API version, without writing a cell.
      const probe = context.workbook.functions.date(1904, 1, 1);
      probe.load("value");
      await context.sync();
      const dateSystem: DateSystem = probe.value === 0 ? 1904 : 1900;
      if (used.isNullObject) return { name, header: [], rows: [], dateSystem };
      const lastRow = used.rowIndex + used.rowCount; // 1-based last used row
      const width = Math.min(MAX_COLUMNS, used.columnIndex + used.columnCount);
      this.widths.set(name, width);
      this.recentFills.clear();
      const all = await this.readBlocks(context, ws, 1, lastRow, width, onProgress);
      return { name, header: all[0] ?? [], rows: all.slice(1), dateSystem };
    });
  }

  async readRows(name: string, firstRow: number, lastRow: number): Promise<CellValue[][]> {
    // The width is the one the last full read found: no extra round trip to ask for the used range.
    const width = this.widths.get(name) ?? MAX_COLUMNS;
    return Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      // Fills read before this re-read may be stale by the time its paint comes.
      this.recentFills.clear();
      if (lastRow - firstRow + 1 > SMALL_READ_ROWS)
        return this.readBlocks(context, ws, firstRow, lastRow, width);
      // Small edits (typing, a short paste): values and fills in ONE sync, then painting is the second.
      const range = ws.getRangeByIndexes(firstRow - 1, 0, lastRow - firstRow + 1, width);
      range.load("values");
      const fills = range.getCellProperties({ format: { fill: { color: true, pattern: true } } });
      try {
        await context.sync();
      } catch (error) {
        // Very wide or text-heavy rows: read the values alone (painting then reads the fills it needs).
        if (!isPayloadTooBig(error)) throw error;
        return this.readBlocks(context, ws, firstRow, lastRow, width);
      }
      // A ClientResult is filled by the sync above; it has no load() (the rule cannot tell).
      // eslint-disable-next-line office-addins/load-object-before-read
      this.rememberFills(firstRow, fills.value);
      return range.values as CellValue[][];
    });
  }

  /**
   * Reads rows firstRow..lastRow in blocks: one sync per block. A block too big for Excel on the
   * web's 5 MB payload cap (long texts in many columns) is read again with half the rows, and the
   * rest of the read keeps the smaller size.
   */
  private async readBlocks(
    context: Excel.RequestContext,
    ws: Excel.Worksheet,
    firstRow: number,
    lastRow: number,
    width: number,
    onProgress?: ReadProgress
  ): Promise<CellValue[][]> {
    const out: CellValue[][] = [];
    if (width === 0) return Array.from({ length: lastRow - firstRow + 1 }, () => []);
    const total = lastRow - firstRow + 1;
    let blockRows = BLOCK_ROWS;
    for (let row = firstRow; row <= lastRow;) {
      const count = Math.min(blockRows, lastRow - row + 1);
      const range = ws.getRangeByIndexes(row - 1, 0, count, width);
      range.load("values");
      try {
        // One sync per block on purpose: each block must arrive before the next one's size is
        // chosen (a block over Excel on the web's 5 MB cap is read again with half the rows).
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
      } catch (error) {
        if (count === 1 || !isPayloadTooBig(error)) throw error;
        blockRows = Math.ceil(count / 2);
        continue;
      }
      for (const values of range.values) out.push(values as CellValue[]);
      row += count;
      onProgress?.(out.length, total);
    }
    return out;
  }

  private rememberFills(firstRow: number, props: Excel.CellProperties[][]): void {
    this.recentFills.clear();
    props.forEach((row, r) => {
      for (let c = 0; c < row.length; c++) {
        this.recentFills.set(`${columnLetters(c)}${firstRow + r}`, fillOf(row[c]));
      }
    });
  }

  async watch(name: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>> {
    const registration = await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      ws.load("id");
      const result = ws.onChanged.add(async (event) => {
        const change = this.interpret(event);
        if (change) onChange(change);
        if (change?.kind === "rowsInserted")
          await this.uncopyHighlights(name, change.atRow, change.count);
      });
      await context.sync();
      return result;
    });
    return async () => {
      await Excel.run(registration.context, async (context) => {
        registration.remove();
        await context.sync();
      });
    };
  }

  /** Turns an Excel change event into a hint for the controller, keeping our highlight memory aligned. */
  private interpret(event: Excel.WorksheetChangedEventArgs): SheetChange | null {
    const span = parseRangeAddress(event.address);
    if (!span) return { kind: "unknown" };
    switch (event.changeType) {
      case "RowInserted": {
        const count = span.lastRow - span.firstRow + 1;
        this.shiftMemory(span.firstRow, count);
        return { kind: "rowsInserted", atRow: span.firstRow, count };
      }
      case "RowDeleted": {
        const count = span.lastRow - span.firstRow + 1;
        this.forgetRows(span.firstRow, span.lastRow);
        this.shiftMemory(span.lastRow + 1, -count);
        return { kind: "rowsDeleted", atRow: span.firstRow, count };
      }
      case "RangeEdited": {
        if (!Number.isFinite(span.lastRow)) return { kind: "unknown" };
        return {
          kind: "cells",
          firstRow: span.firstRow,
          lastRow: span.lastRow,
          byThisAddin: this.isOwnWrite(event, span.firstRow, span.lastRow),
        };
      }
      default:
        // Columns or shifted cells moved: our address-keyed memory cannot follow them exactly.
        this.painted.clear();
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

  /**
   * Excel gives inserted rows the formats of the row above, our highlights included: put the
   * fill that row's cells had of their own on the new cells, or a blank new row would show an
   * error (and nothing would ever take it away). One sync, only when the row above had any.
   */
  private async uncopyHighlights(name: string, atRow: number, count: number): Promise<void> {
    const byColor = new Map<string, string[]>();
    for (const [cell, { original }] of this.painted) {
      const at = parseCellAddress(cell);
      if (!at || at.row !== atRow - 1) continue;
      const key = original.solid ? original.color : "";
      const list = byColor.get(key) ?? [];
      for (let row = atRow; row < atRow + count; row++)
        list.push(`${columnLetters(at.column)}${row}`);
      byColor.set(key, list);
    }
    if (byColor.size === 0) return;
    try {
      await Excel.run({ delayForCellEdit: true }, async (context) => {
        const ws = context.workbook.worksheets.getItem(name);
        for (const [color, cells] of byColor) {
          for (const list of chunkAddressLists(compactRanges(cells))) {
            // A write, not a read: nothing to load (the rule takes the navigation for a read).
            // eslint-disable-next-line office-addins/load-object-before-read
            const fill = ws.getRanges(list).format.fill;
            if (color === "") fill.clear();
            else fill.color = color;
          }
        }
        await context.sync();
      });
    } catch {
      // Cosmetic and best effort (the sheet may be gone already): never fail the event handler.
    }
  }

  private shiftMemory(fromRow: number, by: number): void {
    const moved = [...this.painted.entries()];
    this.painted.clear();
    for (const [cell, entry] of moved) {
      const next = shiftCell(cell, fromRow, by);
      if (next) this.painted.set(next, entry);
    }
  }

  private forgetRows(firstRow: number, lastRow: number): void {
    for (const cell of [...this.painted.keys()]) {
      const row = parseCellAddress(cell)?.row ?? 0;
      if (row >= firstRow && row <= lastRow) this.painted.delete(cell);
    }
  }

  async paint(name: string, changes: readonly HighlightChange[]): Promise<void> {
    const toPaint = new Map<string, Severity>();
    const toRestore: string[] = [];
    for (const { cell, severity } of changes) {
      const current = this.painted.get(cell);
      if (severity === null || severity === "info") {
        if (current) toRestore.push(cell);
      } else if (current?.severity !== severity) {
        toPaint.set(cell, severity);
      }
    }
    if (toPaint.size === 0 && toRestore.length === 0) return;
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      // Cells painted for the first time: their own fill must be known before we cover it.
      const unknown = [...toPaint.keys()].filter(
        (cell) => !this.painted.has(cell) && !this.recentFills.has(cell)
      );
      if (unknown.length > 0) await readFills(context, ws, unknown, this.recentFills);
      const restores = new Map<string, string[]>();
      for (const cell of toRestore) {
        const { original } = this.painted.get(cell)!;
        const key = original.solid ? original.color : "";
        const list = restores.get(key);
        if (list) list.push(cell);
        else restores.set(key, [cell]);
        this.painted.delete(cell);
      }
      const paints: Record<Severity, string[]> = { error: [], warning: [], info: [] };
      for (const [cell, severity] of toPaint) {
        const original =
          this.painted.get(cell)?.original ?? ownFillAsNone(this.recentFills.get(cell) ?? NO_FILL);
        this.painted.set(cell, { severity, original });
        paints[severity].push(cell);
      }
      for (const [color, cells] of restores) {
        for (const list of chunkAddressLists(compactRanges(cells))) {
          // A write, not a read: nothing to load (the rule takes the navigation for a read).
          // eslint-disable-next-line office-addins/load-object-before-read
          const fill = ws.getRanges(list).format.fill;
          if (color === "") fill.clear();
          else fill.color = color;
        }
      }
      for (const severity of ["error", "warning"] as const) {
        for (const list of chunkAddressLists(compactRanges(paints[severity])))
          ws.getRanges(list).format.fill.color = HIGHLIGHT[severity];
      }
      await context.sync();
      this.recentFills.clear();
    });
  }

  async clearHighlights(name: string): Promise<void> {
    const all = [...this.painted.keys()].map((cell) => ({ cell, severity: null }));
    await this.paint(name, all);
  }

  async select(name: string, cell: string): Promise<void> {
    await Excel.run(async (context) => {
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
    const outcome = await Excel.run(async (context) => {
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
  }

  async loadSettings(): Promise<WorkbookSettings> {
    return Excel.run(async (context) => {
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
    await Excel.run(async (context) => {
      context.workbook.settings.add(SETTINGS_KEY, JSON.stringify(settings));
      await context.sync();
    });
  }

  async writeTextSheet(baseName: string, lines: readonly string[]): Promise<string> {
    // office-js-helpers earns its place here (re-creating a report sheet safely); loaded on demand
    // so its weight stays out of the task pane's startup.
    const { ExcelUtilities } = await import(
      /* webpackChunkName: "office-helpers" */ "@microsoft/office-js-helpers"
    );
    return Excel.run(async (context) => {
      const name = sheetNameFrom(baseName);
      const ws = await ExcelUtilities.forceCreateSheet(context.workbook, name);
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
      ws.activate();
      await context.sync();
      return name;
    });
  }

  // ---------------------------------------------------------------- following the user, sharing

  async watchSelection(
    name: string,
    onSelect: (cell: string) => void
  ): Promise<() => Promise<void>> {
    const registration = await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      const result = ws.onSelectionChanged.add(async (event) => {
        const cell = activeCellOf(event.address);
        if (cell) onSelect(cell);
      });
      await context.sync();
      return result;
    });
    return () => removeHandlers([registration]);
  }

  async watchWorkbook(onChange: () => void): Promise<() => Promise<void>> {
    const registrations = await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const handler = async () => onChange();
      const results = [sheets.onAdded.add(handler)];
      // Changes on any sheet need ExcelApi 1.9; without it, a new sheet or Look again still work.
      if (Office.context.requirements.isSetSupported("ExcelApi", "1.9"))
        results.push(sheets.onChanged.add(handler));
      await context.sync();
      return results;
    });
    return () => removeHandlers(registrations);
  }

  async writeFindingsSheet(baseName: string, table: TextTable, target: string): Promise<string> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const name = uniqueSheetName(
        sheetNameFrom(baseName),
        sheets.items.map((s) => s.name)
      );
      const ws = sheets.add(name);
      const width = table.header.length;
      const rows = [table.header, ...table.rows];
      // Text format first, so messages and codes stay text; then the cell column as links.
      for (let at = 0; at < rows.length; at += BLOCK_ROWS) {
        // Each block is sent before the next is queued, so no request passes Excel on the web's 5 MB.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        if (at > 0) await context.sync();
        const block = rows.slice(at, at + BLOCK_ROWS);
        const range = ws.getRangeByIndexes(at, 0, block.length, width);
        range.numberFormat = block.map(() => Array.from({ length: width }, () => "@"));
        range.values = block.map((r) => [...r]);
        if (at === 0) block.shift();
        if (block.length > 0) {
          const first = at === 0 ? 1 : at;
          const links = ws.getRangeByIndexes(first, 0, block.length, 1);
          links.numberFormat = block.map(() => ["General"]);
          links.formulas = block.map((r) => [cellLink(target, r[0])]);
        }
      }
      ws.getRangeByIndexes(0, 0, rows.length, width).format.autofitColumns();
      ws.activate();
      await context.sync();
      return name;
    });
  }
}

/** The active cell of a selection address ("Sheet1!B3:D9" → "B3"). */
export function activeCellOf(address: string): string | null {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const first = bare.split(/[:,]/)[0].replace(/\$/g, "").toUpperCase();
  return /^[A-Z]{1,3}\d+$/.test(first) ? first : null;
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

async function removeHandlers(
  registrations: readonly OfficeExtension.EventHandlerResult<unknown>[]
): Promise<void> {
  const first = registrations[0];
  if (!first) return;
  await Excel.run(first.context, async (context) => {
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

/** A fill that is one of our highlight colours was left by us (a sort moved it): the cell's own fill is none. */
function ownFillAsNone(fill: Fill): Fill {
  const upper = fill.color.toUpperCase();
  return upper === HIGHLIGHT.error || upper === HIGHLIGHT.warning ? NO_FILL : fill;
}

function fillOf(props: Excel.CellProperties | undefined): Fill {
  const fill = props?.format?.fill;
  if (!fill || !fill.color || fill.pattern === "None") return NO_FILL;
  return { color: fill.color.toUpperCase(), solid: true };
}

/**
 * Reads the fills of scattered cells into `into`: per column, one range per run of nearby rows
 * (a whole pasted column is one range), as few syncs as keep each response well under the cap.
 */
async function readFills(
  context: Excel.RequestContext,
  ws: Excel.Worksheet,
  cells: readonly string[],
  into: Map<string, Fill>
): Promise<void> {
  const byColumn = rowsByColumn(cells);
  let pending: {
    column: number;
    firstRow: number;
    rows: number[];
    props: OfficeExtension.ClientResult<Excel.CellProperties[][]>;
  }[] = [];
  let pendingCells = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await context.sync();
    for (const { column, firstRow, rows, props } of pending) {
      for (const row of rows)
        into.set(`${columnLetters(column)}${row}`, fillOf(props.value[row - firstRow]?.[0]));
    }
    pending = [];
    pendingCells = 0;
  };
  for (const [column, rows] of byColumn) {
    rows.sort((a, b) => a - b);
    let i = 0;
    while (i < rows.length) {
      let j = i + 1;
      while (
        j < rows.length &&
        rows[j] - rows[j - 1] <= FILL_READ_GAP &&
        rows[j] - rows[i] < FILL_READ_CELLS
      )
        j++;
      const firstRow = rows[i];
      const count = rows[j - 1] - firstRow + 1;
      if (pendingCells + count > FILL_READ_CELLS) await flush();
      const props = ws
        .getRangeByIndexes(firstRow - 1, column, count, 1)
        .getCellProperties({ format: { fill: { color: true, pattern: true } } });
      pending.push({ column, firstRow, rows: rows.slice(i, j), props });
      pendingCells += count;
      i = j;
    }
  }
  await flush();
}

/** Excel on the web refuses a request or a response over 5 MB with one of these codes. */
function isPayloadTooBig(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded";
}

function sheetNameFrom(base: string): string {
  return base.replace(/[\\/?*[\]:]/g, "_").slice(0, 31);
}

function detectPlatform(): HostPlatform {
  try {
    const p = String(Office.context.platform ?? "");
    const known: HostPlatform[] = ["PC", "Mac", "OfficeOnline", "iOS", "Android", "Universal"];
    return (known as string[]).includes(p) ? (p as HostPlatform) : "Unknown";
  } catch {
    return "Unknown";
  }
}
