/**
 * Highlights as conditional formats the add-in owns (docs/ARCHITECTURE.md, "Highlights"): the
 * cells' own formatting is never touched. A very hidden sheet holds a flag per flagged cell at the
 * cell's own address (2 error, 1 warning), and two rules over the whole watched sheet show red or
 * amber where the flag says so. The rules' formula reads the flag at the cell's own ROW() and
 * COLUMN(), so it means the same wherever Excel copies, moves or splits the rule; its reference to
 * the flags sheet is the marker by which a later session finds the rules again.
 *
 * The store keeps what the flags sheet holds (read with the sheet, updated only after a write's
 * sync succeeded), so a change is written only when a flag really changes.
 */
import { columnLetters, parseCellAddress } from "../../domain/address";
import type { Severity } from "../../domain/types";
import type { HighlightChange, SheetMove } from "../hostApi";

/** The very hidden sheet of flags (Excel's limit is 31 characters). */
export const FLAGS_SHEET = "MAM Workbench highlights";
/** Excel's own "Light Red Fill" and "Yellow Fill" conditional-format fills. */
export const HIGHLIGHT = { error: "#FFC7CE", warning: "#FFEB9C" } as const;
/**
 * The text of a highlighted cell: the two fills are close in lightness, so an error also shows
 * in bold (told apart without colour), and each text colour is dark on its fill.
 */
export const HIGHLIGHT_FONT = {
  error: { color: "#9C0006", bold: true },
  warning: { color: "#7A4500", bold: false },
} as const;

export type Shown = "error" | "warning";
const FLAG: Record<Shown, number> = { error: 2, warning: 1 };
const QUOTED = `'${FLAGS_SHEET}'`;

/** The rule that shows one severity: true where the flags sheet holds its flag at the cell's own address. */
export function ruleFormula(severity: Shown): string {
  return `=INDEX(${QUOTED}!$1:$1048576,ROW(),COLUMN())=${FLAG[severity]}`;
}

/** Which of the add-in's rules a formula is, or null for anyone else's. */
export function ownRule(formula: string | null | undefined): Shown | null {
  if (!formula || !formula.toLowerCase().includes(FLAGS_SHEET.toLowerCase())) return null;
  return /=\s*2\s*$/.test(formula) ? "error" : "warning";
}

function shown(severity: Severity | null): Shown | null {
  return severity === "error" || severity === "warning" ? severity : null;
}

/** A rule of ours found in the workbook (its id holds for this session only). */
interface FoundRule {
  readonly sheet: string;
  readonly id: string;
  readonly severity: Shown;
}

/** The syncs of one write (see HighlightStore.plan). */
export interface WritePlan {
  readonly syncs: readonly ((context: Excel.RequestContext) => void)[];
  /** Only flag values change: the syncs can be one undo step (mergeUndoGroup). */
  readonly valuesOnly: boolean;
  readonly commit: () => void;
}

/** Cells this far apart in one write are sent as separate row blocks. */
const WRITE_BLOCK_ROWS = 5000;
/** Flags cells per sync (values of 1, 2 or "", a few bytes each): far below the 5 MB request cap. */
const WRITE_SYNC_CELLS = 300_000;

export class HighlightStore {
  /** What the flags sheet holds: A1 cell → severity. */
  private flags = new Map<string, Shown>();
  /** Whether the flags sheet exists (null: not known yet), and its id (change events name sheets by id). */
  sheetExists: boolean | null = null;
  sheetId: string | null = null;
  /** Flags the user's Ctrl+Z changed (ExcelApi 1.20): read again with the next rows. */
  private undone: string[] = [];
  /** Flags outside the area last read (rows or columns deleted while the pane was closed). */
  overflow = false;
  /** Our rules, as the last inspection found them. */
  private found: FoundRule[] = [];
  /** The watched sheet has exactly our two rules, each over the whole sheet. */
  rulesReady = false;
  /** A paste or cut took our rules off some cells: the next write adds them again. */
  needsRules = false;
  /** A write failed part-way: what the flags sheet holds is not known until the next full read. */
  lost = false;
  /** Whether `inspect` ran since the sheet was opened (rule ids hold for this session only). */
  inspected = false;
  /** Nothing was written or edited since the last `inspect`: what it found still holds. */
  fresh = false;
  /** Cell ranges of user edits since the last check (a paste may have taken our rules off them). */
  private suspects: string[] = [];

  get size(): number {
    return this.flags.size;
  }

  /** Every cell the flags sheet flags. */
  cells(): IterableIterator<string> {
    return this.flags.keys();
  }

  severityOf(cell: string): Shown | null {
    return this.flags.get(cell) ?? null;
  }

  // ------------------------------------------------------------------ inspection

