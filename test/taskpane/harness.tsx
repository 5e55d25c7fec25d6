/**
 * Sample sheets and a render helper: a REAL Workbench over the MemoryHost, rendered in <App>.
 */
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/taskpane/App";
import { Workbench } from "../../src/app/workbench";
import type { CellValue } from "../../src/domain/types";
import type { HostPlatform, WorkbookSettings } from "../../src/host/hostApi";
import { MemoryHost } from "./memoryHost";
import { rowFor, validRecord, type Identifiers } from "../../scripts/rowBuilder";
import { v06a } from "../../src/domain/profile";

// The profile's own header and keys, and valid identifiers, shared with the domain tests.
export { COL, HEADER, mpanFor, mprnFor, OTHER_PARTY, SUBMITTER, type Key } from "../domain/support";
import { HEADER, mpanFor, mprnFor, OTHER_PARTY, SUBMITTER, type Key } from "../domain/support";

/** Another EUID of the submitter's party (00-A0), and an EUID of a third party. */
export const SUBMITTER_OTHER = "70-B3-D5-1F-30-00-A0-07";
export const THIRD_PARTY = "70-B3-D5-1F-30-02-C0-08";

export function deviceFor(n: number, kind: number): string {
  const hex = (kind * 0x100000 + n).toString(16).toUpperCase().padStart(8, "0");
  return `00-0D-6F-00-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}-${hex.slice(6, 8)}`;
}

const ids: Identifiers = { mpan: mpanFor, mprn: mprnFor, device: deviceFor };

/**
 * A valid dual-fuel row (number n keeps its identifiers unique), with overrides: the shared
 * builder's row, dated as a host hands dates over (a serial number: 44197, 2021-01-01), group AB.
 */
export function row(n: number, overrides: Partial<Record<Key, CellValue>> = {}): CellValue[] {
  return rowFor(v06a, {
    ...validRecord(n, { ids, dates: "serial" }),
    groupId: "AB",
    ...overrides,
  });
}

/**
 * The main sample (sheet rows in brackets):
 * [2] clean · [3] MPAN check digit (MAM-102, error) · [4] lower-case ESME ID and "active" (MAM-190 ×2)
 * [5] lower-case ESME ID (MAM-190) · [6] Group ID EA (MAM-142) · [7] gas EUID of the submitter's party,
 * other EUID (MAM-311 warning + MAM-313 info) · [8] another party only (MAM-312 error).
 */
export function sampleRows(): CellValue[][] {
  return [
    HEADER,
    row(1),
    row(2, { mpan: "1312345678901" }),
    row(3, { esmeId: deviceFor(3, 1).toLowerCase(), meterStatus: "active" }),
    row(4, { esmeId: deviceFor(4, 1).toLowerCase() }),
    row(5, { groupId: "EA" }),
    row(6, { gasSupplierEuid: SUBMITTER_OTHER }),
    row(7, { importSupplierEuid: OTHER_PARTY, gasSupplierEuid: OTHER_PARTY }),
  ];
}

/** The sample with its two errors put right (rows 3 and 8 corrected). */
export function sampleRowsWithoutErrors(): CellValue[][] {
  const rows = sampleRows();
  rows[2] = row(2);
  rows[7] = row(7);
  return rows;
}

export interface Rendered {
  host: MemoryHost;
  workbench: Workbench;
  user: ReturnType<typeof userEvent.setup>;
}

/** Lets every queued Workbench task finish (and React render its results). */
export async function settle(workbench: Workbench): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await workbench.idle();
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export async function renderApp(
  sheets: Record<string, CellValue[][]> = { Installations: sampleRows() },
  options: { platform?: HostPlatform; settings?: WorkbookSettings } = {}
): Promise<Rendered> {
  const host = new MemoryHost(sheets, {
    platform: options.platform,
    settings: options.settings ?? { submitter: SUBMITTER },
  });
  const workbench = new Workbench(host, "9.9.9-test");
  const user = userEvent.setup({ delay: null });
  render(<App workbench={workbench} platform={host.platform} />);
  await act(async () => {
    await workbench.start();
  });
  await settle(workbench);
  return { host, workbench, user };
}

export function tree(): HTMLElement {
  return screen.getByRole("tree");
}

/** The finding rows rendered in the list, as "CELL CODE". */
export function renderedFindings(): string[] {
  return within(tree())
    .queryAllByRole("treeitem")
    .filter((el) => el.getAttribute("data-kind") === "finding")
    .map((el) => el.getAttribute("data-finding-id")!.split("|").slice(0, 2).join(" "));
}

/** The header rows rendered in the list (their visible text, squashed). */
export function renderedHeaders(): string[] {
  return within(tree())
    .queryAllByRole("treeitem")
    .filter((el) => el.getAttribute("data-kind") !== "finding")
    .map((el) => (el.textContent ?? "").replace(/\s+/g, " ").trim());
}

/** Opens the overflow menu and clicks one of its items. */
export async function menuItem(
  user: Rendered["user"],
  name: string | RegExp,
  role: "menuitem" | "menuitemcheckbox" = "menuitem"
): Promise<void> {
  if (!screen.queryByRole("menu"))
    await user.click(screen.getByRole("button", { name: "More actions" }));
  await user.click(await screen.findByRole(role, { name }));
  // A checkbox item leaves the menu open (as Office menus do): close it like the user would.
  if (role === "menuitemcheckbox") await user.keyboard("{Escape}");
}

/** Opens the filters under the search box (once). */
export async function openFilters(user: Rendered["user"]): Promise<void> {
  const toggle = screen.getByRole("button", { name: /^Filters/ });
  if (toggle.getAttribute("aria-expanded") !== "true") await user.click(toggle);
}

export function findingRow(cell: string, code: string): HTMLElement {
  const el = tree().querySelector<HTMLElement>(`[data-finding-id="${cell}|${code}"]`);
  if (!el)
    throw new Error(
      `No rendered finding ${cell} ${code}; rendered: ${renderedFindings().join(", ")}`
    );
  return el;
}
