/**
 * The incremental rule engine. Load a sheet once, then apply edits (cells, row blocks, inserted and
 * deleted rows) and get back only the findings that changed. Per-row rules are re-run for the rows
 * an edit touches; cross-row rules (duplicates) keep indexes so an edit costs work proportional to
 * the rows it touches, not to the sheet. A full re-check of the final rows always gives the same
 * findings (a property test holds the engine to that).
 *
 * The engine keeps storage (a RowTable), the duplicate indexes and the deltas; what is wrong, and
 * how it is said, is the rules' (rules/): the profile it is made for brings them, with its columns
 * and catalogue. Built for 100,000-row sheets: a row is checked in one pass over its cells, with no
 * object made per row (rows live in the parallel arrays of a RowTable), and the duplicate indexes
 * are hash tables on typed arrays. Findings are the only per-row allocations, and only rows that
 * have some.
 */
import { cellAddress } from "./address";
import { fillTemplate } from "./catalogue";
import { compileColumnCheck, type CheckOptions, type ColumnCheck, type Report } from "./columns";
import { isRealIsoDate, todayIn } from "./dates";
import { DeltaBuilder, sameFinding } from "./deltas";
import {
  cellOf,
  columnOfCell,
  DuplicateIndexes,
  INDEX_KINDS,
  newAffected,
  rowOfCell,
  type Affected,
  type CellList,
  type KindNumber,
} from "./duplicates";
import { FindingMaker, sortFindings } from "./findings";
import { mapHeader, type ColumnMap } from "./header";
import { bitCount, hasBit, lowestColumn } from "./masks";
import { partyUses, type PartyUse } from "./parties";
import { v06a, type MamProfile } from "./profile";
import { EMPTY_ROW, NO_FINDINGS, RowTable } from "./rowTable";
import type { Params, RowCheck, RowReport, RowView, RuleOptions, RuleSetup } from "./rules/rule";
import type { CellValue, DateSystem, Delta, Finding, Rows, Summary } from "./types";

export { compareFindings, sortFindings } from "./findings";
export type { PartyUse } from "./parties";

export interface EngineOptions {
  /** The submitting supplier's EUID (set once per workbook); party rules MAM-312/313/321 need it. */
  readonly submitter?: string | null;
  /** A test workbook may use DCC's test EUID block. */
  readonly testWorkbook?: boolean;
  /** The workbook's date system, for date serial numbers. */
  readonly dateSystem?: DateSystem;
  /**
   * Today in the profile's time zone (Europe/London), `YYYY-MM-DD`, for rules that depend on the
   * date; by default the day the engine is made or its options last set. Pin it for reproducible
   * output (tests, `mam validate --today`).
   */
  readonly today?: string;
}

/** How the engine goes about its work: the defaults suit real sheets; tests change them to reach every path. */
export interface EngineTuning {
  /** Updates of this many rows or more change the duplicate indexes in bulk (see MamEngine.indexing). */
  readonly bulkRows?: number;
  /** Each rule may report only the codes it declares: anything else throws (for tests). */
  readonly strictRules?: boolean;
}

/** Updates touching this many rows change the duplicate indexes in bulk (see MamEngine.indexing). */
const BULK_ROWS = 256;

const ignoreReport: Report = () => {};