  /**
   * Finds our rules on every sheet and the flags sheet (two or three syncs): on the watched sheet
   * they are ready when there is one per severity, each over the whole sheet.
   */
  async inspect(context: Excel.RequestContext, watched: string): Promise<void> {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    const flagsSheet = sheets.getItemOrNullObject(FLAGS_SHEET).load("id");
    await context.sync();
    this.foundSheet(flagsSheet);
    const collections = sheets.items
      .filter((ws) => ws.name !== FLAGS_SHEET)
      .map((ws) => {
        const cfs = ws.getRange().conditionalFormats;
        cfs.load("items/id,items/type,items/customOrNullObject/rule/formula");
        return { sheet: ws.name, cfs };
      });
    await context.sync();
    this.found = [];
    const mine: Excel.ConditionalFormat[] = [];
    for (const { sheet, cfs } of collections) {
      for (const cf of cfs.items) {
        if (cf.type !== "Custom" || cf.customOrNullObject.isNullObject) continue;
        const severity = ownRule(cf.customOrNullObject.rule.formula);
        if (!severity) continue;
        this.found.push({ sheet, id: cf.id, severity });
        if (sheet === watched) mine.push(cf);
      }
    }
    const onWatched = this.found.filter((r) => r.sheet === watched);
    this.rulesReady = false;
    if (
      onWatched.length === 2 &&
      onWatched.some((r) => r.severity === "error") &&
      onWatched.some((r) => r.severity === "warning")
    ) {
      const ranges = mine.map((cf) => cf.getRanges().load("address"));
      await context.sync();
      this.rulesReady = ranges.every((r) => wholeSheet(r.address));
    }
    this.needsRules = false;
    this.inspected = true;
    this.fresh = true;
  }

  /** Notes whether the flags sheet exists, and its id (loaded with it). */
  foundSheet(ws: Excel.Worksheet): void {
    this.sheetExists = !ws.isNullObject;
    this.sheetId = ws.isNullObject ? null : ws.id;
  }

  // ------------------------------------------------------------------ the user's undo

  /**
   * A change to the flags sheet that was not ours: the user's Ctrl+Z took back a highlight
   * (ExcelApi 1.20 puts the add-in's writes on the undo stack). The flags there are read again with
   * the next rows, and not written back on their own: the add-in does not fight the user's undo.
   */
  noteUndone(address: string): void {
    if (this.undone.length < 20) this.undone.push(address);
    else this.lost = true;
  }

  /** Queues, in a read batch, the flags noted by `noteUndone`; returns what takes them after its sync. */
  queueUndone(context: Excel.RequestContext): (() => void) | null {
    if (this.undone.length === 0 || !this.sheetExists) return null;
    const ws = context.workbook.worksheets.getItem(FLAGS_SHEET);
    const reads = this.undone.map((address) => {
      const range = ws.getRange(address).load("values,rowIndex,columnIndex,rowCount,columnCount");
      return range;
    });
    this.undone = [];
    return () => {
      for (const range of reads) {
        for (let r = 0; r < range.rowCount; r++)
          for (let c = 0; c < range.columnCount; c++)
            this.flags.delete(`${columnLetters(range.columnIndex + c)}${range.rowIndex + r + 1}`);
        this.takeFlags(range.rowIndex + 1, range.values, range.columnIndex);
      }
    };
  }

  /** Rules of ours anywhere but on the watched sheet, or more than the two it needs. */
  private strays(watched: string): FoundRule[] {
    return this.rulesReady ? this.found.filter((r) => r.sheet !== watched) : this.found;
  }

  // ------------------------------------------------------------------ reading

  /** Starts a full read: what the flags sheet holds is read again with the rows. */
  beginRead(): void {
    this.flags.clear();
    this.lost = false;
    this.overflow = false;
  }

  /** Takes the flags of sheet rows firstRow.. from a block read with the sheet's values. */
  takeFlags(firstRow: number, values: readonly (readonly unknown[])[], firstColumn = 0): void {
    values.forEach((row, r) => {
      row.forEach((v, c) => {
        const severity = v === FLAG.error ? "error" : v === FLAG.warning ? "warning" : null;
        if (severity) this.flags.set(`${columnLetters(firstColumn + c)}${firstRow + r}`, severity);
      });
    });
  }

  // ------------------------------------------------------------------ coverage after pastes

  /** A user edit of this range (A1, bounded): a paste may have taken our rules off it. */
  noteEdit(address: string): void {
    this.fresh = false;
    if (!this.rulesReady || this.needsRules) return;
    if (this.suspects.length < 20) this.suspects.push(address);
    else this.needsRules = true; // too many to check one by one: add the rules again
  }

