/**
 * The task pane's copy of the findings: by id, by cell (for highlights), and in sheet order (for
 * the list). Small deltas are applied in place; big ones rebuild the order once.
 */
import { compareFindings } from "../domain/engine";
import type { Delta, Finding, Severity, Summary } from "../domain/types";

const REBUILD_ABOVE = 2000;

export class FindingSet {
  private readonly byId = new Map<string, Finding>();
  private readonly byCell = new Map<string, Finding[]>();
  private ordered: Finding[] = [];

  get size(): number {
    return this.byId.size;
  }

  /** In sheet order. The array is replaced (not mutated) on every change, so React can compare it. */
  get list(): readonly Finding[] {
    return this.ordered;
  }

  summary(): Summary {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of this.byId.values()) counts[f.severity]++;
    return counts;
  }

  get(id: string): Finding | undefined {
    return this.byId.get(id);
  }

  onCell(cell: string): readonly Finding[] {
    return this.byCell.get(cell) ?? [];
  }

  /** The highlight a cell should carry: error beats warning; info shows none. */
  highlightOf(cell: string): Severity | null {
    let best: Severity | null = null;
    for (const f of this.onCell(cell)) {
      if (f.severity === "error") return "error";
      if (f.severity === "warning") best = "warning";
    }
    return best;
  }

  /**
   * Applies deltas in order (a later one may remove what an earlier one added); returns the cells
   * whose findings changed, added to `touched` when given (a check applied a chunk at a time).
   */
  apply(deltas: readonly Delta[], touched = new Set<string>()): Set<string> {
    let size = 0;
    for (const d of deltas) size += d.added.length + d.removed.length;
    const next = size > REBUILD_ABOVE ? null : this.ordered.slice();
    const arrived: Finding[] = [];
    for (const delta of deltas) {
      for (const f of delta.removed) this.remove(f.id, touched, next);
      for (const f of delta.added) {
        this.remove(f.id, touched, next); // an id re-added without its removal replaces the old one
        this.byId.set(f.id, f);
        touched.add(f.cell);
        const onCell = this.byCell.get(f.cell);
        if (onCell) onCell.push(f);
        else this.byCell.set(f.cell, [f]);
        if (next) next.splice(this.position(next, f), 0, f);
        else arrived.push(f);
      }
    }
    this.ordered = next ?? this.rebuilt(arrived);
    return touched;
  }

  /**
   * The order after a big change: what stayed (already in order) merged with what arrived and is
   * still held (sorted on its own), so a chunk appended to 60,000 findings sorts only the chunk.
   */
  private rebuilt(arrived: readonly Finding[]): Finding[] {
    const kept = this.ordered.filter((f) => this.byId.get(f.id) === f);
    const came = arrived.filter((f) => this.byId.get(f.id) === f).sort(compareFindings);
    const out: Finding[] = new Array<Finding>(kept.length + came.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < kept.length && j < came.length)
      out[n++] = compareFindings(kept[i], came[j]) <= 0 ? kept[i++] : came[j++];
    while (i < kept.length) out[n++] = kept[i++];
    while (j < came.length) out[n++] = came[j++];
    // The same finding object added twice is held once.
    return n === this.byId.size ? out : out.filter((f, k) => k === 0 || out[k - 1] !== f);
  }

  private remove(id: string, touched: Set<string>, ordered: Finding[] | null): void {
    const f = this.byId.get(id);
    if (!f) return;
    this.byId.delete(id);
    touched.add(f.cell);
    const onCell = this.byCell.get(f.cell);
    if (onCell) {
      const kept = onCell.filter((g) => g.id !== id);
      if (kept.length > 0) this.byCell.set(f.cell, kept);
      else this.byCell.delete(f.cell);
    }
    if (ordered) {
      const at = this.position(ordered, f);
      ordered.splice(ordered[at]?.id === id ? at : ordered.findIndex((g) => g.id === id), 1);
    }
  }

  clear(): void {
    this.byId.clear();
    this.byCell.clear();
    this.ordered = [];
  }

  /** Cells that currently need a highlight. */
  highlightedCells(): Map<string, Severity> {
    const out = new Map<string, Severity>();
    for (const cell of this.byCell.keys()) {
      const severity = this.highlightOf(cell);
      if (severity) out.set(cell, severity);
    }
    return out;
  }

  private position(list: readonly Finding[], f: Finding): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareFindings(list[mid], f) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
