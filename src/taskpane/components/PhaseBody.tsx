/**
 * What the pane shows before a sheet is checked: looking for it, choosing among several, none
 * found (with Look again), or a check that failed (with its reason and Try again) — never an
 * endless spinner.
 */
import * as React from "react";
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
} from "@fluentui/react-components";
import type { WorkbenchState } from "../../app/workbench";
import { catalogue } from "../../domain/catalogue";
import { NoSheetMessage, SheetChooser } from "./SheetChooser";

const useStyles = makeStyles({
  centered: { padding: tokens.spacingHorizontalL },
  failed: { margin: tokens.spacingHorizontalM },
});

export interface PhaseBodyProps {
  state: Pick<WorkbenchState, "phase" | "candidates" | "failure">;
  onChoose: (sheet: string) => void;
  onRetry: () => void;
}

export const PhaseBody: React.FC<PhaseBodyProps> = ({ state, onChoose, onRetry }) => {
  const styles = useStyles();
  switch (state.phase) {
    case "choosingSheet":
      return <SheetChooser candidates={state.candidates} onChoose={onChoose} />;
    case "noSheet":
      return (
        <NoSheetMessage
          sheets={state.candidates}
          expectedHeaders={catalogue.profile.columns.map((c) => c.header)}
          onRecheck={onRetry}
        />
      );
    case "failed":
      return (
        <MessageBar
          intent="error"
          layout="multiline"
          className={styles.failed}
          data-testid="check-failed"
          aria-labelledby="check-failed-title"
        >
          <MessageBarBody>
            <MessageBarTitle id="check-failed-title">
              The workbook could not be checked
            </MessageBarTitle>
            {state.failure ?? "Excel did not answer."} Close any cell you are editing, then try
            again.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={onRetry}>Try again</Button>
          </MessageBarActions>
        </MessageBar>
      );
    default:
      return (
        <Spinner
          className={styles.centered}
          label="Looking for the Migration Authorisation sheet…"
        />
      );
  }
};
