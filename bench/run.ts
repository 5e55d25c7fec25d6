/**
 * `npm run bench [-- --quick]`: measures MAM Workbench against budgets that are ratios to baselines
 * measured in the same run, prints a table and writes bench/results.json. Exits 1 when a figure is
 * over its budget. --quick: the 100k-row figures only (about a minute).
 *
 * The engine and CLI are measured as compiled JavaScript (build/, what `mam` runs), never through
 * a TypeScript loader.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { measureCliMillions } from "./cliFigures";
import { csvFile } from "./engineFigures";
import { Figures, machine, ROOT, table, TMP, type Figure } from "./lib";
import { measureMemory } from "./memoryFigure";
import { measureHostSyncs } from "./hostFigures";
import { measureTaskpane } from "./taskpaneFigures";

const root = ROOT;

/** Runs a group of figures in a process of its own (group.ts) and takes in what it measured. */
function runGroup(figures: Figures, name: string): void {
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const out = execFileSync(process.execPath, [tsx, path.join(__dirname, "group.ts"), name], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 << 20,
  });
  figures.add(JSON.parse(out.trim().split("\n").pop()!) as Record<string, Figure>);
}

async function main(): Promise<number> {
  const quick = process.argv.includes("--quick");
  mkdirSync(TMP, { recursive: true });
  process.stdout.write(
    `MAM Workbench benchmarks${quick ? " (quick: 100k-row figures)" : ""}\n${machine()}\n\n`
  );
  execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      path.join(root, "tsconfig.cli.json"),
    ],
    { stdio: "inherit" }
  );

  const figures = new Figures();
  const step = async (label: string, fn: () => Promise<void>) => {
    process.stdout.write(`… ${label}\n`);
    await fn();
  };
  csvFile(true);
  await step("engine: full check, edits, paste, export (100k rows)", async () =>
    runGroup(figures, "engine")
  );
  await step("mam validate: CSV and xlsx (100k rows)", async () => runGroup(figures, "cli"));
  if (!quick) {
    await step("peak memory checking 1M rows", () => measureMemory(figures));
    await step("peak memory of mam validate on a 4M-row CSV", () => measureCliMillions(figures));
    await step("Excel host: context.sync() per change event", () => measureHostSyncs(figures));
    await step("task pane: bundle size and longest task during a 10k-row paste (Chromium)", () =>
      measureTaskpane(figures, root)
    );
  }

  const report = { machine: machine(), figures: figures.all };
  const out = path.join(root, "bench", "results.json");
  // --quick keeps the full run's other figures: it refreshes only what it measured.
  if (quick && existsSync(out)) {
    const previous = JSON.parse(readFileSync(out, "utf8")) as typeof report;
    report.figures = { ...previous.figures, ...figures.all };
  }
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${table(figures)}\n\nwritten ${path.relative(process.cwd(), out)}\n`);
  const over = Object.entries(figures.all).filter(([, f]) => !f.ok);
  if (over.length > 0) {
    process.stdout.write(`\nOver budget: ${over.map(([n]) => n).join(", ")}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  }
);
