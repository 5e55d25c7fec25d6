/** Grouping, the code filter, "only errors" and the search box above the findings list. */
import * as React from "react";
import {
  Caption1,
  Label,
  makeStyles,
  Radio,
  RadioGroup,
  SearchBox,
  Select,
  Switch,
  tokens,
  useId,
} from "@fluentui/react-components";
import { plural, type CodeCount, type GroupBy } from "../findingsView";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
  line: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    alignItems: "center",
  },
  group: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  select: { minWidth: "130px", flexGrow: 1, flexBasis: 0 },
  search: { minWidth: "150px", flexGrow: 1, flexBasis: 0 },
  status: { color: tokens.colorNeutralForeground2 },
});

export interface FindingsToolbarProps {
  groupBy: GroupBy;
  code: string | null;
  onlyErrors: boolean;
  search: string;
  /** Codes present in the sheet's findings (with counts). */
  codes: readonly CodeCount[];
  /** Findings shown after filtering, and all findings. */
  shown: number;
  total: number;
  onGroupByChange: (groupBy: GroupBy) => void;
  onCodeChange: (code: string | null) => void;
  onOnlyErrorsChange: (on: boolean) => void;
  onSearchChange: (text: string) => void;
}

export const FindingsToolbar: React.FC<FindingsToolbarProps> = (props) => {
  const styles = useStyles();
  const groupLabel = useId("group-by");
  const listed =
    props.code && !props.codes.some((c) => c.code === props.code)
      ? [...props.codes, { code: props.code, count: 0, title: "", severity: "info" as const }]
      : props.codes;
  return (
    <div className={styles.root} role="search" aria-label="Filter findings">
      <div className={styles.line}>
        <div className={styles.group}>
          <Label id={groupLabel}>Group by</Label>
          <RadioGroup
            layout="horizontal"
            aria-labelledby={groupLabel}
            value={props.groupBy}
            onChange={(_, d) => props.onGroupByChange(d.value as GroupBy)}
          >
            <Radio value="rule" label="Rule" />
            <Radio value="row" label="Row" />
          </RadioGroup>
        </div>
        <Switch
          label="Only errors"
          checked={props.onlyErrors}
          onChange={(_, d) => props.onOnlyErrorsChange(d.checked)}
        />
      </div>
      <div className={styles.line}>
        <Select
          className={styles.select}
          aria-label="Rule code"
          value={props.code ?? ""}
          onChange={(_, d) => props.onCodeChange(d.value === "" ? null : d.value)}
        >
          <option value="">All codes</option>
          {listed.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code}
              {c.title ? ` ${c.title}` : ""} ({c.count.toLocaleString("en-GB")})
            </option>
          ))}
        </Select>
        <SearchBox
          className={styles.search}
          aria-label="Search findings"
          placeholder="Message, cell, code, column"
          value={props.search}
          onChange={(_, d) => props.onSearchChange(d.value)}
        />
      </div>
      <Caption1 className={styles.status} data-testid="shown-count">
        {props.shown === props.total
          ? `${plural(props.total, "finding")}`
          : `Showing ${props.shown.toLocaleString("en-GB")} of ${plural(props.total, "finding")}`}
      </Caption1>
    </div>
  );
};