  /**
   * Queues, in a read batch already going out, the rules over each range edited since the last
   * check; call `afterCoverage` after its sync. A range without one of ours lost it to a paste.
   */
  queueCoverage(ws: Excel.Worksheet): (() => void) | null {
    if (this.suspects.length === 0) return null;
    const checks = this.suspects.map((address) => {
      const cfs = ws.getRange(address).conditionalFormats;
      cfs.load("items/type,items/customOrNullObject/rule/formula");
      return cfs;
    });
    this.suspects = [];
    return () => {
      const covered = (cfs: Excel.ConditionalFormatCollection) =>
        cfs.items.some(
          (cf) =>
            cf.type === "Custom" &&
            !cf.customOrNullObject.isNullObject &&
            ownRule(cf.customOrNullObject.rule.formula) !== null
        );
      if (!checks.every(covered)) this.needsRules = true;
    };
  }

  // ------------------------------------------------------------------ writing

  /**
   * What makes the workbook show `changes` (after `moves`), as the syncs of one Excel.run (each a
   * function queueing that sync's work), or null when nothing needs writing. In order: stale
   * rules of ours are deleted (first, so a rule the user deleted meanwhile fails the batch before
   * anything else is sent), the flags sheet is made when first needed, it moves with the rows and
   * columns, our rules are added where missing, and each changed row of flags is written. Call
   * `commit` once every sync succeeded. `reset`: `changes` is the whole truth; rules on other
   * sheets and flags beyond the area read go too.
   */
  plan(
    watched: string,
    width: number,
    changes: readonly HighlightChange[],
    moves: readonly SheetMove[],
    reset: boolean
  ): WritePlan | null {
    const next = new Map(this.flags);
    for (const move of moves) moveFlags(next, move);
    const rows = new Set<number>();
    let widest = width;
    for (const { cell, severity } of changes) {
      const at = parseCellAddress(cell);
      if (!at) continue;
      const want = shown(severity);
      if (want === (next.get(cell) ?? null) && !this.lost) continue;
      if (want) next.set(cell, want);
      else next.delete(cell);
      rows.add(at.row);
      widest = Math.max(widest, at.column + 1);
    }
    const anyFlag = next.size > 0;
    if (reset && !anyFlag && this.anythingToRemove)
      return {
        syncs: [(context) => this.queueRemoveAll(context)],
        valuesOnly: false,
        commit: () => this.afterRemoveAll(),
      };
    const addRules = anyFlag && (!this.rulesReady || this.needsRules);
    // Adding afresh: every rule of ours found goes first (fragments, copies on other sheets).
    const doomed = addRules ? this.found : reset ? this.strays(watched) : [];
    const createSheet = anyFlag && this.sheetExists !== true;
    const moveSheet = moves.length > 0 && this.sheetExists === true;
    const clearOverflow = reset && this.overflow && this.sheetExists === true;
    if (rows.size === 0 && doomed.length === 0 && !addRules && !moveSheet && !clearOverflow)
      return null;

    let created: Excel.Worksheet | null = null;
    const structure = (context: Excel.RequestContext): void => {
      const sheets = context.workbook.worksheets;
      for (const rule of doomed)
        sheets.getItem(rule.sheet).getRange().conditionalFormats.getItem(rule.id).delete();
      if (createSheet) {
        created = sheets.add(FLAGS_SHEET);
        created.visibility = Excel.SheetVisibility.veryHidden;
        created.load("id");
      }
      if (moveSheet) {
        const ws = sheets.getItem(FLAGS_SHEET);
        for (const move of moves) queueMove(ws, move);
      }
      if (clearOverflow)
        sheets
          .getItem(FLAGS_SHEET)
          .getRange(`${columnLetters(widest)}:XFD`)
          .clear(Excel.ClearApplyTo.contents);
      if (addRules) {
        const all = sheets.getItem(watched).getRange();
        for (const severity of ["warning", "error"] as const) {
          // Added last, the error rule is on top: a cell flagged both ways could only show red.
          const cf = all.conditionalFormats.add(Excel.ConditionalFormatType.custom);
          cf.custom.rule.formula = ruleFormula(severity);
          cf.custom.format.fill.color = HIGHLIGHT[severity];
          cf.custom.format.font.color = HIGHLIGHT_FONT[severity].color;
          cf.custom.format.font.bold = HIGHLIGHT_FONT[severity].bold;
        }
      }
    };
    const valuesOnly =
      doomed.length === 0 && !createSheet && !moveSheet && !clearOverflow && !addRules;
    const syncs: ((context: Excel.RequestContext) => void)[] = valuesOnly ? [] : [structure];
    rowBlocks(rows, widest, WRITE_SYNC_CELLS).forEach((group, i) => {
      const queueRows = (context: Excel.RequestContext) => {
        const ws = context.workbook.worksheets.getItem(FLAGS_SHEET);
        for (const [first, last] of group)
          ws.getRangeByIndexes(first - 1, 0, last - first + 1, widest).values = flagRows(
            next,
            first,
            last,
            widest
          );
      };
      if (i === 0 && syncs.length === 1) {
        syncs[0] = (context) => {
          structure(context);
          queueRows(context);
        };
      } else syncs.push(queueRows);
    });
    return {
      syncs,
      valuesOnly,
      commit: () => {
        this.fresh = false;
        this.flags = next;
        this.lost = false;
        if (created) this.foundSheet(created);
        if (clearOverflow) this.overflow = false;
        this.found = this.found.filter((r) => !doomed.includes(r));
        if (addRules) {
          this.rulesReady = true;
          this.needsRules = false;
        }
      },
    };
  }

