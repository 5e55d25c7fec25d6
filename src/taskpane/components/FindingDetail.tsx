/**
 * The walk-through card for the helpdesk call: "Finding 3 of 41", Previous / Next finding (also F8 /
 * Shift+F8 and Alt+Down / Alt+Up anywhere in the pane), and the current finding explained: code,
 * title, cell, message, MAM clause, how to fix, and the fixes when it is auto-fixable.
 */
import * as React from "react";
import {
  Body1,
  Button,
  Caption1,
  Card,
  InfoLabel,
  makeStyles,
  Subtitle2,
  Text,
  Tooltip,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowDown20Regular,
  ArrowUndo20Regular,
  ArrowUp20Regular,
  Wrench20Regular,
} from "@fluentui/react-icons";
import type { Finding } from "../../domain/types";
import {
  GROUP_EXCEPTION_EXPLANATION,
  plural,
  ruleClause,
  ruleTitle,
  severityNames,
} from "../findingsView";
import { basisText, GroupExceptionBadge } from "./Badges";
import { SeverityIcon } from "./SeverityIcon";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalS}`,
  },
  nav: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  grow: { flexGrow: 1 },
  card: {
    maxHeight: "35vh",
    overflowY: "auto",
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
  },
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  secondary: { color: tokens.colorNeutralForeground2 },
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0 },
});

export const NEXT_SHORTCUTS = "F8 or Alt+Down";
export const PREVIOUS_SHORTCUTS = "Shift+F8 or Alt+Up";

export interface FindingDetailProps {
  /** The current finding, or null before the walk-through starts. */
  finding: Finding | null;
  /** 1-based position of the finding in the filtered list, or null when the filter hides it. */
  position: number | null;
  /** Findings in the filtered list. */
  total: number;
  groupException: boolean;
  /** Findings "Fix all like this" would fix. */
  fixAllCount: number;
  undoDepth: number;
  onPrevious: () => void;
  onNext: () => void;
  onFix: (finding: Finding) => void;
  onFixAll: (finding: Finding) => void;
  onUndo: () => void;
}

export const FindingDetail: React.FC<FindingDetailProps> = (props) => {
  const styles = useStyles();
  const f = props.finding;
  const where =
    f === null
      ? props.total > 0
        ? `${plural(props.total, "finding")} to walk through`
        : "No findings to walk through"
      : props.position !== null
        ? `Finding ${props.position.toLocaleString("en-GB")} of ${props.total.toLocaleString("en-GB")}`
        : `Finding outside the filter (${plural(props.total, "finding")} shown)`;
  return (
    <section className={styles.root} aria-label="Walk-through">
      <Subtitle2 as="h2" data-testid="walk-position">
        {where}
      </Subtitle2>
      <div className={styles.nav}>
        <Tooltip
          content={`Previous finding (${PREVIOUS_SHORTCUTS}); selects its cell in Excel`}
          relationship="description"
        >
          <Button
            size="small"
            icon={<ArrowUp20Regular />}
            onClick={props.onPrevious}
            disabled={props.total === 0}
            aria-keyshortcuts="Shift+F8 Alt+ArrowUp"
          >
            Previous
          </Button>
        </Tooltip>
        <Tooltip
          content={`Next finding (${NEXT_SHORTCUTS}); selects its cell in Excel`}
          relationship="description"
        >
          <Button
            size="small"
            appearance="primary"
            icon={<ArrowDown20Regular />}
            onClick={props.onNext}
            disabled={props.total === 0}
            aria-keyshortcuts="F8 Alt+ArrowDown"
          >
            Next finding
          </Button>
        </Tooltip>
        <Tooltip content="Put back the values the last Fix replaced" relationship="description">
          <Button
            size="small"
            icon={<ArrowUndo20Regular />}
            onClick={props.onUndo}
            disabled={props.undoDepth === 0}
          >
            Undo last fix
          </Button>
        </Tooltip>
      </div>
      {f && (
        <Card className={styles.card} data-testid="finding-detail">
          <div className={styles.line}>
            <SeverityIcon severity={f.severity} />
            <Text weight="semibold">
              {severityNames[f.severity].one.replace(/^./, (c) => c.toUpperCase())}
            </Text>
            <Text className={styles.mono} weight="semibold">
              {f.code}
            </Text>
            <Text>{ruleTitle(f.code)}</Text>
            <InfoLabel size="small" info={basisText[f.basis]}>
              {f.basis === "verified" ? "Verified rule" : "Modelled rule"}
            </InfoLabel>
          </div>
          <dl className={styles.dl}>
            <dt className={styles.dt}>Cell</dt>
            <dd className={styles.dd}>
              <Text className={styles.mono}>{f.cell}</Text> ({f.column},{" "}
              {f.row === 1 ? "header row" : `row ${f.row}`})
            </dd>
            <dt className={styles.dt}>Problem</dt>
            <dd className={styles.dd}>
              <Body1>{f.message}</Body1>
            </dd>
            <dt className={styles.dt}>How to fix</dt>
            <dd className={styles.dd}>
              <Body1>{f.hint}</Body1>
            </dd>
            <dt className={styles.dt}>MAM clause</dt>
            <dd className={styles.dd}>
              <Body1>{ruleClause(f.code)}</Body1>
            </dd>
          </dl>
          {props.groupException && (
            <div className={styles.line}>
              <GroupExceptionBadge />
              <Caption1>{GROUP_EXCEPTION_EXPLANATION}</Caption1>
            </div>
          )}
          {f.fixValue !== undefined && (
            <div className={styles.line}>
              <Button
                appearance="primary"
                icon={<Wrench20Regular />}
                onClick={() => props.onFix(f)}
              >
                Fix
              </Button>
              <Button onClick={() => props.onFixAll(f)}>
                Fix all like this ({props.fixAllCount.toLocaleString("en-GB")})
              </Button>
              <Caption1>
                Writes <Text className={styles.mono}>{f.fixValue}</Text>
              </Caption1>
            </div>
          )}
        </Card>
      )}
    </section>
  );
};
