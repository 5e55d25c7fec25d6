/** @jest-environment jsdom */
import "./setup";
import { screen, within } from "@testing-library/react";
import {
  OTHER_PARTY,
  renderApp,
  renderedFindings,
  settle,
  SUBMITTER,
  SUBMITTER_OTHER,
} from "./harness";

describe("parties", () => {
  test("lists each party with its EUIDs, roles and rows, marks the submitter's, and flags 311/312/313", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole("tab", { name: "Parties" }));

    expect(screen.getByTestId("party-flag-MAM-311").textContent).toContain(
      "MAM-311 Duplicate-supplier EUIDs (same party, different EUIDs on one row): 1 finding"
    );
    expect(screen.getByTestId("party-flag-MAM-312").textContent).toContain(
      "MAM-312 Submitter is not a Responsible Supplier (the submitter is not a Responsible Supplier on the row): 1 finding"
    );
    expect(screen.getByTestId("party-flag-MAM-313").textContent).toContain(
      "MAM-313 Same party, other EUID (same party as the submitter, other EUID): 1 finding"
    );

    const own = screen.getByTestId("party-00-A0");
    expect(own.textContent).toContain("Party octets 00-A0");
    expect(own.textContent).toContain("Your party (submitter)");
    expect(own.textContent).toContain("MAM-311 on 1 row");
    expect(own.textContent).toContain("MAM-313 on 1 row");
    expect(own.textContent).not.toContain("MAM-312");
    const euids = within(own)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(euids).toEqual([
      `${SUBMITTER}Submitting EUIDImport Supplier and Gas Supplier · rows 2–7`,
      `${SUBMITTER_OTHER}MAM-313 · 1 rowGas Supplier · row 7`,
    ]);

    const other = screen.getByTestId("party-01-B0");
    expect(other.textContent).toContain("Party octets 01-B0");
    expect(other.textContent).not.toContain("Your party");
    expect(other.textContent).toContain("MAM-312 on 1 row");
    expect(
      within(other)
        .getAllByRole("listitem")
        .map((li) => li.textContent)
    ).toEqual([`${OTHER_PARTY}Import Supplier and Gas Supplier · row 8`]);
  });

  test("Show filters the findings to that rule", async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole("tab", { name: "Parties" }));
    await user.click(screen.getByRole("button", { name: "Show the 1 finding with MAM-312" }));
    expect(screen.getByRole("tab", { name: /^Findings/ }).getAttribute("aria-selected")).toBe(
      "true"
    );
    expect(renderedFindings()).toEqual(["G8 MAM-312"]);
  });

  test("without a valid submitting EUID, no party is marked and the pane says why", async () => {
    const { user, workbench } = await renderApp(undefined, { settings: {} });
    await settle(workbench);
    await user.click(screen.getByRole("tab", { name: "Parties" }));
    expect(screen.getByTestId("parties-panel").textContent).toContain(
      "Enter the submitting EUID (Export tab) to mark your own party"
    );
    expect(screen.queryByText("Your party (submitter)")).toBeNull();
    expect(screen.getByTestId("party-flag-MAM-311").textContent).toContain("1 finding");
    expect(screen.getByTestId("party-flag-MAM-312").textContent).toContain("0 findings");
  });
});
