/**
 * An in-memory WorkbookHost for the task-pane tests: sheets are 2-D arrays of cell values (row 0 is
 * the header, sheet row 1), and every call the Workbench makes is recorded. `watch` keeps the
 * callback so a test can type into a cell (`edit`) and the Workbench follows as it would in Excel.
 */
import { columnLetters, parseCellAddress } from "../../src/domain/address";
import { sameCellValue } from "../../src/domain/cellValue";
import type { CellValue, DateSystem } from "../../src/domain/types";
import type {
  CellWrite,
  HighlightChange,
  HostPlatform,
  ReadProgress,
  SheetHeader,
  SheetChange,
  SheetSnapshot,
  TextTable,
  WorkbookHost,
  WorkbookSettings,
  WriteOutcome,
} from "../../src/host/hostApi";

export interface MemoryHostOptions {
  platform?: HostPlatform;
  settings?: WorkbookSettings;
  dateSystem?: DateSystem;
}

export class MemoryHost implements WorkbookHost {
  readonly platform: HostPlatform;
  readonly sheets = new Map<string, CellValue[][]>();
  settings: WorkbookSettings;
  readonly dateSystem: DateSystem;

  /** Recorded calls, in order. */
  readonly selects: { sheet: string; cell: string }[] = [];
  readonly paints: { sheet: string; changes: HighlightChange[] }[] = [];
  readonly writes: { sheet: string; writes: CellWrite[] }[] = [];
  readonly savedSettings: WorkbookSettings[] = [];
  readonly textSheets: { name: string; lines: string[] }[] = [];
  readonly cleared: string[] = [];
  /** Current highlight of each painted cell, per sheet. */
  readonly highlights = new Map<string, Map<string, HighlightChange["severity"]>>();

  readonly findingsSheets: { name: string; table: TextTable; target: string }[] = [];

  private readonly watchers = new Map<string, (change: SheetChange) => void>();
  private readonly selectionWatchers = new Map<string, (cell: string) => void>();
  private workbookWatcher: (() => void) | null = null;

  constructor(sheets: Record<string, CellValue[][]>, options: MemoryHostOptions = {}) {
    for (const [name, rows] of Object.entries(sheets))
      this.sheets.set(
        name,
        rows.map((r) => [...r])
      );
    this.platform = options.platform ?? "PC";
    this.settings = { ...(options.settings ?? {}) };
    this.dateSystem = options.dateSystem ?? 1900;
  }

  // ------------------------------------------------------------ WorkbookHost

  async findSheets(): Promise<SheetHeader[]> {
    return [...this.sheets].map(([name, rows]) => ({ name, header: [...(rows[0] ?? [])] }));
  }

  async readSheet(name: string, onProgress?: ReadProgress): Promise<SheetSnapshot> {
    const rows = this.sheet(name);
    const data = rows.slice(1, this.lastUsedRow(rows)).map((r) => [...r]);
    onProgress?.(data.length, data.length);
    return { name, header: [...(rows[0] ?? [])], rows: data, dateSystem: this.dateSystem };
  }

  async readRows(name: string, firstRow: number, lastRow: number): Promise<CellValue[][]> {
    const rows = this.sheet(name);
    const width = rows[0]?.length ?? 0;
    const out: CellValue[][] = [];
    for (let r = firstRow; r <= lastRow; r++) {
      const row = rows[r - 1] ?? [];
      out.push(Array.from({ length: Math.max(width, row.length) }, (_, c) => row[c] ?? null));
    }
    return out;
  }

