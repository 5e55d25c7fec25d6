/**
 * The top of the pane, kept to two lines so the findings get the room: the sheet checked with the
 * overflow menu, then the counts — or, until the first full check is done, "Checking… 4,000 of
 * 20,000 rows" (never "0 errors" while the sheet is still being read), and any work's progress.
 */
import * as React from "react";
import { Caption1, makeStyles, ProgressBar, Subtitle2, tokens } from "@fluentui/react-components";
import type { WorkbenchState } from "../../app/workbench";
import { plural } from "../findingsView";
import { SeverityCounts } from "./SeverityCounts";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  title: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  h1: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" },
  status: { color: tokens.colorNeutralForeground2 },
});

export interface PaneHeaderProps {
  state: Pick<WorkbenchState, "phase" | "sheet" | "rows" | "summary" | "progress" | "busy">;
  /** The overflow menu (actions and settings). */
  menu: React.ReactNode;
}

export const PaneHeader: React.FC<PaneHeaderProps> = ({ state, menu }) => {
  const styles = useStyles();
  const { progress, phase } = state;
  const checking = phase === "starting" || phase === "scanning";
  return (
    <header className={styles.root} aria-label="Workbook check">
      <div className={styles.title}>
        <Subtitle2 as="h1" className={styles.h1}>
          {state.sheet ? `Sheet: ${state.sheet}` : "MAM Workbench"}
        </Subtitle2>
        {menu}
      </div>
      {checking ? (
        <Caption1 className={styles.status} data-testid="checking">
          {checkingText(progress)}
        </Caption1>
      ) : phase === "ready" ? (
        <SeverityCounts summary={state.summary} rows={plural(state.rows, "row")} />
      ) : null}
      {progress && <WorkProgress progress={progress} checking={checking} />}
    </header>
  );
};

/** "Checking… 4,000 of 20,000 rows" (reading counts as checking: the user waits for both). */
export function checkingText(progress: WorkbenchState["progress"]): string {
  if (!progress || progress.total === 0) return "Checking…";
  const n = (x: number) => x.toLocaleString("en-GB");
  return `Checking… ${n(progress.done)} of ${n(progress.total)} rows`;
}

const WorkProgress: React.FC<{
  progress: NonNullable<WorkbenchState["progress"]>;
  checking: boolean;
}> = ({ progress, checking }) => {
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  const label =
    progress.total > 0
      ? `${progress.label}: ${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")}`
      : `${progress.label}…`;
  return (
    <div data-testid="progress">
      <ProgressBar value={fraction} max={1} thickness="medium" aria-label={label} />
      {!checking && <Caption1>{label}</Caption1>}
    </div>
  );
};
