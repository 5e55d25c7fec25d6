/**
 * The pane's big actions at about 60,000 findings, in Chromium against the fake Excel (used by
 * bench/taskpaneFigures.ts): the longest main-thread task while the 20,000-row sheet is first
 * checked, the time from a search keystroke to the updated list, and the longest task during
 * "Fix all like this" on every Meter Status cell (about 18,000). The sheet: synthetic rows with
 * their ESME and GSME IDs and Meter Status typed in lower case, as a supplier's export may give
 * them (MAM-190, auto-fixable), plus the usual planted mistakes.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { generateSyntheticSheet } from "../../scripts/syntheticRows";
import { buildFakeHost } from "./buildFakeHost";
import { launch, openPane, serveDist } from "./harness";
import {
  installProbe,
  longTasksSince,
  MA_SHEET,
  resetBusy,
  SUBMITTER,
  toCells,
  waitReady,
  waitSettled,
} from "./paneDriver";

export interface BigActionFigures {
  readonly findings: number;
  readonly fixed: number;
  readonly scanLongestMs: number;
  readonly searchMs: number;
  readonly fixAllLongestMs: number;
}

function bigSheet(rows: number): (string | number | boolean)[][] {
  const g = generateSyntheticSheet({ rows, errorRate: 0.05, seed: 20, submitter: SUBMITTER });
  const lower = ["ESME ID", "GSME ID", "Meter Status"].map((h) => g.header.indexOf(h));
  const cells = g.rows.map((r) => {
    const row = toCells(r, g.header.length);
    for (const c of lower)
      if (typeof row[c] === "string") row[c] = (row[c] as string).toLowerCase();
    return row;
  });
  return [g.header, ...cells];
}

const longest = (tasks: { duration: number }[]) =>
  tasks.reduce((m, t) => Math.max(m, t.duration), 0);

/** Milliseconds from a keystroke in the search box to the list showing the results. */
async function searchKeystroke(page: Page, key: string): Promise<number> {
  await page.getByRole("searchbox").focus();
  await page.evaluate(() => {
    const w = window as unknown as { __search: { down: number; shown: number } };
    w.__search = { down: 0, shown: 0 };
    // (No named functions in here: the bundler would wrap them in a helper the page lacks.)
    document.addEventListener(
      "keydown",
      (e) => {
        w.__search.down = e.timeStamp;
        // Every DOM change is looked at (the list shows the results in a render of its own).
        new MutationObserver(() => {
          if (w.__search.shown === 0 && document.querySelector('[data-kind="heading"]'))
            w.__search.shown = performance.now();
        }).observe(document.body, { subtree: true, childList: true });
      },
      { capture: true, once: true }
    );
  });
  await page.keyboard.press(key);
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { __search: { down: number; shown: number } }).__search;
      if (s.shown === 0 && s.down > 0 && document.querySelector('[data-kind="heading"]'))
        s.shown = performance.now(); // seen by this poll before any observer call
      return s.shown > 0;
    },
    undefined,
    { timeout: 60_000, polling: "raf" }
  );
  return page.evaluate(() => {
    const s = (window as unknown as { __search: { down: number; shown: number } }).__search;
    return s.shown - s.down;
  });
}

export async function measureBigActions(
  dist: string,
  rows = 20_000,
  log: (step: string) => void = () => undefined
): Promise<BigActionFigures> {
  await buildFakeHost();
  const server = await serveDist(path.resolve(dist));
  const browser = await launch();
  try {
    const { page } = await openPane(browser, server.url, {
      init: {
        sheets: [{ name: MA_SHEET, values: bigSheet(rows) }],
        settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
        payloadLimitBytes: null,
      },
      width: 350,
      height: 720,
      beforeGoto: async (p) => {
        await installProbe(p);
        // The check starts when the pane first shows the scanning phase (loading the bundle is not the check).
        await p.addInitScript(() => {
          const w = window as unknown as { __scanStart: number };
          w.__scanStart = -1;
          const observer = new MutationObserver(() => {
            if (document.querySelector('[data-phase="scanning"]')) {
              w.__scanStart = performance.now();
              observer.disconnect();
            }
          });
          observer.observe(document, { subtree: true, childList: true, attributes: true });
        });
      },
    });
    log("opened");
    await waitReady(page, 600_000);
    log("checked");
    const scanStart = await page.evaluate(
      () => (window as unknown as { __scanStart: number }).__scanStart
    );
    const scanLongestMs = longest(await longTasksSince(page, scanStart));
    const findings = Number(
      ((await page.getByRole("tab", { name: /^Findings/ }).textContent()) ?? "").replace(/\D/g, "")
    );

    const searchMs = await searchKeystroke(page, "a");
    log("searched");
    await page.getByRole("searchbox").fill("");

    // Fix all like this on the Meter Status column.
    await page.getByRole("searchbox").fill("K2");
    await page.locator('[data-finding-id="K2|MAM-190"]').click();
    await page.getByRole("searchbox").fill("");
    const button = page
      .getByTestId("walk-panel")
      .getByRole("button", { name: /^Fix all like this/ });
    const fixed = Number(((await button.textContent()) ?? "").replace(/\D/g, ""));
    await button.click();
    await resetBusy(page);
    const mark = await page.evaluate(() => performance.now());
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: /^Fix [\d,]+ cells$/ })
      .click();
    await waitSettled(page, 300_000);
    await page.getByTestId("notice").waitFor();
    const fixAllLongestMs = longest(await longTasksSince(page, mark));
    await page.close();
    return { findings, fixed, scanLongestMs, searchMs, fixAllLongestMs };
  } finally {
    await browser.close();
    await server.close();
  }
}
