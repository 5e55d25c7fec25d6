/**
 * One finding in the tree: its name as the helpdesk says it ("A25 · MAM-101"), the severity as a
 * word and an icon (never colour alone), and the message. No buttons inside (the ARIA tree pattern
 * has none): the fixes are in the walk panel. "How to fix" is the row's description.
 */
import * as React from "react";
import {
  Badge,
  makeStyles,
  mergeClasses,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import type { Finding } from "../../domain/types";
import { findingName } from "../findingSearch";
import { severityNames } from "../findingsView";
import type { RowProps } from "./HeaderRows";
import { SeverityIcon } from "./SeverityIcon";
import { useTreeStyles } from "./treeStyles";

const useStyles = makeStyles({
  finding: {
    flexDirection: "column",
    alignItems: "stretch",
    rowGap: 0,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXL}`,
    borderLeft: `${tokens.strokeWidthThickest} solid transparent`,
  },
  current: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorNeutralForeground1}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  line: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
  },
  // Plain spans in the caption type, not Text components: a search draws every row in view anew.
  caption: typographyStyles.caption1,
  name: {
    ...typographyStyles.caption1,
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
  },
  // One line each: the whole message is in the row's name and in the walk panel.
  message: {
    ...typographyStyles.caption1,
    overflow: "hidden",
    whiteSpace: "nowrap",
    textOverflow: "ellipsis",
  },
  mark: { ...typographyStyles.caption1, fontWeight: tokens.fontWeightSemibold },
});

export interface FindingRowProps {
  finding: Finding;
  rowProps: RowProps;
  current: boolean;
  exception: boolean;
  onSelect: (f: Finding) => void;
}

export const FindingRow: React.FC<FindingRowProps> = ({
  finding: f,
  rowProps,
  current,
  exception,
  onSelect,
}) => {
  const tree = useTreeStyles();
  const styles = useStyles();
  const hintId = `hint-${rowProps["data-index"]}`;
  return (
    <div
      {...rowProps}
      aria-selected={current}
      aria-describedby={hintId}
      className={mergeClasses(tree.row, styles.finding, current && styles.current)}
      onClick={() => onSelect(f)}
      data-kind="finding"
      data-finding-id={f.id}
      data-current={current ? "true" : undefined}
    >
      <div className={styles.line}>
        <SeverityIcon severity={f.severity} />
        <span className={styles.name}>{findingName(f)}</span>
        <span className={styles.caption}>{severityNames[f.severity].word}</span>
        {exception && (
          <Badge appearance="tint" color="brand" shape="rounded" size="small">
            Group exception
          </Badge>
        )}
        {current && <span className={styles.mark}>Current</span>}
      </div>
      <span className={styles.message}>{f.message}</span>
      <span id={hintId} hidden>
        How to fix: {f.hint}
      </span>
    </div>
  );
};
