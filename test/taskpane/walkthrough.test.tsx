/** @jest-environment jsdom */
import "./setup";
import { act, screen, within } from "@testing-library/react";
import { renderApp, settle } from "./harness";

const DISPLAY_ORDER = ["A3", "G8", "H7", "I6", "C4", "K4", "C5", "H7"];

describe("guided walk-through", () => {
  test("Next finding and Previous walk the list in display order, selecting each cell", async () => {
    const { user, host, workbench } = await renderApp();
    expect(screen.getByTestId("walk-position").textContent).toBe("8 findings to walk through");
    for (let i = 0; i < DISPLAY_ORDER.length; i++) {
      await user.click(screen.getByRole("button", { name: "Next finding" }));
      await settle(workbench);
      expect(screen.getByTestId("walk-position").textContent).toBe(`Finding ${i + 1} of 8`);
    }
    expect(host.selects.map((s) => s.cell)).toEqual(DISPLAY_ORDER);
    // At the end, Next stays put.
    await user.click(screen.getByRole("button", { name: "Next finding" }));
    await settle(workbench);
    expect(host.selects).toHaveLength(8);
    await user.click(screen.getByRole("button", { name: "Previous" }));
    await user.click(screen.getByRole("button", { name: "Previous" }));
    await settle(workbench);
    expect(host.selects.slice(-2).map((s) => s.cell)).toEqual(["C5", "K4"]);
    expect(screen.getByTestId("walk-position").textContent).toBe("Finding 6 of 8");
  });

  test("the detail card explains the current finding, with its fixes when fixable", async () => {
    const { user, workbench } = await renderApp();
    await user.click(screen.getByRole("button", { name: "Next finding" }));
    await settle(workbench);
    let detail = screen.getByTestId("finding-detail");
    expect(detail.textContent).toContain("MAM-102");
    expect(detail.textContent).toContain("MPAN check digit wrong");
    expect(detail.textContent).toContain("A3");
    expect(detail.textContent).toContain("MPAN 1312345678901 fails its check digit");
    expect(detail.textContent).toContain("MRA: MPAN check digit");
    expect(detail.textContent).toContain("Check the MPAN against the supplier's records");
    expect(within(detail).queryByRole("button", { name: "Fix" })).toBeNull();
    for (let i = 0; i < 4; i++)
      await user.click(screen.getByRole("button", { name: "Next finding" }));
    await settle(workbench);
    detail = screen.getByTestId("finding-detail");
    expect(screen.getByTestId("walk-position").textContent).toBe("Finding 5 of 8");
    expect(detail.textContent).toContain("C4");
    expect(within(detail).getByRole("button", { name: "Fix" })).toBeTruthy();
    expect(within(detail).getByRole("button", { name: "Fix all like this (2)" })).toBeTruthy();
  });

  test("keyboard shortcuts: F8 / Shift+F8 and Alt+Down / Alt+Up", async () => {
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
    expect(screen.getByTestId("walk-position").textContent).toBe("Finding 1 of 8");
    // The shortcuts are documented on the buttons.
    const next = screen.getByRole("button", { name: "Next finding" });
    expect(next.getAttribute("aria-keyshortcuts")).toBe("F8 Alt+ArrowDown");
    await user.hover(next);
    expect((await screen.findByRole("tooltip", {}, { timeout: 3000 })).textContent).toBe(
      "Next finding (F8 or Alt+Down); selects its cell in Excel"
    );
  });

  test("the walk follows the filtered list only, and opens collapsed groups", async () => {
    const { user, host, workbench } = await renderApp();
    await user.selectOptions(screen.getByRole("combobox", { name: "Rule code" }), "MAM-190");
    await user.click(screen.getByRole("treeitem", { name: /^MAM-190/ })); // collapse the group
    expect(screen.getByTestId("walk-position").textContent).toBe("3 findings to walk through");
    await user.click(screen.getByRole("button", { name: "Next finding" }));
    await user.click(screen.getByRole("button", { name: "Next finding" }));
    await user.click(screen.getByRole("button", { name: "Next finding" }));
    await settle(workbench);
    expect(host.selects.map((s) => s.cell)).toEqual(["C4", "K4", "C5"]);
    expect(screen.getByTestId("walk-position").textContent).toBe("Finding 3 of 3");
    // The group was opened again so the current entry is visible and marked.
    const current = screen.getByRole("tree").querySelector('[data-current="true"]');
    expect(current?.getAttribute("data-finding-id")).toBe("C5|MAM-190");
  });

  test("each step is announced to screen readers", async () => {
    const notify = jest.fn();
    (document as unknown as { ariaNotify: unknown }).ariaNotify = notify;
    try {
      const { user, workbench } = await renderApp();
      await user.click(screen.getByRole("button", { name: "Next finding" }));
      await settle(workbench);
      await act(async () => new Promise((r) => setTimeout(r, 50)));
      expect(notify.mock.calls.map((c) => c[0])).toContain(
        "Finding 1 of 8: MAM-102 at A3. MPAN 1312345678901 fails its check digit: the last digit should be 7, not 1."
      );
    } finally {
      delete (document as unknown as { ariaNotify?: unknown }).ariaNotify;
    }
  });
});