export class MamEngine {
  private options: Required<EngineOptions>;
  /** The submitter's canonical EUID, parsed once per option change (not per row). */
  private submitterEuid: string | null = null;
  private map: ColumnMap;
  /** Profile columns the sheet has, as a mask. */
  private inSheetMask = 0;
  private headerFindings: Finding[] = [];
  private readonly rows: RowTable;
  private readonly checks: ColumnCheck[];
  private readonly indexes: DuplicateIndexes;
  /** Index kind per profile column (a KindNumber), or -1; and the indexed columns as a mask. */
  private readonly indexOf: KindNumber[];
  private readonly indexedMask: number;
  /** The indexed columns of each index kind, as masks (by KindNumber). */
  private readonly kindMask: number[];
  /**
   * True while a load or a big update (`indexing`) checks its rows: their cells go into the
   * duplicate indexes afterwards, all at once (and an update's came out of them beforehand).
   */
  private indexLater = false;
  /** Position of each indexed column among the row's stored hashes (RowTable.hashes), or -1. */
  private readonly hashSlot: number[];
  private readonly findingMaker: FindingMaker;
  /** The row rules, compiled for the profile and the options (again when the options change). */
  private rowChecks: RowCheck<string>[] = [];
  /** The row being checked, as row rules see it (one object, updated per row). */
  private readonly rowView: { filled: number; inSheet: number; canon: (string | null)[] };
  private readonly strict: boolean;
  private counts = { error: 0, warning: 0, info: 0 };
  private loaded = false;
  private readonly bulkRows: number;

  // The row being checked, set before its checks run so that `report` needs no closure per row.
  private currentRow = 0;
  private currentColumn = 0;
  /**
   * Findings of the row being checked: the first `foundCount` entries (copied to the row table at
   * the end of the row). A count rather than emptying the array: `length = 0` drops its storage,
   * and every row with a finding would then allocate a new one.
   */
  private readonly found: Finding[] = [];
  private foundCount = 0;
  /** Canonical values of the row being checked, per profile column. */
  private readonly canon: (string | null)[];
  /** What the column checks read cells with: a new object whenever the options change. */
  private checkOptions: CheckOptions;

  constructor(
    readonly profile: MamProfile,
    options: EngineOptions = {},
    tuning: EngineTuning = {}
  ) {
    this.bulkRows = tuning.bulkRows ?? BULK_ROWS;
    this.strict = tuning.strictRules ?? false;
    this.options = this.settle({}, options);
    this.checkOptions = this.makeCheckOptions();
    const columns = profile.columns;
    this.findingMaker = new FindingMaker(profile);
    this.map = mapHeader([], profile);
    this.indexOf = columns.map((c) => (c.duplicates ? INDEX_KINDS.indexOf(c.duplicates) : -1));
    this.indexedMask = this.indexOf.reduce((m, kind, i) => (kind >= 0 ? m | (1 << i) : m), 0);
    this.kindMask = INDEX_KINDS.map((_, kind) =>
      this.indexOf.reduce((m, k, i) => (k === kind ? m | (1 << i) : m), 0)
    );
    this.checks = columns.map((c) =>
      compileColumnCheck(c, profile.ids, this.checkOptions, this.strict)
    );
    this.canon = columns.map(() => null);
    this.rowView = { filled: 0, inSheet: 0, canon: this.canon };
    let indexed = 0;
    this.hashSlot = this.indexOf.map((kind) => (kind >= 0 ? indexed++ : -1));
    this.rows = new RowTable(indexed);
    this.indexes = new DuplicateIndexes((row, column) => this.canonical(row, column));
    this.compileRules();
  }

  // ---------------------------------------------------------------- public API

  /**
   * Replaces everything with a header row and data rows (sheet rows 2, 3, …). `onProgress` is called
   * every few thousand rows, for a progress bar on big sheets. The engine keeps `rows` and the row
   * arrays in it as they are (it never writes to them; a 1,000,000-row sheet is not copied): do not
   * change them afterwards, pass new rows to `setRows`. `rows` may also be a RowSource, which makes
   * each row when it is read.
   */
  load(
    header: readonly CellValue[],
    rows: Rows,
    onProgress?: (done: number, total: number) => void
  ): Delta {
    const previous = this.loaded ? this.allFindings() : NO_FINDINGS;
    this.loaded = true;
    this.setMap(mapHeader(header, this.profile, this.strict));
    this.headerFindings = this.map.findings.map((f) =>
      this.headerFinding(f.code, f.sheetColumn, f.column, f.columnKey, f.params)
    );
    this.rows.reset(rows);
    // Rows are checked first and indexed afterwards, all at once (indexAll): each row's hashes wait
    // in the row table meanwhile.
    this.indexLater = true;
    try {
      for (let i = 0; i < rows.length; i++) {
        this.checkRow(i, null);
        if (onProgress && (i & 8191) === 8191) onProgress(i + 1, rows.length);
      }
    } finally {
      this.indexLater = false;
    }
    this.indexAll();
    onProgress?.(rows.length, rows.length);
    for (let kind = 0; kind < INDEX_KINDS.length; kind++)
      this.indexes.forEachShared(kind, (value, cells) =>
        this.refreshGroup(kind, value, cells, null)
      );
    const now = this.allFindings();
    this.recount(now);
    if (previous.length === 0) return { added: now, removed: [] };
    const d = new DeltaBuilder();
    for (const f of previous) d.remove(f);
    for (const f of now) d.add(f);
    return d.build();
  }

