/**
 * The task pane's brain: one rule engine fed by a spreadsheet host. It scans the sheet, follows
 * changes (events are hints: it re-reads what they name), keeps the findings, paints highlights,
 * applies the fixes the user asks for (with undo), and builds the MA file. React subscribes to its
 * state; it has no Office calls (those are behind WorkbookHost) and no React.
 */
import { parseCellAddress } from "../domain/address";
import { isCellFormula } from "../domain/cellValue";
import { MamEngine, type EngineOptions, type PartyUse } from "../domain/engine";
import { headerScore } from "../domain/header";
import { buildMaFile, dcoProblem } from "../domain/exportFile";
import { v06a, type MamProfile } from "../domain/profile";
import { paneOrder } from "../domain/report/findingOrder";
import { findingsTable } from "../domain/report/findingsTable";
import type { CellValue, Delta, Finding, Summary } from "../domain/types";
import type {
  CellWrite,
  WriteOutcome,
  HighlightChange,
  SheetAccess,
  SheetCandidate,
  SheetChange,
  SheetMove,
  WorkbookHost,
  WorkbookSettings,
} from "../host/hostApi";
import { DAY_CHECK_MS, DayWatch } from "./dayWatch";
import { FindingSet } from "./findingSet";
import { findingsTsv, helpdeskSummary, localTime } from "./helpdeskSummary";
import { runSelfTest, type SelfTestReport } from "./selfTest";

export type Phase = "starting" | "choosingSheet" | "scanning" | "ready" | "noSheet" | "failed";

export interface WorkbenchState {
  readonly phase: Phase;
  readonly candidates: readonly SheetCandidate[];
  readonly sheet: string | null;
  /** Work under way ("Reading rows", "Checking rows") with its progress. */
  readonly progress: {
    readonly label: string;
    readonly done: number;
    readonly total: number;
  } | null;
  readonly rows: number;
  readonly summary: Summary;
  /** Every finding, in sheet order. */
  readonly findings: readonly Finding[];
  readonly live: boolean;
  readonly highlighting: boolean;
  readonly submitter: string;
  readonly dco: string;
  readonly testWorkbook: boolean;
  /** The finding last selected (walk-through position). */
  readonly currentId: string | null;
  /** How many fix batches can be undone. */
  readonly undoDepth: number;
  /** A message for the user (failure or notice), or null; `id` tells one notice from the next. */
  readonly notice: Notice | null;
  /** Why the workbook could not be checked (phase "failed"), or null. */
  readonly failure: string | null;
  /** The cell selected in Excel on the checked sheet (the active cell of the selection), or null. */
  readonly selectedCell: string | null;
  /** Changes are waiting to be read or host work is under way (the pane shows it; tests wait on it). */
  readonly busy: boolean;
  /** The sheet is protected: fixes are off (Excel would refuse them). */
  readonly sheetProtected: boolean;
}

export interface Notice {
  readonly id: number;
  /** "info" is news (it goes after a while); "warning" (a lasting condition) and "error" stay. */
  readonly kind: "error" | "warning" | "info";
  readonly text: string;
}

export interface ExportReady {
  readonly ok: true;
  readonly fileName: string;
  readonly content: string;
  readonly rows: number;
  readonly sha256: string;
}
export type ExportOutcome = ExportReady | { readonly ok: false; readonly reason: string };

/** A fix that can be undone: the old values, each guarded by the value the fix wrote. */
interface UndoEntry {
  readonly restores: CellWrite[];
}

/** Rows processed between yields to the browser, so a 10k-row paste never freezes the pane. */
export const CHUNK_ROWS = 1000;
/** Cells written per batch by a fix or an undo (progress is shown between batches). */
export const WRITE_CHUNK_CELLS = 400;
/** A fix of more cells than this is confirmed by the user first (the pane asks). */
export const CONFIRM_FIX_ABOVE = 100;
/** With no MA sheet yet, edits and new sheets are gathered this long before the workbook is looked at again. */
export const LOOK_AGAIN_MS = 600;
/** Typing bursts are gathered this long before the rows are re-read. */
export const DEBOUNCE_MS = 150;
/**
 * A re-read that finished this long before a row insert or delete was reported may have read the
 * sheet after it (the event comes later than the change): its rows are read again at their new place.
 */
export const RACE_WINDOW_MS = 5000;
/** A re-read refused while the user edits a cell (older Excel ignores delayForCellEdit) is retried. */
const EDIT_RETRY_MS = 500;
const EDIT_RETRIES = 120;

/** What a host that cannot tell gets: everything allowed. */
const FULL_ACCESS: SheetAccess = { protected: false, canHighlight: true, notices: [] };

