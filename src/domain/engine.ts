/**
 * The incremental rule engine. Load a sheet once, then apply edits (cells, row blocks, inserted and
 * deleted rows) and get back only the findings that changed. Per-row rules are re-run for the rows
 * an edit touches; cross-row rules (duplicates) keep indexes so an edit costs work proportional to
 * the rows it touches, not to the sheet. A full re-check of the final rows always gives the same
 * findings (a property test holds the engine to that).
 *
 * Built for 100,000-row sheets: a row is checked in one pass over its cells, with no object made
 * per row (rows live in the parallel arrays of a RowTable), and the duplicate indexes are hash
 * tables on typed arrays. Findings are the only per-row allocations, and only rows that have some.
 */
import { cellAddress } from "./address";
import { catalogue, fillTemplate, ruleFor, type ProfileColumn } from "./catalogue";
import {
  canonicalHash,
  compileColumnCheck,
  type CheckOptions,
  type ColumnCheck,
  type Params,
  type Report,
} from "./columns";
import { partyOf, parseDccUserId, sameParty } from "./dccUserId";
import {
  cellOf,
  columnOfCell,
  describeRows,
  duplicateCode,
  DuplicateIndexes,
  INDEX_KINDS,
  newAffected,
  rowOfCell,
  type Affected,
  type CellList,
  type KindNumber,
} from "./duplicates";
import { FindingMaker } from "./findings";
import { mapHeader, type ColumnMap } from "./header";
import { EMPTY_ROW, NO_FINDINGS, RowTable } from "./rowTable";
import type { CellValue, DateSystem, Delta, Finding, Rows, Summary } from "./types";

export interface EngineOptions {
  /** The submitting supplier's EUID (set once per workbook); party rules MAM-312/313/321 need it. */
  readonly submitter?: string | null;
  /** A test workbook may use DCC's test EUID block. */
  readonly testWorkbook?: boolean;
  /** The workbook's date system, for date serial numbers. */
  readonly dateSystem?: DateSystem;
}

/** How the engine goes about its work: the defaults suit real sheets; tests change them to reach every path. */
export interface EngineTuning {
  /** Updates of this many rows or more change the duplicate indexes in bulk (see MamEngine.indexing). */
  readonly bulkRows?: number;
}

/** Is profile column `c` set in a row's column mask? */
function hasBit(mask: number, c: number): boolean {
  return (mask & (1 << c)) !== 0;
}

