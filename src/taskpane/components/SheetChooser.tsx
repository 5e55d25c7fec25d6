/** When several sheets look like the MA sheet (choose one), or none does (say what is expected). */
import * as React from "react";
import {
  Body1,
  Button,
  Caption1,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { DocumentTable20Regular } from "@fluentui/react-icons";
import type { SheetCandidate } from "../../host/hostApi";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    overflowY: "auto",
    "> *": { flexShrink: 0 },
  },
  list: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  button: { justifyContent: "flex-start", width: "100%" },
  headers: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

const percent = (score: number) => `${Math.round(score * 100)}%`;

export interface SheetChooserProps {
  candidates: readonly SheetCandidate[];
  onChoose: (name: string) => void;
}

export const SheetChooser: React.FC<SheetChooserProps> = ({ candidates, onChoose }) => {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-labelledby="choose-sheet-title">
      <Subtitle2 as="h2" id="choose-sheet-title">
        Which sheet holds the installations?
      </Subtitle2>
      <Body1>
        {candidates.length} sheets have a first row that looks like the Migration Authorisation
        header. Choose the one to check; the workbook remembers your choice.
      </Body1>
      <ul className={styles.list}>
        {candidates.map((c) => (
          <li key={c.name}>
            <Button
              className={styles.button}
              icon={<DocumentTable20Regular />}
              onClick={() => onChoose(c.name)}
              aria-label={`Check sheet ${c.name}: ${percent(c.score)} of the expected columns found`}
            >
              {c.name} — {percent(c.score)} of the columns match
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
};

export interface NoSheetMessageProps {
  /** Every sheet found (with its match), possibly empty. */
  sheets: readonly SheetCandidate[];
  /** The profile's header texts, in order. */
  expectedHeaders: readonly string[];
  onRecheck: () => void;
}

export const NoSheetMessage: React.FC<NoSheetMessageProps> = ({
  sheets,
  expectedHeaders,
  onRecheck,
}) => {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-labelledby="no-sheet-title">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle id="no-sheet-title">
            No Migration Authorisation sheet found
          </MessageBarTitle>
          No sheet has at least half of the expected column headers in its first row.
        </MessageBarBody>
      </MessageBar>
      <Card>
        <Subtitle2 as="h2">Sheets in this workbook</Subtitle2>
        {sheets.length === 0 ? (
          <Body1>The workbook has no sheets with a header row.</Body1>
        ) : (
          <ul data-testid="sheets-found">
            {sheets.map((s) => (
              <li key={s.name}>
                <Body1>
                  {s.name}: {percent(s.score)} of the expected columns
                </Body1>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <Subtitle2 as="h2">Expected header (row 1)</Subtitle2>
        <Caption1>
          Column order does not matter; case and spaces are ignored, and common aliases are
          accepted.
        </Caption1>
        <Body1 className={styles.headers} data-testid="expected-header">
          {expectedHeaders.join(" | ")}
        </Body1>
      </Card>
      <div>
        <Button appearance="primary" onClick={onRecheck}>
          Look again
        </Button>
      </div>
    </section>
  );
};