/** A change with the time it was reported (see RACE_WINDOW_MS). */
interface Reported {
  readonly change: SheetChange;
  readonly at: number;
}

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface WorkbenchOptions {
  /** The profile sheets are checked against (the shipped v06a by default). */
  readonly profile?: MamProfile;
  /** The clock date rules read today from (in the profile's time zone). */
  readonly now?: () => Date;
  /** How often to look whether the day changed, in ms (0: never; `checkDay` does it on demand). */
  readonly dayCheckMs?: number;
}

export class Workbench {
  private readonly profile: MamProfile;
  private readonly day: DayWatch;
  private readonly dayCheckMs: number;
  private engine: MamEngine;
  private readonly set = new FindingSet();
  private state: WorkbenchState;
  private readonly listeners = new Set<() => void>();
  private stopWatching: (() => Promise<void>) | null = null;
  private pending: Reported[] = [];
  /** What the add-in may do on the open sheet (protection, highlights). */
  private access: SheetAccess = FULL_ACCESS;
  /** Rows re-read lately, in today's row numbers, with when: see RACE_WINDOW_MS. */
  private recentReads: { first: number; last: number; at: number }[] = [];
  private editRetries = 0;
  /** The settings as last loaded or stored: stored again only when they change. */
  private storedSettings: WorkbookSettings = {};
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Host work runs one batch at a time, in order: a change never overtakes the scan before it. */
  private queue: Promise<void> = Promise.resolve();
  private undoStack: UndoEntry[] = [];
  /** Host tasks queued or running. */
  private running = 0;
  private stopSelection: (() => Promise<void>) | null = null;
  private stopWorkbook: (() => Promise<void>) | null = null;
  private lookAgainTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeSeq = 0;

  constructor(
    private readonly host: WorkbookHost,
    private readonly version = "0.0.0",
    options: WorkbenchOptions = {}
  ) {
    this.profile = options.profile ?? v06a;
    this.day = new DayWatch(
      options.now ?? (() => new Date()),
      this.profile.catalogue.export.timeZone
    );
    this.dayCheckMs = options.dayCheckMs ?? DAY_CHECK_MS;
    this.engine = new MamEngine(this.profile, { today: this.day.today() });
    this.state = {
      phase: "starting",
      candidates: [],
      sheet: null,
      progress: null,
      rows: 0,
      summary: { error: 0, warning: 0, info: 0 },
      findings: [],
      live: true,
      highlighting: true,
      submitter: "",
      dco: this.profile.catalogue.export.defaultDco,
      testWorkbook: false,
      currentId: null,
      undoDepth: 0,
      notice: null,
      failure: null,
      selectedCell: null,
      busy: false,
      sheetProtected: false,
    };
  }

