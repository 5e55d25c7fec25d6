/**
 * The longest main-thread task of the BUILT task pane while it follows a 10,000-row paste, in
 * Chromium against the fake Excel host (used by bench/taskpaneFigures.ts, budget 200 ms).
 *
 * The pane is opened on a sheet with a header and 1,000 rows; once it is ready and idle, 10,000 new
 * rows are pasted over them with one `__fakeExcel.setValues` (one onChanged event, as a paste
 * raises). A buffered PerformanceObserver('longtask') installed before any page script records every
 * task over 50 ms; the figure is the longest one that started after the fake finished writing the
 * block (the write itself is Excel's work, not the pane's) and before the pane was idle again with
 * the counts of the final sheet.
 */
import path from "node:path";
import { checkSheet } from "../../src/domain/engine";
import { generateSyntheticSheet } from "../../scripts/syntheticRows";
import { buildFakeHost } from "./buildFakeHost";
import { launch, openPane, serveDist } from "./harness";
import {
  idleAt,
  installProbe,
  longTasksSince,
  MA_SHEET,
  pasteBlock,
  SUBMITTER,
  toCells,
  waitCounts,
  waitReady,
  waitSettled,
} from "./paneDriver";
import type { Browser } from "playwright-core";

export interface PasteMeasurement {
  /** Longest task in ms (0 when none exceeded 50 ms). */
  readonly longestMs: number;
  /** Every long task's duration, in order. */
  readonly tasks: readonly number[];
  /** From the end of the paste until the pane was idle again (page clock), in ms. */
  readonly settleMs: number;
}

/**
 * Opens the pane on `initialRows` rows, pastes `pastedRows` rows at A2 and measures. The browser is
 * the caller's (one per test file); the page is closed afterwards.
 */
export async function measurePaste(
  browser: Browser,
  url: string,
  initialRows: number,
  pastedRows: number
): Promise<PasteMeasurement> {
  const before = generateSyntheticSheet({
    rows: initialRows,
    errorRate: 0.02,
    seed: 3,
    submitter: SUBMITTER,
  });
  const width = before.header.length;
  const { page } = await openPane(browser, url, {
    init: {
      sheets: [
        { name: "Notes", values: [["Paste test"]] },
        { name: MA_SHEET, values: [before.header, ...before.rows.map((r) => toCells(r, width))] },
      ],
      settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
    },
    beforeGoto: installProbe,
  });
  try {
    await waitReady(page, 120_000);
    const pasted = generateSyntheticSheet({
      rows: pastedRows,
      errorRate: 0.02,
      seed: 11,
      submitter: SUBMITTER,
    });
    const block = pasted.rows.map((r) => toCells(r, width));
    // The sheet after the paste: the block covers the old rows (more rows than before).
    const finalRows =
      block.length >= initialRows
        ? block
        : [...block, ...before.rows.slice(block.length).map((r) => toCells(r, width))];
    const expected = checkSheet(before.header, finalRows, { submitter: SUBMITTER }).summary();
    const supported = await page.evaluate(() =>
      PerformanceObserver.supportedEntryTypes.includes("longtask")
    );
    if (!supported)
      throw new Error("This Chromium has no Long Tasks API: the longest task cannot be measured.");
    const mark = await pasteBlock(page, MA_SHEET, "A2", block);
    await waitSettled(page, 180_000);
    const settleMs = (await idleAt(page)) - mark;
    await waitCounts(page, expected, 60_000);
    const tasks = (await longTasksSince(page, mark)).map((t) => t.duration);
    return { longestMs: tasks.length === 0 ? 0 : Math.max(...tasks), tasks, settleMs };
  } finally {
    await page.close();
  }
}

/** bench/taskpaneFigures.ts: the longest task (ms) while the pane built in `dist` follows a 10,000-row paste. */
export async function longestTaskDuringPaste(dist: string): Promise<number> {
  await buildFakeHost();
  const server = await serveDist(path.resolve(dist));
  const browser = await launch();
  try {
    const { longestMs } = await measurePaste(browser, server.url, 1000, 10_000);
    return longestMs;
  } finally {
    await browser.close();
    await server.close();
  }
}