  /**
   * Replaces whole rows from `firstRow` (a sheet row number ≥ 2) with new values: an edit, a paste,
   * or rows appended below the last one. Row 1 is the header: pass it to `load` or `setHeader`.
   */
  setRows(firstRow: number, rows: readonly (readonly CellValue[])[]): Delta {
    this.assertDataRow(firstRow);
    const d = new DeltaBuilder();
    const affected = newAffected();
    const from = firstRow - 2;
    const end = () => Math.min(this.rows.length, from + rows.length);
    this.indexing(rows.length, from, end, affected, () => {
      for (let i = 0; i < rows.length; i++) this.rewriteRow(from + i, rows[i], d, affected);
    });
    this.refreshAffected(affected, d);
    return this.finish(d);
  }

  /** Writes a block of cells at (firstRow, firstColumn zero-based), leaving the rest of each row as it is. */
  setCells(
    firstRow: number,
    firstColumn: number,
    values: readonly (readonly CellValue[])[]
  ): Delta {
    this.assertDataRow(firstRow);
    const rows = values.map((block, i) => {
      const row = this.rows.row(firstRow - 2 + i).slice();
      for (let c = 0; c < block.length; c++) row[firstColumn + c] = block[c];
      for (let c = 0; c < firstColumn; c++) if (!(c in row)) row[c] = null;
      return row;
    });
    return this.setRows(firstRow, rows);
  }

  /** One cell (zero-based column). */
  setCell(row: number, column: number, value: CellValue): Delta {
    return this.setCells(row, column, [[value]]);
  }

  /** Inserts rows before sheet row `atRow`; rows below move down. */
  insertRows(atRow: number, rows: number | readonly (readonly CellValue[])[]): Delta {
    this.assertDataRow(atRow);
    const values = typeof rows === "number" ? Array.from({ length: rows }, () => EMPTY_ROW) : rows;
    const at = atRow - 2;
    // Inserting below the last known row: the rows in between are empty, so the new ones land at atRow.
    this.rows.padTo(at);
    const d = new DeltaBuilder();
    const affected = newAffected();
    // Rows below take new numbers: out of the indexes under their old ones, back in under the new.
    this.indexing(
      this.rows.length - at + values.length,
      at,
      () => this.rows.length,
      affected,
      () => {
        this.forgetRows(at, this.rows.length, d, affected);
        this.rows.insertEmpty(at, values.length);
        for (let i = 0; i < values.length; i++) this.replaceRow(at + i, values[i], d, affected);
        this.recheckRows(at + values.length, this.rows.length, d, affected);
      }
    );
    this.refreshAffected(affected, d);
    return this.finish(d);
  }

  /** Deletes `count` rows from sheet row `atRow`; rows below move up. */
  deleteRows(atRow: number, count: number): Delta {
    this.assertDataRow(atRow);
    const at = atRow - 2;
    if (at >= this.rows.length || count <= 0) return { added: [], removed: [] };
    const d = new DeltaBuilder();
    const affected = newAffected();
    this.indexing(
      this.rows.length - at,
      at,
      () => this.rows.length,
      affected,
      () => {
        this.forgetRows(at, this.rows.length, d, affected);
        this.rows.delete(at, count);
        this.recheckRows(at, this.rows.length, d, affected);
      }
    );
    this.refreshAffected(affected, d);
    return this.finish(d);
  }

