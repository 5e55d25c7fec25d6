/** @jest-environment jsdom */
import "./setup";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { Workbench } from "../../src/app/workbench";
import type { CellValue } from "../../src/domain/types";
import { App } from "../../src/taskpane/App";
import { MemoryHost } from "./memoryHost";
import {
  findingRow,
  HEADER,
  openFilters,
  renderApp,
  renderedFindings,
  renderedHeaders,
  row,
  settle,
  SUBMITTER,
  tree,
} from "./harness";

describe("findings list", () => {
  test("groups by severity, then by rule, in display order", async () => {
    await renderApp();
    expect(renderedHeaders()).toEqual([
      "Errors (2)",
      "MAM-102 · MPAN check digit wrong (1)",
      "MAM-312 · Submitter is not a Responsible Supplier (1)",
      "Warnings (1)",
      "MAM-311 · Duplicate-supplier EUIDs (1)",
      "Info (5)",
      "MAM-142 · Group exception (EA/EB/EC) (1)",
      "MAM-190 · Value will be normalised on export (3)",
      "MAM-313 · Same party, other EUID (1)",
    ]);
    expect(renderedFindings()).toEqual([
      "A3 MAM-102",
      "G8 MAM-312",
      "H7 MAM-311",
      "I6 MAM-142",
      "C4 MAM-190",
      "K4 MAM-190",
      "C5 MAM-190",
      "H7 MAM-313",
    ]);
  });

  test("each entry is named by its cell and code first, then the severity in words and the message; How to fix describes it", async () => {
    await renderApp();
    const entry = screen.getByRole("treeitem", { name: /^A3 · MAM-102/ });
    expect(entry).toBe(findingRow("A3", "MAM-102"));
    expect(entry.getAttribute("aria-label")).toBeNull(); // the name is the visible text
    expect(entry.textContent).toBe(
      "A3 · MAM-102ErrorMPAN 1312345678901 fails its check digit: the last digit should be 7, not 1.How to fix: Check the MPAN against the supplier's records; a digit is probably mistyped."
    );
    const hint = document.getElementById(entry.getAttribute("aria-describedby")!)!;
    expect(hint.hidden).toBe(true);
    expect(hint.textContent).toMatch(/^How to fix: Check the MPAN/);
    // Severity in words, not colour alone; no buttons inside a tree item.
    expect(within(findingRow("H7", "MAM-311")).getByText("Warning")).toBeTruthy();
    expect(within(tree()).queryAllByRole("button")).toEqual([]);
  });

  test("groups by row when asked", async () => {
    const { user } = await renderApp();
    await openFilters(user);
    await user.click(screen.getByRole("radio", { name: "Row" }));
    expect(renderedHeaders()).toEqual([
      "Errors (2)",
      "Row 3 (1)",
      "Row 8 (1)",
      "Warnings (1)",
      "Row 7 (1)",
      "Info (5)",
      "Row 4 (2)",
      "Row 5 (1)",
      "Row 6 (1)Group exception",
      "Row 7 (1)",
    ]);
    expect(renderedFindings()).toEqual([
      "A3 MAM-102",
      "G8 MAM-312",
      "H7 MAM-311",
      "C4 MAM-190",
      "K4 MAM-190",
      "C5 MAM-190",
      "I6 MAM-142",
      "H7 MAM-313",
    ]);
  });

  test("sections and groups collapse and expand", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole("treeitem", { name: "Info (5)" }));
    expect(screen.getByRole("treeitem", { name: "Info (5)" }).getAttribute("aria-expanded")).toBe(
      "false"
    );
    expect(renderedFindings()).toEqual(["A3 MAM-102", "G8 MAM-312", "H7 MAM-311"]);
    await user.click(screen.getByRole("treeitem", { name: "Info (5)" }));
    await user.click(screen.getByRole("treeitem", { name: /^MAM-190/ }));
    expect(renderedFindings()).toEqual([
      "A3 MAM-102",
      "G8 MAM-312",
      "H7 MAM-311",
      "I6 MAM-142",
      "H7 MAM-313",
    ]);
  });

  test("filters by code, only errors, and search", async () => {
    const { user } = await renderApp();
    await openFilters(user);
    const codeSelect = screen.getByRole("combobox", { name: "Rule code" });
    const options = within(codeSelect)
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(options).toEqual([
      "All rule codes",
      "MAM-102 MPAN check digit wrong (1)",
      "MAM-142 Group exception (EA/EB/EC) (1)",
      "MAM-190 Value will be normalised on export (3)",
      "MAM-311 Duplicate-supplier EUIDs (1)",
      "MAM-312 Submitter is not a Responsible Supplier (1)",
      "MAM-313 Same party, other EUID (1)",
    ]);
    await user.selectOptions(codeSelect, "MAM-190");
    expect(renderedFindings()).toEqual(["C4 MAM-190", "K4 MAM-190", "C5 MAM-190"]);
    expect(screen.getByTestId("shown-count").textContent).toBe("Showing 3 of 8 findings");
    await user.selectOptions(codeSelect, "");

    await user.click(screen.getByRole("switch", { name: "Only errors" }));
    expect(renderedFindings()).toEqual(["A3 MAM-102", "G8 MAM-312"]);
    await user.click(screen.getByRole("switch", { name: "Only errors" }));

    const search = screen.getByRole("searchbox");
    await user.type(search, "k4");
    expect(renderedFindings()).toEqual(["K4 MAM-190"]);
    expect(renderedHeaders()).toEqual(["Cell K4 (1)"]);
    await user.clear(search);
    await user.type(search, "meter status");
    expect(renderedFindings()).toEqual(["K4 MAM-190"]); // column name
    await user.clear(search);
    await user.type(search, "mam-31");
    expect(renderedFindings()).toEqual(["G8 MAM-312", "H7 MAM-311", "H7 MAM-313"]);
    expect(renderedHeaders()).toEqual(["Other matches (3)"]);
    await user.clear(search);
    await user.type(search, "same party (party octets");
    expect(renderedFindings()).toEqual(["H7 MAM-311", "H7 MAM-313"]); // message text
    await user.clear(search);
    await user.type(search, "no such thing");
    expect(screen.getByTestId("no-findings").textContent).toContain(
      "No findings match the filter."
    );
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(renderedFindings()).toHaveLength(8);
  });

  test("clicking an entry selects its cell in Excel and marks it current", async () => {
    const { user, host, workbench } = await renderApp();
    await user.click(findingRow("K4", "MAM-190"));
    await settle(workbench);
    expect(host.selects).toEqual([{ sheet: "Installations", cell: "K4" }]);
    const entry = findingRow("K4", "MAM-190");
    expect(entry.getAttribute("aria-selected")).toBe("true");
    expect(entry.getAttribute("data-current")).toBe("true");
    expect(entry.textContent).toContain("Current");
    expect(findingRow("A3", "MAM-102").getAttribute("aria-selected")).toBe("false");
    // K4 is Info: the walk leaves Info out unless asked.
    expect(screen.getByTestId("walk-position").textContent).toBe("K4 · MAM-190 — not in the walk");
    await openFilters(user);
    await user.click(screen.getByRole("switch", { name: "Info in the walk" }));
    expect(screen.getByTestId("walk-position").textContent).toBe("K4 · MAM-190 — 6 of 8");
  });

  test("keyboard: arrows move within the list, Enter selects, Left/Right collapse and expand", async () => {
    const { user, host, workbench } = await renderApp();
    const first = screen.getByRole("treeitem", { name: "Errors (2)" });
    expect(first.tabIndex).toBe(0);
    act(() => first.focus());
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement?.textContent).toMatch(/^MAM-102/);
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(findingRow("A3", "MAM-102"));
    expect(findingRow("A3", "MAM-102").tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
    await user.keyboard("{Enter}");
    await settle(workbench);
    expect(host.selects.at(-1)).toEqual({ sheet: "Installations", cell: "A3" });
    await user.keyboard("{ArrowLeft}"); // to its group
    expect(document.activeElement?.textContent).toMatch(/^MAM-102/);
    await user.keyboard("{ArrowLeft}"); // collapse the group
    expect(document.activeElement?.getAttribute("aria-expanded")).toBe("false");
    expect(renderedFindings()).not.toContain("A3 MAM-102");
    await user.keyboard("{ArrowRight}");
    expect(renderedFindings()).toContain("A3 MAM-102");
    await user.keyboard("{End}");
    expect(document.activeElement).toBe(findingRow("H7", "MAM-313"));
    await user.keyboard(" ");
    await settle(workbench);
    expect(host.selects.at(-1)).toEqual({ sheet: "Installations", cell: "H7" });
  });

  test("a group exception row shows its badge, with the explanation", async () => {
    const { user, workbench } = await renderApp();
    expect(within(findingRow("I6", "MAM-142")).getByText("Group exception")).toBeTruthy();
    expect(within(findingRow("A3", "MAM-102")).queryByText("Group exception")).toBeNull();
    await openFilters(user);
    await user.click(screen.getByRole("radio", { name: "Row" }));
    const rowHeader = screen.getByRole("treeitem", { name: /^Row 6 \(1\)/ });
    expect(within(rowHeader).getByText("Group exception")).toBeTruthy();
    await user.click(findingRow("I6", "MAM-142"));
    await settle(workbench);
    const detail = screen.getByTestId("finding-detail");
    expect(detail.textContent).toContain("Group exception");
    expect(detail.textContent).toContain("do not apply");
    expect(detail.textContent).toContain(
      "Each Responsible Supplier's authorisation stands on its own"
    );
    // Hovering the badge in the walk panel shows the same explanation as a tooltip.
    await user.hover(within(detail).getByText("Group exception"));
    expect((await screen.findByRole("tooltip", {}, { timeout: 3000 })).textContent).toContain(
      "MAM §4–§6"
    );
  });

  test("50,000 findings render fewer than 200 list items", async () => {
    // 10,000 rows, each with five auto-fixable findings (lower-case device IDs and EUID, "active").
    const rows: CellValue[][] = [HEADER];
    for (let n = 1; n <= 10_000; n++) {
      const r = row(n);
      for (const c of [2, 3, 4, 6]) r[c] = String(r[c]).toLowerCase();
      r[10] = "active";
      rows.push(r);
    }
    const host = new MemoryHost({ Big: rows }, { settings: { submitter: SUBMITTER } });
    const workbench = new Workbench(host);
    render(<App workbench={workbench} />);
    await act(async () => {
      await workbench.start();
    });
    await settle(workbench);
    expect(workbench.getState().findings.length).toBe(50_000);
    expect(screen.getByTestId("severity-counts").textContent).toContain("50,000 info");
    const items = within(tree()).getAllByRole("treeitem");
    expect(items.length).toBeGreaterThan(5);
    expect(items.length).toBeLessThan(200);
    // Scrolling far down renders the rows there, still only a few.
    const scroller = tree();
    await act(async () => {
      scroller.scrollTop = 2_000_000;
      fireEvent.scroll(scroller);
      await new Promise((r) => setTimeout(r, 20));
    });
    const later = within(tree()).getAllByRole("treeitem");
    expect(later.length).toBeLessThan(200);
    expect(Number(later[0].getAttribute("data-index"))).toBeGreaterThan(10_000);
    // Walking back from nowhere goes to the last finding: it is scrolled into view and marked.
    // (All of them are Info: the walk visits them once asked to.)
    fireEvent.click(screen.getByRole("button", { name: /^Filters/ }));
    fireEvent.click(screen.getByRole("switch", { name: "Info in the walk" }));
    await act(async () => {
      fireEvent.keyDown(document.body, { key: "F8", shiftKey: true });
    });
    await settle(workbench);
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(host.selects.at(-1)).toEqual({ sheet: "Big", cell: "K10001" });
    expect(screen.getByTestId("walk-position").textContent).toBe(
      "K10001 · MAM-190 — 50,000 of 50,000"
    );
    expect(tree().querySelector('[data-current="true"]')?.getAttribute("data-finding-id")).toBe(
      "K10001|MAM-190"
    );
    expect(within(tree()).getAllByRole("treeitem").length).toBeLessThan(200);
    // Filtering 50,000 down to one row still works.
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "C9999" } });
    await settle(workbench);
    expect(renderedFindings()).toEqual(["C9999 MAM-190"]);
  }, 120_000);
});
