/**
 * Benchmark plumbing: medians after a warm-up, and figures reported as ratios to baselines measured
 * in the same run (these machines are shared and noisy: absolute times mean little).
 */
import { execFileSync } from "node:child_process";
import os from "node:os";

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