  // ------------------------------------------------------------ store for React (useSyncExternalStore)

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): WorkbenchState => this.state;

  private update(patch: Partial<WorkbenchState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /**
   * Runs host work in order; failures become a notice, never an unhandled rejection. A failure
   * while the workbook is being found or first checked ends in the "failed" phase (a message and
   * a retry), never in an endless spinner.
   */
  private run(task: () => Promise<void>): Promise<void> {
    this.running++;
    this.refreshBusy();
    const next = this.queue
      .then(task)
      .catch((error: unknown) => {
        const text = describeError(error);
        if (this.state.phase === "starting" || this.state.phase === "scanning")
          this.update({ phase: "failed", progress: null, failure: text });
        else this.update({ progress: null, notice: this.notice("error", text) });
      })
      .finally(() => {
        this.running--;
        this.refreshBusy();
      });
    this.queue = next;
    return next;
  }

  private refreshBusy(): void {
    const busy = this.running > 0 || this.timer !== null;
    if (busy !== this.state.busy) this.update({ busy });
  }

  /** Resolves when every queued host task has finished (tests and the e2e harness wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  // ------------------------------------------------------------ start and sheet choice

  start(): Promise<void> {
    this.day.start(() => void this.checkDay(), this.dayCheckMs);
    return this.run(() => this.find());
  }

  /**
   * Finds the MA sheet and opens it. Called inside a queued task (by start and by recheck): a
   * task never waits for another task queued behind it.
   */
  private async find(): Promise<void> {
    this.update({ phase: "starting", failure: null, progress: null });
    const settings = await this.host.loadSettings();
    this.update({
      submitter: settings.submitter ?? "",
      dco: settings.dco ?? this.profile.catalogue.export.defaultDco,
      testWorkbook: settings.testWorkbook ?? false,
      highlighting: settings.highlighting ?? true,
    });
    this.storedSettings = this.settingsWith(settings.sheet ? { sheet: settings.sheet } : {});
    // Judged here, with the profile this Workbench checks against, not by the host.
    const all = (await this.host.findSheets())
      .map(({ name, header }) => ({ name, score: headerScore(header, this.profile) }))
      .sort((a, b) => b.score - a.score);
    const candidates = all.filter((c) => c.score >= 0.5);
    const remembered = settings.sheet
      ? candidates.find((c) => c.name === settings.sheet)
      : undefined;
    if (remembered) return this.open(remembered.name);
    if (candidates.length === 1) return this.open(candidates[0].name);
    if (candidates.length === 0) {
      this.update({ phase: "noSheet", candidates: all });
      await this.watchForSheet();
      return;
    }
    this.update({ phase: "choosingSheet", candidates });
  }

  /**
   * With no MA sheet found, a sheet added or cells typed anywhere in the workbook make the pane look
   * again on its own (after a pause), so pasting a header in is enough.
   */
  private async watchForSheet(): Promise<void> {
    if (this.stopWorkbook) return;
    this.stopWorkbook = await this.host.watchWorkbook(() => {
      if (this.state.phase !== "noSheet") return;
      if (this.lookAgainTimer !== null) clearTimeout(this.lookAgainTimer);
      this.lookAgainTimer = setTimeout(() => {
        this.lookAgainTimer = null;
        if (this.state.phase === "noSheet") void this.recheck();
      }, LOOK_AGAIN_MS);
    });
  }

  private async stopWatchingWorkbook(): Promise<void> {
    if (this.lookAgainTimer !== null) clearTimeout(this.lookAgainTimer);
    this.lookAgainTimer = null;
    const stop = this.stopWorkbook;
    this.stopWorkbook = null;
    if (stop) await stop();
  }

  /** The user picked a sheet (remembered in the workbook's settings). */
  chooseSheet(name: string): Promise<void> {
    return this.run(async () => {
      await this.saveSettings({ sheet: name });
      await this.open(name);
    });
  }

  private async open(name: string): Promise<void> {
    await this.stopWatchingWorkbook();
    if (this.stopWatching) await this.stopWatching();
    this.stopWatching = null;
    await this.stopFollowingSelection();
    if (this.state.sheet && this.state.sheet !== name && this.state.highlighting)
      await this.host.clearHighlights(this.state.sheet);
    this.set.clear();
    this.undoStack = [];
    this.recentReads = [];
    this.update({
      phase: "scanning",
      sheet: name,
      findings: [],
      currentId: null,
      undoDepth: 0,
      notice: null,
      failure: null,
      selectedCell: null,
    });
    // Protection, and the highlights an earlier session left, are found before the sheet is read.
    this.access = this.host.prepareSheet ? await this.host.prepareSheet(name) : FULL_ACCESS;
    this.update({ sheetProtected: this.access.protected });
    await this.scan(name);
    if (this.state.live)
      this.stopWatching = await this.host.watch(name, (change) => this.onChange(change));
    await this.followSelection(name);
    // What holds while the sheet is open (protection, no sort events): it stays until dismissed.
    const notices = this.access.notices.join(" ");
    this.update({
      phase: "ready",
      ...(notices ? { notice: this.notice("warning", notices) } : {}),
    });
  }

  /**
   * Reads the whole sheet and checks it; the workbook then shows exactly its highlights (after
   * `moves`, the rows and columns inserted or deleted since they were last shown).
   */
  private async scan(name: string, moves: readonly SheetMove[] = []): Promise<void> {
    this.update({ progress: { label: "Reading rows", done: 0, total: 0 } });
    const snapshot = await this.host.readSheet(name, (done, total) =>
      this.update({ progress: { label: "Reading rows", done, total } })
    );
    this.engine = new MamEngine(this.profile, this.engineOptions(snapshot.dateSystem));
    // Check in chunks so the pane stays responsive: header + first chunk, then append the rest.
    // Each chunk's findings join the set as they come (a task each); the pane sees them at the end.
    const total = snapshot.rows.length;
    const touched = this.set.apply([
      { added: [], removed: [...this.set.list] },
      this.engine.load(snapshot.header, snapshot.rows.slice(0, CHUNK_ROWS)),
    ]);
    for (let at = CHUNK_ROWS; at < total; at += CHUNK_ROWS) {
      this.update({ progress: { label: "Checking rows", done: at, total } });
      await yieldToBrowser();
      this.set.apply(
        [this.engine.setRows(at + 2, snapshot.rows.slice(at, at + CHUNK_ROWS))],
        touched
      );
    }
    // The pane renders the whole sheet's findings in a task of its own.
    if (total > CHUNK_ROWS) await yieldToBrowser();
    await this.show(name, touched, { reset: true, moves });
    this.update({ progress: null });
  }

  /**
   * "Re-check workbook" (some edits — drop-down picks, fill-drag, recalculation — raise no event),
   * and "Look again" / "Try again" when no sheet was found or the check failed.
   */
  recheck(): Promise<void> {
    return this.run(async () => {
      const { sheet, phase } = this.state;
      if (!sheet || phase !== "ready") return this.find();
      await this.scan(sheet);
    });
  }

  // ------------------------------------------------------------ live checking

  setLive(live: boolean): Promise<void> {
    this.update({ live });
    return this.run(async () => {
      const sheet = this.state.sheet;
      if (!sheet) return;
      if (!live && this.stopWatching) {
        await this.stopWatching();
        this.stopWatching = null;
      } else if (live && !this.stopWatching) {
        this.stopWatching = await this.host.watch(sheet, (change) => this.onChange(change));
        await this.scan(sheet); // catch up with edits made while live checking was off
      }
    });
  }

  private onChange(change: SheetChange): void {
    if (change.kind === "cells" && change.byThisAddin) return; // our own fix: the engine already has it
    this.pending.push({ change, at: Date.now() });
    this.schedule(DEBOUNCE_MS);
  }

  /** Follows what is pending after `ms` (a later change starts the wait again). */
  private schedule(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = this.pending;
      this.pending = [];
      void this.run(() => this.follow(batch));
    }, ms);
    this.refreshBusy();
  }

  /**
   * Applies a burst of changes. When it runs, the sheet already shows all of them: row inserts and
   * deletes go to the engine (and the highlights) first, in order, carrying the rows of earlier
   * edits with them; then every edited row is re-read once, at its final place.
   */
  private async follow(batch: readonly Reported[]): Promise<void> {
    const sheet = this.state.sheet;
    if (!sheet) return;
    const moves = batch.flatMap(({ change }) => moveOf(change));
    // A change the events cannot describe, columns moving, or rows moving above or through the
    // header: read it all (highlights move with the rows and columns first).
    if (
      batch.some(
        ({ change: c }) =>
          c.kind === "unknown" ||
          c.kind === "columnsInserted" ||
          c.kind === "columnsDeleted" ||
          ((c.kind === "rowsInserted" || c.kind === "rowsDeleted") && c.atRow <= 1)
      )
    ) {
      this.recentReads = [];
      await this.scan(sheet, moves);
      return;
    }
    const deltas: Delta[] = [];
    let ranges: [number, number][] = [];
    for (const { change, at } of batch) {
      if (change.kind === "cells") {
        ranges.push([change.firstRow, change.lastRow]);
        continue;
      }
      if (change.kind !== "rowsInserted" && change.kind !== "rowsDeleted") continue;
      const by = change.kind === "rowsInserted" ? change.count : -change.count;
      // A re-read that finished around the time of this insert may have read the sheet after it:
      // its rows are read again at their new place (which also fixes their highlights).
      const raced = this.recentReads.filter((r) => r.at >= at - RACE_WINDOW_MS);
      this.recentReads = this.recentReads.flatMap((r) =>
        shiftRanges([[r.first, r.last]], change.atRow, by).map(([first, last]) => ({
          ...r,
          first,
          last,
        }))
      );
      ranges = shiftRanges(ranges, change.atRow, by);
      ranges.push(
        ...shiftRanges(
          raced.map((r) => [r.first, r.last]),
          change.atRow,
          by
        )
      );
      if (by > 0) {
        deltas.push(this.engine.insertRows(change.atRow, change.count));
        ranges.push([change.atRow, change.atRow + change.count - 1]);
      } else deltas.push(this.engine.deleteRows(change.atRow, change.count));
    }
    const merged = mergeRanges(ranges);
    for (let i = 0; i < merged.length; i++) {
      const [firstRow, lastRow] = merged[i];
      try {
        await this.reread(sheet, firstRow, lastRow, deltas);
      } catch (error) {
        if (!this.retryAfterCellEdit(error, merged.slice(i))) throw error;
        break;
      }
    }
    await this.applyDeltas(sheet, deltas, { moves });
  }

  /**
   * Excel refused a read while the user edits a cell (builds that ignore delayForCellEdit): the
   * rows not read yet go back into the queue and are read once the edit ends. False when that
   * was not the failure (or it keeps failing).
   */
  private retryAfterCellEdit(error: unknown, left: readonly [number, number][]): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "InvalidOperationInCellEditMode" || this.editRetries >= EDIT_RETRIES) return false;
    this.editRetries++;
    const at = Date.now();
    this.pending.unshift(
      ...left.map(([firstRow, lastRow]) => ({
        change: { kind: "cells" as const, firstRow, lastRow, byThisAddin: false },
        at,
      }))
    );
    this.schedule(EDIT_RETRY_MS);
    return true;
  }

  private async reread(
    sheet: string,
    firstRow: number,
    lastRow: number,
    deltas: Delta[]
  ): Promise<void> {
    if (lastRow < 1) return;
    if (firstRow <= 1) {
      // The header changed: columns must be found again, so check everything.
      const snapshot = await this.host.readSheet(sheet);
      deltas.push(this.engine.load(snapshot.header, snapshot.rows));
      this.recentReads = [];
      return;
    }
    const rows = await this.host.readRows(sheet, firstRow, lastRow);
    this.editRetries = 0;
    const now = Date.now();
    this.recentReads = this.recentReads.filter((r) => r.at >= now - RACE_WINDOW_MS);
    this.recentReads.push({ first: firstRow, last: firstRow + rows.length - 1, at: now });
    const big = rows.length > CHUNK_ROWS;
    for (let at = 0; at < rows.length; at += CHUNK_ROWS) {
      if (big) {
        this.update({ progress: { label: "Checking rows", done: at, total: rows.length } });
        await yieldToBrowser();
      }
      deltas.push(this.engine.setRows(firstRow + at, rows.slice(at, at + CHUNK_ROWS)));
    }
    if (big) this.update({ progress: null });
  }

  /**
   * Takes deltas into the finding set, publishes the state (unless `publish` is false: a batched
   * fix publishes once at its end, so the list is not rebuilt for every batch), and updates the
   * highlights: the cells the deltas touched, after `moves`; or, with `reset` (after a full read),
   * all of them. With "Highlight cells" off the add-in writes nothing.
   */
  private async applyDeltas(
    sheet: string,
    deltas: readonly Delta[],
    options: { reset?: boolean; moves?: readonly SheetMove[]; publish?: boolean } = {}
  ): Promise<void> {
    const touched = this.set.apply(deltas);
    // After a big change (a paste of thousands of rows) the pane renders in a task of its own.
    if (touched.size > CHUNK_ROWS) await yieldToBrowser();
    await this.show(sheet, touched, options);
  }

  /** Publishes the set to the pane and brings the highlights of the `touched` cells up to date. */
  private async show(
    sheet: string,
    touched: ReadonlySet<string>,
    options: { reset?: boolean; moves?: readonly SheetMove[]; publish?: boolean }
  ): Promise<void> {
    if (options.publish ?? true) this.publish();
    if (!this.state.highlighting || !this.access.canHighlight) return;
    const moves = options.moves ?? [];
    if (options.reset && this.host.resetHighlights) {
      // The pane renders the new findings in this task; the whole sheet's highlights are worked
      // out in the next one (each is a long task at 60,000 findings).
      if (options.publish ?? true) await yieldToBrowser();
      await this.host.resetHighlights(sheet, this.set.highlightedCells(), moves);
      return;
    }
    if (touched.size === 0 && moves.length === 0) return;
    const changes: HighlightChange[] = [];
    for (const cell of touched) changes.push({ cell, severity: this.set.highlightOf(cell) });
    await this.host.paint(sheet, changes, moves);
  }

  /** Publishes the finding set's state to the pane. */
  private publish(): void {
    const stillCurrent =
      this.state.currentId && this.set.get(this.state.currentId) ? this.state.currentId : null;
    this.update({
      findings: this.set.list,
      summary: this.set.summary(),
      rows: this.engine.rowCount,
      currentId: stillCurrent,
    });
  }

  // ------------------------------------------------------------ highlights, selection

  /** Turns highlights on (the workbook shows them all) or off (every highlight goes, in one step). */
  setHighlighting(on: boolean): Promise<void> {
    this.update({ highlighting: on });
    return this.run(async () => {
      await this.saveSettings({ highlighting: on });
      const sheet = this.state.sheet;
      if (!sheet) return;
      if (!on) return this.host.clearHighlights(sheet);
      if (!this.access.canHighlight) return;
      if (this.host.resetHighlights) {
        // Read it all again: rows may have moved while nothing followed the highlights.
        await this.scan(sheet);
        return;
      }
      const changes = [...this.set.highlightedCells()].map(([cell, severity]) => ({
        cell,
        severity,
      }));
      await this.host.paint(sheet, changes);
    });
  }

  /** "Run self-test": the Office calls the add-in depends on, on a scratch sheet; a report for the helpdesk. */
  async runSelfTest(): Promise<SelfTestReport | null> {
    const probe = this.host.selfTest;
    if (!probe) return null;
    let report: SelfTestReport | null = null;
    await this.run(async () => {
      report = await runSelfTest(probe, { version: this.version });
    });
    return report;
  }

  /** Selects a finding's cell in Excel and makes it the walk-through position. */
  select(finding: Finding): Promise<void> {
    this.update({ currentId: finding.id });
    return this.goTo(finding.cell === "1:1" ? "A1" : finding.cell);
  }

  /** Selects (and scrolls to) a cell of the checked sheet: "Go to cell or row". */
  goTo(cell: string): Promise<void> {
    return this.run(async () => {
      if (this.state.sheet) await this.host.select(this.state.sheet, cell);
    });
  }

  /** Findings on one cell, in sheet order. */
  findingsAt(cell: string): readonly Finding[] {
    return this.set.onCell(cell);
  }

  // ------------------------------------------------------------ following the selection in Excel

  /** The pane shows the findings of the cell the user selects in Excel (a helpdesk call: "I'm on C7"). */
  private async followSelection(name: string): Promise<void> {
    this.stopSelection = await this.host.watchSelection(name, (cell) => {
      if (this.state.sheet !== name || cell === this.state.selectedCell) return;
      const current = this.state.currentId ? this.set.get(this.state.currentId) : undefined;
      const here = this.set.onCell(cell);
      // The walk moves to the selected cell's first finding, unless it is already on that cell.
      const currentId = current?.cell === cell ? current.id : (here[0]?.id ?? this.state.currentId);
      this.update({ selectedCell: cell, currentId });
    });
  }

  private async stopFollowingSelection(): Promise<void> {
    const stop = this.stopSelection;
    this.stopSelection = null;
    if (stop) await stop();
  }

  // ------------------------------------------------------------ fixes and undo

  /**
   * Writes the canonical value of every given auto-fixable finding, in batches with progress (a
   * "Fix all like this" on 18,000 cells never holds the pane still); one undo step.
   */
  fix(findings: readonly Finding[]): Promise<void> {
    return this.run(async () => {
      const sheet = this.state.sheet;
      if (!sheet) return;
      if (this.access.protected) {
        this.update({ notice: this.notice("error", protectedText(sheet)) });
        return;
      }
      const writes: CellWrite[] = [];
      const old = new Map<string, CellValue>();
      for (const f of findings) {
        if (f.fixValue === undefined || !this.set.get(f.id)) continue;
        const at = parseCellAddress(f.cell);
        if (!at) continue;
        // The value the finding was made from: the cell is written only if it still holds it.
        const value = this.engine.rowValues(at.row)[at.column];
        writes.push({ cell: f.cell, value: f.fixValue, expected: value });
        old.set(f.cell, value);
      }
      if (writes.length === 0) return;
      const { written, changed } = await this.writeInBatches(sheet, writes, "Fixing cells");
      const fixed = new Map(writes.map((w) => [w.cell, w.value]));
      if (written.length > 0)
        this.undoStack.push({
          restores: written.map((cell) => ({
            cell,
            value: toWritable(old.get(cell)),
            expected: fixed.get(cell) ?? null,
          })),
        });
      const done =
        written.length > 0
          ? `Fixed ${plural(written.length, "cell")}. "Undo last fix" puts the old values back.`
          : "Nothing was fixed.";
      this.update({
        undoDepth: this.undoStack.length,
        notice: this.notice("info", joinText(done, leftAlone(changed))),
      });
    });
  }

  /** Every finding with the same rule and column as this one ("Fix all like this"). */
  likeThis(finding: Finding): Finding[] {
    return this.set.list.filter(
      (f) =>
        f.code === finding.code && f.columnKey === finding.columnKey && f.fixValue !== undefined
    );
  }

  undoLastFix(): Promise<void> {
    return this.run(async () => {
      const sheet = this.state.sheet;
      const entry = this.undoStack.pop();
      if (!sheet || !entry) return;
      // A cell the user changed after the fix keeps the user's value: only what the fix wrote is
      // put back.
      const { written, changed } = await this.writeInBatches(
        sheet,
        entry.restores,
        "Putting values back"
      );
      const done =
        written.length > 0
          ? `Restored ${plural(written.length, "cell")}.`
          : "Nothing was restored.";
      this.update({
        undoDepth: this.undoStack.length,
        notice: this.notice("info", joinText(done, leftAlone(changed))),
      });
    });
  }

  /** Guarded writes in batches of WRITE_CHUNK_CELLS, yielding to the browser between them. */
  private async writeInBatches(
    sheet: string,
    writes: readonly CellWrite[],
    label: string
  ): Promise<WriteOutcome> {
    const written: string[] = [];
    const changed: WriteOutcome["changed"][number][] = [];
    const big = writes.length > WRITE_CHUNK_CELLS;
    for (let at = 0; at < writes.length; at += WRITE_CHUNK_CELLS) {
      if (big) this.update({ progress: { label, done: at, total: writes.length } });
      const outcome = await this.write(sheet, writes.slice(at, at + WRITE_CHUNK_CELLS), !big);
      written.push(...outcome.written);
      changed.push(...outcome.changed);
      if (big) await yieldToBrowser();
    }
    if (big) {
      this.update({ progress: null });
      this.publish();
    }
    return { written, changed };
  }

  /**
   * Writes cells where they still hold what the add-in expects, and tells the engine what each
   * target holds now: the written value, or the user's own (taken in at once rather than waiting
   * for the user's change event). The change events our own writes raise are ignored.
   */
  private async write(
    sheet: string,
    writes: readonly CellWrite[],
    publish = true
  ): Promise<WriteOutcome> {
    const outcome = await this.host.writeValues(sheet, writes);
    const value = new Map<string, CellValue>(writes.map((w) => [w.cell, w.value]));
    const now = [
      ...outcome.written.map((cell) => ({ cell, now: value.get(cell) ?? null })),
      ...outcome.changed,
    ];
    const deltas: Delta[] = [];
    for (const c of now) {
      const at = parseCellAddress(c.cell);
      if (at) deltas.push(this.engine.setCell(at.row, at.column, c.now));
    }
    await this.applyDeltas(sheet, deltas, { publish });
    return outcome;
  }

  // ------------------------------------------------------------ settings and export

  setSubmitter(text: string): Promise<void> {
    this.update({ submitter: text });
    return this.run(async () => {
      await this.saveSettings({ submitter: text });
      await this.reconfigure();
    });
  }

  setDco(text: string): Promise<void> {
    this.update({ dco: text });
    return this.run(() => this.saveSettings({ dco: text }));
  }

  setTestWorkbook(on: boolean): Promise<void> {
    this.update({ testWorkbook: on });
    return this.run(async () => {
      await this.saveSettings({ testWorkbook: on });
      await this.reconfigure();
    });
  }

  /** Why the submitting EUID is unusable, or null (validated as the user types). */
  submitterProblem(
    text = this.state.submitter,
    testWorkbook = this.state.testWorkbook
  ): string | null {
    if (text.trim() === "") return "Enter the submitting supplier's EUID (DCC User ID).";
    const parsed = this.profile.ids.euids.parse(text, { testWorkbook });
    return parsed.ok ? null : `Not a DCC User ID: ${parsed.reason}.`;
  }

  dcoProblem(text = this.state.dco): string | null {
    return dcoProblem(text);
  }

  /**
   * Date rules depend on today: when the day has changed since the sheet was checked (the pane
   * stayed open past midnight), re-check it for the new day. The DayWatch calls this every minute.
   */
  checkDay(): Promise<void> {
    const today = this.day.today();
    if (today === this.engine.settings.today) return this.queue;
    return this.run(async () => {
      const d = this.engine.setOptions({ today });
      if (this.state.sheet) await this.applyDeltas(this.state.sheet, [d]);
    });
  }

  /** Party rules depend on the submitter and the test flag: re-check with them. */
  private async reconfigure(): Promise<void> {
    const sheet = this.state.sheet;
    const submitter = this.submitterProblem() === null ? this.state.submitter : null;
    const d = this.engine.setOptions({ submitter, testWorkbook: this.state.testWorkbook });
    if (sheet) await this.applyDeltas(sheet, [d]);
  }

  parties(): PartyUse[] {
    return this.engine.parties();
  }

  /** Builds the MA file (with its SHA-256) or says why not. */
  async prepareExport(acceptWarnings: boolean, at: Date = new Date()): Promise<ExportOutcome> {
    await this.idle();
    const problem = this.submitterProblem() ?? this.dcoProblem();
    if (problem) return { ok: false, reason: problem };
    const result = buildMaFile(this.engine, {
      submitter: this.state.submitter,
      dco: this.state.dco,
      at,
      acceptWarnings,
    });
    if (!result.ok) return { ok: false, reason: result.reason };
    return {
      ok: true,
      fileName: result.fileName,
      content: result.content,
      rows: result.rows,
      sha256: await sha256Hex(result.content),
    };
  }

  /** Mac fallback: the file's lines on a new sheet, to copy into a text file of the given name. */
  async writeFileToSheet(file: ExportReady): Promise<string> {
    let name = "";
    await this.run(async () => {
      name = await this.host.writeTextSheet(
        fallbackSheetName(file.fileName),
        file.content.split("\r\n").filter((l) => l !== "")
      );
    });
    return name;
  }

  // ------------------------------------------------------------ sharing with the helpdesk

  /** The summary for the helpdesk; `ordered` is the pane's order (its first findings are listed). */
  helpdeskText(
    ordered: readonly Finding[] = paneOrder(this.state.findings),
    at: Date = new Date()
  ): string {
    return helpdeskSummary({
      version: this.version,
      sheet: this.state.sheet ?? "(none)",
      rows: this.state.rows,
      summary: this.state.summary,
      findings: ordered,
      submitter: this.submitterProblem() === null ? this.state.submitter : null,
      platform: this.host.platform,
      at,
    });
  }

  /** Findings as tab-separated text ("Copy all findings"), in the order and filter given. */
  findingsText(findings: readonly Finding[]): string {
    return findingsTsv(findings, this.profile);
  }

  /**
   * Writes every finding as a table to a new sheet, in the reports' order (findingOrder.ts), so
   * its rows are those of `mam validate --format csv`; each cell address is a link to its cell.
   * Resolves to the sheet's name ("" when it could not be written: the notice says why).
   */
  async writeFindingsSheet(at: Date = new Date()): Promise<string> {
    let name = "";
    await this.run(async () => {
      const sheet = this.state.sheet;
      if (!sheet) return;
      const findings = paneOrder(this.state.findings);
      name = await this.host.writeFindingsSheet(
        `Findings ${localTime(at).slice(0, 16).replace(/[-:]/g, "")}`,
        findingsTable(findings, this.profile),
        sheet
      );
      this.update({
        notice: this.notice(
          "info",
          `${plural(findings.length, "finding")} written to the new sheet "${name}".`
        ),
      });
    });
    return name;
  }

  /** Dismisses the notice shown (or only the given one, if it is still shown). */
  dismissNotice(id?: number): void {
    if (this.state.notice && (id === undefined || this.state.notice.id === id))
      this.update({ notice: null });
  }

  private notice(kind: Notice["kind"], text: string): Notice {
    return { id: ++this.noticeSeq, kind, text };
  }

  async dispose(): Promise<void> {
    this.day.stop();
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.stopWatching) await this.stopWatching();
    await this.stopFollowingSelection();
    await this.stopWatchingWorkbook();
  }

  private engineOptions(dateSystem: 1900 | 1904): EngineOptions {
    return {
      submitter: this.submitterProblem() === null ? this.state.submitter : null,
      testWorkbook: this.state.testWorkbook,
      dateSystem,
      today: this.day.today(),
    };
  }

  /**
   * Stores the settings, only when they differ from what the workbook holds: a settings write is
   * not undoable and clears Excel's undo stack.
   */
  private async saveSettings(patch: WorkbookSettings): Promise<void> {
    const stored = this.storedSettings as Record<string, unknown>;
    if (Object.entries(patch).every(([key, value]) => stored[key] === value)) return;
    const settings = this.settingsWith(patch);
    await this.host.saveSettings(settings);
    this.storedSettings = settings;
  }

  private settingsWith(patch: WorkbookSettings): WorkbookSettings {
    const s = this.state;
    return {
      submitter: s.submitter,
      dco: s.dco,
      testWorkbook: s.testWorkbook,
      highlighting: s.highlighting,
      ...(s.sheet ? { sheet: s.sheet } : {}),
      ...patch,
    };
  }
}

