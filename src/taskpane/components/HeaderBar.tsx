/**
 * The top of the pane: which sheet, how many rows, the counts, the switches (live checking,
 * highlighting), "Re-check workbook" (always there: some edits raise no event), the helpdesk copy
 * button, and the progress bar while the sheet is read and checked.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  makeStyles,
  ProgressBar,
  Subtitle2,
  Switch,
  Tooltip,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwise20Regular, Copy20Regular } from "@fluentui/react-icons";
import type { WorkbenchState } from "../../app/workbench";
import type { Summary } from "../../domain/types";
import { plural } from "../findingsView";
import { SeverityCounts } from "./SeverityCounts";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  titleRow: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    columnGap: tokens.spacingHorizontalS,
  },
  switches: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    alignItems: "center",
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  status: { color: tokens.colorNeutralForeground2 },
});

export interface HeaderBarProps {
  sheet: string | null;
  rows: number;
  summary: Summary;
  progress: WorkbenchState["progress"];
  /** True while the sheet is being read or checked without a progress figure yet. */
  busy: boolean;
  live: boolean;
  highlighting: boolean;
  onRecheck: () => void;
  onLiveChange: (on: boolean) => void;
  onHighlightingChange: (on: boolean) => void;
  onCopyHelpdesk: () => void;
  /** Confirmation after the helpdesk copy ("Copied …"), or null. */
  helpdeskStatus: string | null;
}

export const HeaderBar: React.FC<HeaderBarProps> = (props) => {
  const styles = useStyles();
  const { progress, busy } = props;
  const fraction =
    progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  const progressText = progress
    ? progress.total > 0
      ? `${progress.label}: ${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")}`
      : `${progress.label}…`
    : "Checking the workbook…";
  return (
    <header className={styles.root} aria-label="Workbook check">
      <div className={styles.titleRow}>
        <Subtitle2 as="h1">
          {props.sheet ? `Sheet: ${props.sheet}` : "No sheet checked yet"}
        </Subtitle2>
        <Caption1 className={styles.status} data-testid="rows-checked">
          {props.sheet
            ? `${plural(props.rows, "row")} checked`
            : "Looking for the Migration Authorisation sheet"}
        </Caption1>
      </div>
      <SeverityCounts summary={props.summary} />
      {(progress || busy) && (
        <Field validationMessage={progressText} validationState="none" data-testid="progress">
          <ProgressBar value={fraction} max={1} aria-label={progressText} />
        </Field>
      )}
      <div className={styles.switches}>
        <Tooltip
          content="Check cells as you type. Turn off while pasting huge ranges; Re-check catches up."
          relationship="description"
        >
          <Switch
            label="Live checking"
            checked={props.live}
            onChange={(_, d) => props.onLiveChange(d.checked)}
          />
        </Tooltip>
        <Tooltip
          content="Colour cells with errors (red) and warnings (amber) by conditional formatting: your own formatting never changes. Off removes every highlight, and the add-in then writes nothing to the workbook."
          relationship="description"
        >
          <Switch
            label="Highlight cells"
            checked={props.highlighting}
            onChange={(_, d) => props.onHighlightingChange(d.checked)}
          />
        </Tooltip>
      </div>
      <div className={styles.actions}>
        <Tooltip
          content="Read the whole sheet again. Some edits (drop-down picks, fill-drag, recalculation) raise no change event."
          relationship="description"
        >
          <Button size="small" icon={<ArrowClockwise20Regular />} onClick={props.onRecheck}>
            Re-check workbook
          </Button>
        </Tooltip>
        <Tooltip
          content="Copies the counts, the first findings with their cells, and the versions, to paste or read to the DCC helpdesk."
          relationship="description"
        >
          <Button size="small" icon={<Copy20Regular />} onClick={props.onCopyHelpdesk}>
            Copy summary for the helpdesk
          </Button>
        </Tooltip>
      </div>
      <div role="status" aria-live="polite">
        {props.helpdeskStatus && <Caption1>{props.helpdeskStatus}</Caption1>}
      </div>
    </header>
  );
};
