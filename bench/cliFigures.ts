/**
 * `mam validate` end to end, in one process (read + parse + check + JSON report), on 100k rows:
 * CSV ÷ the raw split baseline (measured here, in pairs with it); xlsx ÷ exceljs's own bare read of
 * the same file (the reader `mam` had before its own). Peak memory of `mam validate` in a process
 * of its own: on the 100k-row xlsx, and (full run) on a 4,000,000-row CSV.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { writeCsv, writeXlsx } from "../scripts/generateWorkbook";
import {
  DEFAULT_SUBMITTER,
  generateSyntheticSheet,
  PROFILE_HEADER,
  syntheticRows,
} from "../scripts/syntheticRows";
import { compiled } from "./compiled";
import { csvFile, rawSplit, ROWS } from "./engineFigures";
import { Figures, median, medianMs, pairedTimes, ROOT, TMP } from "./lib";

/** Runs the real CLI entry point in this process, with output to a sink. */
async function validate(file: string): Promise<number> {
  const { run } = compiled();
  let bytes = 0;
  const sink = { write: (text: string) => (bytes += text.length), isTTY: false };
  const code = await run(["validate", file, "--json", "--submitter", DEFAULT_SUBMITTER], {
    stdout: sink,
    stderr: sink,
    color: false,
    now: () => new Date(),
  });
  if (code === 2 || bytes === 0) throw new Error(`mam validate ${file} failed (exit ${code})`);
  return bytes;
}

/** Baseline: exceljs's streaming reader over every row, touching each row's values, nothing else. */
async function bareXlsxRead(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    entries: "ignore",
  });
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>)
      cells += (row.values as unknown[]).length;
  }
  return cells;
}

export async function measureCli(figures: Figures): Promise<void> {
  const csv = csvFile();
  const cli = await pairedTimes(
    () => rawSplit(csv),
    () => validate(csv),
    8,
    3,
    2
  );
  figures.baseline("raw.split.100k.cliRun", cli.a);
  figures.baseline("cli.csv.100k", cli.b);
  figures.budget("cli.csv.100k.ratio", cli.ratio, "ratio", 3);

  const xlsx = path.join(TMP, "ma-100k.xlsx");
  if (!existsSync(xlsx)) {
    const sheet = generateSyntheticSheet({ rows: ROWS, errorRate: 0.01, dates: "serial" });
    await writeXlsx(xlsx, sheet.header as string[], sheet.rows);
  }
  // A read takes seconds, so pairs of one run each: the bare read, then ours, back to back, so that
  // drift in machine load hits both alike; the figure is the median of the pairs' ratios.
  const bare: number[] = [];
  const ratios: number[] = [];
  await bareXlsxRead(xlsx);
  await validate(xlsx);
  for (let i = 0; i < 3; i++) {
    bare.push(await medianMs(() => bareXlsxRead(xlsx), 1, 0));
    ratios.push((await medianMs(() => validate(xlsx), 1, 0)) / bare[i]);
  }
  figures.baseline("xlsx.bareRead.100k", median(bare));
  figures.budget("cli.xlsx.100k.exceljsRatio", median(ratios), "ratio", 0.35);
  const peak = peakOf(xlsx);
  figures.budget("cli.xlsx.100k.rssMB", peak.peakRssMB, "MB", 250);
}

/** `mam validate FILE --json` in a process of its own: exit code and peak RSS (bench/cliPeak.ts). */
export function peakOf(file: string): { code: number; peakRssMB: number } {
  const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const out = execFileSync(process.execPath, [tsx, path.join(__dirname, "cliPeak.ts"), file], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const result = JSON.parse(out.trim().split("\n").pop()!) as { code: number; peakRssMB: number };
  if (result.code !== 0 && result.code !== 1)
    throw new Error(`mam validate ${file} exited ${result.code}`);
  return result;
}

/** Peak memory checking a 4,000,000-row CSV (658 MB; made once into bench/tmp, about two minutes). */
export async function measureCliMillions(figures: Figures): Promise<void> {
  const file = path.join(TMP, "ma-4m.csv");
  if (!existsSync(file)) {
    const rows = 4_000_000;
    await writeCsv(
      file,
      PROFILE_HEADER as string[],
      syntheticRows({ rows, errorRate: 0.01, dates: "serial" }, [])
    );
  }
  const peak = peakOf(file);
  figures.budget("cli.csv.4m.rssMB", peak.peakRssMB, "MB", 2048);
}
