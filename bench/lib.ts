/**
 * Benchmark plumbing: medians after a warm-up, and figures reported as ratios to baselines measured
 * in the same run (these machines are shared and noisy: absolute times mean little).
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
/** Scratch files (the 100k-row CSV and xlsx), shared by the groups. */
export const TMP = path.join(ROOT, "bench", "tmp");

export type Unit = "ms" | "ratio" | "count" | "KB" | "MB";

export interface Figure {
  readonly value: number;
  readonly unit: Unit;
  /** Upper bound the figure must stay at or under; null for a baseline (reported, not judged). */
  readonly target: number | null;
  readonly ok: boolean;
}

export class Figures {
  readonly all: Record<string, Figure> = {};

  baseline(name: string, value: number, unit: Unit = "ms"): number {
    this.all[name] = { value: round(value), unit, target: null, ok: true };
    return value;
  }

  budget(name: string, value: number, unit: Unit, target: number): void {
    this.all[name] = { value: round(value), unit, target, ok: value <= target };
  }

  /** Takes in figures measured elsewhere (a group's own process, see group.ts). */
  add(figures: Record<string, Figure>): void {
    Object.assign(this.all, figures);
  }
}

function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 8)));
}

/** Median wall time (ms) of `runs` calls after `warmup` untimed ones. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Medians (ms) of two functions, a figure and its baseline, timed in blocks in the order A B B A
 * after `warmup` untimed runs of each (the JIT compiles the engine's hot paths over its first few
 * runs): a drift in machine load over the measurement hits both alike. Each block starts with one
 * more untimed run, which takes the garbage the other function left behind (a 100k-row check
 * leaves megabytes for the next collection): each function is charged for its own work.
 */
export async function pairedMedians(a: () => unknown, b: () => unknown, runs = 10, warmup = 3): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  const fns = [a, b];
  for (const fn of fns) for (let i = 0; i < warmup; i++) await fn();
  for (const k of [0, 1, 1, 0]) {
    await fns[k]();
    for (let i = 0; i < Math.ceil(runs / 2); i++) {
      const start = performance.now();
      await fns[k]();
      times[k].push(performance.now() - start);
    }
  }
  if (process.env.BENCH_VERBOSE) process.stderr.write(`  A ${times[0].map((t) => t.toFixed(0)).join(" ")}\n  B ${times[1].map((t) => t.toFixed(0)).join(" ")}\n`);
  return [median(times[0]), median(times[1])];
}

/**
 * A row as a host hands it to the engine. Office.js delivers a range's values as parsed JSON, and
 * exceljs and CSV readers make flat strings too. The synthetic generator builds its identifiers by
 * concatenation, which V8 keeps as "cons strings" (a tree of pieces) until one is first read, then
 * flattens: a copy the first time, and an extra hop on every later read. No host produces such
 * input (at 1,000,000 rows the flattening alone added 400 MB to the peak), so the figures use the
 * rows as a JSON round trip gives them, as Office.js does.
 */
export function asHostRow<T extends readonly unknown[]>(row: T): T {
  return JSON.parse(JSON.stringify(row)) as T;
}

/** asHostRow for every row. */
export function asHostRows<T extends readonly unknown[]>(rows: readonly T[]): T[] {
  return rows.map(asHostRow);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  let chromium = "";
  try {
    chromium = execFileSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    chromium = "no chromium";
  }
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${chromium}`;
}

export function table(figures: Figures): string {
  const rows = Object.entries(figures.all).map(([name, f]) => [
    name,
    `${f.value} ${f.unit}`,
    f.target === null ? "(baseline)" : `≤ ${f.target}`,
    f.target === null ? "" : f.ok ? "ok" : "OVER",
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ")).join("\n");
}
