/**
 * The Findings | Parties | Export tabs and their panels, once a sheet is being checked. The tab
 * names no count until the first full check is done (never "Findings (0)" while checking).
 */
import * as React from "react";
import { makeStyles, Tab, TabList, tokens } from "@fluentui/react-components";
import type { Workbench, WorkbenchState } from "../../app/workbench";
import { parseDccUserId } from "../../domain/dccUserId";
import type { Finding } from "../../domain/types";
import type { HostPlatform } from "../../host/hostApi";
import type { FindingsViewState } from "../findingsView";
import type { FindingsModel } from "../hooks/useFindingsModel";
import type { Fixes } from "../hooks/useFixes";
import type { PaneTab } from "../hooks/usePaneTab";
import type { Walkthrough } from "../hooks/useWalkthrough";
import { partiesView } from "../partiesView";
import { ExportTab } from "./ExportTab";
import { FindingsTab } from "./FindingsTab";
import { PartiesPanel } from "./PartiesPanel";

const useStyles = makeStyles({
  tabs: {
    flexWrap: "wrap",
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  panel: { display: "flex", flexDirection: "column", flexGrow: 1, minHeight: 0, overflowY: "auto" },
});

export interface PaneTabsProps {
  workbench: Workbench;
  state: WorkbenchState;
  platform: HostPlatform;
  tab: PaneTab;
  showTab: (tab: PaneTab, focus?: boolean) => void;
  view: FindingsViewState;
  setView: React.Dispatch<React.SetStateAction<FindingsViewState>>;
  includeInfo: boolean;
  setIncludeInfo: (on: boolean) => void;
  model: FindingsModel;
  current: Finding | null;
  walk: Walkthrough;
  fixes: Fixes;
  focusSeq: number;
  go: (f: Finding) => void;
}

export const PaneTabs: React.FC<PaneTabsProps> = (props) => {
  const styles = useStyles();
  const { state, workbench, tab } = props;
  const euidRef = React.useRef<HTMLInputElement>(null);
  const checked = state.phase === "ready";
  const validSubmitter = React.useMemo(() => {
    const parsed = parseDccUserId(state.submitter, { testWorkbook: state.testWorkbook });
    return parsed.ok ? parsed.canonical : null;
  }, [state.submitter, state.testWorkbook]);
  const parties = React.useMemo(
    () =>
      tab === "parties" ? partiesView(workbench.parties(), state.findings, validSubmitter) : null,
    // The engine's rows move with state.rows and findings; recompute when either changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [tab, state.findings, state.rows, validSubmitter, workbench]
  );
  const enterEuid = () => {
    props.showTab("export");
    setTimeout(() => euidRef.current?.focus(), 0);
  };
  const showFindings = (patch: Partial<FindingsViewState>) => {
    props.setView((v) => ({ ...v, code: null, onlyErrors: false, search: "", ...patch }));
    props.showTab("findings", true);
  };
  const n = state.findings.length.toLocaleString("en-GB");
  return (
    <>
      <TabList
        className={styles.tabs}
        size="small"
        selectedValue={tab}
        onTabSelect={(_, d) => props.showTab(d.value as PaneTab, true)}
        aria-label="Views"
      >
        <Tab id="tab-findings" value="findings">
          {checked ? `Findings (${n})` : "Findings"}
        </Tab>
        <Tab id="tab-parties" value="parties">
          Parties
        </Tab>
        <Tab id="tab-export" value="export">
          Export
        </Tab>
      </TabList>
      <div className={styles.panel} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "findings" && (
          <FindingsTab
            {...props}
            checked={checked}
            submitterMissing={validSubmitter === null}
            onEnterEuid={enterEuid}
          />
        )}
        {tab === "parties" && parties && (
          <PartiesPanel
            view={parties}
            submitter={validSubmitter}
            onShowCode={(code) => showFindings({ code })}
          />
        )}
        {tab === "export" && (
          <ExportTab
            workbench={workbench}
            state={state}
            platform={props.platform}
            euidRef={euidRef}
            onShowErrors={() => showFindings({ onlyErrors: true })}
          />
        )}
      </div>
    </>
  );
};
