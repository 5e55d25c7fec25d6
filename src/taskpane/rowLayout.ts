/**
 * Where each row of the findings list sits: rows of one kind share a height (learned from the rows
 * drawn), and a drawn row whose height differs (a wrapped line) keeps its own. Positions are one
 * typed array built in a pass over the segments, so a new list of 60,000 rows is laid out without
 * an object per row; finding the rows in view is a binary search.
 */
import type { RowKind, RowList } from "./rowList";

export type KindSizes = Readonly<Record<RowKind, number>>;

/** Rows of the current list measured at a height other than their kind's, by row index. */
export type SizeOverrides = ReadonlyMap<number, number>;

export interface RowRange {
  /** First and last row index to draw (inclusive); last < first when there is none. */
  readonly first: number;
  readonly last: number;
}

export class RowLayout {
  /** ends[i]: the bottom of row i (its top is ends[i - 1], or 0). */
  private readonly ends: Float64Array;

  constructor(
    readonly list: RowList,
    sizes: KindSizes,
    overrides: SizeOverrides = new Map()
  ) {
    this.ends = new Float64Array(list.length);
    const exceptions = [...overrides.entries()].sort((a, b) => a[0] - b[0]);
    let next = 0; // the next exception, in row order
    let at = exceptions.length > 0 ? exceptions[0][0] : -1;
    let pos = 0;
    let i = 0;
    const place = (size: number) => {
      if (i === at) {
        pos += exceptions[next][1];
        next++;
        at = next < exceptions.length ? exceptions[next][0] : -1;
      } else pos += size;
      this.ends[i++] = pos;
    };
    const finding = sizes.finding;
    for (const segment of list.segments) {
      place(sizes[segment.header.kind]);
      const n = segment.findings.length;
      if (at < i || at >= i + n) {
        // No exception among these findings: the tight loop.
        for (let k = 0; k < n; k++) this.ends[i++] = pos += finding;
      } else for (let k = 0; k < n; k++) place(finding);
    }
  }

  get total(): number {
    return this.ends.length > 0 ? this.ends[this.ends.length - 1] : 0;
  }

  start(i: number): number {
    return i > 0 ? this.ends[i - 1] : 0;
  }

  size(i: number): number {
    return this.ends[i] - this.start(i);
  }

  /** The row at this offset from the top (the last row beyond the end, 0 before the start). */
  indexAt(offset: number): number {
    const ends = this.ends;
    let lo = 0;
    let hi = ends.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The rows a viewport of this height scrolled to `top` shows, and `overscan` more each side. */
  range(top: number, height: number, overscan: number): RowRange {
    if (this.ends.length === 0) return { first: 0, last: -1 };
    const first = this.indexAt(top);
    const last = this.indexAt(Math.max(top, top + height - 1));
    return {
      first: Math.max(0, first - overscan),
      last: Math.min(this.ends.length - 1, last + overscan),
    };
  }

  /** Where to scroll so row i is wholly in view, moving as little as possible (or `top` if it is). */
  scrollFor(i: number, top: number, height: number): number {
    const start = this.start(i);
    const end = this.ends[i];
    if (start < top || end - start > height) return start;
    if (end > top + height) return end - height;
    return top;
  }
}
