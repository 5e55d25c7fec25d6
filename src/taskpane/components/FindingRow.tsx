/**
 * One finding in the tree: its name as the helpdesk says it ("A25 · MAM-101"), the severity as a
 * word and an icon (never colour alone), and the message. No buttons inside (the ARIA tree pattern
 * has none): the fixes are in the walk panel. "How to fix" is the row's description.
 */
import * as React from "react";
import {
  Badge,
  Caption1,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
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
  name: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  // One line each: the whole message is in the row's name and in the walk panel.
  message: { overflow: "hidden", whiteSpace: "nowrap", textOverflow: "ellipsis" },
  mark: { fontWeight: tokens.fontWeightSemibold },
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
        <Text size={200} className={styles.name}>
          {findingName(f)}
        </Text>
        <Caption1>{severityNames[f.severity].word}</Caption1>
        {exception && (
          <Badge appearance="tint" color="brand" shape="rounded" size="small">
            Group exception
          </Badge>
        )}
        {current && <Caption1 className={styles.mark}>Current</Caption1>}
      </div>
      <Caption1 className={styles.message}>{f.message}</Caption1>
      <span id={hintId} hidden>
        How to fix: {f.hint}
      </span>
    </div>
  );
};
