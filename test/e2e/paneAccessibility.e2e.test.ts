/**
 * WCAG 2.2 A/AA in the BUILT pane (Chromium, fake Excel): axe-core runs over every state a user
 * meets — looking for the sheet, none found, a failed check, the list, a finding in the walk, the
 * filters, the menu, search results, a confirmation, the export with its save-by-hand steps, the
 * parties, About, a lasting notice, the self-test — in the light and the dark theme (followed from prefers-color-scheme when Office
 * gives none), and the pane reflows at 200 % zoom (175 CSS px wide) without sideways scrolling.
 * Any violation fails; the one known false positive is excluded in paneDriver.axeProblems.
 */
import type { Locator, Page } from "playwright-core";
import { generateSyntheticSheet } from "../../scripts/syntheticRows";
import type { CellScalar, FakeExcelInit } from "./fakeExcel";
import { screenshot } from "./harness";
import {
  axeProblems,
  failFirstSyncInit,
  sampleCells,
  clipboardInit,
  installProbe,
  MA_SHEET,
  SUBMITTER,
  toCells,
  waitReady,
  type AxeProblem,
} from "./paneDriver";
import { usePaneSession } from "./paneSession";

jest.setTimeout(180_000);

const session = usePaneSession();

const SAMPLE: CellScalar[][] = sampleCells();

const sample = (withEuid = false): FakeExcelInit => ({
  sheets: [{ name: MA_SHEET, values: SAMPLE }],
  settings: withEuid ? { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) } : {},
});

async function open(
  init: FakeExcelInit,
  options: { width?: number; height?: number; dark?: boolean; failFirstSync?: boolean } = {}
): Promise<Page> {
  const { page } = await session.open({
    init,
    width: options.width ?? 350,
    height: options.height ?? 540,
    colorScheme: options.dark ? "dark" : "light",
    beforeGoto: async (p) => {
      await installProbe(p);
      await p.addInitScript(clipboardInit);
      if (options.failFirstSync) await p.addInitScript(failFirstSyncInit);
    },
  });
  return page;
}

/** Violations found, by state: every state is checked before the test fails, so one run shows all. */
const found: Record<string, AxeProblem[]> = {};
const checked: Record<string, true> = {};
async function check(page: Page, state: string, popupOpen = false): Promise<void> {
  checked[state] = true;
  // Colours are judged once transitions (a menu fading in) have finished.
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== "running"),
    undefined,
    { polling: 50 }
  );
  const problems = await axeProblems(page, { popupOpen });
  if (problems.length > 0) found[state] = problems;
}

/**
 * A dialog is drawn with the theme: a portal given a mount node of its own gets no theme tokens
 * (a transparent surface in the browser's serif font, a clear backdrop), which axe does not see.
 */
async function expectThemed(dialog: Locator): Promise<void> {
  const look = await dialog.evaluate((el) => {
    const style = getComputedStyle(el);
    const backdrop = el.parentElement?.querySelector(".fui-DialogSurface__backdrop");
    return {
      background: style.backgroundColor,
      font: style.fontFamily,
      backdrop: backdrop ? getComputedStyle(backdrop).backgroundColor : null,
    };
  });
  expect(look.background).not.toBe("rgba(0, 0, 0, 0)");
  expect(look.font).toContain("Segoe UI");
  // The backdrop dims the pane: translucent, neither clear nor opaque.
  expect(look.backdrop).toMatch(/^rgba\(0, 0, 0, 0\.\d+\)$/);
}

