/**
 * The Findings tab: the search-and-filters line, the list (as much room as the pane has), and the
 * walk panel docked below it. Data and callbacks in; the pane owns the state.
 */
import * as React from "react";
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import type { Finding } from "../../domain/types";
import type { FindingsModel } from "../hooks/useFindingsModel";
import { FindingsTree } from "./FindingsTree";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", flexGrow: 1, minHeight: 0 },
  // Read by screen readers (and focused after a tab switch); the tab names the panel for the eye.
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
    margin: 0,
  },
  empty: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    flexGrow: 1,
  },
});

export interface FindingsPanelProps {
  model: FindingsModel;
  total: number;
  checked: boolean;
  currentId: string | null;
  focusSeq: number;
  /** Changes with the user's search, filters and grouping. */
  viewKey: string;
  label: string;
  onSelect: (f: Finding) => void;
  onToggle: (key: string) => void;
  onClearFilters: () => void;
  /** The search-and-filters line above the list, and the walk panel below it. */
  toolbar: React.ReactNode;
  walk: React.ReactNode;
  banner?: React.ReactNode;
}

export const FindingsPanel: React.FC<FindingsPanelProps> = (props) => {
  const styles = useStyles();
  const { model } = props;
  return (
    <div className={styles.root}>
      <h2 id="panel-heading-findings" tabIndex={-1} className={styles.hidden}>
        Findings
      </h2>
      {props.banner}
      {props.toolbar}
      {model.list.length > 0 ? (
        <FindingsTree
          rows={model.list}
          currentId={props.currentId}
          focusSeq={props.focusSeq}
          viewKey={props.viewKey}
          groupExceptionRows={model.exceptionRows}
          onSelect={props.onSelect}
          onToggle={props.onToggle}
          label={props.label}
        />
      ) : (
        <div className={styles.empty} data-testid="no-findings">
          {props.total === 0 ? (
            <Body1>
              {props.checked ? "No findings: every row passes every rule." : "Checking…"}
            </Body1>
          ) : (
            <>
              <Body1>No findings match the filter.</Body1>
              <Button onClick={props.onClearFilters}>Clear filters</Button>
            </>
          )}
        </div>
      )}
      {props.walk}
    </div>
  );
};