  /** Changes the header row: columns are found again and every row is re-checked. */
  setHeader(header: readonly CellValue[]): Delta {
    return this.load(header, this.rows.all);
  }

  /** Changes the submitter, test-workbook flag or date system: every row is re-checked. */

  /** Changes the submitter, test-workbook flag, date system or today: every row is re-checked. */
  setOptions(options: EngineOptions): Delta {
    this.options = this.settle(this.options, options);
    this.checkOptions = this.makeCheckOptions();
    this.compileRules();
    return this.load(this.map.headers, this.rows.all);
  }

  get settings(): Required<EngineOptions> {
    return this.options;
  }

  get columnMap(): ColumnMap {
    return this.map;
  }

  /** Sheet rows holding data (rows with every profile cell blank are skipped). */
  get rowCount(): number {
    let n = 0;
    const { filled } = this.rows;
    for (let i = 0; i < this.rows.length; i++) if (filled[i] !== 0) n++;
    return n;
  }

  /** The last sheet row the engine knows (1 when there are no data rows). */
  get lastRow(): number {
    return this.rows.length + 1;
  }

  summary(): Summary {
    return { ...this.counts };
  }

  /** Every current finding, in sheet order (row, then column, then severity). */
  findings(): Finding[] {
    return sortFindings(this.allFindings());
  }

  /** The findings on one sheet row. */
  findingsOnRow(sheetRow: number): Finding[] {
    if (sheetRow === 1) return this.headerFindings.slice();
    const i = sheetRow - 2;
    if (i >= this.rows.length) return [];
    return sortFindings([
      ...this.rows.own[i],
      ...(this.rows.dup.get(i)?.filter((f): f is Finding => f !== null) ?? []),
    ]);
  }

  /** The cell values the engine holds for a sheet row (for undoing a fix, say). */
  rowValues(sheetRow: number): readonly CellValue[] {
    return this.rows.row(sheetRow - 2);
  }

  /** Canonical rows in export (profile) order, one per non-empty sheet row, in sheet order. */
  exportRows(): { sheetRow: number; values: string[] }[] {
    const out: { sheetRow: number; values: string[] }[] = [];
    this.forEachExportRow((values, sheetRow) => out.push({ sheetRow, values: values.slice() }));
    return out;
  }

  /**
   * Calls `fn` with the canonical values of each non-empty row in export (profile) order, in sheet
   * order. `values` is one array reused for every row (the MA file is written straight from it,
   * with no array per row): read it during the call, copy it to keep it.
   */
  forEachExportRow(fn: (values: readonly string[], sheetRow: number) => void): void {
    const n = this.map.profileColumns.length;
    const values = new Array<string>(n).fill("");
    const { filled } = this.rows;
    for (let i = 0; i < this.rows.length; i++) {
      if (filled[i] === 0) continue;
      for (let c = 0; c < n; c++) values[c] = this.canonical(i, c) ?? "";
      fn(values, i + 2);
    }
  }

  /** Each party (its party octets) with the EUIDs it uses and their rows, for the parties view. */
  parties(): PartyUse[] {
    const submitter = this.submitterEuid;
    return partyUses(
      this.profile,
      this.rows.length,
      (i) => this.rows.filled[i] === 0,
      (i, c) => this.canonical(i, c),
      submitter === null ? null : this.profile.ids.euids.partyOf(submitter)
    );
  }

  // ---------------------------------------------------------------- rows

  private assertDataRow(row: number): void {
    if (!Number.isInteger(row) || row < 2)
      throw new RangeError(`Data rows start at sheet row 2 (row 1 is the header), not ${row}`);
  }

