/**
 * The task pane. `App` takes a Workbench (the controller; no Office calls here) and renders its
 * state with Fluent UI v9: the header, the sheet chooser, and the Findings | Parties | Export tabs.
 * The Office host is wired in index.tsx only.
 */
import * as React from "react";
import {
  AriaLiveAnnouncer,
  Body1,
  Button,
  Field,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Tab,
  TabList,
  Textarea,
  tokens,
  useAnnounce,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";
import type { ExportReady, Workbench } from "../app/workbench";
import { catalogue } from "../domain/catalogue";
import { parseDccUserId } from "../domain/dccUserId";
import type { Finding } from "../domain/types";
import type { HostPlatform } from "../host/hostApi";
import { copyText } from "./browser";
import {
  codesPresent,
  countsText,
  filterFindings,
  fixableCounts,
  flattenRows,
  groupExceptionRows,
  groupFindings,
  initialView,
  likeThisKey,
  plural,
  revealIn,
  type FindingsViewState,
  type GroupBy,
} from "./findingsView";
import { partiesView } from "./partiesView";
import { useWorkbenchState } from "./useWorkbench";
import { ExportPanel } from "./components/ExportPanel";
import { FindingDetail } from "./components/FindingDetail";
import { FindingsToolbar } from "./components/FindingsToolbar";
import { FindingsTree } from "./components/FindingsTree";
import { HeaderBar } from "./components/HeaderBar";
import { NoticeBar } from "./components/NoticeBar";
import { PartiesPanel } from "./components/PartiesPanel";
import { SelfTestPanel } from "./components/SelfTestPanel";
import { NoSheetMessage, SheetChooser } from "./components/SheetChooser";

/**
 * The provider's height goes in `style`, not a class: FluentProvider copies its className onto every
 * portal mount node (tooltips), and a full-height class there covers the pane with empty layers.
 */
const providerStyle: React.CSSProperties = { height: "100%" };

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    height: "100%",
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  body: { display: "flex", flexDirection: "column", flexGrow: 1, minHeight: 0 },
  tabs: {
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  panel: { display: "flex", flexDirection: "column", flexGrow: 1, minHeight: 0, overflowY: "auto" },
  centered: { padding: tokens.spacingHorizontalL },
  empty: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
  },
  helpdesk: { padding: `0 ${tokens.spacingHorizontalM}` },
});

export type PaneTab = "findings" | "parties" | "export";

/** Counts are announced this long after they stop changing (typing bursts announce once). */
export const ANNOUNCE_DELAY_MS = 800;

export interface AppProps {
  workbench: Workbench;
  /** The Office host platform; "Mac" turns on the download fallback advice. */
  platform?: HostPlatform;
  /** Fluent theme (index.tsx picks it from Office's theme); light by default. */
  theme?: Theme;
}

export const App: React.FC<AppProps> = ({
  workbench,
  platform = "Unknown",
  theme = webLightTheme,
}) => {
  return (
    <FluentProvider theme={theme} style={providerStyle}>
      <AriaLiveAnnouncer>
        <Pane workbench={workbench} platform={platform} />
      </AriaLiveAnnouncer>
    </FluentProvider>
  );
};

interface PaneProps {
  workbench: Workbench;
  platform: HostPlatform;
}