async function menu(page: Page, item: string | RegExp): Promise<void> {
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

describe("accessibility (axe-core, WCAG 2.2 A/AA) on every state", () => {
  test("the findings: list, no-EUID banner, menu, filters, a finding in the walk, search results, About, a refused copy", async () => {
    const page = await open(sample());
    await waitReady(page);
    await check(page, "ready, no EUID");
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menu").waitFor();
    await check(page, "overflow menu", true);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.getByRole("switch", { name: "Info in the walk" }).click();
    await check(page, "filters open");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByTestId("finding-detail").waitFor();
    await check(page, "a finding in the walk");
    // The current finding's row: it has findings (they come first, then text matches).
    const walked = (await page.getByTestId("walk-position").textContent()) ?? "";
    const row = /^[A-Z]+(\d+)/.exec(walked)?.[1];
    expect(row).toBeDefined();
    await page.getByRole("searchbox").fill(row!);
    await page.locator('[data-kind="heading"]').first().waitFor();
    await check(page, "search results");
    await menu(page, "About MAM Workbench");
    await page.getByTestId("about-text").waitFor();
    await expect(page.getByTestId("about-text").textContent()).resolves.toContain("version 2.1b");
    await check(page, "About");
    await page.getByRole("button", { name: "Close" }).click();
    await page.evaluate(
      () => ((window as unknown as { __refuseClipboard: boolean }).__refuseClipboard = true)
    );
    await menu(page, /^Copy all findings/);
    await page.getByTestId("copy-fallback").waitFor();
    await check(page, "copy refused");
    await page.close();
  });

  test("the other states: no sheet, a failed check, a confirmation, the parties, the export and its save-by-hand steps", async () => {
    let page = await open({ sheets: [{ name: "Notes", values: [["x"]] }] });
    await page.waitForSelector('[data-phase="noSheet"]');
    await check(page, "no sheet");
    await page.close();

    // The first sync fails (Excel busy): the "could not be checked" state.
    page = await open(sample(), { failFirstSync: true });
    await page.waitForSelector('[data-phase="failed"]');
    await check(page, "check failed");
    await page.close();

    const g = generateSyntheticSheet({ rows: 150, errorRate: 0, seed: 2, submitter: SUBMITTER });
    const status = g.header.indexOf("Meter Status");
    const rows = g.rows
      .map((r) => toCells(r, g.header.length))
      .map((r) => r.map((v, i) => (i === status ? "active" : v)));
    page = await open({
      sheets: [{ name: MA_SHEET, values: [g.header, ...rows] }],
      settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
      platform: "Mac",
    });
    await waitReady(page);
    await page.getByRole("searchbox").fill("K2");
    await page.locator('[data-finding-id="K2|MAM-190"]').click();
    await page
      .getByTestId("walk-panel")
      .getByRole("button", { name: "Fix all like this (150)" })
      .click();
    await page.getByRole("alertdialog").waitFor();
    await expectThemed(page.getByRole("alertdialog"));
    await check(page, "confirm fix all");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("tab", { name: "Parties" }).click();
    await page.getByTestId("parties-panel").waitFor();
    await check(page, "parties");
    await page.getByRole("tab", { name: "Export" }).click();
    await check(page, "export, blocked");
    await page.close();

    // A clean sheet on a Mac: the file is written, and the save-by-hand steps are shown.
    const clean = generateSyntheticSheet({ rows: 20, errorRate: 0, seed: 5, submitter: SUBMITTER });
    page = await open({
      sheets: [
        {
          name: MA_SHEET,
          values: [clean.header, ...clean.rows.map((r) => toCells(r, clean.header.length))],
        },
      ],
      settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
      platform: "Mac",
    });
    await waitReady(page);
    await page.getByRole("tab", { name: "Export" }).click();
    const ack = page.getByTestId("warnings-ack").getByRole("checkbox");
    if ((await ack.count()) > 0) await ack.check();
    await page.getByRole("button", { name: "Export MA file" }).click();
    await page.getByTestId("save-by-hand").waitFor();
    await check(page, "export result, Mac steps");
    await page.close();
  });

  test("a lasting notice (Excel without sort events) and the self-test, from its menu entry to its report", async () => {
    const page = await open({ ...sample(true), excelApiVersion: "1.9" });
    await waitReady(page);
    await expect(page.getByTestId("notice").textContent()).resolves.toContain(
      "does not report sorting"
    );
    await check(page, "lasting notice (warning)");
    await menu(page, "Run self-test…");
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Run self-test" }).waitFor();
    await expectThemed(dialog);
    await check(page, "self-test dialog");
    await dialog.getByRole("button", { name: "Run self-test" }).click();
    await page.getByTestId("self-test-report").waitFor({ timeout: 30_000 });
    await check(page, "self-test report");
    await screenshot(page, "350-self-test");
    await page.close();
  });

  test("dark theme from prefers-color-scheme (Office gives no theme): contrast of the list, the current finding, the export", async () => {
    const page = await open(sample(true), { dark: true });
    await waitReady(page);
    const background = await page.evaluate(
      () => getComputedStyle(document.querySelector("main")!).backgroundColor
    );
    expect(background).not.toBe("rgb(255, 255, 255)");
    await check(page, "dark: ready");
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('[data-current="true"]').waitFor();
    await check(page, "dark: current finding");
    await screenshot(page, "350-dark-current");
    await page.getByRole("tab", { name: "Export" }).click();
    await check(page, "dark: export");
    await page.close();
  });

  test("reflow at 200 % zoom (175 CSS px): nothing runs off the edge in any tab", async () => {
    const page = await open(sample(true), { width: 175, height: 540 });
    await waitReady(page);
    const overflow = () =>
      page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // Past the right edge and not clipped by a box inside the pane (an empty slot clips its icon).
        const clipped = (el: Element) => {
          for (let a = el.parentElement; a; a = a.parentElement)
            if (
              getComputedStyle(a).overflowX !== "visible" &&
              a.getBoundingClientRect().right <= width + 1
            )
              return true;
          return false;
        };
        const wide = [...document.querySelectorAll<HTMLElement>("main *")].filter((el) => {
          const r = el.getBoundingClientRect();
          const shown = el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
          return shown && r.width > 0 && r.right > width + 1 && !clipped(el);
        });
        return {
          scroll: document.documentElement.scrollWidth - width,
          wide: wide.slice(0, 3).map((el) => el.outerHTML.slice(0, 120)),
        };
      });
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByTestId("finding-detail").waitFor();
    await screenshot(page, "175-zoom-findings");
    expect(await overflow()).toEqual({ scroll: 0, wide: [] });
    for (const tab of ["Parties", "Export"]) {
      await page.getByRole("tab", { name: tab }).click();
      await screenshot(page, `175-zoom-${tab.toLowerCase()}`);
      expect(await overflow()).toEqual({ scroll: 0, wide: [] });
    }
    await check(page, "200 % zoom");
    await page.close();
  });

  test("errors and warnings differ without colour: a word and an icon shape of their own", async () => {
    const page = await open(sample(true), { height: 2600 });
    await waitReady(page);
    const marks = await page.evaluate(() =>
      ["error", "warning"].map((severity) => {
        const row = [...document.querySelectorAll('[data-kind="finding"]')].find((el) =>
          el.textContent?.includes(severity === "error" ? "Error" : "Warning")
        );
        return {
          word: row ? severity : null,
          icon: row?.querySelector("svg path")?.getAttribute("d") ?? null,
        };
      })
    );
    expect(marks.map((m) => m.word)).toEqual(["error", "warning"]);
    expect(marks[0].icon).not.toBe(marks[1].icon);
    await page.close();
  });

  test("no WCAG 2.2 A/AA violation in any of these states", () => {
    expect(Object.keys(found).length + Object.keys(checked).length).toBeGreaterThan(0);
    expect(found).toEqual({});
  });
});
