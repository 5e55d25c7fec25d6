/**
 * Helpers for driving the built task pane in Chromium (see harness.ts): an init script that watches
 * long tasks and the pane's busy flag from the very first script on the page, waits that poll DOM
 * state (never fixed sleeps), and conversions between the synthetic rows and the fake's cells.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import type { Page } from "playwright-core";
import { isCellFormula } from "../../src/domain/cellValue";
import type { CellValue, Summary } from "../../src/domain/types";
import type { CellScalar } from "./fakeExcel";

export const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";
export const MA_SHEET = "Migration Authorisation";

/** What the init script keeps on `window` (read with page.evaluate). */
export interface PaneProbe {
  /** Every long task (> 50 ms) the page had: start (performance.now() time base) and duration, in ms. */
  longTasks: { start: number; duration: number }[];
  longTaskObserver: PerformanceObserver | null;
  /** Set when the pane's `aria-busy` turned "true" since the last reset (a MutationObserver sees every flip). */
  sawBusy: boolean;
  /** performance.now() when `aria-busy` last turned "false". */
  idleAt: number;
}

/**
 * Runs in the page before any of its scripts (page.addInitScript): a buffered PerformanceObserver
 * for 'longtask' entries, and a MutationObserver on `aria-busy` so a wait never mistakes "not busy
 * yet" for "done". Self-contained: Playwright serialises it into the page.
 */
export function paneProbeInit(): void {
  const probe: PaneProbe = { longTasks: [], longTaskObserver: null, sawBusy: false, idleAt: 0 };
  (window as unknown as { __probe: PaneProbe }).__probe = probe;
  try {
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        probe.longTasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: "longtask", buffered: true });
    probe.longTaskObserver = observer;
  } catch {
    // No Long Tasks API: longTasks stays empty and the measurement reports 0 (the caller checks support).
  }
  const watcher = new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target as Element;
      if (el.getAttribute("data-testid") !== "pane") continue;
      if (el.getAttribute("aria-busy") === "true") probe.sawBusy = true;
      else probe.idleAt = performance.now();
    }
  });
  watcher.observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-busy"] });
}

export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(paneProbeInit);
}

/** The pane has found and checked its sheet, and nothing is pending. */
export async function waitReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const pane = document.querySelector('[data-testid="pane"]');
      return (
        pane?.getAttribute("data-phase") === "ready" && pane.getAttribute("aria-busy") === "false"
      );
    },
    undefined,
    { timeout, polling: 20 }
  );
}

/** Forgets earlier busy periods: call right before an action whose processing `waitSettled` should wait for. */
export async function resetBusy(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __probe: PaneProbe }).__probe.sawBusy = false;
  });
}

/** Waits until the pane went busy after the last resetBusy and is now idle again (phase ready). */
export async function waitSettled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const probe = (window as unknown as { __probe: PaneProbe }).__probe;
      const pane = document.querySelector('[data-testid="pane"]');
      return (
        probe.sawBusy &&
        pane?.getAttribute("data-phase") === "ready" &&
        pane.getAttribute("aria-busy") === "false"
      );
    },
    undefined,
    { timeout, polling: 20 }
  );
}

/** Plays the user: pastes or types `values` at `address` (one onChanged event), then waits until the pane has followed. */
export async function userEdit(
  page: Page,
  sheet: string,
  address: string,
  values: CellScalar[][],
  timeout = 60_000
): Promise<void> {
  await resetBusy(page);
  await page.evaluate(([s, a, v]) => window.__fakeExcel.setValues(s, a, v), [
    sheet,
    address,
    values,
  ] as const);
  await waitSettled(page, timeout);
}

/** The counts the pane shows (its severity-counts list), as numbers. */
export async function paneCounts(page: Page): Promise<Summary> {
  const label = (await page.getAttribute('[data-testid="severity-counts"]', "aria-label")) ?? "";
  return parseCounts(label);
}

/** "Findings: 1,234 errors, 1 warning, 6 info" → { error: 1234, warning: 1, info: 6 }. */
export function parseCounts(text: string): Summary {
  const m = /([\d,]+) errors?, ([\d,]+) warnings?, ([\d,]+) info/.exec(text);
  if (!m) throw new Error(`Unexpected counts text: "${text}"`);
  const n = (s: string) => Number(s.replace(/,/g, ""));
  return { error: n(m[1]), warning: n(m[2]), info: n(m[3]) };
}

/** Polls until the pane's counts equal `expected` (they settle once the last change is followed). */
export async function waitCounts(page: Page, expected: Summary, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: Summary | null = null;
  while (Date.now() < deadline) {
    last = await paneCounts(page);
    if (
      last.error === expected.error &&
      last.warning === expected.warning &&
      last.info === expected.info
    )
      return;
    await page.waitForTimeout(50);
  }
  throw new Error(
    `Counts never became ${JSON.stringify(expected)}; the pane shows ${JSON.stringify(last)}`
  );
}

/** A synthetic row's cells as a worksheet holds them: "" for blanks, error values as their text ("#N/A"). */
export function toCells(row: readonly CellValue[], width: number): CellScalar[] {
  const out: CellScalar[] = [];
  for (let c = 0; c < width; c++) {
    const v = row[c];
    if (v === null || v === undefined) out.push("");
    else if (isCellFormula(v)) out.push(`=${v.formula}`);
    else if (typeof v === "object") out.push(v.error);
    else out.push(v);
  }
  return out;
}

