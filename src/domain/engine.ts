/**
 * The incremental rule engine. Load a sheet once, then apply edits (cells, row blocks, inserted and
 * deleted rows) and get back only the findings that changed. Per-row rules are re-run for the rows
 * an edit touches; cross-row rules (duplicates) keep indexes so an edit costs work proportional to
 * the rows it touches, not to the sheet. A full re-check of the final rows always gives the same
 * findings (a property test holds the engine to that).
 */
import { cellAddress } from "./address";
import { catalogue, fillTemplate, ruleFor, type ProfileColumn } from "./catalogue";
import { isBlank } from "./cellValue";
import { compileColumnCheck, type CellCheck, type CheckOptions, type Params } from "./columns";
import { partyOf, parseDccUserId } from "./dccUserId";
import { DuplicateIndex, type IndexedCell } from "./duplicates";
import { mapHeader, type ColumnMap } from "./header";
import type { CellValue, DateSystem, Delta, Finding, Summary } from "./types";

export interface EngineOptions {
  /** The submitting supplier's EUID (set once per workbook); party rules MAM-312/313/321 need it. */
  readonly submitter?: string | null;
  /** A test workbook may use DCC's test EUID block. */
  readonly testWorkbook?: boolean;
  /** The workbook's date system, for date serial numbers. */
  readonly dateSystem?: DateSystem;
}

/** One data row of the sheet. The object stays the same while the row moves (inserts/deletes above). */
interface RowState {
  sheetRow: number;
  values: readonly CellValue[];
  empty: boolean;
  /** Canonical value per profile column, or null (blank or unusable). */
  canon: (string | null)[];
  /** Findings of the row's own rules. */
  own: Finding[];
  /** Duplicate findings per profile column (null while the row has none). */
  dup: (Finding | null)[] | null;
}

const NO_FINDINGS: Finding[] = [];
const EMPTY_ROW: readonly CellValue[] = [];

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** Collects removals and additions during one update and nets them out (an unchanged finding is no change). */
class DeltaBuilder {
  private readonly before = new Map<string, Finding | null>();
  private readonly after = new Map<string, Finding | null>();

  remove(finding: Finding): void {
    if (!this.before.has(finding.id)) this.before.set(finding.id, finding);
    this.after.set(finding.id, null);
  }

  add(finding: Finding): void {
    if (!this.before.has(finding.id)) this.before.set(finding.id, null);
    this.after.set(finding.id, finding);
  }

  build(): Delta {
    const added: Finding[] = [];
    const removed: Finding[] = [];
    for (const [id, before] of this.before) {
      const after = this.after.get(id) ?? null;
      if (before && after && sameFinding(before, after)) continue;
      if (before) removed.push(before);
      if (after) added.push(after);
    }
    return { added, removed };
  }
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.id === b.id && a.message === b.message && a.fixValue === b.fixValue;
}

type IndexKind = "mpan" | "mprn" | "device";
const duplicateCode: Record<IndexKind, string> = { mpan: "MAM-301", mprn: "MAM-302", device: "MAM-303" };

