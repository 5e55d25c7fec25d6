/** @jest-environment jsdom */
import "./setup";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Workbench } from "../../src/app/workbench";
import type { SheetSnapshot } from "../../src/host/hostApi";
import { App } from "../../src/taskpane/App";
import { MemoryHost } from "./memoryHost";
import {
  COL,
  HEADER,
  menuItem,
  mpanFor,
  renderApp,
  row,
  sampleRows,
  settle,
  SUBMITTER,
} from "./harness";

describe("header", () => {
  test("sheet name, rows checked, and counts as icons AND words", async () => {
    await renderApp();
    expect(screen.getByRole("heading", { name: "Sheet: Installations" })).toBeTruthy();
    expect(screen.getByTestId("rows-checked").textContent).toBe("7 rows");
    const counts = screen.getByTestId("severity-counts");
    expect(counts.getAttribute("aria-label")).toBe("Findings: 2 errors, 1 warning, 5 info");
    const items = within(counts).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "2 errors",
      "1 warning",
      "5 info",
      "7 rows",
    ]);
    for (const li of items.slice(0, 3)) expect(li.querySelector("svg")).not.toBeNull();
    expect(screen.getByRole("tab", { name: "Findings (8)" })).toBeTruthy();
  });

  test("counts follow edits, and the change is announced", async () => {
    const notify = jest.fn();
    (document as unknown as { ariaNotify: unknown }).ariaNotify = notify;
    try {
      const { host, workbench } = await renderApp();
      await waitFor(
        () => expect(notify.mock.calls.map((c) => c[0])).toContain("2 errors, 1 warning, 5 info"),
        { timeout: 3000 }
      );
      act(() => host.edit("Installations", `${COL.mpan}3`, mpanFor(2)));
      await waitFor(() =>
        expect(screen.getByTestId("severity-counts").textContent).toBe(
          "1 error1 warning5 info7 rows"
        )
      );
      await settle(workbench);
      await waitFor(
        () => expect(notify.mock.calls.map((c) => c[0])).toContain("1 error, 1 warning, 5 info"),
        { timeout: 3000 }
      );
    } finally {
      delete (document as unknown as { ariaNotify?: unknown }).ariaNotify;
    }
  });

  test("while the sheet is first read: Checking… with rows and a progress bar, never 0 errors", async () => {
    const host = new MemoryHost(
      { Installations: sampleRows() },
      { settings: { submitter: SUBMITTER } }
    );
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const read = host.readSheet.bind(host);
    host.readSheet = async (name, onProgress): Promise<SheetSnapshot> => {
      onProgress?.(1000, 4000);
      await gate;
      return read(name, onProgress);
    };
    const workbench = new Workbench(host);
    render(<App workbench={workbench} />);
    let started!: Promise<void>;
    act(() => {
      started = workbench.start();
    });
    expect((await screen.findByTestId("checking")).textContent).toBe(
      "Checking… 1,000 of 4,000 rows"
    );
    const progress = screen.getByRole("progressbar", { name: /^Reading rows/ });
    expect(progress.getAttribute("aria-valuenow")).toBe("0.25");
    expect(progress.getAttribute("aria-label")).toBe("Reading rows: 1,000 of 4,000");
    expect(screen.queryByTestId("severity-counts")).toBeNull();
    expect(screen.queryByText(/0 errors/)).toBeNull();
    await act(async () => {
      release();
      await started;
    });
    await settle(workbench);
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByTestId("severity-counts")).toBeTruthy();
  });

  test("Re-check workbook reads the sheet again; the live and highlighting switches reach the host", async () => {
    const { user, host, workbench } = await renderApp();
    const reads = jest.spyOn(host, "readSheet");
    await menuItem(user, "Re-check workbook");
    await settle(workbench);
    expect(reads).toHaveBeenCalledTimes(1);

    expect(host.isWatched("Installations")).toBe(true);
    await menuItem(user, /^Live checking/, "menuitemcheckbox");
    await settle(workbench);
    expect(host.isWatched("Installations")).toBe(false);
    await user.click(screen.getByRole("button", { name: "More actions" }));
    expect(
      (await screen.findByRole("menuitemcheckbox", { name: /^Live checking/ })).getAttribute(
        "aria-checked"
      )
    ).toBe("false");
    await menuItem(user, /^Live checking/, "menuitemcheckbox");
    await settle(workbench);
    expect(host.isWatched("Installations")).toBe(true);

    expect(host.highlights.get("Installations")?.get("A3")).toBe("error");
    await menuItem(user, /^Highlight cells/, "menuitemcheckbox");
    await settle(workbench);
    expect(host.cleared).toEqual(["Installations"]);
    expect(host.settings.highlighting).toBe(false);
  });

  test("Copy summary for the helpdesk puts the summary on the clipboard and confirms", async () => {
    const { user } = await renderApp();
    const writes: string[] = [];
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async (t: string) => void writes.push(t) },
    });
    await menuItem(user, "Copy summary for the helpdesk");
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toContain('Sheet "Installations" · 7 rows checked');
    expect(writes[0]).toContain("Errors 2 · Warnings 1 · Info 5");
    // The findings in the pane's order: errors first, by rule.
    expect(
      writes[0]
        .split("\n")
        .filter((l) => l.includes("\t"))
        .slice(0, 3)
    ).toEqual([
      expect.stringMatching(/^A3\tMAM-102\terror\t/),
      expect.stringMatching(/^G8\tMAM-312\terror\t/),
      expect.stringMatching(/^H7\tMAM-311\twarning\t/),
    ]);
    expect(screen.queryByTestId("copy-fallback")).toBeNull();
  });

  test("when the clipboard is refused, the summary is shown to copy by hand, selected", async () => {
    const { user } = await renderApp();
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: {
        writeText: async () => {
          throw new DOMException("denied", "NotAllowedError");
        },
      },
    });
    await menuItem(user, "Copy summary for the helpdesk");
    const area = (await screen.findByRole("textbox", {
      name: "Summary for the helpdesk",
    })) as HTMLTextAreaElement;
    expect(area.value).toContain("Errors 2 · Warnings 1 · Info 5");
    expect(document.activeElement).toBe(area);
    expect([area.selectionStart, area.selectionEnd]).toEqual([0, area.value.length]);
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByTestId("copy-fallback")).toBeNull();
  });
});

