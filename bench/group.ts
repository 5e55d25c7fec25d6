/**
 * One group of figures, measured in a process of its own: `tsx bench/group.ts engine|cli` prints
 * the group's figures as JSON on its last line (bench/run.ts starts one process per group). A fresh
 * process per group keeps one group's heap (two 100,000-row sheets, say) from slowing the garbage
 * collection, and so the timings, of the next.
 */
import { mkdirSync } from "node:fs";
import { measureCli } from "./cliFigures";
import { measureEngine } from "./engineFigures";
import { Figures, TMP } from "./lib";

const groups: Record<string, (figures: Figures) => Promise<void>> = {
  engine: measureEngine,
  cli: measureCli,
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const measure = groups[name];
  if (!measure)
    throw new Error(`no benchmark group "${name}" (groups: ${Object.keys(groups).join(", ")})`);
  mkdirSync(TMP, { recursive: true });
  const figures = new Figures();
  await measure(figures);
  process.stdout.write(`\n${JSON.stringify(figures.all)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench group failed: ${error instanceof Error ? error.stack : String(error)}\n`
  );
  process.exit(2);
});
