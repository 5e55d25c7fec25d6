/**
 * The findings list, modelled on Excel's Accessibility Checker: ONE virtual list (useVirtualRows)
 * of header rows and finding rows, so 60,000 findings render only the rows in view. An ARIA tree
 * with a roving tab stop (useTreeNavigation); the current finding is
 * scrolled into view when it changes, and takes the focus when the pane asks (after a fix).
 */
import * as React from "react";
import { createFocusOutlineStyle, makeStyles } from "@fluentui/react-components";
import type { Finding } from "../../domain/types";
import { useTreeNavigation } from "../hooks/useTreeNavigation";
import { useVirtualRows } from "../hooks/useVirtualRows";
import type { RowList } from "../rowList";
import { FindingRow } from "./FindingRow";
import { GroupRow, HeadingRow, SectionRow, type RowProps } from "./HeaderRows";

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    flexShrink: 1,
    flexBasis: "120px",
    minHeight: "96px",
    overflowY: "auto",
    position: "relative",
    contain: "strict",
    ...createFocusOutlineStyle({ style: { outlineOffset: "-2px" } }),
  },
  sizer: { position: "relative", width: "100%" },
});

export interface FindingsTreeProps {
  rows: RowList;
  /** The walk-through position: marked, and scrolled into view when it changes. */
  currentId: string | null;
  /** Bumped by the pane to move the keyboard focus to the current finding. */
  focusSeq: number;
  /** Changes when the user changes the view (search, filter, grouping): the current finding is shown again. */
  viewKey: string;
  groupExceptionRows: ReadonlySet<number>;
  onSelect: (finding: Finding) => void;
  onToggle: (key: string) => void;
  /** Accessible name of the list. */
  label: string;
}

/** Rows drawn beyond each edge of the viewport (keyboard moves and small scrolls find them ready). */
const OVERSCAN = 6;

/** Memoised: typing in the search box re-renders the pane, but the list only when its rows change. */
export const FindingsTree: React.FC<FindingsTreeProps> = React.memo(function FindingsTree(props) {
  const { rows, currentId } = props;
  const styles = useStyles();
  const scrollRef = React.useRef<HTMLDivElement>(null);
  const virtual = useVirtualRows(rows, scrollRef, OVERSCAN);
  const { layout, range } = virtual;
  const nav = useTreeNavigation(rows, virtual, scrollRef, props.onSelect, props.onToggle);
  useFollowCurrent(
    currentId,
    rows,
    props.viewKey,
    props.focusSeq,
    nav.focusRow,
    virtual.scrollToIndex
  );

  // When the tab stop is scrolled away, the list itself takes Tab and hands focus to a visible row.
  const tabStopRendered = nav.focusIndex >= range.first && nav.focusIndex <= range.last;
  const onScrollerFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || range.last < range.first) return;
    const top = scrollRef.current?.scrollTop ?? 0;
    const first = layout.indexAt(top);
    nav.focusRow(layout.start(first) < top && first < range.last ? first + 1 : first);
  };
  const items: number[] = [];
  for (let i = range.first; i <= range.last; i++) items.push(i);

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="tree"
      aria-label={props.label}
      tabIndex={tabStopRendered || rows.length === 0 ? -1 : 0}
      onKeyDown={nav.onKeyDown}
      onFocus={onScrollerFocus}
      data-virtual-scroll=""
      data-testid="findings-tree"
    >
      <div className={styles.sizer} style={{ height: layout.total }} role="none">
        {items.map((index) => {
          const row = rows.at(index);
          const rowProps: RowProps = {
            "data-index": index,
            ref: virtual.measure,
            role: "treeitem",
            "aria-level": row.level,
            "aria-posinset": row.pos,
            "aria-setsize": row.size,
            tabIndex: index === nav.focusIndex ? 0 : -1,
            style: { transform: `translateY(${layout.start(index)}px)` },
            onFocus: (e) => e.target === e.currentTarget && nav.onRowFocus(row.key),
          };
          switch (row.kind) {
            case "section":
              return (
                <SectionRow key={row.key} row={row} rowProps={rowProps} onToggle={props.onToggle} />
              );
            case "group": {
              const r = row.group.row;
              const exception = r !== undefined && props.groupExceptionRows.has(r);
              return (
                <GroupRow
                  key={row.key}
                  row={row}
                  rowProps={rowProps}
                  exception={exception}
                  onToggle={props.onToggle}
                />
              );
            }
            case "heading":
              return <HeadingRow key={row.key} row={row} rowProps={rowProps} />;
            default:
              return (
                <FindingRow
                  key={row.key}
                  finding={row.finding}
                  rowProps={rowProps}
                  current={row.finding.id === currentId}
                  exception={props.groupExceptionRows.has(row.finding.row)}
                  onSelect={props.onSelect}
                />
              );
          }
        })}
      </div>
    </div>
  );
});

/**
 * The current finding is scrolled into view when it changes or the user changes the view (not on
 * every re-check, so edits do not pull the list back while the user looks elsewhere), and focused
 * when the pane asks.
 */
function useFollowCurrent(
  currentId: string | null,
  rows: RowList,
  viewKey: string,
  focusSeq: number,
  focusRow: (index: number) => void,
  scrollTo: (index: number) => void
): void {
  const done = React.useRef({ id: null as string | null, view: viewKey, seq: focusSeq });
  const topOf = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (currentId === null) {
      if (viewKey !== done.current.view) scrollTo(0); // a new view is shown from its top
      done.current = { id: null, view: viewKey, seq: focusSeq };
      return;
    }
    const index = rows.indexOfFinding(currentId);
    if (index === undefined) {
      // Hidden by a collapsed group or the filter: followed again when shown. A new view without
      // it (a search) is shown from its top, not from where the old list was scrolled to.
      if (viewKey !== done.current.view && viewKey !== topOf.current) {
        topOf.current = viewKey;
        scrollTo(0);
      }
      return;
    }
    const focus = focusSeq !== done.current.seq;
    const same = done.current.id === currentId && done.current.view === viewKey;
    if (!focus && same) return;
    done.current = { id: currentId, view: viewKey, seq: focusSeq };
    // After the next layout: the walk panel may have grown with this change, and the list's
    // height must be known (ResizeObserver) before the row is scrolled into it.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => (focus ? focusRow(index) : scrollTo(index)));
    });
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentId, rows, viewKey, focusSeq]);
}
