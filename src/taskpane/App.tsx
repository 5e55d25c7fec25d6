/**
 * The task pane. `App` takes a Workbench (the controller; no Office calls here) and renders its
 * state with Fluent UI v9. The Office host is wired in index.tsx only. Pane holds the state the
 * panels share; the hooks hold the behaviour and the components the markup.
 */
import * as React from "react";
import {
  AriaLiveAnnouncer,
  FluentProvider,
  makeStyles,
  PortalMountNodeProvider,
  tokens,
  useAnnounce,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";
import type { Workbench } from "../app/workbench";
import type { Finding } from "../domain/types";
import type { HostPlatform } from "../host/hostApi";
import { countsText, initialView, revealIn, type FindingsViewState } from "./findingsView";
import { useCountsAnnouncement } from "./hooks/useCountsAnnouncement";
import { useFindingsModel } from "./hooks/useFindingsModel";
import { useFixes } from "./hooks/useFixes";
import { useNotice } from "./hooks/useNotice";
import { usePaneTab } from "./hooks/usePaneTab";
import { useShare } from "./hooks/useShare";
import { useWalkthrough } from "./hooks/useWalkthrough";
import { useWorkbenchState } from "./hooks/useWorkbench";
import { AboutDialog } from "./components/AboutDialog";
import { ConfirmFixDialog } from "./components/ConfirmFixDialog";
import { CopyFallback } from "./components/CopyFallback";
import { NoticeBar } from "./components/NoticeBar";
import { PaneHeader } from "./components/PaneHeader";
import { PaneMenu } from "./components/PaneMenu";
import { PaneTabs } from "./components/PaneTabs";
import { PhaseBody } from "./components/PhaseBody";
import { SelfTestDialog, SelfTestMenuItem } from "./components/SelfTestDialog";

export { ANNOUNCE_DELAY_MS } from "./hooks/useCountsAnnouncement";
export type { PaneTab } from "./hooks/usePaneTab";

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
});

export interface AppProps {
  workbench: Workbench;
  /** The Office host platform; "Mac" turns on the download fallback advice. */
  platform?: HostPlatform;
  /** Fluent theme (index.tsx picks it from Office's theme or the system's); light by default. */
  theme?: Theme;
  /** The add-in's version (About). */
  version?: string;
}

export const App: React.FC<AppProps> = ({
  workbench,
  platform = "Unknown",
  theme = webLightTheme,
  version = "",
}) => (
  <FluentProvider theme={theme} style={providerStyle}>
    <AriaLiveAnnouncer>
      <Pane workbench={workbench} platform={platform} version={version} />
    </AriaLiveAnnouncer>
  </FluentProvider>
);

const Pane: React.FC<{ workbench: Workbench; platform: HostPlatform; version: string }> = ({
  workbench,
  platform,
  version,
}) => {
  const styles = useStyles();
  const state = useWorkbenchState(workbench);
  const { announce: say } = useAnnounce();
  const announce = React.useCallback((text: string) => say(text), [say]);
  const [tab, showTab] = usePaneTab();
  const [view, setView] = React.useState<FindingsViewState>(initialView);
  const [includeInfo, setIncludeInfo] = React.useState(false);
  const [focusSeq, setFocusSeq] = React.useState(0);
  const [about, setAbout] = React.useState(false);
  const [selfTest, setSelfTest] = React.useState(false);
  const [portal, setPortal] = React.useState<HTMLDivElement | null>(null);
  const model = useFindingsModel(state.findings, view);
  const current = React.useMemo(
    () => (state.currentId ? (state.findings.find((f) => f.id === state.currentId) ?? null) : null),
    [state.findings, state.currentId]
  );
  const go = React.useCallback(
    (f: Finding) => {
      setView((v) => ({ ...v, collapsed: revealIn(v.collapsed, f, v.groupBy) }));
      void workbench.select(f);
    },
    [workbench]
  );
  const walk = useWalkthrough(
    model.ordered,
    current,
    includeInfo,
    (f) => {
      showTab("findings");
      go(f);
    },
    announce
  );
  const fixes = useFixes(workbench, walk, model.fixCounts, (f) => {
    go(f);
    setFocusSeq((n) => n + 1);
  });
  const share = useShare(workbench, model.ordered, announce);
  const dismiss = React.useCallback((id: number) => workbench.dismissNotice(id), [workbench]);
  const notice = useNotice(state.notice, tab, dismiss);
  useCountsAnnouncement(countsText(state.summary), state.phase, announce);
  const checked = state.phase === "ready";
  const menu = (
    <PaneMenu
      live={state.live}
      highlighting={state.highlighting}
      shown={model.shown}
      checked={checked}
      onRecheck={() => void workbench.recheck()}
      onLiveChange={(on) => void workbench.setLive(on)}
      onHighlightingChange={(on) => void workbench.setHighlighting(on)}
      onCopySummary={() => void share.copySummary()}
      onCopyFindings={() => void share.copyFindings()}
      onWriteSheet={() => void share.writeSheet()}
      onAbout={() => setAbout(true)}
      extra={<SelfTestMenuItem onClick={() => setSelfTest(true)} />}
    />
  );
  return (
    <main
      className={styles.root}
      aria-label="MAM Workbench"
      aria-busy={state.busy}
      data-testid="pane"
      data-phase={state.phase}
    >
      <PortalMountNodeProvider value={portal ?? undefined}>
        <PaneHeader state={state} menu={menu} />
        <NoticeBar notice={notice} onDismiss={() => notice && dismiss(notice.id)} />
        {share.fallback && <CopyFallback fallback={share.fallback} onDone={share.closeFallback} />}
        <div className={styles.body}>
          {state.phase === "ready" || state.phase === "scanning" ? (
            <PaneTabs
              workbench={workbench}
              state={state}
              platform={platform}
              tab={tab}
              showTab={showTab}
              view={view}
              setView={setView}
              includeInfo={includeInfo}
              setIncludeInfo={setIncludeInfo}
              model={model}
              current={current}
              walk={walk}
              fixes={fixes}
              focusSeq={focusSeq}
              go={go}
            />
          ) : (
            <PhaseBody
              state={state}
              onChoose={(name) => void workbench.chooseSheet(name)}
              onRetry={() => void workbench.recheck()}
            />
          )}
        </div>
      </PortalMountNodeProvider>
      <div ref={setPortal} />
      <ConfirmFixDialog
        finding={fixes.confirming}
        count={fixes.confirming ? workbench.likeThis(fixes.confirming).length : 0}
        onConfirm={fixes.confirm}
        onCancel={fixes.cancel}
      />
      <AboutDialog open={about} version={version} onClose={() => setAbout(false)} />
      <SelfTestDialog
        open={selfTest}
        onRun={() => workbench.runSelfTest()}
        onClose={() => setSelfTest(false)}
      />
    </main>
  );
};
