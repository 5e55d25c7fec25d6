/**
 * The walk panel, docked under the list so it never pushes the list away: the current finding's
 * name first ("A25 · MAM-101 — 3 of 41"), Previous / Next (also F8 / Shift+F8, Alt+Down / Alt+Up),
 * the fixes, and the explanation, which scrolls on its own so the buttons always stay in view.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  makeStyles,
  Subtitle2,
  Tooltip,
  tokens,
} from "@fluentui/react-components";
import { ArrowDown20Regular, ArrowUndo20Regular, ArrowUp20Regular } from "@fluentui/react-icons";
import type { Finding } from "../../domain/types";
import { findingName } from "../findingSearch";
import { plural } from "../findingsView";
import { FindingExplanation } from "./FindingExplanation";
import { FixActions } from "./FixActions";

const useStyles = makeStyles({
  root: {
    flexShrink: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    maxHeight: "45%",
    minHeight: 0,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  nav: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalXS },
  heading: { flexGrow: 1, minWidth: "8em", overflowWrap: "anywhere" },
  body: { flexGrow: 1, flexShrink: 1, overflowY: "auto", minHeight: "2.5em" },
  status: { color: tokens.colorNeutralForeground2 },
});

export const NEXT_SHORTCUTS = "F8 or Alt+Down";
export const PREVIOUS_SHORTCUTS = "Shift+F8 or Alt+Up";

export interface WalkPanelProps {
  finding: Finding | null;
  /** 0-based position of the finding in the walk, or null when the walk does not visit it. */
  position: number | null;
  /** Findings the walk visits. */
  total: number;
  groupException: boolean;
  /** Cells "Fix all like this" would change. */
  fixAllCount: number;
  undoDepth: number;
  /** "No finding in C7" / "C7: 2 findings" after the user selected a cell in Excel, else null. */
  selectionNote: string | null;
  onStep: (by: 1 | -1) => void;
  onFix: (finding: Finding) => void;
  onFixAll: (finding: Finding) => void;
  onUndo: () => void;
}

export const WalkPanel: React.FC<WalkPanelProps> = (props) => {
  const styles = useStyles();
  const f = props.finding;
  const n = (x: number) => x.toLocaleString("en-GB");
  const where = f
    ? `${findingName(f)} — ${props.position !== null ? `${n(props.position + 1)} of ${n(props.total)}` : "not in the walk"}`
    : props.total > 0
      ? `${plural(props.total, "finding")} to walk through`
      : "No findings to walk through";
  const undo = (
    <Button
      size="small"
      icon={<ArrowUndo20Regular />}
      onClick={props.onUndo}
      disabled={props.undoDepth === 0}
    >
      Undo last fix
    </Button>
  );
  return (
    <section className={styles.root} aria-labelledby="walk-heading" data-testid="walk-panel">
      <div className={styles.nav}>
        <Subtitle2
          as="h2"
          id="walk-heading"
          tabIndex={-1}
          className={styles.heading}
          data-testid="walk-position"
        >
          {where}
        </Subtitle2>
        <Tooltip content={`Previous finding (${PREVIOUS_SHORTCUTS})`} relationship="label">
          <Button
            size="small"
            icon={<ArrowUp20Regular />}
            onClick={() => props.onStep(-1)}
            disabled={props.total === 0}
            aria-keyshortcuts="Shift+F8 Alt+ArrowUp"
          />
        </Tooltip>
        <Tooltip
          content={`Next finding (${NEXT_SHORTCUTS}); selects its cell in Excel`}
          relationship="description"
        >
          <Button
            size="small"
            appearance="primary"
            icon={<ArrowDown20Regular />}
            onClick={() => props.onStep(1)}
            disabled={props.total === 0}
            aria-keyshortcuts="F8 Alt+ArrowDown"
          >
            Next
          </Button>
        </Tooltip>
      </div>
      {props.selectionNote && (
        <Caption1 className={styles.status} data-testid="selection-note" role="status">
          {props.selectionNote}
        </Caption1>
      )}
      {f ? (
        <FixActions
          finding={f}
          fixAllCount={props.fixAllCount}
          onFix={props.onFix}
          onFixAll={props.onFixAll}
          undo={undo}
        />
      ) : (
        props.undoDepth > 0 && <div>{undo}</div>
      )}
      {f && (
        <div
          className={styles.body}
          data-testid="finding-detail"
          tabIndex={0}
          aria-label={`About ${findingName(f)}`}
          role="region"
        >
          <FindingExplanation finding={f} groupException={props.groupException} />
        </div>
      )}
    </section>
  );
};