const Pane: React.FC<PaneProps> = ({ workbench, platform }) => {
  const styles = useStyles();
  const state = useWorkbenchState(workbench);
  const { announce } = useAnnounce();
  const [tab, setTab] = React.useState<PaneTab>("findings");
  const [view, setView] = React.useState<FindingsViewState>(initialView);
  const patchView = React.useCallback(
    (patch: Partial<FindingsViewState>) => setView((v) => ({ ...v, ...patch })),
    []
  );

  // ---------------------------------------------------------------- the findings model (memoised on state.findings)
  const findings = state.findings;
  const search = React.useDeferredValue(view.search);
  const filtered = React.useMemo(
    () => filterFindings(findings, { code: view.code, onlyErrors: view.onlyErrors, search }),
    [findings, view.code, view.onlyErrors, search]
  );
  const grouped = React.useMemo(
    () => groupFindings(filtered, view.groupBy),
    [filtered, view.groupBy]
  );
  const flat = React.useMemo(() => flattenRows(grouped, view.collapsed), [grouped, view.collapsed]);
  const exceptionRows = React.useMemo(() => groupExceptionRows(findings), [findings]);
  const codes = React.useMemo(() => codesPresent(findings), [findings]);
  const fixCounts = React.useMemo(() => fixableCounts(findings), [findings]);
  const current = React.useMemo(
    () => (state.currentId ? (findings.find((f) => f.id === state.currentId) ?? null) : null),
    [findings, state.currentId]
  );
  const position = current ? grouped.indexOf.get(current.id) : undefined;

  // ---------------------------------------------------------------- actions
  const select = React.useCallback(
    (f: Finding) => {
      setView((v) => {
        const collapsed = revealIn(v.collapsed, f, v.groupBy);
        return collapsed === v.collapsed ? v : { ...v, collapsed };
      });
      void workbench.select(f);
    },
    [workbench]
  );
  const toggle = React.useCallback(
    (key: string) =>
      setView((v) => {
        const collapsed = new Set(v.collapsed);
        if (!collapsed.delete(key)) collapsed.add(key);
        return { ...v, collapsed };
      }),
    []
  );
  const fix = React.useCallback((f: Finding) => void workbench.fix([f]), [workbench]);
  const fixAll = React.useCallback(
    (f: Finding) => void workbench.fix(workbench.likeThis(f)),
    [workbench]
  );
  const undo = React.useCallback(() => void workbench.undoLastFix(), [workbench]);

  /** The walk-through: steps through the filtered list in display order. */
  const walk = (step: 1 | -1) => {
    const list = grouped.ordered;
    if (list.length === 0) {
      announce("No findings to walk through.");
      return;
    }
    const at = position === undefined ? (step > 0 ? 0 : list.length - 1) : position + step;
    if (at < 0 || at >= list.length) {
      announce(
        step > 0
          ? `That was the last of ${plural(list.length, "finding")}.`
          : "That was the first finding."
      );
      return;
    }
    const f = list[at];
    setTab("findings");
    select(f);
    announce(`Finding ${at + 1} of ${list.length}: ${f.code} at ${f.cell}. ${f.message}`, {
      batchId: "walk",
    });
  };
  // The key handler below is registered once and calls the latest walk through this ref.
  const walkRef = React.useRef(walk);
  React.useLayoutEffect(() => {
    walkRef.current = walk;
  });

  // F8 / Shift+F8 and Alt+Down / Alt+Up anywhere in the pane.
  React.useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey) return;
      const f8 = e.key === "F8" && !e.altKey;
      const altArrow = e.altKey && !e.shiftKey && (e.key === "ArrowDown" || e.key === "ArrowUp");
      if (!f8 && !altArrow) return;
      // Alt+Down opens a drop-down list: leave it to the list.
      if (altArrow && e.target instanceof HTMLSelectElement) return;
      e.preventDefault();
      walkRef.current(f8 ? (e.shiftKey ? -1 : 1) : e.key === "ArrowDown" ? 1 : -1);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // Counts are announced when they change (after a pause), once the sheet is checked.
  const counts = countsText(state.summary);
  const announced = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (state.phase !== "ready" || announced.current === counts) return;
    const timer = setTimeout(() => {
      announced.current = counts;
      announce(counts, { batchId: "counts" });
    }, ANNOUNCE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [counts, state.phase, announce]);

  // ---------------------------------------------------------------- helpdesk copy
  const [helpdesk, setHelpdesk] = React.useState<{ status: string; text: string | null } | null>(
    null
  );
  const copyHelpdesk = async () => {
    const text = workbench.helpdeskText();
    const ok = await copyText(text);
    const status = ok
      ? "Summary copied to the clipboard: paste it into your email or chat with the helpdesk."
      : "The clipboard was refused. Select the summary below and copy it (Ctrl+C, or ⌘C on a Mac).";
    setHelpdesk({ status, text: ok ? null : text });
    announce(status);
  };

  // ---------------------------------------------------------------- parties (computed only while shown)
  const validSubmitter = React.useMemo(() => {
    const parsed = parseDccUserId(state.submitter, { testWorkbook: state.testWorkbook });
    return parsed.ok ? parsed.canonical : null;
  }, [state.submitter, state.testWorkbook]);
  const parties = React.useMemo(
    () => (tab === "parties" ? partiesView(workbench.parties(), findings, validSubmitter) : null),
    // The engine's rows move with state.rows and findings; recompute when either changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [tab, findings, state.rows, validSubmitter, workbench]
  );

  const showCode = React.useCallback((code: string) => {
    setView((v) => ({ ...v, code, onlyErrors: false, search: "" }));
    setTab("findings");
  }, []);
  const showErrors = React.useCallback(() => {
    setView((v) => ({ ...v, code: null, onlyErrors: true, search: "" }));
    setTab("findings");
  }, []);
  const setSubmitter = React.useCallback(
    (text: string) => void workbench.setSubmitter(text),
    [workbench]
  );
  const setDco = React.useCallback((text: string) => void workbench.setDco(text), [workbench]);
  const setTest = React.useCallback(
    (on: boolean) => void workbench.setTestWorkbook(on),
    [workbench]
  );
  // A new function when the test flag changes, so the export panel validates the EUID again.
  const testWorkbook = state.testWorkbook;
  const submitterProblem = React.useCallback(
    (text: string) => workbench.submitterProblem(text, testWorkbook),
    [workbench, testWorkbook]
  );
  const dcoProblem = React.useCallback((text: string) => workbench.dcoProblem(text), [workbench]);
  const prepareExport = React.useCallback(
    (accepted: boolean) => workbench.prepareExport(accepted),
    [workbench]
  );
  const writeToSheet = React.useCallback(
    (file: ExportReady) => workbench.writeFileToSheet(file),
    [workbench]
  );

  // ---------------------------------------------------------------- render
  const busy = state.phase === "starting" || state.phase === "scanning";
  const header = (
    <HeaderBar
      sheet={state.sheet}
      rows={state.rows}
      summary={state.summary}
      progress={state.progress}
      busy={busy}
      live={state.live}
      highlighting={state.highlighting}
      onRecheck={() => void workbench.recheck()}
      onLiveChange={(on) => void workbench.setLive(on)}
      onHighlightingChange={(on) => void workbench.setHighlighting(on)}
      onCopyHelpdesk={() => void copyHelpdesk()}
      helpdeskStatus={helpdesk?.status ?? null}
    />
  );

  let body: React.ReactNode;
  switch (state.phase) {
    case "starting":
      body = (
        <Spinner
          className={styles.centered}
          label="Looking for the Migration Authorisation sheet…"
        />
      );
      break;
    case "choosingSheet":
      body = (
        <SheetChooser
          candidates={state.candidates}
          onChoose={(name) => void workbench.chooseSheet(name)}
        />
      );
      break;
    case "noSheet":
      body = (
        <NoSheetMessage
          sheets={state.candidates}
          expectedHeaders={catalogue.profile.columns.map((c) => c.header)}
          onRecheck={() => void workbench.recheck()}
        />
      );
      break;
    case "failed":
      body = (
        <MessageBar intent="error" className={styles.centered}>
          <MessageBarBody>
            <MessageBarTitle>The workbook could not be checked</MessageBarTitle>
            Use Re-check workbook to try again.
          </MessageBarBody>
        </MessageBar>
      );
      break;
    default:
      body = (
        <>
          <TabList
            className={styles.tabs}
            selectedValue={tab}
            onTabSelect={(_, d) => setTab(d.value as PaneTab)}
            aria-label="Views"
          >
            <Tab id="tab-findings" value="findings">
              Findings ({findings.length.toLocaleString("en-GB")})
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
              <>
                <FindingsToolbar
                  groupBy={view.groupBy}
                  code={view.code}
                  onlyErrors={view.onlyErrors}
                  search={view.search}
                  codes={codes}
                  shown={filtered.length}
                  total={findings.length}
                  onGroupByChange={(groupBy: GroupBy) => patchView({ groupBy })}
                  onCodeChange={(code) => patchView({ code })}
                  onOnlyErrorsChange={(onlyErrors) => patchView({ onlyErrors })}
                  onSearchChange={(text) => patchView({ search: text })}
                />
                <FindingDetail
                  finding={current}
                  position={position === undefined ? null : position + 1}
                  total={grouped.ordered.length}
                  groupException={current !== null && exceptionRows.has(current.row)}
                  fixAllCount={
                    current?.fixValue !== undefined ? (fixCounts.get(likeThisKey(current)) ?? 1) : 0
                  }
                  undoDepth={state.undoDepth}
                  onPrevious={() => walk(-1)}
                  onNext={() => walk(1)}
                  onFix={fix}
                  onFixAll={fixAll}
                  onUndo={undo}
                />
                {flat.rows.length > 0 ? (
                  <FindingsTree
                    rows={flat.rows}
                    rowOf={flat.rowOf}
                    groupBy={view.groupBy}
                    currentId={state.currentId}
                    groupExceptionRows={exceptionRows}
                    fixAllCounts={fixCounts}
                    onSelect={select}
                    onToggle={toggle}
                    onFix={fix}
                    onFixAll={fixAll}
                    label={`Findings grouped by severity, then by ${view.groupBy}`}
                  />
                ) : (
                  <div className={styles.empty} data-testid="no-findings">
                    {findings.length === 0 ? (
                      <Body1>
                        {state.phase === "ready"
                          ? "No findings: every row passes every rule."
                          : "Checking…"}
                      </Body1>
                    ) : (
                      <>
                        <Body1>No findings match the filter.</Body1>
                        <Button
                          onClick={() => patchView({ code: null, onlyErrors: false, search: "" })}
                        >
                          Clear filters
                        </Button>
                      </>
                    )}
                  </div>
                )}
              </>
            )}
            {tab === "parties" && parties && (
              <PartiesPanel view={parties} submitter={validSubmitter} onShowCode={showCode} />
            )}
            {tab === "export" && (
              <ExportPanel
                phase={state.phase}
                summary={state.summary}
                findings={findings}
                submitter={state.submitter}
                dco={state.dco}
                testWorkbook={state.testWorkbook}
                platform={platform}
                submitterProblem={submitterProblem}
                dcoProblem={dcoProblem}
                onSubmitterChange={setSubmitter}
                onDcoChange={setDco}
                onTestWorkbookChange={setTest}
                onExport={prepareExport}
                onWriteToSheet={writeToSheet}
                onShowErrors={showErrors}
              />
            )}
          </div>
        </>
      );
  }

  return (
    <main
      className={styles.root}
      aria-label="MAM Workbench"
      aria-busy={state.busy}
      data-testid="pane"
      data-phase={state.phase}
    >
      <NoticeBar notice={state.notice} onDismiss={() => workbench.dismissNotice()} />
      {header}
      {helpdesk?.text && (
        <div className={styles.helpdesk}>
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>Copy this summary by hand:</MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => setHelpdesk(null)}>Done</Button>
            </MessageBarActions>
          </MessageBar>
          <Field label="Summary for the helpdesk">
            <Textarea readOnly value={helpdesk.text} rows={8} resize="vertical" />
          </Field>
        </div>
      )}
      <div className={styles.body}>{body}</div>
      <SelfTestPanel onRun={() => workbench.runSelfTest()} />
    </main>
  );
};
