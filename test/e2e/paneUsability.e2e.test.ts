/**
 * The task pane in real hands (issue: never stuck, never undoing a user's edit, a 350-px pane and a
 * helpdesk call): the BUILT pane in Chromium against the fake Excel, at the widths Excel gives a
 * task pane, with a screenshot of each state in test-results/. One browser for the file (the pane
 * is built once per run); each scenario opens its own page. Timings are printed, never asserted.
 */
import type { Page } from "playwright-core";
import { checkSheet } from "../../src/domain/engine";
import { paneOrder } from "../../src/domain/report/findingOrder";
import { findingsTable } from "../../src/domain/report/findingsTable";
import { v06a } from "../../src/domain/profile";
import { groupFindings } from "../../src/taskpane/findingsView";
import { generateSyntheticSheet } from "../../scripts/syntheticRows";
import type { CellScalar, FakeExcelInit } from "./fakeExcel";
import { screenshot } from "./harness";
import {
  clipboardInit,
  failFirstSyncInit,
  sampleCells,
  copied,
  installProbe,
  MA_SHEET,
  paneCounts,
  resetBusy,
  SUBMITTER,
  toCells,
  userEdit,
  waitCounts,
  waitReady,
  waitSettled,
} from "./paneDriver";
import { usePaneSession } from "./paneSession";

jest.setTimeout(120_000);

const session = usePaneSession();
const errors: string[] = [];

afterEach(() => {
  expect(errors.splice(0)).toEqual([]);
});

const SAMPLE: CellScalar[][] = sampleCells();

function sampleBook(withEuid: boolean, extra: Partial<FakeExcelInit> = {}): FakeExcelInit {
  return {
    sheets: [{ name: MA_SHEET, values: SAMPLE }],
    settings: withEuid ? { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) } : {},
    ...extra,
  };
}

async function open(
  init: FakeExcelInit,
  size: { width?: number; height?: number } = {},
  before?: (page: Page) => Promise<unknown>
): Promise<Page> {
  const { page } = await session.open({
    init,
    width: size.width ?? 350,
    height: size.height ?? 540,
    beforeGoto: async (p) => {
      p.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      p.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
      await installProbe(p);
      await p.addInitScript(clipboardInit);
      await before?.(p);
    },
  });
  return page;
}

const walkHeading = (page: Page) => page.getByTestId("walk-position").textContent();

/** Top and bottom of an element, and of the list's visible area. */
async function box(page: Page, selector: string): Promise<{ top: number; bottom: number }> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
}

/** Finding rows wholly inside the list's visible area and the window. */
async function fullyVisibleFindings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const tree = document.querySelector('[data-testid="findings-tree"]')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('[data-kind="finding"]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= tree.top - 0.5 && r.bottom <= Math.min(tree.bottom, innerHeight) + 0.5;
      })
      .map((el) => el.getAttribute("data-finding-id")!);
  });
}

