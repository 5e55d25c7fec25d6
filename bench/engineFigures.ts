/**
 * Engine figures at 100,000 rows: full check, single-cell edits, a 10k-row paste, the MA file.
 * Baselines: splitting the same rows as CSV text (no validation), a full check of 10k rows, and a
 * plain join of the canonical values.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_SUBMITTER, generateSyntheticSheet } from "../scripts/syntheticRows";
import type { CellValue } from "../src/domain/types";
import { asHostRows, Figures, median, pairedTimes, TMP } from "./lib";
import { compiled } from "./compiled";

export const ROWS = 100_000;

/** The rows of the 100k sheet as CSV text (ISO dates), as `mam validate` would read them. */
export function csvText(
  header: readonly string[],
  rows: readonly (readonly CellValue[])[]
): string {
  const lines = [header.join(",")];
  for (const row of rows)
    lines.push(row.map((v) => (v === null || v === undefined ? "" : String(v))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The 100k-row sheet as a CSV file in bench/tmp (ISO dates): the split baseline's and
 * `mam validate`'s input. Made when missing, or `fresh`.
 */
export function csvFile(fresh = false): string {
  const file = path.join(TMP, "ma-100k.csv");
  if (fresh || !existsSync(file)) {
    const isoSheet = generateSyntheticSheet({ rows: ROWS, errorRate: 0.01, dates: "iso" });
    writeFileSync(file, csvText(isoSheet.header, isoSheet.rows));
  }
  return file;
}

/** Baseline: read a CSV file into a string and split it into lines and fields. */
export function rawSplit(file: string): number {
  const text = readFileSync(file, "utf8");
  let fields = 0;
  for (const line of text.split("\n")) fields += line.split(",").length;
  return fields;
}

export async function measureEngine(figures: Figures): Promise<void> {
  const { MamEngine, buildMaFile, v06a } = compiled();
  const options = { submitter: DEFAULT_SUBMITTER };
  const generated = generateSyntheticSheet({ rows: ROWS, errorRate: 0.01, dates: "serial" });
  const sheet = { header: generated.header, rows: asHostRows(generated.rows) };
  const csv = csvFile();

  const full = await pairedTimes(
    () => rawSplit(csv),
    () => new MamEngine(v06a, options).load(sheet.header, sheet.rows)
  );
  figures.baseline("raw.split.100k", full.a);
  figures.baseline("engine.full.100k", full.b);
  figures.budget("engine.full.100k.ratio", full.ratio, "ratio", 1.5);

  // Single-cell edits on a loaded sheet: random cells, values that create and clear duplicates,
  // errors and fixes. Each edit is timed alone; the figure is the median.
  const engine = new MamEngine(v06a, options);
  engine.load(sheet.header, sheet.rows);
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const times: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const row = 2 + rand(ROWS);
    const column = rand(13);
    const other = sheet.rows[rand(ROWS)][column];
    const mode = rand(4);
    // 0: copy another row's value (often a duplicate); 1: restore the original (clears it);
    // 2: a bad value; 3: blank the cell.
    const value: CellValue =
      mode === 0 ? other : mode === 1 ? sheet.rows[row - 2][column] : mode === 2 ? "oops" : "";
    const start = performance.now();
    engine.setCell(row, column, value);
    times.push(performance.now() - start);
  }
  const edit = median(times.slice(500)); // the first edits warm the JIT
  figures.budget("engine.edit.100k.ratio", edit / full.b, "ratio", 0.001);

  // Paste 10k rows into the middle of a loaded 100k-row sheet ÷ a full check of 10k rows. One
  // sheet takes every paste: in turn the new block, and its own rows back (each is 10k rows of
  // values new to the sheet), so no 100k-row load runs between pastes.
  const generatedBlock = generateSyntheticSheet({
    rows: 10_000,
    errorRate: 0.01,
    dates: "serial",
    seed: 99,
  });
  const block = { header: generatedBlock.header, rows: asHostRows(generatedBlock.rows) };
  const own = sheet.rows.slice(50_000, 60_000);
  const target = new MamEngine(v06a, options);
  target.load(sheet.header, sheet.rows);
  let pasted = 0;
  const paste = await pairedTimes(
    () => new MamEngine(v06a, options).load(block.header, block.rows),
    () => target.setRows(50_002, pasted++ % 2 === 0 ? block.rows : own)
  );
  figures.baseline("engine.check.10k", paste.a);
  figures.baseline("engine.paste.10k", paste.b);
  figures.budget("engine.paste.10k.ratio", paste.ratio, "ratio", 1.5);

  // The MA file for 100k valid rows ÷ a plain join of the same canonical values.
  const generatedClean = generateSyntheticSheet({ rows: ROWS, errorRate: 0, dates: "serial" });
  const clean = { header: generatedClean.header, rows: asHostRows(generatedClean.rows) };
  const exportEngine = new MamEngine(v06a, options);
  exportEngine.load(clean.header, clean.rows);
  const canonical = exportEngine.exportRows().map((r: { values: string[] }) => r.values);
  const at = new Date("2024-06-01T12:00:00Z");
  const request = { submitter: DEFAULT_SUBMITTER, at, acceptWarnings: true };
  const check = buildMaFile(exportEngine, request);
  if (!check.ok) throw new Error(`export benchmark sheet is not exportable: ${check.reason}`);
  const write = await pairedTimes(
    () => canonical.map((r: string[]) => r.join(",")).join("\r\n"),
    () => buildMaFile(exportEngine, request)
  );
  figures.budget("export.100k.ratio", write.ratio, "ratio", 2);
}
