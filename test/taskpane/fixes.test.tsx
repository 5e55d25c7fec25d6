/** @jest-environment jsdom */
import "./setup";
import { act, screen, within } from "@testing-library/react";
import type { CellValue } from "../../src/domain/types";
import {
  HEADER,
  deviceFor,
  findingRow,
  renderApp,
  renderedFindings,
  row,
  settle,
  type Rendered,
} from "./harness";

/** Selects a finding (as a click in the list does) and returns the walk panel. */
async function pick(r: Rendered, cell: string, code: string): Promise<HTMLElement> {
  await r.user.click(findingRow(cell, code));
  await settle(r.workbench);
  return screen.getByTestId("walk-panel");
}

async function click(r: Rendered, name: string | RegExp): Promise<void> {
  await r.user.click(within(screen.getByTestId("walk-panel")).getByRole("button", { name }));
  await settle(r.workbench);
}

describe("fixes", () => {
  test("Fix writes the canonical value, then goes on to the next finding and focuses it; Undo restores it", async () => {
    const r = await renderApp();
    await pick(r, "K4", "MAM-190");
    const undo = screen.getByRole("button", { name: "Undo last fix" });
    expect(undo.hasAttribute("disabled") || undo.getAttribute("aria-disabled") === "true").toBe(
      true
    );
    await click(r, "Fix");
    await act(async () => new Promise((res) => setTimeout(res, 20)));
    expect(r.host.writes).toEqual([
      { sheet: "Installations", writes: [{ cell: "K4", value: "Active", expected: "active" }] },
    ]);
    expect(r.host.cell("Installations", "K4")).toBe("Active");
    expect(renderedFindings()).not.toContain("K4 MAM-190");
    expect(screen.getByTestId("notice").textContent).toContain("Fixed 1 cell");
    expect(screen.getByTestId("severity-counts").textContent).toContain("4 info");
    // The user's place is kept: the next finding in the list is current, selected and focused.
    expect(screen.getByTestId("walk-position").textContent).toMatch(/^C5 · MAM-190/);
    expect(r.host.selects.at(-1)?.cell).toBe("C5");
    expect(document.activeElement).toBe(findingRow("C5", "MAM-190"));

    await click(r, "Undo last fix");
    expect(r.host.writes.at(-1)).toEqual({
      sheet: "Installations",
      writes: [{ cell: "K4", value: "active", expected: "Active" }],
    });
    expect(r.host.cell("Installations", "K4")).toBe("active");
    expect(renderedFindings()).toContain("K4 MAM-190");
    expect(screen.getByRole("button", { name: "Undo last fix" }).hasAttribute("disabled")).toBe(
      true
    );
  });

  test("Fix all like this fixes every cell with the same rule in the same column, in one undo step", async () => {
    const r = await renderApp();
    await pick(r, "C4", "MAM-190");
    await click(r, "Fix all like this (2)");
    expect(r.host.writes).toEqual([
      {
        sheet: "Installations",
        writes: [
          { cell: "C4", value: deviceFor(3, 1), expected: deviceFor(3, 1).toLowerCase() },
          { cell: "C5", value: deviceFor(4, 1), expected: deviceFor(4, 1).toLowerCase() },
        ],
      },
    ]);
    expect(renderedFindings().filter((f) => f.endsWith("MAM-190"))).toEqual(["K4 MAM-190"]);
    expect(screen.getByTestId("notice").textContent).toContain("Fixed 2 cells");
    // Next is the first finding after the fixed ones: K4.
    expect(screen.getByTestId("walk-position").textContent).toMatch(/^K4 · MAM-190/);

    await click(r, "Undo last fix");
    expect(r.host.cell("Installations", "C4")).toBe(deviceFor(3, 1).toLowerCase());
    expect(r.host.cell("Installations", "C5")).toBe(deviceFor(4, 1).toLowerCase());
    expect(renderedFindings().filter((f) => f.endsWith("MAM-190"))).toEqual([
      "C4 MAM-190",
      "K4 MAM-190",
      "C5 MAM-190",
    ]);
  });

  test("more than a hundred cells: the pane asks first, and Cancel writes nothing", async () => {
    const rows: CellValue[][] = [HEADER];
    for (let n = 1; n <= 120; n++) rows.push(row(n, { esmeId: deviceFor(n, 1).toLowerCase() }));
    const r = await renderApp({ Big: rows });
    await pick(r, "C2", "MAM-190");
    await click(r, "Fix all like this (120)");
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByRole("heading").textContent).toBe("Fix 120 cells?");
    expect(dialog.textContent).toContain("column ESME ID");
    await r.user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await settle(r.workbench);
    expect(r.host.writes).toEqual([]);
    await click(r, "Fix all like this (120)");
    await r.user.click(
      within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Fix 120 cells" })
    );
    await settle(r.workbench);
    expect(r.host.writes.flatMap((w) => w.writes)).toHaveLength(120);
    expect(screen.getByTestId("notice").textContent).toContain("Fixed 120 cells");
  });

  test("Undo last fix leaves a cell the user changed since the fix as the user left it", async () => {
    const r = await renderApp();
    await pick(r, "K4", "MAM-190");
    await click(r, "Fix");
    act(() => r.host.edit("Installations", "K4", "Dormant"));
    await settle(r.workbench);
    await click(r, "Undo last fix");
    expect(r.host.cell("Installations", "K4")).toBe("Dormant");
    const notice = screen.getByTestId("notice").textContent;
    expect(notice).toContain("Nothing was restored.");
    expect(notice).toContain("K4 was changed since: left as it is.");
    expect(notice).not.toContain("Restored");
  });

  test("Undo restores the cells the fix wrote and leaves the ones the user changed", async () => {
    const r = await renderApp();
    await pick(r, "C4", "MAM-190");
    await click(r, /^Fix all like this/);
    act(() => r.host.edit("Installations", "C5", "70-B3-D5-1F-30-00-A0-99"));
    await settle(r.workbench);
    await click(r, "Undo last fix");
    expect(r.host.cell("Installations", "C4")).toBe(deviceFor(3, 1).toLowerCase());
    expect(r.host.cell("Installations", "C5")).toBe("70-B3-D5-1F-30-00-A0-99");
    expect(screen.getByTestId("notice").textContent).toBe(
      "Restored 1 cell. C5 was changed since: left as it is."
    );
  });

  test("a fix never writes over a value the user typed before the pane caught up", async () => {
    const r = await renderApp();
    await pick(r, "K4", "MAM-190");
    // The user types into K4; the pane has not re-read it yet when Fix is clicked.
    r.host.setCellQuietly("Installations", "K4", "Dormant");
    await click(r, "Fix");
    expect(r.host.cell("Installations", "K4")).toBe("Dormant");
    expect(screen.getByTestId("notice").textContent).toBe(
      "Nothing was fixed. K4 was changed since: left as it is."
    );
    // The engine took in what the cell holds now: the finding about "active" is gone.
    expect(renderedFindings()).not.toContain("K4 MAM-190");
    expect(screen.getByRole("button", { name: "Undo last fix" }).hasAttribute("disabled")).toBe(
      true
    );
  });

  test("notices can be dismissed, and do not follow the user to another tab", async () => {
    const r = await renderApp();
    await pick(r, "K4", "MAM-190");
    await click(r, "Fix");
    expect(screen.getByTestId("notice")).toBeTruthy();
    await r.user.click(screen.getByRole("button", { name: "Dismiss message" }));
    expect(screen.queryByTestId("notice")).toBeNull();
    await click(r, "Undo last fix");
    expect(screen.getByTestId("notice").textContent).toContain("Restored 1 cell");
    await r.user.click(screen.getByRole("tab", { name: "Parties" }));
    expect(screen.queryByTestId("notice")).toBeNull();
    await r.user.click(screen.getByRole("tab", { name: /^Findings/ }));
    expect(screen.queryByTestId("notice")).toBeNull();
  });
});
