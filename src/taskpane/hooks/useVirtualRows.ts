/**
 * The virtual list under the findings tree: which rows to draw for the scroller's viewport, where
 * each sits (rowLayout.ts), and scrolling a row into view. Rows are measured when drawn and when
 * they change size; a kind's height is the one most of its rows have, so a new list of 60,000 rows
 * is laid out from a handful of numbers.
 */
import * as React from "react";
import type { RowKind, RowList } from "../rowList";
import { RowLayout, type KindSizes, type RowRange } from "../rowLayout";

/** Heights before a row of the kind is drawn: the pane's in Chromium at 100 % (so nothing moves). */
const ESTIMATE: KindSizes = { section: 29, group: 21, heading: 29, finding: 41 };
/** Viewport height before the scroller is measured. */
const INITIAL_HEIGHT = 400;

export interface VirtualRows {
  readonly layout: RowLayout;
  readonly range: RowRange;
  /** Ref for each drawn row (it carries `data-index`): measured now and whenever it resizes. */
  readonly measure: (el: HTMLElement | null) => (() => void) | undefined;
  /** Scrolls as little as needed for row i to be wholly in view. */
  scrollToIndex(i: number): void;
  /** Rows a Page Up or Page Down moves. */
  pageSize(): number;
}

interface Measured {
  readonly list: RowList;
  readonly sizes: ReadonlyMap<number, number>;
}

export function useVirtualRows(
  list: RowList,
  scrollRef: React.RefObject<HTMLElement | null>,
  overscan: number
): VirtualRows {
  const [kindSizes, setKindSizes] = React.useState<KindSizes>(ESTIMATE);
  const [measured, setMeasured] = React.useState<Measured>({ list, sizes: new Map() });
  // Measurements belong to the list they were made on: a new list starts from the kinds' sizes.
  const sizes = measured.list === list ? measured.sizes : null;
  const layout = React.useMemo(
    () => new RowLayout(list, kindSizes, overridesOf(list, kindSizes, sizes)),
    [list, kindSizes, sizes]
  );
  const latest = React.useRef(layout);
  const [viewport, setViewport] = React.useState({ top: 0, height: INITIAL_HEIGHT });
  const range = React.useMemo(
    () => layout.range(viewport.top, viewport.height, overscan),
    [layout, viewport, overscan]
  );

  useKeepFirstRowInPlace(layout, scrollRef);
  React.useLayoutEffect(() => {
    latest.current = layout;
  }, [layout]);

  // The viewport follows the scroller's scrolling and size.
  React.useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const read = () => {
      const next = { top: el.scrollTop, height: el.clientHeight || INITIAL_HEIGHT };
      setViewport((v) => (v.top === next.top && v.height === next.height ? v : next));
    };
    read();
    el.addEventListener("scroll", read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => {
      el.removeEventListener("scroll", read);
      observer.disconnect();
    };
  }, [scrollRef]);

  const kinds = React.useRef(new SizeVotes());
  const record = React.useCallback((el: Element, on: RowLayout) => {
    const index = Number((el as HTMLElement).dataset.index);
    const size = (el as HTMLElement).offsetHeight;
    const list = on.list;
    if (!Number.isInteger(index) || index >= list.length || size <= 0) return;
    const usual = kinds.current.vote(list.kindAt(index), size);
    if (usual) setKindSizes((k) => (k[usual.kind] === usual.size ? k : { ...k, ...usual.pair }));
    if (on.size(index) === size) return;
    setMeasured((m) => {
      const base = m.list === list ? m.sizes : new Map<number, number>();
      if (base.get(index) === size) return m;
      return { list, sizes: new Map(base).set(index, size) };
    });
  }, []);
  const observer = useRowObserver(record, latest);
  // A new callback for each layout: React hands it every drawn row again, so rows that stay
  // drawn are measured against the layout they are now part of.
  const measure = React.useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      record(el, layout);
      const ro = observer.current;
      ro?.observe(el);
      return () => ro?.unobserve(el);
    },
    [record, observer, layout]
  );

  // A row scrolled to is kept in view while the rows drawn around it are measured.
  const target = React.useRef<number | null>(null);
  const scrollToIndex = (i: number) => {
    const el = scrollRef.current;
    if (!el || i < 0 || i >= layout.list.length) return;
    target.current = i;
    requestAnimationFrame(() => (target.current = null));
    scrollWithin(el, layout, i, viewport.height, setViewport);
  };
  React.useLayoutEffect(() => {
    const el = scrollRef.current;
    const i = target.current;
    if (el && i !== null && i < layout.list.length)
      scrollWithin(el, layout, i, viewport.height, setViewport);
  }, [layout, scrollRef, viewport.height]);
  const pageSize = () => {
    const inView = layout.range(viewport.top, viewport.height, 0);
    return Math.max(1, inView.last - inView.first - 1);
  };
  return { layout, range, measure, scrollToIndex, pageSize };
}

