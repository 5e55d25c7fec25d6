/** "3 errors · 1 warning · 2 info · 199 rows", each count with its icon: never colour alone. */
import * as React from "react";
import { Caption1, makeStyles, tokens, Text } from "@fluentui/react-components";
import type { Summary } from "../../domain/types";
import { countsText, SEVERITIES, severityCount } from "../findingsView";
import { SeverityIcon } from "./SeverityIcon";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    rowGap: 0,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  item: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  rows: { color: tokens.colorNeutralForeground2 },
});

export interface SeverityCountsProps {
  summary: Summary;
  /** "199 rows": how much was checked. */
  rows: string;
}

export const SeverityCounts: React.FC<SeverityCountsProps> = ({ summary, rows }) => {
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
          <Text size={200} weight={s === "error" && summary.error > 0 ? "semibold" : "regular"}>
            {severityCount(s, summary[s])}
          </Text>
        </li>
      ))}
      <li className={styles.item}>
        <Caption1 className={styles.rows} data-testid="rows-checked">
          {rows}
        </Caption1>
      </li>
    </ul>
  );
};
