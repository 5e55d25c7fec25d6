/**
 * The Workbench's own promises to the pane, over the in-memory host (no React): it never stays
 * stuck after a failed or empty start, looks again when a sheet arrives, follows the selection in
 * Excel, writes big fixes in batches with progress, and shares the findings in the pane's order.
 */
import {
  CONFIRM_FIX_ABOVE,
  LOOK_AGAIN_MS,
  WRITE_CHUNK_CELLS,
  Workbench,
} from "../../src/app/workbench";
import { paneOrder } from "../../src/domain/report/findingOrder";
import { findingsTable } from "../../src/domain/report/findingsTable";
import { v06a } from "../../src/domain/profile";
import type { CellValue } from "../../src/domain/types";
import { MemoryHost } from "./memoryHost";
import { deviceFor, HEADER, row, sampleRows, SUBMITTER } from "./harness";

function bench(sheets: Record<string, CellValue[][]>): { host: MemoryHost; wb: Workbench } {
  const host = new MemoryHost(sheets, { settings: { submitter: SUBMITTER } });
  return { host, wb: new Workbench(host, "9.9.9-test") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("never stuck", () => {
  test("no MA sheet, then the user adds one: Look again (recheck) finds and checks it", async () => {
    const { host, wb } = bench({ Notes: [["Hello"]] });
    await wb.start();
    expect(wb.getState().phase).toBe("noSheet");
    host.sheets.set("Installations", sampleRows());
    await wb.recheck(); // resolves: it no longer waits for a task queued behind itself
    expect(wb.getState().phase).toBe("ready");
    expect(wb.getState().sheet).toBe("Installations");
    expect(wb.getState().busy).toBe(false);
    // Re-check workbook afterwards runs too.
    await wb.recheck();
    expect(wb.getState().phase).toBe("ready");
    await wb.dispose();
  });

  test("a sheet added while the pane waits is found without a click", async () => {
    const { host, wb } = bench({ Notes: [["Hello"]] });
    await wb.start();
    host.addSheet("Installations", sampleRows());
    await sleep(LOOK_AGAIN_MS + 50);
    await wb.idle();
    expect(wb.getState().phase).toBe("ready");
    expect(wb.getState().findings.length).toBe(8);
    await wb.dispose();
  });

  test("a failed start ends in the failed phase with the reason; Try again recovers", async () => {
    const { host, wb } = bench({ Installations: sampleRows() });
    const read = host.readSheet.bind(host);
    host.readSheet = async () => {
      throw new Error("GeneralException: the workbook is busy");
    };
    await wb.start();
    expect(wb.getState()).toMatchObject({
      phase: "failed",
      failure: "GeneralException: the workbook is busy",
      busy: false,
      progress: null,
    });
    host.readSheet = read;
    await wb.recheck();
    expect(wb.getState().phase).toBe("ready");
    expect(wb.getState().failure).toBeNull();
    await wb.dispose();
  });
});

describe("following the selection in Excel", () => {
  test("selecting a cell with findings moves the walk there; a clean cell only says so", async () => {
    const { host, wb } = bench({ Installations: sampleRows() });
    await wb.start();
    host.selectCell("Installations", "K4");
    expect(wb.getState().selectedCell).toBe("K4");
    expect(wb.getState().currentId).toBe("K4|MAM-190");
    expect(wb.findingsAt("K4").map((f) => f.code)).toEqual(["MAM-190"]);
    host.selectCell("Installations", "B2");
    expect(wb.getState().selectedCell).toBe("B2");
    expect(wb.findingsAt("B2")).toEqual([]);
    expect(wb.getState().currentId).toBe("K4|MAM-190"); // the walk keeps its place
    await wb.dispose();
  });
});

describe("big fixes", () => {
  test("a fix of many cells is written in batches with progress, as one undo step", async () => {
    const n = WRITE_CHUNK_CELLS * 2 + 10;
    const rows: CellValue[][] = [HEADER];
    for (let i = 1; i <= n; i++) rows.push(row(i, { esmeId: deviceFor(i, 1).toLowerCase() }));
    const { host, wb } = bench({ Big: rows });
    await wb.start();
    const like = wb.likeThis(wb.getState().findings.find((f) => f.code === "MAM-190")!);
    expect(like.length).toBe(n);
    expect(n).toBeGreaterThan(CONFIRM_FIX_ABOVE);
    const progress: string[] = [];
    const unsubscribe = wb.subscribe(() => {
      const p = wb.getState().progress;
      if (p && progress.at(-1) !== `${p.label} ${p.done}/${p.total}`)
        progress.push(`${p.label} ${p.done}/${p.total}`);
    });
    await wb.fix(like);
    unsubscribe();
    expect(progress).toEqual([
      `Fixing cells 0/${n}`,
      `Fixing cells ${WRITE_CHUNK_CELLS}/${n}`,
      `Fixing cells ${WRITE_CHUNK_CELLS * 2}/${n}`,
    ]);
    expect(host.writes.map((w) => w.writes.length)).toEqual([
      WRITE_CHUNK_CELLS,
      WRITE_CHUNK_CELLS,
      10,
    ]);
    expect(wb.getState().findings.filter((f) => f.code === "MAM-190")).toEqual([]);
    expect(wb.getState().undoDepth).toBe(1);
    expect(wb.getState().notice?.text).toContain(`Fixed ${n.toLocaleString("en-GB")} cells`);
    await wb.undoLastFix();
    expect(host.cell("Big", "C2")).toBe(deviceFor(1, 1).toLowerCase());
    expect(wb.getState().findings.filter((f) => f.code === "MAM-190")).toHaveLength(n);
    expect(wb.getState().progress).toBeNull();
    await wb.dispose();
  });
});

describe("sharing", () => {
  test("the summary lists findings in the order given, with the local time and its offset", async () => {
    const { wb } = bench({ Installations: sampleRows() });
    await wb.start();
    const ordered = [...wb.getState().findings].reverse();
    const at = new Date(2024, 4, 1, 14, 3, 7);
    const text = wb.helpdeskText(ordered, at);
    expect(text).toMatch(/· 2024-05-01 14:03:07 \(UTC[+-]\d\d:\d\d\)$/m);
    const lines = text.split("\n").filter((l) => l.includes("\t"));
    expect(lines.map((l) => l.split("\t")[0])).toEqual(ordered.map((f) => f.cell));
    await wb.dispose();
  });

  test("Copy all findings: tab-separated, the findings table's columns, in the order given", async () => {
    const { wb } = bench({ Installations: sampleRows() });
    await wb.start();
    const some = wb.getState().findings.slice(0, 3);
    const lines = wb.findingsText(some).split("\r\n");
    expect(lines[0]).toBe("Cell\tRow\tColumn\tCode\tSeverity\tMessage\tHow to fix\tBasis\tClause");
    expect(lines.slice(1, 4)).toEqual(findingsTable(some, v06a).rows.map((r) => r.join("\t")));
    expect(lines[4]).toBe("");
    await wb.dispose();
  });

  test("Write findings to a new sheet: every finding in the reports' order, linked to the checked sheet", async () => {
    const { host, wb } = bench({ Installations: sampleRows() });
    await wb.start();
    const name = await wb.writeFindingsSheet(new Date(2024, 4, 1, 14, 3));
    expect(name).toBe("Findings 20240501 1403");
    expect(host.findingsSheets[0].target).toBe("Installations");
    // The rows `mam validate --format csv` prints: paneOrder, not the sheet order of the state.
    const ordered = paneOrder(wb.getState().findings);
    expect(ordered.map((f) => f.id)).not.toEqual(wb.getState().findings.map((f) => f.id));
    expect(host.findingsSheets[0].table).toEqual(findingsTable(ordered, v06a));
    expect(wb.getState().notice?.text).toBe(
      '8 findings written to the new sheet "Findings 20240501 1403".'
    );
    await wb.dispose();
  });
});
