/**
 * The findings list the pane shows, from the workbench's findings and the user's view settings:
 * filtered, grouped (or ranked by a search), flattened for the virtual list, and the facts the
 * rows need. The list follows a deferred copy of the view, so typing in the search box or
 * changing a filter answers at once and the list catches up as soon as it can.
 */
import * as React from "react";
import type { Finding } from "../../domain/types";
import { parseQuery, searchFindings } from "../findingSearch";
import {
  codesPresent,
  filterFindings,
  fixableCounts,
  flattenParts,
  flattenRows,
  groupExceptionRows,
  groupFindings,
  type FindingsViewState,
  type FlatList,
} from "../findingsView";

export interface FindingsModel {
  /** Every shown finding in display order (exact search matches first). */
  readonly ordered: readonly Finding[];
  readonly flat: FlatList;
  readonly shown: number;
  readonly exceptionRows: ReadonlySet<number>;
  readonly codes: ReturnType<typeof codesPresent>;
  readonly fixCounts: ReadonlyMap<string, number>;
  /** True while searching: the list is ranked results, not groups. */
  readonly searching: boolean;
  /** Names the view the list shows (search, filters, grouping) as it is rendered now. */
  readonly viewKey: string;
}

export function useFindingsModel(
  findings: readonly Finding[],
  view: FindingsViewState
): FindingsModel {
  const v = React.useDeferredValue(view);
  const filtered = React.useMemo(
    () => filterFindings(findings, { code: v.code, onlyErrors: v.onlyErrors, search: "" }),
    [findings, v.code, v.onlyErrors]
  );
  const grouped = React.useMemo(() => groupFindings(filtered, v.groupBy), [filtered, v.groupBy]);
  const query = React.useMemo(() => parseQuery(v.search), [v.search]);
  const result = React.useMemo(
    () => (query.kind === "none" ? null : searchFindings(grouped.ordered, query)),
    [grouped, query]
  );
  const flat = React.useMemo(
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
    () => (result ? [...result.exact, ...result.others] : grouped.ordered),
    [result, grouped]
  );
  const exceptionRows = React.useMemo(() => groupExceptionRows(findings), [findings]);
  const codes = React.useMemo(() => codesPresent(findings), [findings]);
  const fixCounts = React.useMemo(() => fixableCounts(findings), [findings]);
  return {
    ordered,
    flat,
    shown: ordered.length,
    exceptionRows,
    codes,
    fixCounts,
    searching: result !== null,
    viewKey: `${v.search}|${v.code}|${v.onlyErrors}|${v.groupBy}`,
  };
}
