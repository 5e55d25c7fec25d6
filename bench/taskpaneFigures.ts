/**
 * Task pane figures: gzipped production JavaScript, and in Chromium the longest task during a
 * 10k-row paste, and the big actions on a 20,000-row sheet with about 60,000 findings (first
 * check, a search keystroke, Fix all like this on about 18,000 cells).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Figures } from "./lib";
import { measureBigActions } from "../test/e2e/bigActions";
import { longestTaskDuringPaste } from "../test/e2e/longTasks";

export async function measureTaskpane(figures: Figures, root: string): Promise<void> {
  execFileSync("npx", ["webpack", "--mode", "production"], { cwd: root, stdio: "ignore" });
  const dist = path.join(root, "dist");
  let startup = 0;
  let lazy = 0;
  const html = readFileSync(path.join(dist, "taskpane.html"), "utf8");
  for (const file of readdirSync(dist).filter((f) => f.endsWith(".js"))) {
    const size = gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length / 1024;
    if (html.includes(file)) startup += size;
    else lazy += size;
  }
  figures.budget("taskpane.bundle.gzKB", startup + lazy, "KB", 300);
  figures.baseline("taskpane.bundle.startup.gzKB", startup, "KB");
  figures.budget("taskpane.longestTaskMs.paste10k", await longestTaskDuringPaste(dist), "ms", 200);
  const big = await measureBigActions(dist);
  figures.baseline("taskpane.big.findings", big.findings, "count");
  figures.baseline("taskpane.big.fixAllCells", big.fixed, "count");
  figures.budget("taskpane.scan20k.longestTaskMs", big.scanLongestMs, "ms", 200);
  figures.budget("taskpane.search60k.ms", big.searchMs, "ms", 100);
  figures.budget("taskpane.fixAll18k.longestTaskMs", big.fixAllLongestMs, "ms", 200);
}