describe("the pane in real hands (350-px pane, sample workbook)", () => {
  test("never stuck: no MA sheet, the user adds one, the pane checks it on its own; Re-check runs after it", async () => {
    const page = await open({ sheets: [{ name: "Notes", values: [["Batch notes"]] }] });
    await page.waitForSelector('[data-phase="noSheet"][aria-busy="false"]');
    await screenshot(page, "350-no-sheet");
    await resetBusy(page);
    await page.evaluate(([name, values]) => window.__fakeExcel.addSheet(name, values), [
      MA_SHEET,
      SAMPLE,
    ] as const);
    await waitReady(page);
    await expect(page.locator("h1").textContent()).resolves.toBe(`Sheet: ${MA_SHEET}`);
    // Re-check workbook is not queued behind a stuck start.
    await resetBusy(page);
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Re-check workbook" }).click();
    await waitSettled(page);
    await page.close();
  });

  test("never stuck: a failed first check says so and offers Try again", async () => {
    // The first sync fails (Excel busy): the pane says so and offers a retry, never a spinner.
    const page = await open(
      {
        sheets: [
          { name: "Notes", values: [["x"]] },
          { name: MA_SHEET, values: SAMPLE },
        ],
      },
      {},
      async (p) => p.addInitScript(failFirstSyncInit)
    );
    await page.waitForSelector('[data-phase="failed"][aria-busy="false"]');
    await expect(page.getByTestId("check-failed").textContent()).resolves.toContain(
      "The workbook could not be checked"
    );
    await screenshot(page, "350-check-failed");
    await page.getByRole("button", { name: "Try again" }).click();
    await waitReady(page);
    await page.close();
  });

  test("room for the findings at 350×540: the first finding, then the current one with its fixes, without scrolling", async () => {
    const page = await open(sampleBook(true));
    await waitReady(page);
    const visible = await fullyVisibleFindings(page);
    expect(visible.length).toBeGreaterThanOrEqual(2);
    const first = await box(page, '[data-kind="finding"]');
    expect(first.bottom).toBeLessThanOrEqual(540);
    await screenshot(page, "350x540-ready");
    // A fixable finding further down: the list scrolls it into view, and the walk panel shows its fixes.
    await page.getByRole("searchbox").fill("MAM-190");
    await page.locator('[data-kind="finding"]').first().click();
    await page.getByRole("searchbox").fill("");
    const current = page.locator('[data-current="true"]');
    await current.waitFor();
    await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-current="true"]');
        const tree = document.querySelector('[data-testid="findings-tree"]');
        if (!el || !tree) return false;
        const r = el.getBoundingClientRect();
        const t = tree.getBoundingClientRect();
        return r.top >= t.top - 0.5 && r.bottom <= t.bottom + 0.5;
      },
      undefined,
      { polling: 50, timeout: 10_000 }
    );
    const fix = page.getByTestId("walk-panel").getByRole("button", { name: "Fix", exact: true });
    const fixBox = await fix.boundingBox();
    expect(fixBox!.y + fixBox!.height).toBeLessThanOrEqual(540);
    await screenshot(page, "350x540-current");
    await page.close();
  });

  test("room for the findings at 350×720: at least six findings in view", async () => {
    const page = await open(sampleBook(true), { height: 720 });
    await waitReady(page);
    expect((await fullyVisibleFindings(page)).length).toBeGreaterThanOrEqual(6);
    await screenshot(page, "350x720-ready");
    await page.close();
  });

  test("a helpdesk call: names by cell and code, the selection in Excel followed, Go to a row, exact cells first", async () => {
    const page = await open(sampleBook(true));
    await waitReady(page);
    const engine = checkSheet(SAMPLE[0], SAMPLE.slice(1), { submitter: SUBMITTER });
    const withFinding = engine.findings().find((f) => f.severity === "error")!;
    // The agent: "select the cell you are on". The pane follows the selection in Excel.
    await page.evaluate(
      (a) => (window.__fakeExcel.selection = a),
      `'${MA_SHEET}'!${withFinding.cell}`
    );
    await page.waitForFunction(
      (name) =>
        document.querySelector('[data-testid="walk-position"]')?.textContent?.startsWith(name) ??
        false,
      `${withFinding.cell} · ${withFinding.code}`
    );
    const clean = engine.findings().some((f) => f.cell === "N2") ? "N3" : "N2";
    await page.evaluate((a) => (window.__fakeExcel.selection = a), `'${MA_SHEET}'!${clean}`);
    await expect(page.getByTestId("selection-note").textContent()).resolves.toBe(
      `No finding in ${clean}`
    );
    await screenshot(page, "350-selection-followed");
    // "Row 25": Go to selects it in Excel; the list shows row 25 first.
    await page.getByRole("searchbox").fill("row 25");
    await page.getByRole("button", { name: "Go to A25" }).click();
    await page.waitForFunction(() => window.__fakeExcel.selection.endsWith("!A25"));
    const row25 = engine.findings().filter((f) => f.row === 25);
    if (row25.length > 0) {
      await page.waitForFunction(
        (label) => document.querySelector('[data-kind="heading"]')?.textContent === label,
        `Row 25 (${row25.length})`,
        { polling: 20, timeout: 10_000 }
      );
      await expect(page.locator('[data-kind="heading"]').first().textContent()).resolves.toBe(
        `Row 25 (${row25.length})`
      );
      await expect(
        page.locator('[data-kind="finding"]').first().getAttribute("data-finding-id")
      ).resolves.toBe(row25[0].id);
    }
    // "A5" finds A5 first, never A55 first.
    const a5 = engine.findings().find((f) => /^[A-Z]5$/.test(f.cell)) ?? engine.findings()[0];
    await page.getByRole("searchbox").fill(a5.cell);
    // The list follows the search box a moment later (a deferred value): wait for this search's rows.
    await page.waitForFunction(
      (cell) =>
        document
          .querySelector('[data-kind="finding"]')
          ?.getAttribute("data-finding-id")
          ?.startsWith(`${cell}|`) ?? false,
      a5.cell,
      { polling: 20, timeout: 10_000 }
    );
    await expect(
      page.locator('[data-kind="finding"]').first().getAttribute("data-finding-id")
    ).resolves.toMatch(new RegExp(`^${a5.cell}\\|`));
    await screenshot(page, "350-search-cell");
    await page.close();
  });

  test("sharing: Copy all findings (the pane's order and filter), Write findings to a new sheet, a refused clipboard selects the text", async () => {
    const page = await open(sampleBook(true));
    await waitReady(page);
    const all = checkSheet(SAMPLE[0], SAMPLE.slice(1), { submitter: SUBMITTER }).findings();
    const ordered = groupFindings(all, "rule").ordered;
    // Only errors, as the helpdesk asks.
    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.getByRole("switch", { name: "Only errors" }).click();
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: /^Copy all findings/ }).click();
    await page.waitForFunction(
      () => (window as unknown as { __copied: string[] }).__copied.length === 1
    );
    const tsv = (await copied(page))[0].split("\r\n");
    const expected = findingsTable(
      ordered.filter((f) => f.severity === "error"),
      v06a
    );
    expect(tsv[0]).toBe(expected.header.join("\t"));
    expect(tsv.slice(1, -1)).toEqual(expected.rows.map((r) => r.join("\t")));

    // Write findings to a new sheet: the whole table (as mam validate --format csv), each cell a link.
    await resetBusy(page);
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Write findings to a new sheet" }).click();
    await waitSettled(page);
    const added = (await page.evaluate(() => window.__fakeExcel.sheetNames())).find((n) =>
      n.startsWith("Findings ")
    )!;
    // Every finding, whatever the filter, in the reports' order: what the sheet shows is the table
    // (the cell column shows each address: its HYPERLINK's name).
    const table = findingsTable(paneOrder(all), v06a);
    const onSheet = await page.evaluate(([s, a]) => window.__fakeExcel.getValues(s, a), [
      added,
      `A1:I${table.rows.length + 1}`,
    ] as const);
    expect(onSheet).toEqual([table.header, ...table.rows]);
    const links = await page.evaluate(
      ([s, n]) =>
        Excel.run(async (context) => {
          const r = context.workbook.worksheets.getItem(s).getRange(`A2:A${n + 1}`);
          r.load("formulas");
          await context.sync();
          return r.formulas.map((x) => String(x[0]));
        }),
      [added, table.rows.length] as const
    );
    expect(links[0]).toBe(`=HYPERLINK("#'${MA_SHEET}'!${table.rows[0][0]}","${table.rows[0][0]}")`);
    expect(links).toHaveLength(table.rows.length);

    // The clipboard refused: the summary is shown, selected, ready for Ctrl+C; its time is local.
    await page.evaluate(
      () => ((window as unknown as { __refuseClipboard: boolean }).__refuseClipboard = true)
    );
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Copy summary for the helpdesk" }).click();
    const area = page.getByRole("textbox", { name: "Summary for the helpdesk" });
    await area.waitFor();
    const selected = await area.evaluate((el: HTMLTextAreaElement) => ({
      focused: document.activeElement === el,
      all: el.selectionStart === 0 && el.selectionEnd === el.value.length,
      text: el.value,
    }));
    expect(selected.focused && selected.all).toBe(true);
    expect(selected.text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)/);
    await screenshot(page, "350-copy-refused");
    await page.close();
  });

  test("first run without the EUID: a banner, the field judged on blur, F8 stays in the field; with the EUID the party rules run", async () => {
    const page = await open(sampleBook(false));
    await waitReady(page);
    const without = checkSheet(SAMPLE[0], SAMPLE.slice(1), {}).summary();
    const withEuid = checkSheet(SAMPLE[0], SAMPLE.slice(1), { submitter: SUBMITTER }).summary();
    expect(await paneCounts(page)).toEqual(without);
    await expect(page.getByTestId("euid-banner").textContent()).resolves.toContain("No EUID");
    await screenshot(page, "350-no-euid");
    await page.getByRole("button", { name: "Enter EUID" }).click();
    const euid = page.getByRole("textbox", { name: /Submitting supplier EUID/ });
    await page.waitForFunction(() => document.activeElement?.tagName === "INPUT");
    await expect(euid.getAttribute("placeholder")).resolves.toBe(
      "XX-XX-XX-XX-XX-XX-XX-XX (16 hex digits)"
    );
    await page.keyboard.type("70-B3");
    await expect(page.getByText(/^Not a DCC User ID/).count()).resolves.toBe(0); // not before the user leaves it
    await page.keyboard.press("F8"); // the walk shortcut does not take the focus away from the field
    await expect(euid.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press("Tab");
    await page.getByText(/^Not a DCC User ID/).waitFor();
    await euid.fill(SUBMITTER);
    await euid.blur();
    await waitCounts(page, withEuid);
    expect(withEuid.error + withEuid.warning).toBeGreaterThan(without.error + without.warning);
    await page.close();
  });

  test("never 0 errors while checking: Checking… n of m rows until the first full check is done", async () => {
    const g = generateSyntheticSheet({
      rows: 12_000,
      errorRate: 0.05,
      seed: 4,
      submitter: SUBMITTER,
    });
    const values = [g.header, ...g.rows.map((r) => toCells(r, g.header.length))];
    const page = await open({
      sheets: [{ name: MA_SHEET, values }],
      latencyMs: 150,
      settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
    });
    // The pane as it is while it checks, read in one go in the page: on a busy machine the check
    // can end between two reads made from here.
    const seen = await page.waitForFunction(() => {
      const checking = document.querySelector('[data-testid="checking"]')?.textContent ?? "";
      if (!/of 12,000 rows$/.test(checking)) return null;
      const tabs = [...document.querySelectorAll('[role="tab"]')].map((t) => t.textContent ?? "");
      return {
        checking,
        counts: document.querySelectorAll('[data-testid="severity-counts"]').length,
        findingsTab: tabs.find((t) => t.startsWith("Findings")),
        zeroErrors: /\b0 errors\b/.test((document.body.textContent ?? "").replace(/\s+/g, " ")),
      };
    });
    const during = (await seen.jsonValue())!;
    expect(during.checking).toMatch(/^Checking… [\d,]+ of 12,000 rows$/);
    expect(during.counts).toBe(0);
    expect(during.findingsTab).toBe("Findings");
    expect(during.zeroErrors).toBe(false);
    await screenshot(page, "350-checking");
    await waitReady(page, 120_000);
    await expect(page.getByTestId("severity-counts").count()).resolves.toBe(1);
    await page.close();
  });
});