/** Scrolls the least that shows row i whole, and draws the rows there at once (the scroll event
 * comes later), so the row can take the focus in this commit. */
function scrollWithin(
  el: HTMLElement,
  layout: RowLayout,
  i: number,
  fallbackHeight: number,
  setViewport: (v: { top: number; height: number }) => void
): void {
  const height = el.clientHeight || fallbackHeight;
  const top = layout.scrollFor(i, el.scrollTop, height);
  if (top === el.scrollTop) return;
  el.scrollTo({ top });
  setViewport({ top, height });
}

/** The measured rows whose height is not their kind's (only these need a place of their own). */
function overridesOf(
  list: RowList,
  kindSizes: KindSizes,
  sizes: ReadonlyMap<number, number> | null
): Map<number, number> {
  const out = new Map<number, number>();
  if (sizes)
    for (const [i, size] of sizes)
      if (i < list.length && size !== kindSizes[list.kindAt(i)]) out.set(i, size);
  return out;
}

/** Counts the heights drawn for each kind; says when a kind's most common height changes. */
class SizeVotes {
  private readonly counts = new Map<RowKind, Map<number, number>>();
  private readonly usual = new Map<RowKind, number>();

  vote(
    kind: RowKind,
    size: number
  ): { kind: RowKind; size: number; pair: Partial<Record<RowKind, number>> } | null {
    let byKind = this.counts.get(kind);
    if (!byKind) this.counts.set(kind, (byKind = new Map()));
    const n = (byKind.get(size) ?? 0) + 1;
    byKind.set(size, n);
    const usual = this.usual.get(kind);
    if (usual === size || (usual !== undefined && (byKind.get(usual) ?? 0) >= n)) return null;
    this.usual.set(kind, size);
    return { kind, size, pair: { [kind]: size } };
  }
}

/** One ResizeObserver for the drawn rows: a row that changes height is measured again. */
function useRowObserver(
  record: (el: Element, on: RowLayout) => void,
  latest: React.RefObject<RowLayout>
): React.RefObject<ResizeObserver | null> {
  const observer = React.useRef<ResizeObserver | null>(null);
  React.useLayoutEffect(() => {
    const ro = new ResizeObserver((entries) => {
      for (const entry of entries)
        if (entry.target.isConnected) record(entry.target, latest.current);
    });
    observer.current = ro;
    return () => {
      ro.disconnect();
      observer.current = null;
    };
  }, [record, latest]);
  return observer;
}

/**
 * When rows above the viewport change height (measured once drawn), the row at the top of the
 * viewport stays where the user sees it: the scroll position moves by the same amount. Not when
 * the list itself changes (a search or a filter shows other rows).
 */
function useKeepFirstRowInPlace(
  layout: RowLayout,
  scrollRef: React.RefObject<HTMLElement | null>
): void {
  const before = React.useRef<RowLayout | null>(null);
  React.useLayoutEffect(() => {
    const old = before.current;
    before.current = layout;
    const el = scrollRef.current;
    if (!old || !el || old.list !== layout.list || layout.list.length === 0) return;
    const first = old.indexAt(el.scrollTop);
    if (first >= layout.list.length) return;
    const moved = layout.start(first) - old.start(first);
    if (moved !== 0) el.scrollTop += moved;
  }, [layout, scrollRef]);
}