  private setMap(map: ColumnMap): void {
    this.map = map;
    this.inSheetMask = map.sheetColumnOf.reduce((m, sc, c) => (sc >= 0 ? m | (1 << c) : m), 0);
    this.rowView.inSheet = this.inSheetMask;
  }

  /**
   * The canonical value of row `i`'s profile column `c`, or null (blank or unusable). Only cells
   * whose text is not already canonical (serial dates, numbers, `active`, lower-case EUIs…) are
   * worked out again here; checks are pure, and the date memo makes the common case a lookup.
   */
  private canonical(i: number, c: number): string | null {
    const bit = 1 << c;
    if ((this.rows.usable[i] & bit) === 0) return null;
    const value = this.rows.cell(i, this.map.sheetColumnOf[c]);
    if ((this.rows.altered[i] & bit) === 0) return value as string;
    return this.checks[c].check(value, this.checkOptions, ignoreReport) ?? null;
  }

  /**
   * Runs an update that takes `count` rows, from row `from` on, out of the duplicate indexes and
   * puts them back (`end()` is where those rows stop, asked before the update and after it). Past a
   * few hundred rows (a paste, rows inserted high up a big sheet) the indexes are not changed cell by
   * cell: the indexed cells of the rows are listed before the update and after it, and each index
   * takes both lists in one sweep (DuplicateIndexes.update). Values found shared on the way are
   * noted in `affected`.
   */
  private indexing(
    count: number,
    from: number,
    end: () => number,
    affected: Affected,
    update: () => void
  ): void {
    if (count < this.bulkRows) return update();
    this.indexes.build();
    const before = this.indexedCells(from, end());
    this.indexLater = true;
    try {
      update();
    } finally {
      // Even when the update stopped half way, the indexes follow the rows as they are.
      this.indexLater = false;
      const after = this.indexedCells(from, end());
      for (let kind = 0; kind < INDEX_KINDS.length; kind++) {
        const shared = affected[kind];
        this.indexes.update(kind, before[kind], after[kind], (row, column) =>
          shared.add(this.canonical(row, column)!)
        );
      }
    }
  }

  /** replaceRow for a row that stays where it is (setRows): its own findings are netted within the row. */
  private rewriteRow(
    i: number,
    values: readonly CellValue[],
    d: DeltaBuilder,
    affected: Affected
  ): void {
    const rows = this.rows;
    rows.padTo(i + 1);
    const before = rows.own[i];
    this.unindexRow(i, d, affected);
    rows.setValues(i, values);
    this.checkRow(i, affected);
    d.replaceOwn(before, rows.own[i]);
  }

  private replaceRow(
    i: number,
    values: readonly CellValue[],
    d: DeltaBuilder,
    affected: Affected
  ): void {
    const rows = this.rows;
    rows.padTo(i + 1);
    for (const f of rows.own[i]) d.remove(f);
    this.unindexRow(i, d, affected);
    rows.setValues(i, values);
    this.checkRow(i, affected);
    for (const f of rows.own[i]) d.add(f);
  }

  /** Takes rows [from, to) out of the indexes and the findings (before they move or go). */
  private forgetRows(from: number, to: number, d: DeltaBuilder, affected: Affected): void {
    for (let i = from; i < to; i++) {
      for (const f of this.rows.own[i]) d.remove(f);
      this.rows.own[i] = NO_FINDINGS;
      this.unindexRow(i, d, affected);
    }
  }

  /** Re-checks rows [from, to) that moved: their addresses changed, so every finding is new. */
  private recheckRows(from: number, to: number, d: DeltaBuilder, affected: Affected): void {
    for (let i = from; i < to; i++) {
      this.checkRow(i, affected);
      for (const f of this.rows.own[i]) d.add(f);
    }
  }

  /**
   * Fills the duplicate indexes afresh from every row's indexed cells: after a load, in one go per
   * index (DuplicateIndexes.load).
   */
  private indexAll(): void {
    this.indexedCells(0, this.rows.length).forEach((list, kind) => this.indexes.load(kind, list));
  }