/** The number of bits set in a mask. */
function bitCount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (Math.imul((m + (m >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** The profile column of the lowest bit set in a mask. */
function lowestColumn(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

const severityRank = { error: 0, warning: 1, info: 2 } as const;

const METER_STATUSES = catalogue.identifiers.meterStatuses;
const SMSO_NONE = catalogue.identifiers.smsoNone;
const GROUP_EXCEPTIONS: ReadonlySet<string> = new Set(catalogue.identifiers.groupExceptions);

/** Pairs of EUIDs whose facts the engine keeps (a sheet of ever-new pairs must not grow them without end). */
const PAIR_LIMIT = 1024;

/** When a profile column must be filled (ProfileColumn.required), as masks of the columns concerned. */
type RequiredWhen = Record<"always" | "electricity" | "gas" | "mpanGiven" | "mprnGiven", number>;

/** Updates touching this many rows change the duplicate indexes in bulk (see MamEngine.indexing). */
const BULK_ROWS = 256;

const ignoreReport: Report = () => {};

/** What MamEngine.pairFacts knows about a pair of EUIDs (canonical, or null). */
interface PairFacts {
  readonly imp: string | null;
  readonly gas: string | null;
  readonly submitter: string | null;
  readonly importIsGas: boolean;
  readonly importGasSameParty: boolean;
  readonly importSubmitterParty: boolean;
  readonly gasSubmitterParty: boolean;
  readonly importIsSubmitter: boolean;
  readonly gasIsSubmitter: boolean;
}

/** Collects removals and additions during one update and nets them out (an unchanged finding is no change). */
class DeltaBuilder {
  private readonly before = new Map<string, Finding | null>();
  private readonly after = new Map<string, Finding | null>();
  /** Changes already netted by the caller (a row's own findings, see MamEngine.setRows): no lookups. */
  private readonly netAdded: Finding[] = [];
  private readonly netRemoved: Finding[] = [];

  remove(finding: Finding): void {
    if (!this.before.has(finding.id)) this.before.set(finding.id, finding);
    this.after.set(finding.id, null);
  }

  add(finding: Finding): void {
    if (!this.before.has(finding.id)) this.before.set(finding.id, null);
    this.after.set(finding.id, finding);
  }

  /**
   * A row's own findings before and after it was checked again in place: the same cells, so the
   * same ids, and no other change touches these ids (duplicate findings have codes of their own).
   * Netted here, within the row, rather than through the maps.
   */
  replaceOwn(before: readonly Finding[], after: readonly Finding[]): void {
    for (let k = 0; k < before.length; k++)
      if (!holds(after, before[k])) this.netRemoved.push(before[k]);
    for (let k = 0; k < after.length; k++)
      if (!holds(before, after[k])) this.netAdded.push(after[k]);
  }

  build(): Delta {
    const added: Finding[] = this.netAdded;
    const removed: Finding[] = this.netRemoved;
    for (const [id, before] of this.before) {
      const after = this.after.get(id) ?? null;
      if (before && after && sameFinding(before, after)) continue;
      if (before) removed.push(before);
      if (after) added.push(after);
    }
    return { added, removed };
  }
}

/** Does a row's list of findings hold this one, unchanged? (A row has a handful at most.) */
function holds(findings: readonly Finding[], finding: Finding): boolean {
  for (let k = 0; k < findings.length; k++) if (sameFinding(findings[k], finding)) return true;
  return false;
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.id === b.id && a.message === b.message && a.fixValue === b.fixValue;
}

export class MamEngine {
  private options: Required<EngineOptions>;
  /** The submitter's canonical EUID and party, parsed once per option change (not per row). */
  private submitterEuid: string | null = null;
  private submitterParty: string | null = null;
  private map: ColumnMap = mapHeader([]);
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
  private readonly col: Record<string, number>;
  /** Bit masks of the profile columns that show electricity / gas supply, and of the meter points. */
  private readonly electricityMask: number;
  private readonly gasMask: number;
  private readonly meterPointMask: number;
  private readonly requiredWhen: RequiredWhen;
  private readonly findingMaker = new FindingMaker();
  /**
   * What pairFacts worked out, by import EUID then gas EUID, for the submitter in `pairsFor`: a
   * sheet repeats a few dozen pairs at most (its suppliers' EUIDs, alone or together).
   */
  private pairs = new Map<string | null, Map<string | null, PairFacts>>();
  private pairCount = 0;
  private pairsFor: string | null = null;
  private lastFacts: PairFacts | null = null;
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
  private readonly checkOptions: { dateSystem: DateSystem; testWorkbook: boolean };

  constructor(options: EngineOptions = {}, tuning: EngineTuning = {}) {
    this.bulkRows = tuning.bulkRows ?? BULK_ROWS;
    this.options = { submitter: null, testWorkbook: false, dateSystem: 1900, ...options };
    this.checkOptions = {
      dateSystem: this.options.dateSystem,
      testWorkbook: this.options.testWorkbook,
    };
    this.parseSubmitter();
    const columns = catalogue.profile.columns;
    this.indexOf = columns.map((c) => (c.duplicates ? INDEX_KINDS.indexOf(c.duplicates) : -1));
    this.indexedMask = this.indexOf.reduce((m, kind, i) => (kind >= 0 ? m | (1 << i) : m), 0);
    this.kindMask = INDEX_KINDS.map((_, kind) =>
      this.indexOf.reduce((m, k, i) => (k === kind ? m | (1 << i) : m), 0)
    );
    this.col = Object.fromEntries(columns.map((c, i) => [c.key, i]));
    this.checks = columns.map((c) => compileColumnCheck(c));
    this.canon = columns.map(() => null);
    let indexed = 0;
    this.hashSlot = this.indexOf.map((kind) => (kind >= 0 ? indexed++ : -1));
    this.rows = new RowTable(indexed);
    this.indexes = new DuplicateIndexes((row, column) => this.canonical(row, column));
    this.electricityMask = columns.reduce(
      (m, c, i) => (c.fuel === "electricity" ? m | (1 << i) : m),
      0
    );
    this.gasMask = columns.reduce((m, c, i) => (c.fuel === "gas" ? m | (1 << i) : m), 0);
    this.meterPointMask = (1 << this.col.mpan) | (1 << this.col.mprn);
    const requiredWhen = (when: string) =>
      columns.reduce((m, c, i) => (c.required === when ? m | (1 << i) : m), 0);
    this.requiredWhen = {
      always: requiredWhen("always"),
      electricity: requiredWhen("electricity"),
      gas: requiredWhen("gas"),
      mpanGiven: requiredWhen("mpanGiven"),
      mprnGiven: requiredWhen("mprnGiven"),
    };
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
    this.setMap(mapHeader(header));
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
  setOptions(options: EngineOptions): Delta {
    this.options = { ...this.options, ...options };
    this.checkOptions.dateSystem = this.options.dateSystem;
    this.checkOptions.testWorkbook = this.options.testWorkbook;
    this.parseSubmitter();
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

  /** Supplier parties (octets 6-7 of the EUIDs) with the EUIDs they use and the rows, for the parties view. */
  parties(): PartyUse[] {
    const byParty = new Map<
      string,
      Map<string, { rows: number[]; roles: Set<"import" | "gas"> }>
    >();
    const roles: [number, "import" | "gas"][] = [
      [this.col.importSupplierEuid, "import"],
      [this.col.gasSupplierEuid, "gas"],
    ];
    for (let i = 0; i < this.rows.length; i++) {
      if (this.rows.filled[i] === 0) continue;
      const sheetRow = i + 2;
      for (const [c, role] of roles) {
        const euid = this.canonical(i, c);
        if (!euid) continue;
        const party = partyOf(euid);
        let euids = byParty.get(party);
        if (!euids) byParty.set(party, (euids = new Map()));
        let use = euids.get(euid);
        if (!use) euids.set(euid, (use = { rows: [], roles: new Set() }));
        if (use.rows[use.rows.length - 1] !== sheetRow) use.rows.push(sheetRow);
        use.roles.add(role);
      }
    }
    return [...byParty.entries()]
      .map(([party, euids]) => ({
        party,
        isSubmitter: party === this.submitterParty,
        euids: [...euids.entries()].map(([euid, use]) => ({
          euid,
          rows: use.rows,
          roles: [...use.roles].sort(),
        })),
      }))
      .sort((a, b) => a.party.localeCompare(b.party));
  }

  // ---------------------------------------------------------------- rows

  private assertDataRow(row: number): void {
    if (!Number.isInteger(row) || row < 2)
      throw new RangeError(`Data rows start at sheet row 2 (row 1 is the header), not ${row}`);
  }

  private setMap(map: ColumnMap): void {
    this.map = map;
    this.inSheetMask = map.sheetColumnOf.reduce((m, sc, c) => (sc >= 0 ? m | (1 << c) : m), 0);
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
    const columns = this.map.profileColumns;
    const row = rowOfCell(cell);
    const column = columnOfCell(cell);
    let params: Params;
    if (INDEX_KINDS[kind] === "device") {
      const others = cells
        .filter((o) => o !== cell)
        .sort((a, b) => rowOfCell(a) - rowOfCell(b) || columnOfCell(a) - columnOfCell(b))
        .map(
          (o) =>
            `${columns[columnOfCell(o)].header} ${rowOfCell(o) === row ? "in this row" : `on row ${rowOfCell(o) + 2}`}`
        );
      const shown =
        others.length > 5
          ? `${others.slice(0, 5).join(", ")} and ${others.length - 5} more`
          : others.join(", ");
      params = { column: columns[column].header, value, others: shown };
    } else {
      params = {
        value,
        rows: describeRows(cells.filter((o) => o !== cell).map((o) => rowOfCell(o) + 2)),
      };
    }
    return this.makeFinding(row + 2, column, duplicateCode[INDEX_KINDS[kind]], params);
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
          rows.hashes[i * rows.hashStride + this.hashSlot[c]] = canonicalHash(text);
      }
    }
    rows.filled[i] = filled;
    rows.usable[i] = usable;
    rows.altered[i] = altered;
    if (filled !== 0) {
      this.rowRules(filled);
      if (!this.indexLater) this.indexRow(i, usable, affected);
    }
    rows.own[i] = this.foundCount === 0 ? NO_FINDINGS : this.found.slice(0, this.foundCount);
  }

  private at(column: number, code: string, params: Params): void {
    this.currentColumn = column;
    this.report(code, params);
  }

  /** Which fuel a row shows: the header of its first filled column of that fuel, or null. */
  private fuelHint(fuelMask: number, filled: number): string | null {
    const hit = fuelMask & filled;
    if (hit === 0) return null;
    return this.map.profileColumns[lowestColumn(hit)].header;
  }

  /** Rules that look at several cells of the row (its canonical values are in `this.canon`). */
  private rowRules(filled: number): void {
    const columns = this.map.profileColumns;
    const col = this.col;
    // Neither meter point: one MAM-003 says it, rather than a MAM-002 per fuel the other cells suggest.
    const noMeterPoint =
      (filled & this.meterPointMask) === 0 && (this.inSheetMask & this.meterPointMask) !== 0;
    if (noMeterPoint)
      this.at(hasBit(this.inSheetMask, col.mpan) ? col.mpan : col.mprn, "MAM-003", {});
    // Required values (only for columns the sheet has: a missing column is MAM-001 once, not per row).
    let missing = this.inSheetMask & ~filled & this.requiredMask(filled);
    if (noMeterPoint) missing &= ~this.meterPointMask;
    for (; missing !== 0; missing &= missing - 1) {
      const c = lowestColumn(missing);
      const reason = this.requiredReason(columns[c], filled);
      if (reason !== null) this.at(c, "MAM-002", { column: columns[c].header, reason });
    }
    this.statusRules(filled);
    this.partyRules(filled);
  }

  /** The columns a row with these filled columns must have (the cases of requiredReason that give a reason). */
  private requiredMask(filled: number): number {
    const when = this.requiredWhen;
    let mask = when.always;
    if ((filled & this.electricityMask) !== 0) mask |= when.electricity;
    if ((filled & this.gasMask) !== 0) mask |= when.gas;
    if (hasBit(filled, this.col.mpan)) mask |= when.mpanGiven;
    if (hasBit(filled, this.col.mprn)) mask |= when.mprnGiven;
    return mask;
  }

  private requiredReason(column: ProfileColumn, filled: number): string | null {
    switch (column.required) {
      case "always":
        return "on every row";
      case "electricity": {
        const electricity = this.fuelHint(this.electricityMask, filled);
        return electricity !== null ? `because the row has an electricity ${electricity}` : null;
      }
      case "gas": {
        const gas = this.fuelHint(this.gasMask, filled);
        return gas !== null ? `because the row has a gas ${gas}` : null;
      }
      case "mpanGiven":
        return hasBit(filled, this.col.mpan) ? "because the row has an MPAN" : null;
      case "mprnGiven":
        return hasBit(filled, this.col.mprn) ? "because the row has an MPRN" : null;
      case "activeRow": // the Active/Dormant pairing is MAM-331's to report
      case "optional":
        return null;
    }
  }

  private statusRules(filled: number): void {
    const col = this.col;
    if (!hasBit(this.inSheetMask, col.smsoId)) return;
    const status = this.canon[col.meterStatus];
    const smso = this.canon[col.smsoId];
    const { active, dormant } = METER_STATUSES;
    const none = SMSO_NONE;
    if (status === active) {
      if (!hasBit(filled, col.smsoId))
        this.at(col.smsoId, "MAM-331", {
          detail: `This row is ${active} but has no SMSO ID; an ${active} meter is served by an SMSO`,
        });
      else if (smso === none)
        this.at(col.smsoId, "MAM-331", {
          detail: `This row is ${active} but its SMSO ID is ${none}; an ${active} meter is served by an SMSO`,
        });
    } else if (status === dormant && smso !== null && smso !== none) {
      this.at(col.smsoId, "MAM-331", {
        detail: `This row is ${dormant} but names SMSO ${smso}; a ${dormant} meter has no SMSO contract (leave it blank or write ${none})`,
      });
    }
  }

  /** MAM-311/312/313/321. Parties are compared octet by octet (`sameParty`): no text per row. */
  private partyRules(filled: number): void {
    const col = this.col;
    const imp = this.canon[col.importSupplierEuid];
    const gas = this.canon[col.gasSupplierEuid];
    const facts = this.pairFacts(imp, gas);
    if (imp && gas && !facts.importIsGas && facts.importGasSameParty) {
      this.at(col.gasSupplierEuid, "MAM-311", { import: imp, gas, party: partyOf(imp) });
    }
    const sub = this.submitterEuid;
    const subParty = this.submitterParty;
    if (sub === null || subParty === null) return;
    // An EUID cell that holds something unusable already has its own error; judging the supplier
    // from half the row would add a second, misleading one.
    const unusable =
      (hasBit(filled, col.importSupplierEuid) && !imp) ||
      (hasBit(filled, col.gasSupplierEuid) && !gas);
    const impIsSubmitterParty = facts.importSubmitterParty;
    const gasIsSubmitterParty = facts.gasSubmitterParty;
    if ((imp || gas) && !unusable && !impIsSubmitterParty && !gasIsSubmitterParty) {
      const euids = [imp && `import ${imp}`, gas && `gas ${gas}`].filter(Boolean).join(", ");
      this.at(imp ? col.importSupplierEuid : col.gasSupplierEuid, "MAM-312", {
        submitter: sub,
        party: subParty,
        euids,
      });
    }
    if (imp && !facts.importIsSubmitter && impIsSubmitterParty)
      this.sameParty(col.importSupplierEuid, imp, sub, subParty);
    if (gas && !facts.gasIsSubmitter && gasIsSubmitterParty)
      this.sameParty(col.gasSupplierEuid, gas, sub, subParty);
    const group = this.canon[col.groupId];
    const dualFuel = hasBit(filled, col.mpan) && hasBit(filled, col.mprn);
    if (
      dualFuel &&
      imp &&
      gas &&
      !facts.importGasSameParty &&
      group &&
      !GROUP_EXCEPTIONS.has(group) &&
      gasIsSubmitterParty
    ) {
      this.at(col.importSupplierEuid, "MAM-321", {
        importParty: partyOf(imp),
        gasParty: partyOf(gas),
        group,
      });
    }
  }

  /**
   * How a row's import and gas EUIDs relate to each other and to the submitter, kept per pair
   * (rows repeat a supplier's few EUIDs, as the very same strings from the EUID check's memo).
   */
  private pairFacts(imp: string | null, gas: string | null): PairFacts {
    const sub = this.submitterEuid;
    const last = this.lastFacts;
    if (last !== null && last.imp === imp && last.gas === gas && last.submitter === sub)
      return last;
    if (this.pairsFor !== sub || this.pairCount >= PAIR_LIMIT) {
      this.pairs.clear();
      this.pairCount = 0;
      this.pairsFor = sub;
    }
    let byGas = this.pairs.get(imp);
    if (byGas === undefined) this.pairs.set(imp, (byGas = new Map()));
    let facts = byGas.get(gas);
    if (facts === undefined) {
      facts = {
        imp,
        gas,
        submitter: sub,
        importIsGas: imp !== null && imp === gas,
        importGasSameParty: imp !== null && gas !== null && sameParty(imp, gas),
        importSubmitterParty: imp !== null && sub !== null && sameParty(imp, sub),
        gasSubmitterParty: gas !== null && sub !== null && sameParty(gas, sub),
        importIsSubmitter: imp !== null && imp === sub,
        gasIsSubmitter: gas !== null && gas === sub,
      };
      byGas.set(gas, facts);
      this.pairCount++;
    }
    this.lastFacts = facts;
    return facts;
  }

  private sameParty(column: number, euid: string, submitter: string, party: string): void {
    this.at(column, "MAM-313", {
      column: this.map.profileColumns[column].header,
      value: euid,
      submitter,
      party,
    });
  }

  // ---------------------------------------------------------------- findings

  private parseSubmitter(): void {
    const text = this.options.submitter;
    const parsed = text ? parseDccUserId(text, { testWorkbook: this.options.testWorkbook }) : null;
    this.submitterEuid = parsed?.ok ? parsed.canonical : null;
    this.submitterParty = parsed?.ok ? partyOf(parsed.canonical) : null;
  }

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
    const rule = ruleFor(code);
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

export interface PartyUse {
  readonly party: string;
  readonly isSubmitter: boolean;
  readonly euids: {
    readonly euid: string;
    readonly rows: number[];
    readonly roles: ("import" | "gas")[];
  }[];
}

/** Sheet order: row, then column, then severity, then code. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.row - b.row ||
    columnOrder(a.cell) - columnOrder(b.cell) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

function columnOrder(cell: string): number {
  let n = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** One-shot check of a whole sheet: the engine loaded once. */
export function checkSheet(
  header: readonly CellValue[],
  rows: Rows,
  options: EngineOptions = {}
): MamEngine {
  const engine = new MamEngine(options);
  engine.load(header, rows);
  return engine;
}

export type { CheckOptions };
