/**
 * What the task pane needs from the spreadsheet it runs in. Excel implements it in
 * src/host/excel/ (the only Office.js code); tests implement it in memory. No Office types here.
 */
import type { CellValue, DateSystem, Severity } from "../domain/types";

export interface SheetCandidate {
  readonly name: string;
  /** Share of the profile's columns found in the sheet's first row (0-1). */
  readonly score: number;
}

export interface SheetSnapshot {
  readonly name: string;
  readonly header: CellValue[];
  /** Data rows from sheet row 2 to the last used row. */
  readonly rows: CellValue[][];
  readonly dateSystem: DateSystem;
}

/** A change on the watched sheet, as a hint: the controller re-reads what it names. */
export type SheetChange =
  /** Cells changed somewhere in sheet rows firstRow..lastRow (a typed cell, a paste, a fill-drag). */
  | {
      readonly kind: "cells";
      readonly firstRow: number;
      readonly lastRow: number;
      readonly byThisAddin: boolean;
    }
  | { readonly kind: "rowsInserted"; readonly atRow: number; readonly count: number }
  | { readonly kind: "rowsDeleted"; readonly atRow: number; readonly count: number }
  /** Something the add-in cannot follow precisely (sorting, columns inserted): re-check everything. */
  | { readonly kind: "unknown" };

/** The highlight a cell should show: red for errors, amber for warnings, none otherwise. */
export interface HighlightChange {
  /** A1 address on the watched sheet. */
  readonly cell: string;
  readonly severity: Severity | null;
}

export interface CellWrite {
  readonly cell: string;
  readonly value: string | number | boolean | null;
  /**
   * What the cell must still hold for the write to go ahead (compared with `sameCellValue`). The
   * add-in only ever writes over a value it has seen: a cell the user changed since is left alone.
   */
  readonly expected: CellValue;
}

/** What a guarded write did. */
export interface WriteOutcome {
  /** Cells written, in the order asked. */
  readonly written: readonly string[];
  /** Cells left alone because they no longer held the expected value, with what they hold now. */
  readonly changed: readonly { readonly cell: string; readonly now: CellValue }[];
}

export interface WorkbookSettings {
  readonly submitter?: string;
  readonly dco?: string;
  readonly sheet?: string;
  readonly testWorkbook?: boolean;
  readonly highlighting?: boolean;
}

export type HostPlatform =
  "PC" | "Mac" | "OfficeOnline" | "iOS" | "Android" | "Universal" | "Unknown";

export interface ReadProgress {
  (rowsRead: number, totalRows: number): void;
}

export interface WorkbookHost {
  readonly platform: HostPlatform;
  /** Every sheet whose first row looks like the profile's header, best first. */
  findSheets(): Promise<SheetCandidate[]>;
  /** Reads the whole used area of a sheet, in row blocks. */
  readSheet(name: string, onProgress?: ReadProgress): Promise<SheetSnapshot>;
  /** Re-reads sheet rows firstRow..lastRow (full width), in row blocks for big areas. */
  readRows(name: string, firstRow: number, lastRow: number): Promise<CellValue[][]>;
  /** Starts listening for changes on a sheet; resolves to a function that stops listening. */
  watch(name: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>>;
  /** Shows highlights; a cell's own fill is remembered the first time and restored when its highlight goes. */
  paint(name: string, changes: readonly HighlightChange[]): Promise<void>;
  /** Restores every cell the add-in highlighted to its own fill. */
  clearHighlights(name: string): Promise<void>;
  /** Selects (and scrolls to) a cell. */
  select(name: string, cell: string): Promise<void>;
  /**
   * Writes values (only ever on a fix the user asked for, or its undo), each only where the cell
   * still holds its expected value: the targets are read in the same batch as the writes.
   */
  writeValues(name: string, writes: readonly CellWrite[]): Promise<WriteOutcome>;
  loadSettings(): Promise<WorkbookSettings>;
  saveSettings(settings: WorkbookSettings): Promise<void>;
  /** Writes lines of text to a new sheet (the Mac fallback for saving the MA file); returns its name. */
  writeTextSheet(baseName: string, lines: readonly string[]): Promise<string>;

  // ---- following the user, and sharing (the task pane's helpdesk features)

  /**
   * Calls back with the active cell ("C7") whenever the user selects cells on the sheet; resolves
   * to a function that stops listening.
   */
  watchSelection(name: string, onSelect: (cell: string) => void): Promise<() => Promise<void>>;
  /**
   * Calls back when a sheet is added to the workbook or cells change on any sheet (the pane looks
   * for the MA sheet again while it has none); resolves to a function that stops listening.
   */
  watchWorkbook(onChange: () => void): Promise<() => Promise<void>>;
  /**
   * Writes a table of findings to a new sheet (header row first, as text), its first column a link
   * to each finding's cell on `target`; returns the new sheet's name.
   */
  writeFindingsSheet(baseName: string, table: TextTable, target: string): Promise<string>;
}

/** A table of text: a header row and rows of the same width (the findings, for sharing). */
export interface TextTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}
