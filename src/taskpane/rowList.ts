/**
 * The findings list as ONE sequence of rows for the virtual list, kept as segments: a header row
 * (a severity section, a group, a search result heading) and the findings under it. A finding's
 * row is made only when it is asked for (the rows in view), so a keystroke that changes which of
 * 60,000 findings are shown costs one pass over the segments, not 60,000 row objects.
 */
import type { Finding } from "../domain/types";
import type { FindingGroup, SeveritySection } from "./findingsView";

interface RowBase {
  /** Unique in the list: "s:…" a section, "g:…" a group, "h:…" a heading, a finding's own id. */
  readonly key: string;
  /** Tree position for assistive technology: 1-based position among siblings, and their number. */
  readonly pos: number;
  readonly size: number;
}

export type HeaderRow =
  | (RowBase & {
      readonly kind: "section";
      readonly section: SeveritySection;
      readonly expanded: boolean;
      readonly level: 1;
    })
  | (RowBase & {
      readonly kind: "group";
      readonly group: FindingGroup;
      readonly expanded: boolean;
      readonly level: 2;
    })
  /** A search result heading ("Cell A25", "Other matches"). */
  | (RowBase & {
      readonly kind: "heading";
      readonly label: string;
      readonly count: number;
      readonly level: 1;
    });

export type FindingListRow = RowBase & {
  readonly kind: "finding";
  readonly finding: Finding;
  readonly groupKey: string;
  readonly level: 2 | 3;
};

export type ListRow = HeaderRow | FindingListRow;
export type RowKind = ListRow["kind"];

/** A header and the findings shown under it (none when it is collapsed or a section). */
export interface Segment {
  readonly header: HeaderRow;
  readonly findings: readonly Finding[];
}

export class RowList {
  /** Number of rows (headers and findings). */
  readonly length: number;
  /** Row index of each segment's header, ascending. */
  private readonly starts: Int32Array;

  constructor(readonly segments: readonly Segment[]) {
    this.starts = new Int32Array(segments.length);
    let n = 0;
    segments.forEach((s, i) => {
      this.starts[i] = n;
      n += 1 + s.findings.length;
    });
    this.length = n;
  }

  static readonly empty = new RowList([]);

  /** The row at index i (0 ≤ i < length). */
  at(i: number): ListRow {
    const s = this.segmentOf(i);
    const segment = this.segments[s];
    const k = i - this.starts[s] - 1;
    if (k < 0) return segment.header;
    const { header, findings } = segment;
    const finding = findings[k];
    return {
      kind: "finding",
      key: finding.id,
      finding,
      groupKey: header.key,
      level: header.level === 1 ? 2 : 3,
      pos: k + 1,
      size: findings.length,
    };
  }

  /** The kind of row i, without making the row. */
  kindAt(i: number): RowKind {
    const s = this.segmentOf(i);
    return i === this.starts[s] ? this.segments[s].header.kind : "finding";
  }

  /** Row index of the shown finding with this id, or undefined when it is not shown. */
  indexOfFinding(id: string): number | undefined {
    for (let s = 0; s < this.segments.length; s++) {
      const findings = this.segments[s].findings;
      for (let k = 0; k < findings.length; k++)
        if (findings[k].id === id) return this.starts[s] + 1 + k;
    }
    return undefined;
  }

  /** Row index of the row with this key (a header's key or a finding's id), or undefined. */
  indexOfKey(key: string): number | undefined {
    for (let s = 0; s < this.segments.length; s++)
      if (this.segments[s].header.key === key) return this.starts[s];
    return this.indexOfFinding(key);
  }

  /** The row's parent in the tree (a finding's header, a group's section), or itself at the top. */
  parentOf(i: number): number {
    const s = this.segmentOf(i);
    if (i > this.starts[s]) return this.starts[s];
    const level = this.segments[s].header.level;
    for (let p = s - 1; p >= 0; p--)
      if (this.segments[p].header.level < level) return this.starts[p];
    return i;
  }

  /** The segment holding row i: the last whose header index is ≤ i (binary search). */
  private segmentOf(i: number): number {
    if (i < 0 || i >= this.length) throw new RangeError(`row ${i} is outside the list`);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
