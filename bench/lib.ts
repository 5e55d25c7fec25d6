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
export async function medianMs(
  fn: () => unknown | Promise<unknown>,
  runs = 7,
  warmup = 2
): Promise<number> {
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

/** What pairedTimes measured: the median time of each function, and the median of their ratios. */
export interface Paired {
  /** Median ms of the baseline (a) and of the figure (b). */
  readonly a: number;
  readonly b: number;
  /** The figure's ratio: the median over rounds of b ÷ a (see pairedTimes). */
  readonly ratio: number;
}

/**
 * Times a baseline (a) and a figure (b) in rounds after `warmup` untimed runs of each: a round is
 * an untimed run of a, `runs` timed ones, then the same for b. The figure's ratio is the median
 * over the rounds of each round's ratio of medians. A round lasts a second or so, and on these
 * shared machines the speed of everything can change by half from one ten seconds to the next:
 * a and b compared within a round meet the same machine. The untimed run that starts each half
 * takes the garbage the other function left behind (a 100k-row check leaves megabytes for the
 * next collection), and the runs after it are each function's steady state, so each function is
 * charged for its own work. (Forcing a collection before each run instead makes V8 slow the
 * engine down twofold: it is not how a host runs it.)
 */
export async function pairedTimes(
  a: () => unknown,
  b: () => unknown,
  rounds = 12,
  runs = 3,
  warmup = 3
): Promise<Paired> {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < warmup; i++) await a();
  for (let i = 0; i < warmup; i++) await b();
  const half = async (fn: () => unknown, into: number[]): Promise<number> => {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
    into.push(...times);
    return median(times);
  };
  for (let round = 0; round < rounds; round++) {
    const ta = await half(a, as);
    const tb = await half(b, bs);
    ratios.push(tb / ta);
  }
  if (process.env.BENCH_VERBOSE)
    process.stderr.write(
      `  a ${as.map((t) => t.toFixed(0)).join(" ")}\n  b ${bs.map((t) => t.toFixed(0)).join(" ")}\n  ratio ${ratios.map((r) => r.toFixed(2)).join(" ")}\n`
    );
  return { a: median(as), b: median(bs), ratio: median(ratios) };
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
