/**
 * Keyboard for the findings tree (the ARIA tree pattern over a virtual list): one tab stop kept by
 * row key (it survives filtering and regrouping); Up/Down, Page Up/Down, Home/End move; Right opens
 * a header or goes into it, Left closes it or goes to its parent; Enter or Space selects a finding
 * (or opens and closes a header). A focused row is always scrolled into view first.
 */
import * as React from "react";
import type { Finding } from "../../domain/types";
import type { RowList } from "../rowList";

export interface TreeNavigation {
  readonly focusIndex: number;
  focusRow(index: number): void;
  onRowFocus(key: string): void;
  onKeyDown(e: React.KeyboardEvent<HTMLElement>): void;
}

/** What the tree's keyboard needs of the virtual list. */
export interface Scroller {
  scrollToIndex(i: number): void;
  /** Rows a Page Up or Page Down moves. */
  pageSize(): number;
}

export function useTreeNavigation(
  rows: RowList,
  virtual: Scroller,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  onSelect: (f: Finding) => void,
  onToggle: (key: string) => void
): TreeNavigation {
  const [focusKey, setFocusKey] = React.useState<string | null>(null);
  const found = React.useMemo(
    () => (focusKey !== null ? rows.indexOfKey(focusKey) : undefined),
    [rows, focusKey]
  );
  const focusIndex = Math.max(0, Math.min(rows.length - 1, found ?? 0));
  const pending = React.useRef<number | null>(null);

  const focusRow = React.useCallback(
    (index: number) => {
      if (index < 0 || index >= rows.length) return;
      setFocusKey(rows.at(index).key);
      pending.current = index;
      virtual.scrollToIndex(index);
    },
    [rows, virtual]
  );

  // Once the row is rendered (after the scroll), it takes the focus.
  React.useLayoutEffect(() => {
    const index = pending.current;
    if (index === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (el) {
      pending.current = null;
      el.focus({ preventScroll: true });
    }
  });

  /** The row the key moves to, or -1 when the key acted in place (or is not the tree's). */
  const target = (key: string): number | null => {
    const row = rows.at(focusIndex);
    const last = rows.length - 1;
    const header = row.kind === "section" || row.kind === "group";
    const toggle = () => {
      onToggle(row.key);
      return -1;
    };
    switch (key) {
      case "ArrowDown":
        return Math.min(last, focusIndex + 1);
      case "ArrowUp":
        return Math.max(0, focusIndex - 1);
      case "PageDown":
      case "PageUp": {
        const page = virtual.pageSize();
        return key === "PageDown"
          ? Math.min(last, focusIndex + page)
          : Math.max(0, focusIndex - page);
      }
      case "Home":
        return 0;
      case "End":
        return last;
      case "ArrowRight":
        if (row.kind === "finding") return -1;
        return header && !row.expanded ? toggle() : Math.min(last, focusIndex + 1);
      case "ArrowLeft":
        return header && row.expanded ? toggle() : rows.parentOf(focusIndex);
      case "Enter":
      case " ":
        if (row.kind === "finding") onSelect(row.finding);
        else if (header) onToggle(row.key);
        return -1;
      default:
        return null;
    }
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || rows.length === 0) return;
    const next = target(e.key);
    if (next === null) return;
    e.preventDefault();
    if (next >= 0) focusRow(next);
  };
  const onRowFocus = (key: string) => {
    if (key !== focusKey) setFocusKey(key);
  };
  return { focusIndex, focusRow, onRowFocus, onKeyDown };
}
