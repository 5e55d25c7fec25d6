/**
 * One line above the findings: the search box (a cell "A25", a row "25" or "row 25", or words),
 * "Go to" for a cell or row, and the Filters toggle; the filters open below it when asked.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  makeStyles,
  SearchBox,
  ToggleButton,
  tokens,
} from "@fluentui/react-components";
import { ArrowRight20Regular, Filter20Regular } from "@fluentui/react-icons";
import { goToCell, parseQuery } from "../findingSearch";
import { plural } from "../findingsView";

const useStyles = makeStyles({
  root: {
    flexShrink: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
  },
  // Shrinks to the pane: at 200 % zoom a 350-px pane is 175 CSS px wide.
  search: { flexGrow: 1, flexBasis: "140px", minWidth: 0, maxWidth: "100%" },
  searchInput: { minWidth: 0, width: "100%" },
  status: { color: tokens.colorNeutralForeground2 },
});

export interface FindingsToolbarProps {
  search: string;
  /** Filters set (code, only errors…), shown on the toggle. */
  activeFilters: number;
  filtersOpen: boolean;
  shown: number;
  total: number;
  onSearchChange: (text: string) => void;
  onGoTo: (cell: string) => void;
  onFiltersOpenChange: (open: boolean) => void;
  /** The filter options, shown under the line when open. */
  children?: React.ReactNode;
}

export const FindingsToolbar: React.FC<FindingsToolbarProps> = (props) => {
  const styles = useStyles();
  const target = goToCell(parseQuery(props.search));
  const go = () => target && props.onGoTo(target);
  return (
    <div className={styles.root} role="search" aria-label="Find findings">
      <div className={styles.line}>
        <SearchBox
          className={styles.search}
          input={{ className: styles.searchInput }}
          size="small"
          aria-label="Search findings, or a cell or row to go to"
          placeholder="Cell, row or words"
          value={props.search}
          onChange={(_, d) => props.onSearchChange(d.value)}
          onKeyDown={(e) => e.key === "Enter" && go()}
        />
        {target && (
          <Button size="small" icon={<ArrowRight20Regular />} onClick={go}>
            Go to {target}
          </Button>
        )}
        <ToggleButton
          size="small"
          icon={<Filter20Regular />}
          checked={props.filtersOpen}
          aria-expanded={props.filtersOpen}
          onClick={() => props.onFiltersOpenChange(!props.filtersOpen)}
        >
          Filters{props.activeFilters > 0 ? ` (${props.activeFilters})` : ""}
        </ToggleButton>
      </div>
      {props.filtersOpen && props.children}
      {props.shown !== props.total && (
        <Caption1 className={styles.status} data-testid="shown-count" role="status">
          Showing {props.shown.toLocaleString("en-GB")} of {plural(props.total, "finding")}
        </Caption1>
      )}
    </div>
  );
};
