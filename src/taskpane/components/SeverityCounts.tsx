/** "3 errors · 1 warning · 2 info", each with its icon. */
import * as React from "react";
import { makeStyles, tokens, Text } from "@fluentui/react-components";
import type { Summary } from "../../domain/types";
import { countsText, SEVERITIES, severityCount } from "../findingsView";
import { SeverityIcon } from "./SeverityIcon";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  item: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
});

export interface SeverityCountsProps {
  summary: Summary;
}

export const SeverityCounts: React.FC<SeverityCountsProps> = ({ summary }) => {
  const styles = useStyles();
  return (
    <ul
      className={styles.root}
      aria-label={`Findings: ${countsText(summary)}`}
      data-testid="severity-counts"
    >
      {SEVERITIES.map((s) => (
        <li key={s} className={styles.item} data-severity={s}>
          <SeverityIcon severity={s} />
          <Text weight={s === "error" && summary.error > 0 ? "semibold" : "regular"}>
            {severityCount(s, summary[s])}
          </Text>
        </li>
      ))}
    </ul>
  );
};
