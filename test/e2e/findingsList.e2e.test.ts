/**
 * The findings list's own virtual list (useVirtualRows) in the BUILT pane in Chromium: rows of
 * different heights (a current finding on a group-exception row wraps at 320 px) are stacked
 * without gaps or overlaps as they are drawn and measured, and keyboard moves always bring the
 * focused row wholly into view, at the narrowest task pane Excel gives.
 */
import type { Page } from "playwright-core";
import type { FakeExcelInit } from "./fakeExcel";
import { screenshot } from "./harness";
import { installProbe, MA_SHEET, sampleCells, SUBMITTER, waitReady } from "./paneDriver";
import { usePaneSession } from "./paneSession";

jest.setTimeout(120_000);

const session = usePaneSession();

const BOOK: FakeExcelInit = {
  sheets: [{ name: MA_SHEET, values: sampleCells() }],
  settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
};
/** An error on a row with Group ID EA/EB/EC: its row carries a badge, and "Current" when walked to. */
const ON_EXCEPTION_ROW = "A166|MAM-301";

interface DrawnRow {
  index: number;
  id: string | null;
  top: number;
  bottom: number;
}

/** The drawn rows of the list in row order, with where they are on the page. */
async function drawnRows(page: Page): Promise<DrawnRow[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="findings-tree"] [data-index]')]
      .map((el) => {
        const r = el.getBoundingClientRect();
        return {
          index: Number(el.dataset.index),
          id: el.getAttribute("data-finding-id"),
          top: r.top,
          bottom: r.bottom,
        };
      })
      .sort((a, b) => a.index - b.index)
  );
}

/** Each drawn row starts where the one before it ends: no gap, no overlap. */
async function expectStacked(page: Page, atLeast = 4): Promise<DrawnRow[]> {
  // Measuring and re-placing happen before the next frame is painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const rows = await drawnRows(page);
  expect(rows.length).toBeGreaterThanOrEqual(atLeast);
  for (let i = 1; i < rows.length; i++) {
    expect(rows[i].index).toBe(rows[i - 1].index + 1);
    expect(Math.abs(rows[i].top - rows[i - 1].bottom)).toBeLessThan(1);
  }
  return rows;
}

/** Waits until the first element the selector finds is wholly inside the list's visible area. */
async function waitInView(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const tree = document.querySelector('[data-testid="findings-tree"]')?.getBoundingClientRect();
    const row = document.querySelector(sel)?.getBoundingClientRect();
    return !!tree && !!row && row.top >= tree.top - 0.5 && row.bottom <= tree.bottom + 0.5;
  }, selector);
}

/** The focused element is a row of the list, wholly inside the list's visible area. */
async function expectFocusedRowInView(page: Page): Promise<number> {
  const seen = await page.evaluate(() => {
    const tree = document.querySelector('[data-testid="findings-tree"]')!.getBoundingClientRect();
    const el = document.activeElement as HTMLElement | null;
    const r = el?.getBoundingClientRect();
    return {
      index: el?.dataset.index === undefined ? -1 : Number(el.dataset.index),
      inside: !!r && r.top >= tree.top - 0.5 && r.bottom <= tree.bottom + 0.5,
    };
  });
  expect(seen.index).toBeGreaterThanOrEqual(0);
  expect(seen.inside).toBe(true);
  return seen.index;
}

test("rows of different heights stack without gaps; keyboard moves keep the focused row in view (320 px)", async () => {
  const { page } = await session.open({
    init: BOOK,
    width: 320,
    height: 540,
    beforeGoto: installProbe,
  });
  await waitReady(page);
  await expectStacked(page);

  // Walk to the finding on a group-exception row: its row grows a line, the rows below move down.
  await page.getByRole("searchbox").fill("A166");
  await page.locator(`[data-finding-id="${ON_EXCEPTION_ROW}"]`).click();
  await page.getByRole("searchbox").fill("");
  const current = page.locator(`[data-finding-id="${ON_EXCEPTION_ROW}"]`);
  // The list shows the current finding again once the search is cleared (scrolled into view).
  await waitInView(page, `[data-finding-id="${ON_EXCEPTION_ROW}"]`);
  await expect(current.getAttribute("data-current")).resolves.toBe("true");
  const rows = await expectStacked(page);
  const heights = rows.filter((r) => r.id !== null).map((r) => Math.round(r.bottom - r.top));
  const tall = rows.find((r) => r.id === ON_EXCEPTION_ROW)!;
  expect(Math.round(tall.bottom - tall.top)).toBeGreaterThan(Math.min(...heights));
  await screenshot(page, "320-list-wrapped-current");

  // Keyboard: End, Home and Page Down each bring the focused row wholly into view.
  await current.focus();
  await page.keyboard.press("End");
  const last = await expectFocusedRowInView(page);
  await page.keyboard.press("Home");
  await expect(expectFocusedRowInView(page)).resolves.toBe(0);
  await page.keyboard.press("PageDown");
  const paged = await expectFocusedRowInView(page);
  expect(paged).toBeGreaterThan(0);
  await page.keyboard.press("PageDown");
  await expect(expectFocusedRowInView(page)).resolves.toBeGreaterThan(paged);
  await page.keyboard.press("End");
  await expect(expectFocusedRowInView(page)).resolves.toBe(last);
  await expectStacked(page);

  // A search that keeps the current finding shows it; one without it starts at its top. Each new
  // list is laid out from the heights learned, still stacked.
  await page.getByRole("searchbox").fill("mam-30");
  await waitInView(page, `[data-finding-id="${ON_EXCEPTION_ROW}"]`);
  await expectStacked(page);
  await page.getByRole("searchbox").fill("M11");
  await waitInView(page, '[data-kind="heading"]');
  await expectStacked(page, 2); // "Cell M11" and its one finding
  await page.getByRole("searchbox").fill("");
  await waitInView(page, `[data-finding-id="${ON_EXCEPTION_ROW}"]`);
  await expectStacked(page);
  await page.close();
});