describe("fixes in real hands", () => {
  /** Every Meter Status typed "active" (MAM-190, fixable). */
  function statusBook(n = 300): { init: FakeExcelInit; rows: CellScalar[][] } {
    const g = generateSyntheticSheet({ rows: n, errorRate: 0, seed: 12, submitter: SUBMITTER });
    const status = g.header.indexOf("Meter Status");
    const rows = g.rows.map((r) => {
      const cells = toCells(r, g.header.length);
      cells[status] = "active";
      return cells;
    });
    return {
      rows,
      init: {
        sheets: [{ name: MA_SHEET, values: [g.header, ...rows] }],
        settings: { mamWorkbench: JSON.stringify({ submitter: SUBMITTER }) },
      },
    };
  }

  test("Fix, then the user types into the cell, then Undo: the user's value stays; the pane goes on to the next finding and focuses it", async () => {
    const { init } = statusBook();
    const page = await open(init);
    await waitReady(page);
    await page.getByRole("searchbox").fill("K19");
    await page.locator('[data-finding-id="K19|MAM-190"]').click();
    await page.getByRole("searchbox").fill("");
    await page.getByTestId("walk-panel").getByRole("button", { name: "Fix", exact: true }).click();
    await page.waitForFunction(
      () => window.__fakeExcel.getValues("Migration Authorisation", "K19")[0][0] === "Active"
    );
    // The next finding in the list is current, and has the keyboard focus.
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-finding-id") === "K20|MAM-190"
    );
    await expect(walkHeading(page)).resolves.toMatch(/^K20 · MAM-190/);
    await userEdit(page, MA_SHEET, "K19", [["Dormant"]]);
    await page.getByRole("button", { name: "Undo last fix" }).click();
    await page.getByText("K19 was changed since: left as it is.", { exact: false }).waitFor();
    expect(
      await page.evaluate(
        () => window.__fakeExcel.getValues("Migration Authorisation", "K19")[0][0]
      )
    ).toBe("Dormant");
    await expect(page.getByTestId("notice").textContent()).resolves.toContain(
      "Nothing was restored."
    );
    await screenshot(page, "350-undo-left-alone");
    // Tab switches put the focus on the new panel's heading, and notices stay on their tab.
    await page.getByRole("tab", { name: "Export" }).click();
    await page.waitForFunction(() => document.activeElement?.id === "panel-heading-export");
    await expect(page.getByTestId("notice").count()).resolves.toBe(0);
    await page.close();
  });

  test("Fix all like this on 900 cells: asked first, written in batches with progress, one Undo", async () => {
    const { init } = statusBook(900);
    const page = await open(init, {}, async (p) =>
      p.addInitScript(() => {
        // Remember every progress label the header showed.
        const seen: string[] = ((window as unknown as { __progress: string[] }).__progress = []);
        new MutationObserver(() => {
          const bar = document.querySelector('[data-testid="progress"] [role="progressbar"]');
          const label = bar?.getAttribute("aria-label");
          if (label && seen[seen.length - 1] !== label) seen.push(label);
        }).observe(document, { subtree: true, childList: true, attributes: true });
      })
    );
    await waitReady(page);
    const count = await page.locator('[data-kind="finding"]').count();
    expect(count).toBeGreaterThan(0);
    await page.evaluate(() => (window.__fakeExcel.latencyMs = 40));
    await page.getByRole("searchbox").fill("K2");
    await page.locator('[data-finding-id="K2|MAM-190"]').click();
    await page
      .getByTestId("walk-panel")
      .getByRole("button", { name: "Fix all like this (900)" })
      .click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog.getByRole("heading").textContent()).resolves.toBe("Fix 900 cells?");
    await screenshot(page, "350-confirm-fix-all");
    await resetBusy(page);
    await dialog.getByRole("button", { name: "Fix 900 cells" }).click();
    await waitSettled(page);
    await expect(page.getByTestId("notice").textContent()).resolves.toContain("Fixed 900 cells");
    const progress = await page.evaluate(
      () => (window as unknown as { __progress: string[] }).__progress
    );
    expect(progress).toContain("Fixing cells: 0 of 900");
    expect(progress).toContain("Fixing cells: 400 of 900");
    expect(progress).toContain("Fixing cells: 800 of 900");
    const values = await page.evaluate(() =>
      window.__fakeExcel.getValues("Migration Authorisation", "K2:K901").map((r) => r[0])
    );
    expect(new Set(values)).toEqual(new Set(["Active"]));
    await resetBusy(page);
    await page.getByRole("button", { name: "Undo last fix" }).click();
    await waitSettled(page);
    const back = await page.evaluate(() =>
      window.__fakeExcel.getValues("Migration Authorisation", "K2:K901").map((r) => r[0])
    );
    expect(new Set(back)).toEqual(new Set(["active"]));
    await page.close();
  });
});