/** The highlights' part of a change: rows or columns inserted or deleted. */
function moveOf(change: SheetChange): SheetMove[] {
  switch (change.kind) {
    case "rowsInserted":
      return [{ axis: "rows", at: change.atRow, count: change.count }];
    case "rowsDeleted":
      return [{ axis: "rows", at: change.atRow, count: -change.count }];
    case "columnsInserted":
      return [{ axis: "columns", at: change.atColumn, count: change.count }];
    case "columnsDeleted":
      return [{ axis: "columns", at: change.atColumn, count: -change.count }];
    default:
      return [];
  }
}

function protectedText(sheet: string): string {
  return `"${sheet}" is protected, so nothing was fixed. Unprotect it (Review > Unprotect Sheet), then use Re-check workbook.`;
}

/** Sorted, merged row ranges (overlapping or adjacent ranges become one). */
export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const sorted = ranges
    .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)])
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * Row ranges after `by` rows were inserted (by > 0) or deleted (by < 0) at sheet row `atRow`:
 * rows below move, deleted rows drop out, a range the insert splits becomes two.
 */
export function shiftRanges(
  ranges: readonly [number, number][],
  atRow: number,
  by: number
): [number, number][] {
  const out: [number, number][] = [];
  const end = by < 0 ? atRow - by - 1 : atRow - 1; // last deleted row; for inserts, the last row that stays
  for (const [a, b] of ranges) {
    if (a < atRow) out.push([a, Math.min(b, atRow - 1)]);
    const from = Math.max(a, end + 1);
    if (b >= from) out.push([from + by, b + by]);
  }
  return out;
}