  async watch(name: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>> {
    this.watchers.set(name, onChange);
    return async () => {
      if (this.watchers.get(name) === onChange) this.watchers.delete(name);
    };
  }

  async paint(name: string, changes: readonly HighlightChange[]): Promise<void> {
    this.paints.push({ sheet: name, changes: [...changes] });
    let map = this.highlights.get(name);
    if (!map) this.highlights.set(name, (map = new Map()));
    for (const c of changes) {
      if (c.severity) map.set(c.cell, c.severity);
      else map.delete(c.cell);
    }
  }

  async clearHighlights(name: string): Promise<void> {
    this.cleared.push(name);
    this.highlights.delete(name);
  }

  async select(name: string, cell: string): Promise<void> {
    this.selects.push({ sheet: name, cell });
  }

  async writeValues(name: string, writes: readonly CellWrite[]): Promise<WriteOutcome> {
    this.writes.push({ sheet: name, writes: [...writes] });
    let first = Infinity;
    let last = 0;
    const written: string[] = [];
    const changed: { cell: string; now: CellValue }[] = [];
    for (const w of writes) {
      const now = this.cell(name, w.cell);
      if (!sameCellValue(now, w.expected)) {
        changed.push({ cell: w.cell, now });
        continue;
      }
      const row = this.setCell(name, w.cell, w.value);
      written.push(w.cell);
      first = Math.min(first, row);
      last = Math.max(last, row);
    }
    // Excel raises a change event for the add-in's own writes too.
    if (written.length > 0)
      this.watchers.get(name)?.({
        kind: "cells",
        firstRow: first,
        lastRow: last,
        byThisAddin: true,
      });
    return { written, changed };
  }

  async loadSettings(): Promise<WorkbookSettings> {
    return { ...this.settings };
  }

  async saveSettings(settings: WorkbookSettings): Promise<void> {
    this.settings = { ...settings };
    this.savedSettings.push({ ...settings });
  }

  async writeTextSheet(baseName: string, lines: readonly string[]): Promise<string> {
    let name = baseName.slice(0, 31);
    for (let n = 2; this.sheets.has(name); n++) name = `${baseName.slice(0, 28)} (${n})`;
    this.sheets.set(
      name,
      lines.map((l) => [l])
    );
    this.textSheets.push({ name, lines: [...lines] });
    return name;
  }

  async watchSelection(
    name: string,
    onSelect: (cell: string) => void
  ): Promise<() => Promise<void>> {
    this.selectionWatchers.set(name, onSelect);
    return async () => {
      if (this.selectionWatchers.get(name) === onSelect) this.selectionWatchers.delete(name);
    };
  }

  async watchWorkbook(onChange: () => void): Promise<() => Promise<void>> {
    this.workbookWatcher = onChange;
    return async () => {
      if (this.workbookWatcher === onChange) this.workbookWatcher = null;
    };
  }

  async writeFindingsSheet(baseName: string, table: TextTable, target: string): Promise<string> {
    let name = baseName.slice(0, 31);
    for (let n = 2; this.sheets.has(name); n++) name = `${baseName.slice(0, 27)} (${n})`;
    this.sheets.set(name, [[...table.header], ...table.rows.map((r) => [...r])]);
    this.findingsSheets.push({ name, table, target });
    return name;
  }

  // ------------------------------------------------------------ test helpers

  /** The user selects a cell in Excel. */
  selectCell(name: string, cell: string): void {
    this.selectionWatchers.get(name)?.(cell);
  }

  /** The user adds a sheet (with rows) while the pane is open. */
  addSheet(name: string, rows: CellValue[][]): void {
    this.sheets.set(
      name,
      rows.map((r) => [...r])
    );
    this.workbookWatcher?.();
  }

  /** The value of a cell (`C4`) now. */
  cell(name: string, address: string): CellValue {
    const at = parseCellAddress(address)!;
    return this.sheet(name)[at.row - 1]?.[at.column] ?? null;
  }

  /** Types a value into a cell as a user would: the sheet changes and the watcher hears of it. */
  edit(name: string, address: string, value: CellValue): void {
    const row = this.setCell(name, address, value);
    this.watchers.get(name)?.({ kind: "cells", firstRow: row, lastRow: row, byThisAddin: false });
  }

  /** Changes a cell with no change event yet (the user typed; Excel has not told the add-in). */
  setCellQuietly(name: string, address: string, value: CellValue): void {
    this.setCell(name, address, value);
  }

  isWatched(name: string): boolean {
    return this.watchers.has(name);
  }

  private setCell(name: string, address: string, value: CellValue): number {
    const at = parseCellAddress(address);
    if (!at) throw new Error(`Bad cell address ${address}`);
    const rows = this.sheet(name);
    while (rows.length < at.row) rows.push([]);
    const row = rows[at.row - 1];
    while (row.length <= at.column) row.push(null);
    row[at.column] = value;
    return at.row;
  }

  private sheet(name: string): CellValue[][] {
    const rows = this.sheets.get(name);
    if (!rows) throw new Error(`No sheet ${name}`);
    return rows;
  }

  private lastUsedRow(rows: CellValue[][]): number {
    for (let r = rows.length; r > 0; r--)
      if (rows[r - 1].some((v) => v !== null && v !== undefined && v !== "")) return r;
    return 0;
  }
}

/** A1 address for a zero-based column and a sheet row. */
export function addressOf(column: number, row: number): string {
  return `${columnLetters(column)}${row}`;
}