/** "row 14", "rows 14 and 20", "rows 14, 20, 31, 40, 52 and 6 more". */
function describeRows(rows: number[]): string {
  rows.sort((a, b) => a - b);
  if (rows.length === 1) return `row ${rows[0]}`;
  const shown = rows.slice(0, 5);
  const more = rows.length - shown.length;
  if (more > 0) return `rows ${shown.join(", ")} and ${more} more`;
  return `rows ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

export class MamEngine {
  private options: Required<EngineOptions>;
  /** The submitter's canonical EUID and party, parsed once per option change (not per row). */
  private submitterEuid: string | null = null;
  private submitterParty: string | null = null;
  private map: ColumnMap = mapHeader([]);
  private headerFindings: Finding[] = [];
  private rows: RowState[] = [];
  private checks: (CellCheck | null)[] = [];
  private readonly indexes: Record<IndexKind, DuplicateIndex<RowState>>;
  /** Index kind per profile column, or null. */
  private readonly indexOf: (IndexKind | null)[];
  private readonly col: Record<string, number>;
  /** Bit masks of the profile columns that show electricity / gas supply. */
  private readonly electricityMask: number;
  private readonly gasMask: number;
  private counts = { error: 0, warning: 0, info: 0 };
  private loaded = false;

  // The row and builder being checked: set before each row so `report` needs no closure per row.
  private current!: RowState;
  private currentColumn = 0;
  private currentFindings: Finding[] = NO_FINDINGS;
  private readonly checkOptions: { dateSystem: DateSystem; testWorkbook: boolean };

  constructor(options: EngineOptions = {}) {
    this.options = { submitter: null, testWorkbook: false, dateSystem: 1900, ...options };
    this.checkOptions = { dateSystem: this.options.dateSystem, testWorkbook: this.options.testWorkbook };
    this.parseSubmitter();
    const columns = catalogue.profile.columns;
    this.indexOf = columns.map((c) => c.duplicates ?? null);
    this.col = Object.fromEntries(columns.map((c, i) => [c.key, i]));
    this.checks = columns.map((c) => compileColumnCheck(c));
    const columnOf = (kind: IndexKind) => (row: RowState, value: string) => {
      for (let c = 0; c < this.indexOf.length; c++) if (this.indexOf[c] === kind && row.canon[c] === value) return c;
      throw new Error(`Duplicate index out of step: ${value} is not in row ${row.sheetRow}`);
    };
    this.indexes = { mpan: new DuplicateIndex(columnOf("mpan")), mprn: new DuplicateIndex(columnOf("mprn")), device: new DuplicateIndex(columnOf("device")) };
    this.electricityMask = columns.reduce((m, c, i) => (c.fuel === "electricity" ? m | (1 << i) : m), 0);
    this.gasMask = columns.reduce((m, c, i) => (c.fuel === "gas" ? m | (1 << i) : m), 0);
  }

  // ---------------------------------------------------------------- public API

  /**
   * Replaces everything with a header row and data rows (sheet rows 2, 3, …). `onProgress` is called
   * every few thousand rows, for a progress bar on big sheets.
   */
  load(header: readonly CellValue[], rows: readonly (readonly CellValue[])[], onProgress?: (done: number, total: number) => void): Delta {
    const previous = this.loaded ? this.allFindings() : NO_FINDINGS;
    this.loaded = true;
    this.map = mapHeader(header);
    this.headerFindings = this.map.findings.map((f) => this.headerFinding(f.code, f.sheetColumn, f.column, f.columnKey, f.params));
    for (const index of Object.values(this.indexes)) index.clear();
    this.rows = new Array<RowState>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const state: RowState = { sheetRow: i + 2, values: rows[i], empty: true, canon: [], own: NO_FINDINGS, dup: null };
      this.rows[i] = state;
      this.checkRow(state);
      this.indexRow(state, null);
      if (onProgress && (i & 8191) === 8191) onProgress(i + 1, rows.length);
    }
    onProgress?.(rows.length, rows.length);
    for (const kind of Object.keys(this.indexes) as IndexKind[]) {
      for (const [value, cells] of this.indexes[kind].shared()) this.refreshGroup(kind, value, cells, null);
    }
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
    const affected = this.newAffected();
    for (let i = 0; i < rows.length; i++) this.replaceRow(firstRow - 2 + i, rows[i], d, affected);
    this.refreshAffected(affected, d);
    return this.finish(d);
  }

  /** Writes a block of cells at (firstRow, firstColumn zero-based), leaving the rest of each row as it is. */
  setCells(firstRow: number, firstColumn: number, values: readonly (readonly CellValue[])[]): Delta {
    this.assertDataRow(firstRow);
    const rows = values.map((block, i) => {
      const state = this.rows[firstRow - 2 + i];
      const row = state ? state.values.slice() : [];
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
    while (this.rows.length < at) {
      this.rows.push({ sheetRow: this.rows.length + 2, values: EMPTY_ROW, empty: true, canon: [], own: NO_FINDINGS, dup: null });
    }
    const d = new DeltaBuilder();
    const affected = this.newAffected();
    const below = this.rows.slice(at);
    this.forgetRows(below, d, affected);
    const inserted = values.map((): RowState => ({ sheetRow: 0, values: EMPTY_ROW, empty: true, canon: [], own: NO_FINDINGS, dup: null }));
    this.rows.splice(at, 0, ...inserted);
    this.renumberFrom(at);
    for (let i = 0; i < values.length; i++) this.replaceRow(at + i, values[i], d, affected);
    this.recheckRows(below, d, affected);
    this.refreshAffected(affected, d);
    return this.finish(d);
  }

  /** Deletes `count` rows from sheet row `atRow`; rows below move up. */
  deleteRows(atRow: number, count: number): Delta {
    this.assertDataRow(atRow);
    const at = atRow - 2;
    if (at >= this.rows.length || count <= 0) return { added: [], removed: [] };
    const d = new DeltaBuilder();
    const affected = this.newAffected();
    const gone = this.rows.slice(at, at + count);
    const below = this.rows.slice(at + count);
    this.forgetRows(gone, d, affected);
    this.forgetRows(below, d, affected);
    this.rows.splice(at, count);
    this.renumberFrom(at);
    this.recheckRows(below, d, affected);
    this.refreshAffected(affected, d);
    return this.finish(d);
  }

  /** Changes the header row: columns are found again and every row is re-checked. */
  setHeader(header: readonly CellValue[]): Delta {
    return this.load(header, this.rows.map((r) => r.values));
  }

  /** Changes the submitter, test-workbook flag or date system: every row is re-checked. */
  setOptions(options: EngineOptions): Delta {
    this.options = { ...this.options, ...options };
    this.checkOptions.dateSystem = this.options.dateSystem;
    this.checkOptions.testWorkbook = this.options.testWorkbook;
    this.parseSubmitter();
    return this.load(this.map.headers, this.rows.map((r) => r.values));
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
    for (const state of this.rows) if (!state.empty) n++;
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
    const state = this.rows[sheetRow - 2];
    if (!state) return [];
    return sortFindings([...state.own, ...(state.dup?.filter((f): f is Finding => f !== null) ?? [])]);
  }

  /** The cell values the engine holds for a sheet row (for undoing a fix, say). */
  rowValues(sheetRow: number): readonly CellValue[] {
    return this.rows[sheetRow - 2]?.values ?? EMPTY_ROW;
  }

  /** Canonical rows in export (profile) order, one per non-empty sheet row, in sheet order. */
  exportRows(): { sheetRow: number; values: string[] }[] {
    const out: { sheetRow: number; values: string[] }[] = [];
    const n = this.map.profileColumns.length;
    for (const state of this.rows) {
      if (state.empty) continue;
      const values = new Array<string>(n);
      for (let c = 0; c < n; c++) values[c] = state.canon[c] ?? "";
      out.push({ sheetRow: state.sheetRow, values });
    }
    return out;
  }

  /** Supplier parties (octets 6-7 of the EUIDs) with the EUIDs they use and the rows, for the parties view. */
  parties(): PartyUse[] {
    const byParty = new Map<string, Map<string, { rows: number[]; roles: Set<"import" | "gas"> }>>();
    const roles: [number, "import" | "gas"][] = [
      [this.col.importSupplierEuid, "import"],
      [this.col.gasSupplierEuid, "gas"],
    ];
    for (const state of this.rows) {
      if (state.empty) continue;
      for (const [c, role] of roles) {
        const euid = state.canon[c];
        if (!euid) continue;
        const party = partyOf(euid);
        let euids = byParty.get(party);
        if (!euids) byParty.set(party, (euids = new Map()));
        let use = euids.get(euid);
        if (!use) euids.set(euid, (use = { rows: [], roles: new Set() }));
        if (use.rows[use.rows.length - 1] !== state.sheetRow) use.rows.push(state.sheetRow);
        use.roles.add(role);
      }
    }
    return [...byParty.entries()]
      .map(([party, euids]) => ({
        party,
        isSubmitter: party === this.submitterParty,
        euids: [...euids.entries()].map(([euid, use]) => ({ euid, rows: use.rows, roles: [...use.roles].sort() })),
      }))
      .sort((a, b) => a.party.localeCompare(b.party));
  }

  // ---------------------------------------------------------------- rows

  private assertDataRow(row: number): void {
    if (!Number.isInteger(row) || row < 2) throw new RangeError(`Data rows start at sheet row 2 (row 1 is the header), not ${row}`);
  }

  private newAffected(): Record<IndexKind, Set<string>> {
    return { mpan: new Set(), mprn: new Set(), device: new Set() };
  }

  private replaceRow(index: number, values: readonly CellValue[], d: DeltaBuilder, affected: Record<IndexKind, Set<string>>): void {
    while (this.rows.length <= index) {
      this.rows.push({ sheetRow: this.rows.length + 2, values: EMPTY_ROW, empty: true, canon: [], own: NO_FINDINGS, dup: null });
    }
    const state = this.rows[index];
    for (const f of state.own) d.remove(f);
    this.unindexRow(state, d, affected);
    state.values = values;
    this.checkRow(state);
    for (const f of state.own) d.add(f);
    this.indexRow(state, affected);
  }

  /** Takes rows out of the indexes and the findings (before they move or go). */
  private forgetRows(rows: readonly RowState[], d: DeltaBuilder, affected: Record<IndexKind, Set<string>>): void {
    for (const state of rows) {
      for (const f of state.own) d.remove(f);
      state.own = NO_FINDINGS;
      this.unindexRow(state, d, affected);
    }
  }

  /** Re-checks rows that moved: their addresses changed, so every finding is new. */
  private recheckRows(rows: readonly RowState[], d: DeltaBuilder, affected: Record<IndexKind, Set<string>>): void {
    for (const state of rows) {
      this.checkRow(state);
      for (const f of state.own) d.add(f);
      this.indexRow(state, affected);
    }
  }

  private renumberFrom(index: number): void {
    for (let i = index; i < this.rows.length; i++) this.rows[i].sheetRow = i + 2;
  }

  private indexRow(state: RowState, affected: Record<IndexKind, Set<string>> | null): void {
    if (state.empty) return;
    for (let c = 0; c < this.indexOf.length; c++) {
      const kind = this.indexOf[c];
      const value = state.canon[c];
      if (kind === null || value === null || value === undefined) continue;
      if (this.indexes[kind].add(value, state, c) && affected) affected[kind].add(value);
    }
  }

  private unindexRow(state: RowState, d: DeltaBuilder, affected: Record<IndexKind, Set<string>>): void {
    if (state.empty) return;
    for (let c = 0; c < this.indexOf.length; c++) {
      const kind = this.indexOf[c];
      const value = state.canon[c];
      if (kind === null || value === null || value === undefined) continue;
      if (this.indexes[kind].remove(value, state, c)) affected[kind].add(value);
      const old = state.dup?.[c];
      if (old) {
        d.remove(old);
        state.dup![c] = null;
      }
    }
  }

  private refreshAffected(affected: Record<IndexKind, Set<string>>, d: DeltaBuilder): void {
    for (const kind of Object.keys(affected) as IndexKind[]) {
      for (const value of affected[kind]) this.refreshGroup(kind, value, this.indexes[kind].cells(value), d);
    }
  }

  /** Recomputes the duplicate findings of every cell holding `value`. */
  private refreshGroup(kind: IndexKind, value: string, cells: readonly IndexedCell<RowState>[], d: DeltaBuilder | null): void {
    for (const cell of cells) {
      const next = cells.length > 1 ? this.duplicateFinding(kind, value, cell, cells) : null;
      const state = cell.row;
      const old = state.dup?.[cell.column] ?? null;
      if (old && next && sameFinding(old, next)) continue;
      if (old && d) d.remove(old);
      if (next) {
        if (!state.dup) state.dup = new Array(this.indexOf.length).fill(null);
        state.dup[cell.column] = next;
        if (d) d.add(next);
      } else if (state.dup) state.dup[cell.column] = null;
    }
  }

  private duplicateFinding(kind: IndexKind, value: string, cell: IndexedCell<RowState>, cells: readonly IndexedCell<RowState>[]): Finding {
    const columns = this.map.profileColumns;
    let params: Params;
    if (kind === "device") {
      const others = cells
        .filter((o) => o !== cell)
        .sort((a, b) => a.row.sheetRow - b.row.sheetRow || a.column - b.column)
        .map((o) => `${columns[o.column].header} ${o.row === cell.row ? "in this row" : `on row ${o.row.sheetRow}`}`);
      const shown = others.length > 5 ? `${others.slice(0, 5).join(", ")} and ${others.length - 5} more` : others.join(", ");
      params = { column: columns[cell.column].header, value, others: shown };
    } else {
      params = { value, rows: describeRows(cells.filter((o) => o !== cell).map((o) => o.row.sheetRow)) };
    }
    return this.makeFinding(cell.row.sheetRow, cell.column, duplicateCode[kind], params);
  }

  // ---------------------------------------------------------------- per-row rules

  private readonly report = (code: string, params: Params, fixValue?: string): void => {
    const f = this.makeFinding(this.current.sheetRow, this.currentColumn, code, params, fixValue);
    if (this.currentFindings === NO_FINDINGS) this.currentFindings = [];
    this.currentFindings.push(f);
  };

  private checkRow(state: RowState): void {
    this.current = state;
    this.currentFindings = NO_FINDINGS;
    const { sheetColumnOf } = this.map;
    const n = sheetColumnOf.length;
    const values = state.values;
    const canon = state.canon;
    canon.length = n;
    let presentMask = 0;
    for (let c = 0; c < n; c++) {
      const sc = sheetColumnOf[c];
      const value = sc >= 0 ? values[sc] : undefined;
      if (isBlank(value)) {
        canon[c] = null;
        continue;
      }
      presentMask |= 1 << c;
      this.currentColumn = c;
      canon[c] = this.checks[c]!(value, this.checkOptions, this.report);
    }
    state.empty = presentMask === 0;
    if (!state.empty) this.rowRules(state, presentMask);
    else this.currentFindings = NO_FINDINGS;
    state.own = this.currentFindings;
  }

  private at(column: number, code: string, params: Params): void {
    this.currentColumn = column;
    this.report(code, params);
  }

  /** Which fuel a row shows: the header of its first filled column of that fuel, or null. */
  private fuelHint(fuelMask: number, present: number): string | null {
    const hit = fuelMask & present;
    if (hit === 0) return null;
    return this.map.profileColumns[31 - Math.clz32(hit & -hit)].header;
  }

  /** Rules that look at several cells of the row. */
  private rowRules(state: RowState, present: number): void {
    const columns = this.map.profileColumns;
    const col = this.col;
    const inSheet = this.map.sheetColumnOf;
    const has = (c: number) => (present & (1 << c)) !== 0;
    const electricity = this.fuelHint(this.electricityMask, present);
    const gas = this.fuelHint(this.gasMask, present);
    // Neither meter point: one MAM-003 says it, rather than a MAM-002 per fuel the other cells suggest.
    const noMeterPoint = !has(col.mpan) && !has(col.mprn) && (inSheet[col.mpan] >= 0 || inSheet[col.mprn] >= 0);
    if (noMeterPoint) this.at(inSheet[col.mpan] >= 0 ? col.mpan : col.mprn, "MAM-003", {});
    // Required values (only for columns the sheet has: a missing column is MAM-001 once, not per row).
    for (let c = 0; c < columns.length; c++) {
      if ((present & (1 << c)) !== 0 || inSheet[c] < 0) continue;
      if (noMeterPoint && (c === col.mpan || c === col.mprn)) continue;
      const reason = this.requiredReason(columns[c], has, electricity, gas);
      if (reason !== null) this.at(c, "MAM-002", { column: columns[c].header, reason });
    }
    this.statusRules(state, has);
    this.partyRules(state, has);
  }

  private requiredReason(column: ProfileColumn, has: (c: number) => boolean, electricity: string | null, gas: string | null): string | null {
    switch (column.required) {
      case "always":
        return "on every row";
      case "electricity":
        return electricity !== null ? `because the row has an electricity ${electricity}` : null;
      case "gas":
        return gas !== null ? `because the row has a gas ${gas}` : null;
      case "mpanGiven":
        return has(this.col.mpan) ? "because the row has an MPAN" : null;
      case "mprnGiven":
        return has(this.col.mprn) ? "because the row has an MPRN" : null;
      case "activeRow": // the Active/Dormant pairing is MAM-331's to report
      case "optional":
        return null;
    }
  }

  private statusRules(state: RowState, has: (c: number) => boolean): void {
    const col = this.col;
    if (this.map.sheetColumnOf[col.smsoId] < 0) return;
    const status = state.canon[col.meterStatus];
    const smso = state.canon[col.smsoId];
    const { active, dormant } = catalogue.identifiers.meterStatuses;
    const none = catalogue.identifiers.smsoNone;
    if (status === active) {
      if (!has(col.smsoId)) this.at(col.smsoId, "MAM-331", { detail: `This row is ${active} but has no SMSO ID; an ${active} meter is served by an SMSO` });
      else if (smso === none) this.at(col.smsoId, "MAM-331", { detail: `This row is ${active} but its SMSO ID is ${none}; an ${active} meter is served by an SMSO` });
    } else if (status === dormant && smso !== null && smso !== none) {
      this.at(col.smsoId, "MAM-331", { detail: `This row is ${dormant} but names SMSO ${smso}; a ${dormant} meter has no SMSO contract (leave it blank or write ${none})` });
    }
  }

  private partyRules(state: RowState, has: (c: number) => boolean): void {
    const col = this.col;
    const imp = state.canon[col.importSupplierEuid];
    const gas = state.canon[col.gasSupplierEuid];
    const impParty = imp ? partyOf(imp) : null;
    const gasParty = gas ? partyOf(gas) : null;
    if (imp && gas && imp !== gas && impParty === gasParty) {
      this.at(col.gasSupplierEuid, "MAM-311", { import: imp, gas, party: impParty! });
    }
    const sub = this.submitterEuid;
    const subParty = this.submitterParty;
    if (sub === null || subParty === null) return;
    // An EUID cell that holds something unusable already has its own error; judging the supplier
    // from half the row would add a second, misleading one.
    const unusable = (has(col.importSupplierEuid) && !imp) || (has(col.gasSupplierEuid) && !gas);
    if ((imp || gas) && !unusable && subParty !== impParty && subParty !== gasParty) {
      const euids = [imp && `import ${imp}`, gas && `gas ${gas}`].filter(Boolean).join(", ");
      this.at(imp ? col.importSupplierEuid : col.gasSupplierEuid, "MAM-312", { submitter: sub, party: subParty, euids });
    }
    if (imp && imp !== sub && impParty === subParty) this.sameParty(col.importSupplierEuid, imp, sub, subParty);
    if (gas && gas !== sub && gasParty === subParty) this.sameParty(col.gasSupplierEuid, gas, sub, subParty);
    const group = state.canon[col.groupId];
    const dualFuel = has(col.mpan) && has(col.mprn);
    if (dualFuel && imp && gas && impParty !== gasParty && group && !catalogue.identifiers.groupExceptions.includes(group) && subParty === gasParty) {
      this.at(col.importSupplierEuid, "MAM-321", { importParty: impParty!, gasParty: gasParty!, group });
    }
  }

  private sameParty(column: number, euid: string, submitter: string, party: string): void {
    this.at(column, "MAM-313", { column: this.map.profileColumns[column].header, value: euid, submitter, party });
  }

  // ---------------------------------------------------------------- findings

  private parseSubmitter(): void {
    const text = this.options.submitter;
    const parsed = text ? parseDccUserId(text, { testWorkbook: this.options.testWorkbook }) : null;
    this.submitterEuid = parsed?.ok ? parsed.canonical : null;
    this.submitterParty = parsed?.ok ? partyOf(parsed.canonical) : null;
  }

  private makeFinding(sheetRow: number, column: number, code: string, params: Params, fixValue?: string): Finding {
    const rule = ruleFor(code);
    const profileColumn = this.map.profileColumns[column];
    const sheetColumn = this.map.sheetColumnOf[column];
    const cell = cellAddress(sheetColumn >= 0 ? sheetColumn : 0, sheetRow);
    return {
      id: `${cell}|${code}`,
      row: sheetRow,
      column: profileColumn.header,
      columnKey: profileColumn.key,
      cell,
      code,
      severity: rule.severity,
      basis: rule.basis,
      message: fillTemplate(rule.message, params),
      hint: fillTemplate(rule.fix, params),
      ...(fixValue !== undefined ? { fixValue } : {}),
    };
  }

  private headerFinding(code: string, sheetColumn: number, column: string, columnKey: string | null, params: Params): Finding {
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

  private allFindings(): Finding[] {
    const out: Finding[] = [...this.headerFindings];
    for (const state of this.rows) {
      for (const f of state.own) out.push(f);
      if (state.dup) for (const f of state.dup) if (f) out.push(f);
    }
    return out;
  }

  private recount(findings: readonly Finding[]): void {
    this.counts = { error: 0, warning: 0, info: 0 };
    for (const f of findings) this.counts[f.severity]++;
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
  readonly euids: { readonly euid: string; readonly rows: number[]; readonly roles: ("import" | "gas")[] }[];
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
export function checkSheet(header: readonly CellValue[], rows: readonly (readonly CellValue[])[], options: EngineOptions = {}): MamEngine {
  const engine = new MamEngine(options);
  engine.load(header, rows);
  return engine;
}

export type { CheckOptions };