/**
 * A sheet name for the Mac fallback. The file name itself is longer than Excel's 31 characters,
 * and cutting it would drop the time, so two exports would overwrite one sheet: keep the stamp.
 */
export function fallbackSheetName(fileName: string): string {
  const stamp = /_(\d{8})_(\d{6})\.csv$/.exec(fileName);
  return stamp ? `MA file ${stamp[1]} ${stamp[2]}` : fileName.replace(/\.csv$/, "").slice(0, 31);
}

function toWritable(value: CellValue): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (isCellFormula(value)) return `=${value.formula}`; // the formula goes back as Excel holds it
  if (typeof value === "object") return value.error;
  return value;
}

async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString("en-GB")} ${one}${n === 1 ? "" : "s"}`;
}

/** "K19 was changed since: left as it is." for the cells a guarded write did not touch. */
export function leftAlone(changed: WriteOutcome["changed"]): string {
  if (changed.length === 0) return "";
  const cells = changed.map((c) => c.cell);
  if (cells.length === 1) return `${cells[0]} was changed since: left as it is.`;
  const shown =
    cells.length <= 5
      ? cells.join(", ")
      : `${cells.slice(0, 5).join(", ")} and ${cells.length - 5} more`;
  return `${cells.length} cells were changed since and left as they are: ${shown}.`;
}

function joinText(...parts: string[]): string {
  return parts.filter((p) => p !== "").join(" ");
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