describe("finding the sheet", () => {
  test("several matching sheets: choose one, with match percentages", async () => {
    const partial = [HEADER.slice(0, 9), row(1).slice(0, 9)];
    const { user, host, workbench } = await renderApp({
      "MA 1": sampleRows(),
      "MA copy": partial,
      Notes: [["Hello"]],
    });
    expect(
      screen.getByRole("heading", { name: "Which sheet holds the installations?" })
    ).toBeTruthy();
    const choices = screen.getAllByRole("button", { name: /^Check sheet/ });
    expect(choices.map((b) => b.textContent)).toEqual([
      "MA 1 — 100% of the columns match",
      "MA copy — 69% of the columns match",
    ]);
    await user.click(choices[0]);
    await settle(workbench);
    expect(screen.getByRole("heading", { name: "Sheet: MA 1" })).toBeTruthy();
    expect(host.settings.sheet).toBe("MA 1");
  });

  test("no matching sheet: the sheets found and the header expected", async () => {
    await renderApp({ Notes: [["Hello", "MPAN"]], Other: [["Name", "Address"]] });
    expect(screen.getByText("No Migration Authorisation sheet found")).toBeTruthy();
    expect(screen.getByTestId("sheets-found").textContent).toContain(
      "Notes: 8% of the expected columns"
    );
    expect(screen.getByTestId("sheets-found").textContent).toContain(
      "Other: 0% of the expected columns"
    );
    expect(screen.getByTestId("expected-header").textContent).toBe(HEADER.join(" | "));
  });

  test("no matching sheet, then the user adds one: Look again checks it (the pane never stays busy)", async () => {
    const { user, host, workbench } = await renderApp({ Notes: [["Hello"]] });
    expect(screen.getByTestId("pane").getAttribute("data-phase")).toBe("noSheet");
    host.sheets.set("Installations", sampleRows());
    await user.click(screen.getByRole("button", { name: "Look again" }));
    await settle(workbench);
    expect(screen.getByTestId("pane").getAttribute("data-phase")).toBe("ready");
    expect(screen.getByTestId("pane").getAttribute("aria-busy")).toBe("false");
    expect(screen.getByRole("heading", { name: "Sheet: Installations" })).toBeTruthy();
  });

  test("a check that fails says so, with the reason and Try again", async () => {
    const host = new MemoryHost({ Installations: sampleRows() });
    const read = host.readSheet.bind(host);
    host.readSheet = async () => {
      throw new Error("Excel is busy (GeneralException).");
    };
    const workbench = new Workbench(host);
    const user = userEvent.setup({ delay: null });
    render(<App workbench={workbench} />);
    await act(async () => {
      await workbench.start();
    });
    await settle(workbench);
    const failed = screen.getByTestId("check-failed");
    expect(failed.textContent).toContain("The workbook could not be checked");
    expect(failed.textContent).toContain("Excel is busy (GeneralException).");
    expect(screen.queryByRole("progressbar")).toBeNull();
    host.readSheet = read;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await settle(workbench);
    expect(screen.getByTestId("pane").getAttribute("data-phase")).toBe("ready");
  });

  test("the App renders with a given theme and platform without Office", async () => {
    const host = new MemoryHost({ Installations: sampleRows() }, { platform: "Mac" });
    const workbench = new Workbench(host);
    const user = userEvent.setup({ delay: null });
    const { webDarkTheme } = await import("@fluentui/react-components");
    render(<App workbench={workbench} platform="Mac" theme={webDarkTheme} />);
    await act(async () => {
      await workbench.start();
    });
    await settle(workbench);
    expect(screen.getByRole("main", { name: "MAM Workbench" })).toBeTruthy();
    expect(screen.getByTestId("euid-banner").textContent).toContain("No EUID");
    await user.click(screen.getByRole("button", { name: "Enter EUID" }));
    await act(async () => new Promise((r) => setTimeout(r, 10)));
    const euid = screen.getByRole("textbox", { name: /Submitting supplier EUID/ });
    expect(document.activeElement).toBe(euid);
    // Judged once the user leaves it, not before.
    expect(screen.queryByText("Enter the submitting supplier's EUID (DCC User ID).")).toBeNull();
    expect(euid.getAttribute("placeholder")).toBe("XX-XX-XX-XX-XX-XX-XX-XX (16 hex digits)");
    await user.tab();
    expect(screen.getByText("Enter the submitting supplier's EUID (DCC User ID).")).toBeTruthy();
  });
});
