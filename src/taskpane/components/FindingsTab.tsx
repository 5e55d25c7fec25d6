/** The Findings tab wired to the pane's state: the toolbar and filters, the list, the walk panel, the EUID banner. */
import * as React from "react";
import { likeThisKey, type FindingsViewState } from "../findingsView";
import type { PaneTabsProps } from "./PaneTabs";
import { EuidBanner } from "./EuidBanner";
import { FilterOptions } from "./FilterOptions";
import { FindingsPanel } from "./FindingsPanel";
import { FindingsToolbar } from "./FindingsToolbar";
import { WalkPanel } from "./WalkPanel";

export interface FindingsTabProps extends PaneTabsProps {
  checked: boolean;
  submitterMissing: boolean;
  onEnterEuid: () => void;
}

export const FindingsTab: React.FC<FindingsTabProps> = (p) => {
  const { view, model, current, state } = p;
  const [filtersOpen, setFiltersOpen] = React.useState(false);
  const patch = (x: Partial<FindingsViewState>) => p.setView((v) => ({ ...v, ...x }));
  const { setView } = p;
  // Stable, so the (memoised) list is not drawn again on each keystroke in the search box.
  const toggle = React.useCallback(
    (key: string) =>
      setView((v) => {
        const collapsed = new Set(v.collapsed);
        if (!collapsed.delete(key)) collapsed.add(key);
        return { ...v, collapsed };
      }),
    [setView]
  );
  const active =
    (view.code ? 1 : 0) +
    (view.onlyErrors ? 1 : 0) +
    (p.includeInfo ? 1 : 0) +
    (view.groupBy === "row" ? 1 : 0);
  const selected = state.selectedCell;
  const here = selected ? p.workbench.findingsAt(selected) : [];
  const selectionNote =
    selected && current?.cell !== selected
      ? here.length === 0
        ? `No finding in ${selected}`
        : `${selected}: ${here.length} findings`
      : null;
  const toolbar = (
    <FindingsToolbar
      search={view.search}
      activeFilters={active}
      filtersOpen={filtersOpen}
      shown={model.shown}
      total={state.findings.length}
      onSearchChange={(search) => patch({ search })}
      onGoTo={(cell) => void p.workbench.goTo(cell)}
      onFiltersOpenChange={setFiltersOpen}
    >
      <FilterOptions
        groupBy={view.groupBy}
        code={view.code}
        onlyErrors={view.onlyErrors}
        includeInfo={p.includeInfo}
        codes={model.codes}
        onGroupByChange={(groupBy) => patch({ groupBy })}
        onCodeChange={(code) => patch({ code })}
        onOnlyErrorsChange={(onlyErrors) => patch({ onlyErrors })}
        onIncludeInfoChange={p.setIncludeInfo}
      />
    </FindingsToolbar>
  );
  const walk = p.checked && (
    <WalkPanel
      finding={current}
      position={p.walk.position}
      total={p.walk.list.length}
      groupException={current !== null && model.exceptionRows.has(current.row)}
      fixAllCount={
        current?.fixValue !== undefined ? (model.fixCounts.get(likeThisKey(current)) ?? 1) : 0
      }
      undoDepth={state.undoDepth}
      selectionNote={selectionNote}
      onStep={p.walk.step}
      onFix={p.fixes.fix}
      onFixAll={p.fixes.fixAll}
      onUndo={p.fixes.undo}
    />
  );
  return (
    <FindingsPanel
      model={model}
      total={state.findings.length}
      checked={p.checked}
      currentId={state.currentId}
      focusSeq={p.focusSeq}
      viewKey={model.viewKey}
      label={
        model.searching ? "Search results" : `Findings grouped by severity, then by ${view.groupBy}`
      }
      onSelect={p.go}
      onToggle={toggle}
      onClearFilters={() => patch({ code: null, onlyErrors: false, search: "" })}
      toolbar={toolbar}
      walk={walk}
      banner={p.checked && p.submitterMissing && <EuidBanner onEnter={p.onEnterEuid} />}
    />
  );
};