  /**
   * The indexed cells of rows [from, to), per index kind (by KindNumber), with the hashes of their
   * values (kept in the row table by checkRow): what those rows have in the duplicate indexes.
   */
  private indexedCells(from: number, to: number): CellList[] {
    return this.kindMask.map((mask) => this.cellsIn(mask, from, to));
  }

  /** indexedCells for the columns of `mask`. (A method: loops in a closure read its variables slowly.) */
  private cellsIn(mask: number, from: number, to: number): CellList {
    const { usable, hashes, hashStride } = this.rows;
    const hashSlot = this.hashSlot;
    let n = 0;
    for (let i = from; i < to; i++) n += bitCount(usable[i] & mask);
    const kindHashes = new Int32Array(n);
    const cells = new Int32Array(n);
    for (let i = from, k = 0; i < to; i++) {
      for (let columns = usable[i] & mask; columns !== 0; columns &= columns - 1) {
        const c = lowestColumn(columns);
        kindHashes[k] = hashes[i * hashStride + hashSlot[c]];
        cells[k++] = cellOf(i, c);
      }
    }
    return { hashes: kindHashes, cells, n };
  }

  /** Puts the indexed cells of the row just checked into the duplicate indexes. */
  private indexRow(i: number, usable: number, affected: Affected | null): void {
    for (let columns = usable & this.indexedMask; columns !== 0; columns &= columns - 1) {
      const c = lowestColumn(columns);
      const kind = this.indexOf[c];
      const value = this.canon[c]!;
      const hash = this.rows.hashes[i * this.rows.hashStride + this.hashSlot[c]];
      if (this.indexes.add(kind, hash, i, c) && affected) affected[kind].add(value);
    }
  }

  /**
   * Takes row i's cells out of the duplicate indexes (unless `indexing` does it for a big update),
   * and its duplicate findings out of the findings.
   */
  private unindexRow(i: number, d: DeltaBuilder, affected: Affected): void {
    if (this.rows.filled[i] === 0) return;
    const dup = this.rows.dup.get(i);
    if (this.indexLater && dup === undefined) return;
    for (
      let columns = this.rows.usable[i] & this.indexedMask;
      columns !== 0;
      columns &= columns - 1
    ) {
      const c = lowestColumn(columns);
      const kind = this.indexOf[c];
      // A cell with a duplicate finding holds a shared value: its group changes. (A big update
      // cannot say at once whether the value was shared; the finding can.) Only then is the value read.
      const old = dup?.[c];
      const wasShared =
        !this.indexLater &&
        this.indexes.remove(
          kind,
          this.rows.hashes[i * this.rows.hashStride + this.hashSlot[c]],
          i,
          c
        );
      if (wasShared || old) affected[kind].add(this.canonical(i, c)!);
      if (old) d.remove(old);
    }
    // Out of the indexes, the row has no duplicates left (and a row that moves takes none along).
    if (dup) this.rows.dup.delete(i);
  }

  private refreshAffected(affected: Affected, d: DeltaBuilder): void {
    for (let kind = 0; kind < INDEX_KINDS.length; kind++) {
      for (const value of affected[kind])
        this.refreshGroup(kind, value, this.indexes.cells(kind, value), d);
    }
  }

  /** Recomputes the duplicate findings of every cell holding `value`. */
  private refreshGroup(
    kind: KindNumber,
    value: string,
    cells: readonly number[],
    d: DeltaBuilder | null
  ): void {
    for (const cell of cells) {
      const next = cells.length > 1 ? this.duplicateFinding(kind, value, cell, cells) : null;
      const i = rowOfCell(cell);
      const c = columnOfCell(cell);
      const dup = this.rows.dup.get(i);
      const old = dup?.[c] ?? null;
      if (old && next && sameFinding(old, next)) continue;
      if (old && d) d.remove(old);
      if (next) {
        let held = dup;
        if (held === undefined)
          this.rows.dup.set(i, (held = new Array<Finding | null>(this.indexOf.length).fill(null)));
        held[c] = next;
        if (d) d.add(next);
      } else if (dup) dup[c] = null;
    }
  }

