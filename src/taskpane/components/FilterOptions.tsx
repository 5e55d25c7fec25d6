/** Behind the Filters toggle: grouping, one rule code, only errors, and Info in the walk. */
import * as React from "react";
import {
  Label,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Switch,
  tokens,
  useId,
} from "@fluentui/react-components";
import type { CodeCount, GroupBy } from "../findingsView";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
  },
  group: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  select: { flexGrow: 1, minWidth: "120px", flexBasis: "100%" },
});

export interface FilterOptionsProps {
  groupBy: GroupBy;
  code: string | null;
  onlyErrors: boolean;
  includeInfo: boolean;
  codes: readonly CodeCount[];
  onGroupByChange: (groupBy: GroupBy) => void;
  onCodeChange: (code: string | null) => void;
  onOnlyErrorsChange: (on: boolean) => void;
  onIncludeInfoChange: (on: boolean) => void;
}

export const FilterOptions: React.FC<FilterOptionsProps> = (props) => {
  const styles = useStyles();
  const groupLabel = useId("group-by");
  const listed =
    props.code && !props.codes.some((c) => c.code === props.code)
      ? [...props.codes, { code: props.code, count: 0, title: "", severity: "info" as const }]
      : props.codes;
  return (
    <div className={styles.root} data-testid="filter-options">
      <div className={styles.group}>
        <Label id={groupLabel} size="small">
          Group by
        </Label>
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
      <Switch
        label="Info in the walk"
        checked={props.includeInfo}
        onChange={(_, d) => props.onIncludeInfoChange(d.checked)}
      />
      <Select
        className={styles.select}
        size="small"
        aria-label="Rule code"
        value={props.code ?? ""}
        onChange={(_, d) => props.onCodeChange(d.value === "" ? null : d.value)}
      >
        <option value="">All rule codes</option>
        {listed.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code}
            {c.title ? ` ${c.title}` : ""} ({c.count.toLocaleString("en-GB")})
          </option>
        ))}
      </Select>
    </div>
  );
};
