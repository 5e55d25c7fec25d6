/**
 * What the task pane needs from the spreadsheet it runs in. Excel implements it in
 * src/host/excel/ (the only Office.js code); tests implement it in memory. No Office types here.
 */
import type { CellValue, DateSystem, Severity } from "../domain/types";

/** A sheet and its first row: the Workbench judges with its profile whether it is an MA sheet. */
export interface SheetHeader {
  readonly name: string;
  readonly header: readonly CellValue[];
}

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
  /** Columns inserted or deleted (zero-based first column): every row is read again. */
  | { readonly kind: "columnsInserted"; readonly atColumn: number; readonly count: number }
  | { readonly kind: "columnsDeleted"; readonly atColumn: number; readonly count: number }
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
  /** Every sheet of the workbook (but the add-in's own), in tab order, with its first row. */
  findSheets(): Promise<SheetHeader[]>;
  /** Reads the whole used area of a sheet, in row blocks. */
  readSheet(name: string, onProgress?: ReadProgress): Promise<SheetSnapshot>;
  /** Re-reads sheet rows firstRow..lastRow (full width), in row blocks for big areas. */
  readRows(name: string, firstRow: number, lastRow: number): Promise<CellValue[][]>;
  /** Starts listening for changes on a sheet; resolves to a function that stops listening. */
  watch(name: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>>;
  /**
   * Shows highlights (never touching the cells' own formatting). `moves` are the row and column
   * inserts and deletes followed since the last call, in order: highlights move with them first.
   */
  paint(
    name: string,
    changes: readonly HighlightChange[],
    moves?: readonly SheetMove[]
  ): Promise<void>;
  /** Removes every highlight the add-in shows in the workbook, from this session or any earlier one. */
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

// ------------------------------------------------------------------------------------------------
// Highlights that outlive the pane, Excel's requirement sets, the self-test (issue 12). Optional
// members: a host without them behaves as before.
// ------------------------------------------------------------------------------------------------

/** Rows or columns the user inserted (count > 0) or deleted (count < 0), 1-based row / 0-based column. */
export interface SheetMove {
  readonly axis: "rows" | "columns";
  readonly at: number;
  readonly count: number;
}

/** What the add-in may do on the sheet it opened, found when it opens it. */
export interface SheetAccess {
  /** The sheet is protected: the add-in fixes nothing (Excel would refuse the writes). */
  readonly protected: boolean;
  /** Highlights can be shown (their rules exist or can be added, their flags can be kept). */
  readonly canHighlight: boolean;
  /** Why something is off, in words for the user (empty when all is well). */
  readonly notices: readonly string[];
}

/** What this Excel build supports, feature-tested at run time (isSetSupported). */
export interface HostCapabilities {
  /** The highest ExcelApi requirement set supported ("1.9"…), or null outside Excel. */
  readonly excelApi: string | null;
  /** Change events say which came from this add-in (ExcelApi 1.14). */
  readonly triggerSource: boolean;
  /** Sorting raises its own event (ExcelApi 1.10); without it, sorting goes unnoticed. */
  readonly sortEvents: boolean;
  /** Several syncs can be one undo step (ExcelApi 1.20); before it, any write clears the undo stack. */
  readonly undoGrouping: boolean;
}

export interface WorkbookHost {
  /** Feature-tested requirement sets (absent: assume the manifest's minimum, nothing more). */
  readonly capabilities?: HostCapabilities;
  /** Checks the sheet before it is read: protection, and the highlights an earlier session left. */
  prepareSheet?(name: string): Promise<SheetAccess>;
  /**
   * After a full read: shows exactly these highlights (severity per A1 cell); any other, from this
   * session or an earlier one, goes. Writes nothing when the workbook already shows them.
   */
  resetHighlights?(
    name: string,
    cells: ReadonlyMap<string, Severity>,
    moves?: readonly SheetMove[]
  ): Promise<void>;
  /** The Office calls the add-in depends on, for "Run self-test" (Excel only). */
  readonly selfTest?: SelfTestHost;
}

/** One check of the self-test: what it did, in words (throws on failure). */
export type SelfTestCheck = () => Promise<string>;

/**
 * The self-test's access to Excel: each check exercises Office.js calls the add-in depends on, on a
 * scratch sheet that `removeScratch` deletes again.
 */
export interface SelfTestHost {
  /** Platform, Office version, and each requirement set checked with whether it is supported. */
  environment(): {
    readonly platform: string;
    readonly version: string;
    readonly sets: readonly { readonly name: string; readonly supported: boolean }[];
  };
  createScratch(): Promise<string>;
  readonly checks: readonly {
    readonly name: string;
    readonly run: (sheet: string) => Promise<string>;
  }[];
  removeScratch(sheet: string): Promise<void>;
}
