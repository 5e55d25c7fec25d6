/** Peak memory (RSS) of a process that holds 1M rows as cell values and checks them. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Figures } from "./lib";

export async function measureMemory(figures: Figures): Promise<void> {
  const script = path.join(__dirname, "checkMillion.ts");
  const tsx = path.resolve(__dirname, "..", "node_modules", "tsx", "dist", "cli.mjs");
  const out = execFileSync(process.execPath, [tsx, script], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(out.trim().split("\n").pop()!) as {
    peakRssMB: number;
    rows: number;
    findings: number;
  };
  figures.budget("engine.full.1m.rssMB", result.peakRssMB, "MB", 1024);
}
