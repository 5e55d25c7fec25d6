/**
 * The Excel host: the one place that calls Office.js. Every method is one `Excel.run` with as few
 * `context.sync()` calls as it can manage: a typed cell costs two (read the row with its fills,
 * then paint), a paste of n rows ⌈n / block⌉ + 2. Values are only ever written by `writeValues`,
 * i.e. on a fix the user asked for or its undo.
 */
import { columnLetters, parseCellAddress } from "../../domain/address";
import { headerScore } from "../../domain/header";
import type { CellValue, DateSystem, Severity } from "../../domain/types";
import type {
  CellWrite,
  HighlightChange,
  HostPlatform,
  ReadProgress,
  SheetCandidate,
  SheetChange,
  SheetSnapshot,
  WorkbookHost,
  WorkbookSettings,
} from "../hostApi";
import { chunkAddressLists, compactRanges, parseRangeAddress, shiftCell } from "./addresses";

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
/** A change event within this long of our own write to the same cells is ours (older Excel lacks triggerSource). */
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
  private ownWrites: { cells: Set<string>; at: number } | null = null;
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
      const all = await this.readBlocks(context, ws, 1, lastRow, width, onProgress);
      return { name, header: all[0] ?? [], rows: all.slice(1), dateSystem };
    });
  }

  async readRows(name: string, firstRow: number, lastRow: number): Promise<CellValue[][]> {
    // The width is the one the last full read found: no extra round trip to ask for the used range.
    const width = this.widths.get(name) ?? MAX_COLUMNS;
    return Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      if (lastRow - firstRow + 1 > SMALL_READ_ROWS) return this.readBlocks(context, ws, firstRow, lastRow, width);
      // Small edits (typing, a short paste): values and fills in ONE sync, then painting is the second.
      const range = ws.getRangeByIndexes(firstRow - 1, 0, lastRow - firstRow + 1, width);
      range.load("values");
      const fills = range.getCellProperties({ format: { fill: { color: true, pattern: true } } });
      await context.sync();
      this.rememberFills(firstRow, fills.value);
      return range.values as CellValue[][];
    });
  }

  /** Reads rows firstRow..lastRow in blocks: one sync per block. */
  private async readBlocks(
    context: Excel.RequestContext,
    ws: Excel.Worksheet,
    firstRow: number,
    lastRow: number,
    width: number,
    onProgress?: ReadProgress,
  ): Promise<CellValue[][]> {
    const out: CellValue[][] = [];
    if (width === 0) return Array.from({ length: lastRow - firstRow + 1 }, () => []);
    const total = lastRow - firstRow + 1;
    for (let row = firstRow; row <= lastRow; row += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, lastRow - row + 1);
      const range = ws.getRangeByIndexes(row - 1, 0, count, width);
      range.load("values");
      await context.sync();
      for (const values of range.values) out.push(values as CellValue[]);
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
        return { kind: "cells", firstRow: span.firstRow, lastRow: span.lastRow, byThisAddin: this.isOwnWrite(event, span.firstRow, span.lastRow) };
      }
      default:
        // Columns or shifted cells moved: our address-keyed memory cannot follow them exactly.
        this.painted.clear();
        return { kind: "unknown" };
    }
  }

  private isOwnWrite(event: Excel.WorksheetChangedEventArgs, firstRow: number, lastRow: number): boolean {
    if (event.triggerSource === "ThisLocalAddin") return true;
    if (event.triggerSource === "Unknown") return false;
    // Older Excel has no triggerSource: match against what we wrote a moment ago.
    const own = this.ownWrites;
    if (!own || Date.now() - own.at > OWN_WRITE_MS || event.source !== "Local") return false;
    for (let row = firstRow; row <= lastRow; row++) {
      let mine = false;
      for (const cell of own.cells) if (parseCellAddress(cell)?.row === row) mine = true;
      if (!mine) return false;
    }
    return true;
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
      const unknown = [...toPaint.keys()].filter((cell) => !this.painted.has(cell) && !this.recentFills.has(cell));
      if (unknown.length > 0) {
        const reads = readFills(ws, unknown);
        await context.sync();
        for (const read of reads) read.collect(this.recentFills);
      }
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
        const original = this.painted.get(cell)?.original ?? ownFillAsNone(this.recentFills.get(cell) ?? NO_FILL);
        this.painted.set(cell, { severity, original });
        paints[severity].push(cell);
      }
      for (const [color, cells] of restores) {
        for (const list of chunkAddressLists(compactRanges(cells))) {
          const fill = ws.getRanges(list).format.fill;
          if (color === "") fill.clear();
          else fill.color = color;
        }
      }
      for (const severity of ["error", "warning"] as const) {
        for (const list of chunkAddressLists(compactRanges(paints[severity]))) ws.getRanges(list).format.fill.color = HIGHLIGHT[severity];
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

  async writeValues(name: string, writes: readonly CellWrite[]): Promise<void> {
    if (writes.length === 0) return;
    this.ownWrites = { cells: new Set(writes.map((w) => w.cell)), at: Date.now() };
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(name);
      for (const w of writes) ws.getRange(w.cell).values = [[asExcelInput(w.value)]];
      await context.sync();
    });
    this.ownWrites = { cells: this.ownWrites.cells, at: Date.now() };
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
    const { ExcelUtilities } = await import(/* webpackChunkName: "office-helpers" */ "@microsoft/office-js-helpers");
    return Excel.run(async (context) => {
      const name = sheetNameFrom(baseName);
      const ws = await ExcelUtilities.forceCreateSheet(context.workbook, name);
      if (lines.length > 0) {
        const range = ws.getRangeByIndexes(0, 0, lines.length, 1);
        range.numberFormat = lines.map(() => ["@"]);
        range.values = lines.map((line) => [line]);
        range.format.autofitColumns();
      }
      ws.activate();
      await context.sync();
      return name;
    });
  }
}

/** Excel turns digit strings into numbers and ISO text into dates: a leading apostrophe keeps text as written. */
export function asExcelInput(value: string | number | boolean | null): string | number | boolean {
  if (value === null) return "";
  if (typeof value !== "string") return value;
  if (/^[\s\d.,+\-/:eE]+$/.test(value) && /\d/.test(value)) return `'${value}`;
  return value;
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

/** Loads the fills of scattered cells, one rectangle per run of nearby rows. */
function readFills(ws: Excel.Worksheet, cells: readonly string[]): { collect(into: Map<string, Fill>): void }[] {
  const parsed = cells.map((cell) => parseCellAddress(cell)!).filter(Boolean).sort((a, b) => a.row - b.row);
  const reads: { collect(into: Map<string, Fill>): void }[] = [];
  let i = 0;
  while (i < parsed.length) {
    const startRow = parsed[i].row;
    let j = i;
    let minCol = parsed[i].column;
    let maxCol = parsed[i].column;
    while (j < parsed.length && parsed[j].row - startRow < 2000 && (j === i || parsed[j].row - parsed[j - 1].row <= 50)) {
      minCol = Math.min(minCol, parsed[j].column);
      maxCol = Math.max(maxCol, parsed[j].column);
      j++;
    }
    const endRow = parsed[j - 1].row;
    const props = ws
      .getRangeByIndexes(startRow - 1, minCol, endRow - startRow + 1, maxCol - minCol + 1)
      .getCellProperties({ format: { fill: { color: true, pattern: true } } });
    const group = parsed.slice(i, j);
    reads.push({
      collect(into) {
        for (const { row, column } of group) into.set(`${columnLetters(column)}${row}`, fillOf(props.value[row - startRow]?.[column - minCol]));
      },
    });
    i = j;
  }
  return reads;
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
