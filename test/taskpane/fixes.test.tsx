/** @jest-environment jsdom */
import "./setup";
import { screen, within } from "@testing-library/react";
import { deviceFor, findingRow, renderApp, renderedFindings, settle } from "./harness";

describe("fixes", () => {
  test("Fix writes the canonical value, the entry disappears, Undo restores it", async () => {
    const { user, host, workbench } = await renderApp();
    const undo = screen.getByRole("button", { name: "Undo last fix" });
    expect(undo.hasAttribute("disabled") || undo.getAttribute("aria-disabled") === "true").toBe(
      true
    );

    await user.click(
      within(findingRow("K4", "MAM-190")).getByRole("button", { name: "Fix K4: write Active" })
    );
    await settle(workbench);
    expect(host.writes).toEqual([
      {
        sheet: "Installations",
        writes: [{ cell: "K4", value: "Active", expected: "active" }],
      },
    ]);
    expect(host.cell("Installations", "K4")).toBe("Active");
    expect(renderedFindings()).not.toContain("K4 MAM-190");
    expect(screen.getByTestId("notice").textContent).toContain("Fixed 1 cell");
    expect(screen.getByTestId("severity-counts").textContent).toContain("4 info");

    const undoNow = screen.getByRole("button", { name: "Undo last fix" });
    expect(undoNow.hasAttribute("disabled")).toBe(false);
    await user.click(undoNow);
    await settle(workbench);
    expect(host.writes.at(-1)).toEqual({
      sheet: "Installations",
      writes: [{ cell: "K4", value: "active", expected: "Active" }],
    });
    expect(host.cell("Installations", "K4")).toBe("active");
    expect(renderedFindings()).toContain("K4 MAM-190");
    expect(screen.getByRole("button", { name: "Undo last fix" }).hasAttribute("disabled")).toBe(
      true
    );
  });

  test("Fix all like this fixes every cell with the same rule in the same column, in one undo step", async () => {
    const { user, host, workbench } = await renderApp();
    const button = within(findingRow("C4", "MAM-190")).getByRole("button", {
      name: /^Fix all like this/,
    });
    expect(button.textContent).toBe("Fix all like this (2)");
    expect(
      within(findingRow("K4", "MAM-190")).getByRole("button", { name: /^Fix all like this/ })
        .textContent
    ).toBe("Fix all like this (1)");
    await user.click(button);
    await settle(workbench);
    expect(host.writes).toEqual([
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

    await user.click(screen.getByRole("button", { name: "Undo last fix" }));
    await settle(workbench);
    expect(host.cell("Installations", "C4")).toBe(deviceFor(3, 1).toLowerCase());
    expect(host.cell("Installations", "C5")).toBe(deviceFor(4, 1).toLowerCase());
    expect(renderedFindings().filter((f) => f.endsWith("MAM-190"))).toEqual([
      "C4 MAM-190",
      "K4 MAM-190",
      "C5 MAM-190",
    ]);
  });

  test("the walk-through card offers the same fixes", async () => {
    const { user, host, workbench } = await renderApp();
    await user.click(findingRow("C5", "MAM-190"));
    await settle(workbench);
    const detail = screen.getByTestId("finding-detail");
    expect(detail.textContent).toContain(`Writes ${deviceFor(4, 1)}`);
    await user.click(within(detail).getByRole("button", { name: "Fix" }));
    await settle(workbench);
    expect(host.writes).toEqual([
      {
        sheet: "Installations",
        writes: [{ cell: "C5", value: deviceFor(4, 1), expected: deviceFor(4, 1).toLowerCase() }],
      },
    ]);
    expect(renderedFindings()).not.toContain("C5 MAM-190");
  });

  test("Undo last fix leaves a cell the user changed since the fix as the user left it", async () => {
    const { user, host, workbench } = await renderApp();
    await user.click(
      within(findingRow("K4", "MAM-190")).getByRole("button", { name: "Fix K4: write Active" })
    );
    await settle(workbench);
    host.edit("Installations", "K4", "Dormant");
    await settle(workbench);
    await user.click(screen.getByRole("button", { name: "Undo last fix" }));
    await settle(workbench);
    expect(host.cell("Installations", "K4")).toBe("Dormant");
    const notice = screen.getByTestId("notice").textContent;
    expect(notice).toContain("Nothing was restored.");
    expect(notice).toContain("K4 was changed since: left as it is.");
    expect(notice).not.toContain("Restored");
  });

  test("Undo restores the cells the fix wrote and leaves the ones the user changed", async () => {
    const { user, host, workbench } = await renderApp();
    await user.click(
      within(findingRow("C4", "MAM-190")).getByRole("button", { name: /^Fix all like this/ })
    );
    await settle(workbench);
    host.edit("Installations", "C5", "70-B3-D5-1F-30-00-A0-99");
    await settle(workbench);
    await user.click(screen.getByRole("button", { name: "Undo last fix" }));
    await settle(workbench);
    expect(host.cell("Installations", "C4")).toBe(deviceFor(3, 1).toLowerCase());
    expect(host.cell("Installations", "C5")).toBe("70-B3-D5-1F-30-00-A0-99");
    expect(screen.getByTestId("notice").textContent).toBe(
      "Restored 1 cell. C5 was changed since: left as it is."
    );
  });

  test("a fix never writes over a value the user typed before the pane caught up", async () => {
    const { user, host, workbench } = await renderApp();
    const button = within(findingRow("K4", "MAM-190")).getByRole("button", {
      name: "Fix K4: write Active",
    });
    // The user types into K4; the pane has not re-read it yet when Fix is clicked.
    host.setCellQuietly("Installations", "K4", "Dormant");
    await user.click(button);
    await settle(workbench);
    expect(host.cell("Installations", "K4")).toBe("Dormant");
    expect(screen.getByTestId("notice").textContent).toBe(
      "Nothing was fixed. K4 was changed since: left as it is."
    );
    // The engine took in what the cell holds now: the finding about "active" is gone.
    expect(renderedFindings()).not.toContain("K4 MAM-190");
    expect(screen.getByRole("button", { name: "Undo last fix" }).hasAttribute("disabled")).toBe(
      true
    );
  });

  test("the notice can be dismissed", async () => {
    const { user, workbench } = await renderApp();
    await user.click(
      within(findingRow("K4", "MAM-190")).getByRole("button", { name: "Fix K4: write Active" })
    );
    await settle(workbench);
    expect(screen.getByTestId("notice")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Dismiss message" }));
    expect(screen.queryByTestId("notice")).toBeNull();
  });
});