  /** A write failed part-way: what the flags sheet and the rules hold is known again after a full read. */
  failed(): void {
    this.fresh = false;
    this.lost = true;
    this.rulesReady = false;
    this.inspected = false;
  }

  // ------------------------------------------------------------------ removing everything

  /** Queues the deletion of every rule of ours (as found by `inspect`) and of the flags sheet. */
  queueRemoveAll(context: Excel.RequestContext): void {
    const sheets = context.workbook.worksheets;
    for (const rule of this.found)
      sheets.getItem(rule.sheet).getRange().conditionalFormats.getItem(rule.id).delete();
    if (this.sheetExists) sheets.getItem(FLAGS_SHEET).delete();
  }

  afterRemoveAll(): void {
    this.suspects = [];
    this.undone = [];
    this.sheetId = null;
    this.flags.clear();
    this.found = [];
    this.sheetExists = false;
    this.rulesReady = false;
    this.needsRules = false;
    this.overflow = false;
    this.lost = false;
  }

  /** Anything of ours to remove, as the last inspection found? */
  get anythingToRemove(): boolean {
    return this.found.length > 0 || this.sheetExists === true;
  }
}

/** An address that is the whole sheet, as Excel writes it ("Sheet!1:1048576" or "A1:XFD1048576"). */
function wholeSheet(address: string): boolean {
  const bare = address.slice(address.lastIndexOf("!") + 1).replace(/\$/g, "");
  return bare === "1:1048576" || bare === "A1:XFD1048576" || bare === "A:XFD";
}

/** The flags sheet follows the user's inserted and deleted rows and columns. */
function queueMove(ws: Excel.Worksheet, move: SheetMove): void {
  const n = Math.abs(move.count);
  if (move.axis === "rows") {
    const range = ws.getRange(`${move.at}:${move.at + n - 1}`);
    if (move.count > 0) range.insert(Excel.InsertShiftDirection.down);
    else range.delete(Excel.DeleteShiftDirection.up);
  } else {
    const range = ws.getRange(`${columnLetters(move.at)}:${columnLetters(move.at + n - 1)}`);
    if (move.count > 0) range.insert(Excel.InsertShiftDirection.right);
    else range.delete(Excel.DeleteShiftDirection.left);
  }
}

/** Moves flags keyed by A1 address as the sheet moved its cells. */
function moveFlags(flags: Map<string, Shown>, move: SheetMove): void {
  const moved = [...flags];
  flags.clear();
  const n = move.count;
  for (const [cell, severity] of moved) {
    const at = parseCellAddress(cell);
    if (!at) continue;
    let { row, column } = at;
    if (move.axis === "rows") {
      if (n < 0 && row >= move.at && row < move.at - n) continue;
      if (row >= move.at) row += n;
    } else {
      if (n < 0 && column >= move.at && column < move.at - n) continue;
      if (column >= move.at) column += n;
    }
    if (row >= 1 && column >= 0) flags.set(`${columnLetters(column)}${row}`, severity);
  }
}

/** Rows first..last of flags, `width` columns: 2, 1 or "" (an empty cell). */
function flagRows(
  flags: Map<string, Shown>,
  first: number,
  last: number,
  width: number
): (number | string)[][] {
  const letters = Array.from({ length: width }, (_, c) => columnLetters(c));
  const values: (number | string)[][] = [];
  for (let row = first; row <= last; row++) {
    const line: (number | string)[] = [];
    for (let c = 0; c < width; c++) {
      const severity = flags.get(`${letters[c]}${row}`);
      line.push(severity ? FLAG[severity] : "");
    }
    values.push(line);
  }
  return values;
}

/** Sorted changed rows as runs of consecutive rows, grouped so each group stays under `cells`. */
function rowBlocks(rows: Set<number>, width: number, cells: number): [number, number][][] {
  const sorted = [...rows].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const row of sorted) {
    const last = runs[runs.length - 1];
    if (last && row === last[1] + 1 && row - last[0] < WRITE_BLOCK_ROWS) last[1] = row;
    else runs.push([row, row]);
  }
  const groups: [number, number][][] = [];
  let group: [number, number][] = [];
  let size = 0;
  for (const run of runs) {
    const n = (run[1] - run[0] + 1) * width;
    if (group.length > 0 && size + n > cells) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(run);
    size += n;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
