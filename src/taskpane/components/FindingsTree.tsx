/**
 * The findings list, modelled on Excel's Accessibility Checker: severity sections, then groups (by
 * rule or by row), then the findings. It is ONE virtual list (@tanstack/react-virtual) of header
 * rows and finding rows, so 50,000 findings render only the few rows in view.
 *
 * Keyboard (ARIA tree pattern): Up/Down move, Home/End jump, Right opens a section or group, Left
 * closes it or goes to its parent, Enter or Space selects a finding (or opens/closes a header).
 * Only one row is a tab stop (roving tabindex); the Fix buttons of that row are reachable with Tab.
 */
import * as React from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  Badge,
  Button,
  Caption1,
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
} from "@fluentui/react-components";
import {
  ChevronDown16Regular,
  ChevronRight16Regular,
  Wrench20Regular,
} from "@fluentui/react-icons";
import type { Finding } from "../../domain/types";
import {
  likeThisKey,
  plural,
  ruleClause,
  ruleTitle,
  severityCount,
  severityNames,
  type GroupBy,
  type ListRow,
} from "../findingsView";
import { BasisBadge, GroupExceptionBadge } from "./Badges";
import { SeverityIcon } from "./SeverityIcon";

const useStyles = makeStyles({
  scroller: {
    // At least a few rows even in a short pane (the panel around it scrolls then).
    flexGrow: 1,
    flexShrink: 0,
    flexBasis: "240px",
    overflowY: "auto",
    position: "relative",
    contain: "strict",
    ...createFocusOutlineStyle({ style: { outlineOffset: "-2px" } }),
  },
  sizer: { position: "relative", width: "100%" },
  row: {
    position: "absolute",
    top: 0,
    left: 0,
    width: "100%",
    boxSizing: "border-box",
    cursor: "pointer",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ...createFocusOutlineStyle({ style: { outlineOffset: "-2px" } }),
  },
  section: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  group: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  finding: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`,
    borderLeft: `${tokens.strokeWidthThickest} solid transparent`,
  },
  current: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  line: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
  },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  code: { fontFamily: tokens.fontFamilyMonospace },
  secondary: { color: tokens.colorNeutralForeground2 },
  grow: { flexGrow: 1, minWidth: 0 },
  fixes: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalXXS,
  },
  currentMark: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
});

export interface FindingsTreeProps {
  rows: readonly ListRow[];
  /** Row index of each visible finding, by id. */
  rowOf: ReadonlyMap<string, number>;
  groupBy: GroupBy;
  /** The walk-through position: marked, and scrolled into view when it changes. */
  currentId: string | null;
  groupExceptionRows: ReadonlySet<number>;
  /** Number of fixable findings per likeThisKey (for "Fix all like this (N)"). */
  fixAllCounts: ReadonlyMap<string, number>;
  onSelect: (finding: Finding) => void;
  onToggle: (key: string) => void;
  onFix: (finding: Finding) => void;
  onFixAll: (finding: Finding) => void;
  /** Accessible name of the list. */
  label: string;
}

const ESTIMATE = { section: 36, group: 32, finding: 104 } as const;

export const FindingsTree: React.FC<FindingsTreeProps> = (props) => {
  const { rows, rowOf, currentId, onSelect, onToggle } = props;
  const styles = useStyles();
  const scrollRef = React.useRef<HTMLDivElement>(null);
  // The React Compiler cannot memoise around TanStack Virtual; this project does not use it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ESTIMATE[rows[i]?.kind ?? "finding"],
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 6,
    initialRect: { width: 320, height: 480 },
  });

  // Roving tab stop, kept by key so it survives filtering and regrouping.
  const indexOfKey = React.useMemo(() => {
    const m = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) m.set(rows[i].key, i);
    return m;
  }, [rows]);
  const [focusKey, setFocusKey] = React.useState<string | null>(null);
  const focusIndex = Math.max(
    0,
    Math.min(rows.length - 1, focusKey !== null ? (indexOfKey.get(focusKey) ?? 0) : 0)
  );
  const pendingFocus = React.useRef<number | null>(null);

  const moveFocus = React.useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      setFocusKey(row.key);
      pendingFocus.current = index;
      virtualizer.scrollToIndex(index, { align: "auto" });
    },
    [rows, virtualizer]
  );

  // After a keyboard move, focus the row once it is rendered.
  React.useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (el) {
      pendingFocus.current = null;
      el.focus({ preventScroll: true });
    }
  });

  // The walk-through position is scrolled into view (once per position and grouping, so edits that
  // re-check the sheet do not pull the list back while the user looks elsewhere) and becomes the tab stop.
  const scrolledFor = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (currentId === null) {
      scrolledFor.current = null;
      return;
    }
    const target = `${currentId}|${props.groupBy}`;
    if (scrolledFor.current === target) return;
    const index = rowOf.get(currentId);
    if (index === undefined) return; // hidden by a collapsed group or the filter: try again when shown
    scrolledFor.current = target;
    setFocusKey(rows[index].key);
    virtualizer.scrollToIndex(index, { align: "auto" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentId, rowOf, props.groupBy]);

  const parentOf = (index: number): number => {
    const level = rows[index].level;
    for (let i = index - 1; i >= 0; i--) if (rows[i].level < level) return i;
    return index;
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || rows.length === 0) return;
    const target = e.target as HTMLElement;
    const onRow = target.getAttribute("role") === "treeitem";
    const row = rows[focusIndex];
    const page = Math.max(1, virtualizer.getVirtualItems().length - 2);
    let next = -1;
    switch (e.key) {
      case "ArrowDown":
        next = Math.min(rows.length - 1, focusIndex + 1);
        break;
      case "ArrowUp":
        next = Math.max(0, focusIndex - 1);
        break;
      case "PageDown":
        next = Math.min(rows.length - 1, focusIndex + page);
        break;
      case "PageUp":
        next = Math.max(0, focusIndex - page);
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = rows.length - 1;
        break;
      case "ArrowRight":
        if (!onRow || row.kind === "finding") return;
        if (!row.expanded) onToggle(row.key);
        else next = Math.min(rows.length - 1, focusIndex + 1);
        break;
      case "ArrowLeft":
        if (!onRow) return;
        if (row.kind !== "finding" && row.expanded) onToggle(row.key);
        else next = parentOf(focusIndex);
        break;
      case "Enter":
      case " ":
        if (!onRow) return;
        if (row.kind === "finding") onSelect(row.finding);
        else onToggle(row.key);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next >= 0) moveFocus(next);
  };

  // When the tab stop is scrolled away, the list itself takes Tab and hands focus to a visible row.
  const items = virtualizer.getVirtualItems();
  const tabStopRendered = items.some((v) => v.index === focusIndex);
  const onScrollerFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || items.length === 0) return;
    const first = items.find((v) => v.start >= (scrollRef.current?.scrollTop ?? 0)) ?? items[0];
    moveFocus(first.index);
  };

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="tree"
      aria-label={props.label}
      tabIndex={tabStopRendered || rows.length === 0 ? -1 : 0}
      onKeyDown={onKeyDown}
      onFocus={onScrollerFocus}
      data-virtual-scroll=""
      data-testid="findings-tree"
    >
      <div className={styles.sizer} style={{ height: virtualizer.getTotalSize() }} role="none">
        {items.map((v) => {
          const row = rows[v.index];
          if (!row) return null;
          const tabStop = v.index === focusIndex;
          const common = {
            "data-index": v.index,
            ref: virtualizer.measureElement,
            role: "treeitem",
            "aria-level": row.level,
            "aria-posinset": row.pos,
            "aria-setsize": row.size,
            tabIndex: tabStop ? 0 : -1,
            style: { transform: `translateY(${v.start}px)` },
            onFocus: (e: React.FocusEvent) => {
              if (e.target === e.currentTarget && focusKey !== row.key) setFocusKey(row.key);
            },
          };
          if (row.kind === "section") {
            const { severity, count } = row.section;
            return (
              <div
                key={v.key}
                {...common}
                aria-expanded={row.expanded}
                aria-label={`${severityNames[severity].heading}: ${severityCount(severity, count)}`}
                className={mergeClasses(styles.row, styles.section)}
                onClick={() => onToggle(row.key)}
                data-kind="section"
              >
                {row.expanded ? (
                  <ChevronDown16Regular aria-hidden />
                ) : (
                  <ChevronRight16Regular aria-hidden />
                )}
                <SeverityIcon severity={severity} />
                <Text weight="semibold" className={styles.grow}>
                  {severityNames[severity].heading}
                </Text>
                <Text>{count.toLocaleString("en-GB")}</Text>
              </div>
            );
          }
          if (row.kind === "group") {
            const g = row.group;
            const exception =
              g.kind === "row" && g.row !== undefined && props.groupExceptionRows.has(g.row);
            return (
              <div
                key={v.key}
                {...common}
                aria-expanded={row.expanded}
                aria-label={`${g.label}${exception ? ", group exception" : ""}: ${plural(g.findings.length, "finding")}`}
                className={mergeClasses(styles.row, styles.group)}
                onClick={() => onToggle(row.key)}
                data-kind="group"
              >
                {row.expanded ? (
                  <ChevronDown16Regular aria-hidden />
                ) : (
                  <ChevronRight16Regular aria-hidden />
                )}
                <Text className={styles.grow}>{g.label}</Text>
                {exception && <GroupExceptionBadge />}
                <Badge appearance="tint" color="informative" size="small">
                  {g.findings.length.toLocaleString("en-GB")}
                </Badge>
              </div>
            );
          }
          const f = row.finding;
          const current = f.id === currentId;
          const exception = props.groupExceptionRows.has(f.row);
          const fixAll =
            f.fixValue !== undefined ? (props.fixAllCounts.get(likeThisKey(f)) ?? 1) : 0;
          return (
            <div
              key={v.key}
              {...common}
              aria-selected={current}
              aria-label={`${severityNames[f.severity].one} ${f.code} at ${f.cell}${exception ? ", group exception row" : ""}: ${f.message}`}
              className={mergeClasses(styles.row, styles.finding, current && styles.current)}
              onClick={() => onSelect(f)}
              data-kind="finding"
              data-finding-id={f.id}
              data-current={current ? "true" : undefined}
            >
              <FindingContent
                finding={f}
                current={current}
                exception={exception}
                fixAllCount={fixAll}
                buttonsTabbable={tabStop}
                onFix={props.onFix}
                onFixAll={props.onFixAll}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
};

interface FindingContentProps {
  finding: Finding;
  current: boolean;
  exception: boolean;
  fixAllCount: number;
  buttonsTabbable: boolean;
  onFix: (f: Finding) => void;
  onFixAll: (f: Finding) => void;
}

const FindingContent = React.memo(function FindingContent({
  finding: f,
  current,
  exception,
  fixAllCount,
  buttonsTabbable,
  onFix,
  onFixAll,
}: FindingContentProps) {
  const styles = useStyles();
  const stop = (e: React.SyntheticEvent) => e.stopPropagation();
  return (
    <>
      <div className={styles.line}>
        <SeverityIcon severity={f.severity} label={severityNames[f.severity].one} />
        <Text className={styles.cell}>{f.cell}</Text>
        <Text className={styles.code}>{f.code}</Text>
        <BasisBadge basis={f.basis} />
        {exception && <GroupExceptionBadge />}
        {current && <Caption1 className={styles.currentMark}>Current</Caption1>}
      </div>
      <Text>{f.message}</Text>
      <Caption1 className={styles.secondary}>
        <Text weight="semibold" size={200}>
          How to fix:
        </Text>{" "}
        {f.hint}
      </Caption1>
      <Caption1 className={styles.secondary}>
        {ruleTitle(f.code)} · {ruleClause(f.code)}
      </Caption1>
      {f.fixValue !== undefined && (
        <div className={styles.fixes}>
          <Button
            size="small"
            icon={<Wrench20Regular />}
            tabIndex={buttonsTabbable ? 0 : -1}
            onClick={(e) => {
              stop(e);
              onFix(f);
            }}
            aria-label={`Fix ${f.cell}: write ${f.fixValue}`}
          >
            Fix
          </Button>
          <Button
            size="small"
            tabIndex={buttonsTabbable ? 0 : -1}
            onClick={(e) => {
              stop(e);
              onFixAll(f);
            }}
            aria-label={`Fix all like this: ${plural(fixAllCount, "cell")} with ${f.code} in column ${f.column}`}
          >
            Fix all like this ({fixAllCount.toLocaleString("en-GB")})
          </Button>
        </div>
      )}
    </>
  );
});