  private duplicateFinding(
    kind: KindNumber,
    value: string,
    cell: number,
    cells: readonly number[]
  ): Finding {
    const at = (c: number) => ({ row: rowOfCell(c) + 2, column: columnOfCell(c) });
    const { code, params } = this.profile.duplicates.describe(
      INDEX_KINDS[kind],
      value,
      at(cell),
      cells.map(at),
      this.map.profileColumns
    );
    return this.makeFinding(rowOfCell(cell) + 2, columnOfCell(cell), code, params);
  }

  // ---------------------------------------------------------------- per-row rules

  private readonly report: Report = (code, params, fixValue) => {
    this.found[this.foundCount++] = this.makeFinding(
      this.currentRow + 2,
      this.currentColumn,
      code,
      params,
      fixValue
    );
  };

  /**
   * Checks row `i` from its values in one pass: each cell's check, then the rules across the row,
   * then its identifiers into the duplicate indexes. Sets the row's masks and own findings.
   */
  private checkRow(i: number, affected: Affected | null): void {
    const rows = this.rows;
    // A RowSource is asked for the cells one by one: no array is made for the row.
    const source = rows.rowSource;
    const values = source === null ? rows.row(i) : EMPTY_ROW;
    const sheetColumnOf = this.map.sheetColumnOf;
    const canon = this.canon;
    const n = sheetColumnOf.length;
    this.currentRow = i;
    this.foundCount = 0;
    let filled = 0;
    let usable = 0;
    let altered = 0;
    for (let c = 0; c < n; c++) {
      const sc = sheetColumnOf[c];
      const value = sc < 0 ? undefined : source === null ? values[sc] : source.cell(i, sc);
      this.currentColumn = c;
      const check = this.checks[c];
      const text = check.check(value, this.checkOptions, this.report);
      if (text === undefined) {
        canon[c] = null; // blank
        continue;
      }
      filled |= 1 << c;
      canon[c] = text;
      if (text !== null) {
        usable |= 1 << c;
        if (check.altered) altered |= 1 << c;
        if (hasBit(this.indexedMask, c))
          rows.hashes[i * rows.hashStride + this.hashSlot[c]] = check.hashOf(text);
      }
    }
    rows.filled[i] = filled;
    rows.usable[i] = usable;
    rows.altered[i] = altered;
    if (filled !== 0) {
      const view = this.rowView;
      view.filled = filled;
      const rowChecks = this.rowChecks;
      for (let k = 0; k < rowChecks.length; k++) rowChecks[k](view, this.at);
      if (!this.indexLater) this.indexRow(i, usable, affected);
    }
    rows.own[i] = this.foundCount === 0 ? NO_FINDINGS : this.found.slice(0, this.foundCount);
  }

  /** A row rule's report: a finding on one of the row's cells. */
  private readonly at: RowReport<string> = (column, code, params) => {
    this.currentColumn = column;
    this.report(code, params);
  };

  // ---------------------------------------------------------------- options and rules

  /** The options with `patch` applied; today worked out when not given. */
  private settle(
    base: Partial<Required<EngineOptions>>,
    patch: EngineOptions
  ): Required<EngineOptions> {
    const today = patch.today ?? base.today ?? todayIn(this.profile.catalogue.export.timeZone);
    if (!isRealIsoDate(today))
      throw new RangeError(`today must be a date written YYYY-MM-DD, not "${today}"`);
    return { submitter: null, testWorkbook: false, dateSystem: 1900, ...base, ...patch, today };
  }

  private makeCheckOptions(): CheckOptions {
    const { dateSystem, testWorkbook, today } = this.options;
    return { dateSystem, testWorkbook, today };
  }

