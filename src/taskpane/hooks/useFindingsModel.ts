/**
 * The findings list the pane shows, from the workbench's findings and the user's view settings:
 * filtered, grouped (or ranked by a search), laid out as rows for the virtual list, and the facts the
 * rows need. The list follows a deferred copy of the view, so typing in the search box or
 * changing a filter answers at once and the list catches up as soon as it can.
 */
import * as React from "react";
import type { Finding } from "../../domain/types";
import { parseQuery, prepareSearchText, searchFindings } from "../findingSearch";
import {
  filterFindings,
  findingFacts,
  flattenParts,
  flattenRows,
  groupFindings,
  type FindingFacts,
  type FindingsViewState,
} from "../findingsView";
import type { RowList } from "../rowList";

export interface FindingsModel {
  /** Every shown finding in display order (exact search matches first). */
  readonly ordered: readonly Finding[];
  /** The rows of the list: headers and the findings shown under them. */
  readonly list: RowList;
  readonly shown: number;
  readonly exceptionRows: FindingFacts["exceptionRows"];
  readonly codes: FindingFacts["codes"];
  readonly fixCounts: FindingFacts["fixCounts"];
  /** True while searching: the list is ranked results, not groups. */
  readonly searching: boolean;
  /** Names the view the list shows (search, filters, grouping) as it is rendered now. */
  readonly viewKey: string;
}

export function useFindingsModel(
  current: readonly Finding[],
  view: FindingsViewState
): FindingsModel {
  // The findings themselves are not deferred: the walk and the focus after a fix must see the
  // list as it is (the Workbench gives a big change a task of its own).
  const findings = current;
  const v = React.useDeferredValue(view);
  const filtered = React.useMemo(
    () => filterFindings(findings, { code: v.code, onlyErrors: v.onlyErrors, search: "" }),
    [findings, v.code, v.onlyErrors]
  );
  const grouped = React.useMemo(() => groupFindings(filtered, v.groupBy), [filtered, v.groupBy]);
  useSearchWarmup(grouped.ordered);
  const query = React.useMemo(() => parseQuery(v.search), [v.search]);
  const result = React.useMemo(
    () => (query.kind === "none" ? null : searchFindings(grouped.ordered, query)),
    [grouped, query]
  );
  const list = React.useMemo(
    () =>
      result
        ? flattenParts([
            { key: "h:exact", label: result.exactLabel ?? "", findings: result.exact },
            { key: "h:others", label: "Other matches", findings: result.others },
          ])
        : flattenRows(grouped, v.collapsed),
    [result, grouped, v.collapsed]
  );
  const ordered = React.useMemo(
    () => (result ? result.exact.concat(result.others) : grouped.ordered),
    [result, grouped]
  );
  const facts = React.useMemo(() => findingFacts(findings), [findings]);
  return {
    ordered,
    list,
    shown: ordered.length,
    ...facts,
    searching: result !== null,
    viewKey: `${v.search}|${v.code}|${v.onlyErrors}|${v.groupBy}`,
  };
}

/** Slices of search text made while the pane is idle, so the first keystroke only compares. */
const WARMUP_SLICE = 5_000;

function useSearchWarmup(findings: readonly Finding[]): void {
  React.useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const slice = (from: number) => {
      const next = prepareSearchText(findings, from, WARMUP_SLICE);
      timer = next < findings.length ? setTimeout(() => slice(next), 0) : null;
    };
    timer = setTimeout(() => slice(0), 0);
    return () => {
      if (timer !== null) clearTimeout(timer);
    };
  }, [findings]);
}