/** Long tasks that started at or after `since` (performance.now() in the page); pending entries are flushed first. */
export async function longTasksSince(
  page: Page,
  since: number
): Promise<{ start: number; duration: number }[]> {
  return page.evaluate((from) => {
    const probe = (window as unknown as { __probe: PaneProbe }).__probe;
    for (const e of probe.longTaskObserver?.takeRecords() ?? [])
      probe.longTasks.push({ start: e.startTime, duration: e.duration });
    return probe.longTasks.filter((t) => t.start >= from);
  }, since);
}

/** performance.now() in the page when the pane last became idle (aria-busy "false"). */
export async function idleAt(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __probe: PaneProbe }).__probe.idleAt);
}

/**
 * Pastes a block as the user would (one setValues) and returns the page time right after the fake
 * finished writing it: long tasks from then on are the pane's (the paste itself is Excel's work,
 * done in Excel's process in real life, and is left out).
 */
export async function pasteBlock(
  page: Page,
  sheet: string,
  address: string,
  values: CellScalar[][]
): Promise<number> {
  await resetBusy(page);
  return page.evaluate(
    ([s, a, v]) => {
      window.__fakeExcel.setValues(s, a, v);
      return performance.now();
    },
    [sheet, address, values] as const
  );
}

declare global {
  interface Window {
    __fakeExcel: import("./fakeExcel").FakeExcelControl;
  }
}

// ------------------------------------------------------------------ clipboard, accessibility (task pane usability tests)

/**
 * Init script: the page's clipboard records what the pane copies (`window.__copied`), and refuses
 * while `window.__refuseClipboard` is true (then the old copy command fails too), as Office web
 * views do. Self-contained: Playwright serialises it into the page.
 */
export function clipboardInit(): void {
  const w = window as unknown as { __copied: string[]; __refuseClipboard: boolean };
  w.__copied = [];
  w.__refuseClipboard = false;
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: {
      writeText: async (text: string) => {
        if (w.__refuseClipboard)
          throw new DOMException("Write permission denied.", "NotAllowedError");
        w.__copied.push(text);
      },
    },
  });
  const exec = document.execCommand.bind(document);
  document.execCommand = (command: string, ...rest: unknown[]) =>
    command === "copy" && w.__refuseClipboard
      ? false
      : exec(command, ...(rest as [boolean, string]));
}

export async function copied(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
}

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the axe run in the e2e suite fails on. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** One axe violation, short enough for a test failure message. */
export interface AxeProblem {
  readonly id: string;
  readonly impact: string | null;
  readonly targets: string[];
  readonly summary: string;
}

/**
 * Runs axe-core (injected from node_modules: the page's Content-Security-Policy does not apply to
 * scripts Playwright evaluates) over the whole page and returns the WCAG 2.2 A/AA violations.
 *
 * Excluded, each a known false positive named here:
 * - Fluent UI's focus-management "dummy inputs" (`i[data-tabster-dummy]`, tabster): invisible
 *   `<i>` elements that catch Tab at the edges of a focus group and hand the focus on at once.
 *   They are aria-hidden by design and never keep the focus, but axe's aria-hidden-focus sees a
 *   focusable element inside aria-hidden.
 * - With a popup menu open (`popupOpen`), target-size on the controls the menu covers: while the
 *   menu is open they are no targets (a click outside only closes the menu), but axe measures
 *   them as partially obscured buttons.
 */
export async function axeProblems(
  page: Page,
  options: { popupOpen?: boolean } = {}
): Promise<AxeProblem[]> {
  const source = (await import("node:fs")).readFileSync(
    require.resolve("axe-core/axe.min.js"),
    "utf8"
  );
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(source);
  return page
    .evaluate(async (tags) => {
      const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
      const result = await axe.run(
        { include: [document.documentElement], exclude: [["i[data-tabster-dummy]"]] } as never,
        { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }
      );
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        summary: v.nodes[0]?.failureSummary?.split("\n").slice(0, 3).join(" ") ?? v.help,
      }));
    }, WCAG_TAGS)
    .then((problems) =>
      problems.filter(
        (p) =>
          !(options.popupOpen && p.id === "target-size" && p.summary.includes("partially obscured"))
      )
    );
}

/** The sample workbook's MA sheet (examples/sample-ma-workbook.csv) as the fake's cells. */
export function sampleCells(): CellScalar[][] {
  const file = path.join(__dirname, "..", "..", "examples", "sample-ma-workbook.csv");
  return Papa.parse<string[]>(readFileSync(file, "utf8")).data.filter((r) => r.length > 1);
}

/** Init script: the fake's first sync fails with GeneralException (Excel busy at start). */
export function failFirstSyncInit(): void {
  let control: { failNextSync(code: string): void } | undefined;
  Object.defineProperty(window, "__fakeExcel", {
    configurable: true,
    get: () => control,
    set: (c: typeof control) => {
      control = c;
      c?.failNextSync("GeneralException");
    },
  });
}
