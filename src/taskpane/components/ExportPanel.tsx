/**
 * Writing the Migration Authorisation file: the submitting EUID, the DCO code (the DCC operator
 * named in the file name), the test-workbook switch, the warnings' one acknowledgement, and the
 * Export button — disabled, with the reason in view, while it cannot run. The file downloads as a
 * Blob; where that fails (Excel for Mac) the result card gives exact steps to save it by hand.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Switch,
  tokens,
  useId,
} from "@fluentui/react-components";
import { ArrowDownload20Regular } from "@fluentui/react-icons";
import type { ExportOutcome, ExportReady, Phase } from "../../app/workbench";
import type { Finding, Summary } from "../../domain/types";
import type { HostPlatform } from "../../host/hostApi";
import { copyText as defaultCopy, downloadTextFile as defaultDownload } from "../browser";
import { useDebouncedCommit } from "../hooks/useDebouncedCommit";
import { useExport } from "../hooks/useExport";
import { ExportResult } from "./ExportResult";
import { SubmitterField } from "./SubmitterField";
import { WarningsAck } from "./WarningsAck";

export { ackLabel } from "../hooks/useExport";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    overflowY: "auto",
    flexGrow: 1,
    "> *": { flexShrink: 0 },
  },
  line: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  reason: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** Typing in the EUID box is saved (and the party rules re-run) this long after the last key. */
export const SUBMITTER_COMMIT_MS = 300;

export interface ExportPanelProps {
  phase: Phase;
  summary: Summary;
  findings: readonly Finding[];
  submitter: string;
  dco: string;
  testWorkbook: boolean;
  platform: HostPlatform;
  submitterProblem: (text: string) => string | null;
  dcoProblem: (text: string) => string | null;
  onSubmitterChange: (text: string) => void;
  onDcoChange: (text: string) => void;
  onTestWorkbookChange: (on: boolean) => void;
  onExport: (acceptWarnings: boolean) => Promise<ExportOutcome>;
  onWriteToSheet: (file: ExportReady) => Promise<string>;
  onShowErrors: () => void;
  /** The EUID input (the pane focuses it from the first-run banner). */
  euidRef?: React.Ref<HTMLInputElement>;
  download?: (fileName: string, content: string) => boolean;
  copy?: (text: string) => Promise<boolean>;
}

export const ExportPanel: React.FC<ExportPanelProps> = (props) => {
  const styles = useStyles();
  const reasonId = useId("export-reason");
  const euid = useDebouncedCommit(props.submitter, props.onSubmitterChange, SUBMITTER_COMMIT_MS);
  const submitterIssue = props.submitterProblem(euid.text);
  const [dcoText, setDcoText] = React.useState(props.dco);
  const dcoIssue = props.dcoProblem(dcoText);
  const [tried, setTried] = React.useState(false);
  const ex = useExport(
    props.phase,
    props.summary,
    { submitter: submitterIssue, dco: dcoIssue },
    props.onExport,
    props.download ?? defaultDownload,
    euid.flush
  );
  return (
    <div className={styles.root} data-testid="export-panel">
      <Subtitle2 as="h2" id="panel-heading-export" tabIndex={-1}>
        Write the Migration Authorisation file
      </Subtitle2>
      <SubmitterField
        text={euid.text}
        problem={submitterIssue}
        judged={tried}
        inputRef={props.euidRef}
        onType={euid.type}
        onLeave={euid.flush}
      />
      <Field
        label="DCO code (the DCC operator in the file name)"
        validationState={dcoIssue ? "error" : "none"}
        validationMessage={dcoIssue ?? undefined}
        hint="CGI unless DCC told you otherwise."
      >
        <Input
          value={dcoText}
          spellCheck={false}
          autoComplete="off"
          onChange={(_, d) => {
            setDcoText(d.value);
            props.onDcoChange(d.value);
          }}
        />
      </Field>
      <Switch
        label="Test workbook (allows DCC test User IDs 90-B3-D5-1F-3…)"
        checked={props.testWorkbook}
        onChange={(_, d) => props.onTestWorkbookChange(d.checked)}
      />
      {props.summary.warning > 0 && (
        <WarningsAck
          findings={props.findings}
          count={props.summary.warning}
          accepted={ex.accepted}
          onAcceptedChange={ex.setAccepted}
        />
      )}
      <div className={styles.line}>
        <Button
          appearance="primary"
          icon={<ArrowDownload20Regular />}
          disabledFocusable={ex.reason !== null || ex.busy}
          aria-describedby={ex.reason ? reasonId : undefined}
          onClick={() => {
            setTried(true);
            void ex.run();
          }}
        >
          {ex.busy ? "Preparing…" : "Export MA file"}
        </Button>
        {props.summary.error > 0 && props.phase === "ready" && (
          <Button appearance="subtle" onClick={props.onShowErrors}>
            Show the errors
          </Button>
        )}
      </div>
      <div role="status" aria-live="polite">
        {ex.reason && (
          <Caption1 id={reasonId} className={styles.reason} data-testid="export-reason">
            {ex.reason}
          </Caption1>
        )}
      </div>
      {ex.failure && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not exported</MessageBarTitle>
            {ex.failure}
          </MessageBarBody>
        </MessageBar>
      )}
      {ex.file && (
        <ExportResult
          key={ex.file.fileName}
          file={ex.file}
          downloadOk={ex.downloadOk}
          mac={props.platform === "Mac"}
          copy={props.copy ?? defaultCopy}
          onWriteToSheet={props.onWriteToSheet}
        />
      )}
    </div>
  );
};
