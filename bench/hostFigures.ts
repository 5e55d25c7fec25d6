/**
 * context.sync() calls the Excel host makes per change event, counted on the fake Excel host with
 * the real Workbench controller and Excel host layer: one typed cell, a 10-cell paste, a
 * 10,000-row paste; and the syncs that write to the workbook for a typed cell that changes a
 * finding (its highlight) and for one that changes none.
 */
import { DEFAULT_SUBMITTER, generateSyntheticSheet } from "../scripts/syntheticRows";
import { Workbench, DEBOUNCE_MS } from "../src/app/workbench";
import { BLOCK_ROWS, createExcelHost } from "../src/host/excel/excelHost";
import { installFakeExcel } from "../test/e2e/fakeExcel";
import { toCells } from "../test/e2e/paneDriver";
import { Figures } from "./lib";

const SHEET = "Migration Authorisation";
const WIDTH = 13;

export async function measureHostSyncs(figures: Figures): Promise<void> {
  const base = generateSyntheticSheet({ rows: 2000, errorRate: 0.02, dates: "serial" });
  const fake = installFakeExcel(globalThis, {
    sheets: [
      {
        name: SHEET,
        values: [base.header as string[], ...base.rows.map((r) => toCells(r, WIDTH))],
      },
    ],
    settings: { mamWorkbench: JSON.stringify({ submitter: DEFAULT_SUBMITTER }) },
  });
  const { control } = fake;
  try {
    const wb = new Workbench(createExcelHost(), "bench");
    await wb.start();
    await settle(wb, control);

    const count = async (edit: () => void, what: "syncs" | "writes" = "syncs"): Promise<number> => {
      await settle(wb, control);
      control.resetSyncCount();
      edit();
      await settle(wb, control);
      return what === "syncs" ? control.syncCount : control.writeSyncCount;
    };
    const typed = await count(() => control.setValues(SHEET, "A5", [["1312345678901"]]));
    // A bad MPAN typed over a good one (a new highlight), then a supplier reference (no finding changes).
    const writesEdit = await count(
      () => control.setValues(SHEET, "A6", [["1312345678901"]]),
      "writes"
    );
    const writesNoChange = await count(
      () => control.setValues(SHEET, "M7", [["REF-bench-7"]]),
      "writes"
    );
    const paste10 = await count(() =>
      control.setValues(SHEET, "C8:L8", [
        [
          "00-0D-6F-00-00-AA-00-01",
          "",
          "00-0D-6F-00-00-AA-00-02",
          "",
          DEFAULT_SUBMITTER,
          "",
          "AA",
          "SMA1",
          "Active",
          45000,
        ],
      ])
    );
    const block = generateSyntheticSheet({
      rows: 10_000,
      errorRate: 0.02,
      dates: "serial",
      seed: 5,
    });
    const paste10k = await count(() =>
      control.setValues(
        SHEET,
        "A3000:M12999",
        block.rows.map((r) => toCells(r, WIDTH))
      )
    );
    figures.budget("host.syncs.edit", typed, "count", 2);
    figures.budget("host.syncs.paste10", paste10, "count", 2);
    figures.budget("host.syncs.paste10k", paste10k, "count", Math.ceil(10_000 / BLOCK_ROWS) + 2);
    figures.budget("host.writes.edit", writesEdit, "count", 1);
    figures.budget("host.writes.editNoChange", writesNoChange, "count", 0);
    await wb.dispose();
  } finally {
    fake.uninstall();
  }
}

/** Waits until the debounce has fired, the controller is idle and the fake has delivered its events. */
async function settle(wb: Workbench, control: { flush(): Promise<void> }): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await control.flush();
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 50));
    await wb.idle();
  }
}
