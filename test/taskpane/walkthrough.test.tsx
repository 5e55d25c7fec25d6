/** @jest-environment jsdom */
import "./setup";
import { act, screen, within } from "@testing-library/react";
import { findingRow, openFilters, renderApp, settle, type Rendered } from "./harness";

/** The walk's order: errors and warnings (Info is left out unless asked). */
const WALK = ["A3", "G8", "H7"];
/** With Info in the walk: the whole list in display order. */
const WITH_INFO = ["A3", "G8", "H7", "I6", "C4", "K4", "C5", "H7"];

async function next({ user, workbench }: Rendered): Promise<void> {
  await user.click(screen.getByRole("button", { name: "Next" }));
  await settle(workbench);
}

describe("guided walk-through", () => {
  test("Next and Previous walk the errors and warnings in display order, naming each by cell and code", async () => {
    const r = await renderApp();
    expect(screen.getByTestId("walk-position").textContent).toBe("3 findings to walk through");
    const names = ["A3 · MAM-102", "G8 · MAM-312", "H7 · MAM-311"];
    for (let i = 0; i < WALK.length; i++) {
      await next(r);
      expect(screen.getByTestId("walk-position").textContent).toBe(`${names[i]} — ${i + 1} of 3`);
    }
    expect(r.host.selects.map((s) => s.cell)).toEqual(WALK);
    await next(r); // at the end, Next stays put
    expect(r.host.selects).toHaveLength(3);
    await r.user.click(screen.getByRole("button", { name: /^Previous finding/ }));
    await settle(r.workbench);
    expect(r.host.selects.at(-1)?.cell).toBe("G8");
    expect(screen.getByTestId("walk-position").textContent).toBe("G8 · MAM-312 — 2 of 3");
  });

  test("with Info in the walk it visits every finding", async () => {
    const r = await renderApp();
    await openFilters(r.user);
    await r.user.click(screen.getByRole("switch", { name: "Info in the walk" }));
    for (let i = 0; i < WITH_INFO.length; i++) await next(r);
    expect(r.host.selects.map((s) => s.cell)).toEqual(WITH_INFO);
    expect(screen.getByTestId("walk-position").textContent).toBe("H7 · MAM-313 — 8 of 8");
  });

  test("the walk panel explains the current finding, with its fixes when fixable (Fix all only when more than one cell)", async () => {
    const r = await renderApp();
    await next(r);
    let detail = screen.getByTestId("finding-detail");
    expect(detail.textContent).toContain("MAM-102");
    expect(detail.textContent).toContain("MPAN check digit wrong");
    expect(detail.textContent).toContain("A3 (MPAN, row 3)");
    expect(detail.textContent).toContain("MPAN 1312345678901 fails its check digit");
    expect(detail.textContent).toContain("MRA: MPAN check digit");
    expect(detail.textContent).toContain("from a published standard");
    expect(detail.textContent).toContain("Check the MPAN against the supplier's records");
    const panel = screen.getByTestId("walk-panel");
    expect(within(panel).queryByRole("button", { name: "Fix" })).toBeNull();
    await r.user.click(findingRow("C4", "MAM-190"));
    await settle(r.workbench);
    detail = screen.getByTestId("finding-detail");
    expect(detail.textContent).toContain("our reading of the MAM");
    expect(within(panel).getByRole("button", { name: "Fix" })).toBeTruthy();
    expect(within(panel).getByRole("button", { name: "Fix all like this (2)" })).toBeTruthy();
    await r.user.click(findingRow("K4", "MAM-190"));
    await settle(r.workbench);
    expect(within(panel).getByRole("button", { name: "Fix" })).toBeTruthy();
    expect(within(panel).queryByRole("button", { name: /^Fix all like this/ })).toBeNull();
  });

  test("keyboard shortcuts: F8 / Shift+F8 and Alt+Down / Alt+Up, but not while typing in a field", async () => {
    const { user, host, workbench } = await renderApp();
    await user.keyboard("{F8}");
    await user.keyboard("{F8}");
    await settle(workbench);
    expect(host.selects.map((s) => s.cell)).toEqual(["A3", "G8"]);
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await settle(workbench);
    expect(host.selects.at(-1)?.cell).toBe("H7");
    await user.keyboard("{Shift>}{F8}{/Shift}");
    await settle(workbench);
    expect(host.selects.at(-1)?.cell).toBe("G8");
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    await settle(workbench);
    expect(host.selects.at(-1)?.cell).toBe("A3");
    expect(screen.getByTestId("walk-position").textContent).toBe("A3 · MAM-102 — 1 of 3");
    // Typing in the EUID field: F8 belongs to the field, the focus stays.
    await user.click(screen.getByRole("tab", { name: "Export" }));
    const euid = screen.getByRole("textbox", { name: /Submitting supplier EUID/ });
    await user.click(euid);
    await user.keyboard("{F8}");
    await settle(workbench);
    expect(document.activeElement).toBe(euid);
    expect(host.selects).toHaveLength(5);
    expect(screen.getByRole("tab", { name: "Export" }).getAttribute("aria-selected")).toBe("true");
    // The shortcuts are documented on the buttons.
    await user.click(screen.getByRole("tab", { name: /^Findings/ }));
    const nextButton = screen.getByRole("button", { name: "Next" });
    expect(nextButton.getAttribute("aria-keyshortcuts")).toBe("F8 Alt+ArrowDown");
    await user.hover(nextButton);
    expect((await screen.findByRole("tooltip", {}, { timeout: 3000 })).textContent).toBe(
      "Next finding (F8 or Alt+Down); selects its cell in Excel"
    );
  });

  test("the walk follows the filtered list only, and opens collapsed groups", async () => {
    const r = await renderApp();
    await openFilters(r.user);
    await r.user.click(screen.getByRole("switch", { name: "Info in the walk" }));
    await r.user.selectOptions(screen.getByRole("combobox", { name: "Rule code" }), "MAM-190");
    await r.user.click(screen.getByRole("treeitem", { name: /^MAM-190/ })); // collapse the group
    expect(screen.getByTestId("walk-position").textContent).toBe("3 findings to walk through");
    for (let i = 0; i < 3; i++) await next(r);
    expect(r.host.selects.map((s) => s.cell)).toEqual(["C4", "K4", "C5"]);
    expect(screen.getByTestId("walk-position").textContent).toBe("C5 · MAM-190 — 3 of 3");
    // The group was opened again so the current entry is visible and marked.
    const current = screen.getByRole("tree").querySelector('[data-current="true"]');
    expect(current?.getAttribute("data-finding-id")).toBe("C5|MAM-190");
  });

  test("each step is announced to screen readers", async () => {
    const notify = jest.fn();
    (document as unknown as { ariaNotify: unknown }).ariaNotify = notify;
    try {
      const r = await renderApp();
      await next(r);
      await act(async () => new Promise((res) => setTimeout(res, 50)));
      expect(notify.mock.calls.map((c) => c[0])).toContain(
        "Finding 1 of 3: A3 · MAM-102. MPAN 1312345678901 fails its check digit: the last digit should be 7, not 1."
      );
    } finally {
      delete (document as unknown as { ariaNotify?: unknown }).ariaNotify;
    }
  });
});