  /** Parses the submitter and compiles the row rules for the profile and the current options. */
  private compileRules(): void {
    const { submitter: text, testWorkbook } = this.options;
    const parsed = text ? this.profile.ids.euids.parse(text, { testWorkbook }) : null;
    this.submitterEuid = parsed?.ok ? parsed.canonical : null;
    const options: RuleOptions = { ...this.checkOptions, submitter: this.submitterEuid };
    const profile = this.profile;
    const setup: RuleSetup = {
      columns: profile.columns,
      ids: profile.ids,
      options,
      col(key) {
        const c = profile.columnIndex(key);
        if (c < 0) throw new Error(`Profile ${profile.id} has no column "${key}"`);
        return c;
      },
      mask: (test) => profile.columns.reduce((m, c, i) => (test(c) ? m | (1 << i) : m), 0),
    };
    this.rowChecks = profile.rowRules.map((rule) => {
      const check = rule.compile(setup);
      if (!this.strict) return check;
      const codes: ReadonlySet<string> = new Set(rule.codes);
      return (row: RowView, report: RowReport<string>) =>
        check(row, (column, code, params) => {
          if (!codes.has(code))
            throw new Error(`Row rule ${rule.name} reported ${code}, which it does not declare`);
          report(column, code, params);
        });
    });
  }

  // ---------------------------------------------------------------- findings

  private makeFinding(
    sheetRow: number,
    column: number,
    code: string,
    params: Params,
    fixValue?: string
  ): Finding {
    const profileColumn = this.map.profileColumns[column];
    const sheetColumn = this.map.sheetColumnOf[column];
    return this.findingMaker.cellFinding(
      sheetRow,
      sheetColumn >= 0 ? sheetColumn : 0,
      profileColumn.header,
      profileColumn.key,
      code,
      params,
      fixValue
    );
  }

  private headerFinding(
    code: string,
    sheetColumn: number,
    column: string,
    columnKey: string | null,
    params: Params
  ): Finding {
    const rule = this.profile.ruleFor(code);
    const cell = sheetColumn >= 0 ? cellAddress(sheetColumn, 1) : "1:1";
    return {
      id: `${cell}|${code}|${column}`,
      row: 1,
      column,
      columnKey,
      cell,
      code,
      severity: rule.severity,
      basis: rule.basis,
      message: fillTemplate(rule.message, params),
      hint: fillTemplate(rule.fix, params),
    };
  }

  /** Header findings, then each row's own findings followed by its duplicate findings, in row order. */
  private allFindings(): Finding[] {
    const out: Finding[] = [...this.headerFindings];
    const { own, dup } = this.rows;
    const dupRows = [...dup.keys()].sort((a, b) => a - b);
    let next = 0;
    for (let i = 0; i < own.length; i++) {
      const findings = own[i];
      for (let k = 0; k < findings.length; k++) out.push(findings[k]);
      if (dupRows[next] === i) {
        for (const f of dup.get(i)!) if (f) out.push(f);
        next++;
      }
    }
    return out;
  }

  private recount(findings: readonly Finding[]): void {
    let error = 0;
    let warning = 0;
    let info = 0;
    for (let k = 0; k < findings.length; k++) {
      const severity = findings[k].severity;
      if (severity === "error") error++;
      else if (severity === "warning") warning++;
      else info++;
    }
    this.counts = { error, warning, info };
  }

  private finish(d: DeltaBuilder): Delta {
    const delta = d.build();
    for (const f of delta.removed) this.counts[f.severity]--;
    for (const f of delta.added) this.counts[f.severity]++;
    return delta;
  }
}

/** One-shot check of a whole sheet: the engine loaded once (for the shipped profile by default). */
export function checkSheet(
  header: readonly CellValue[],
  rows: Rows,
  options: EngineOptions = {},
  profile: MamProfile = v06a,
  tuning: EngineTuning = {}
): MamEngine {
  const engine = new MamEngine(profile, options, tuning);
  engine.load(header, rows);
  return engine;
}

export type { CheckOptions, Params };
