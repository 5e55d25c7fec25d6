/**
 * Writing the Migration Authorisation file: the submitting EUID (validated as it is typed), the DCO
 * code, the test-workbook switch, the one acknowledgement warnings need, and the Export button —
 * disabled, with the reason in view, while an error stands or the EUID is invalid. The file is saved
 * through a Blob download; where that fails (Excel for Mac) it goes to a new sheet and the clipboard.
 */
import * as React from "react";
import {
  Body1,
  Button,
  Caption1,
  Card,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Switch,
  Text,
  tokens,
  useId,
} from "@fluentui/react-components";
import { ArrowDownload20Regular } from "@fluentui/react-icons";
import type { ExportOutcome, ExportReady, Phase } from "../../app/workbench";
import type { Finding, Summary } from "../../domain/types";
import type { HostPlatform } from "../../host/hostApi";
import { copyText as defaultCopy, downloadTextFile as defaultDownload } from "../browser";
import { plural, ruleTitle, severityCount } from "../findingsView";

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
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  reason: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warnings: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    maxHeight: "30vh",
    overflowY: "auto",
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0, minWidth: 0 },
});

/** Typing in the EUID box is saved (and the party rules re-run) this long after the last key. */
export const SUBMITTER_COMMIT_MS = 300;

export interface ExportPanelProps {
  phase: Phase;
  summary: Summary;
  /** Every finding (the warnings are listed for acknowledgement). */
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
  /** The fallback: writes the file's lines to a new sheet; resolves to the sheet's name ("" on failure). */
  onWriteToSheet: (file: ExportReady) => Promise<string>;
  /** Shows the errors in the Findings tab. */
  onShowErrors: () => void;
  /** Browser services (replaceable in tests). */
  download?: (fileName: string, content: string) => boolean;
  copy?: (text: string) => Promise<boolean>;
}

/** The one acknowledgement the warnings need. */
export function ackLabel(warnings: number): string {
  return warnings === 1
    ? "I have checked this warning"
    : `I have checked these ${warnings.toLocaleString("en-GB")} warnings`;
}

type FallbackResult = { sheet: string; copied: boolean } | null;

export const ExportPanel: React.FC<ExportPanelProps> = (props) => {
  const styles = useStyles();
  const download = props.download ?? defaultDownload;
  const copy = props.copy ?? defaultCopy;
  const reasonId = useId("export-reason");

  // ---- submitting EUID: validated on every key, committed after a pause (or on blur / export)
  const [submitterText, setSubmitterText] = React.useState(props.submitter);
  const pending = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = React.useRef(submitterText);
  const onSubmitterChange = props.onSubmitterChange;
  const flushSubmitter = React.useCallback(() => {
    if (pending.current === null) return;
    clearTimeout(pending.current);
    pending.current = null;
    onSubmitterChange(latest.current);
  }, [onSubmitterChange]);
  React.useEffect(() => {
    if (pending.current === null && props.submitter !== latest.current) {
      latest.current = props.submitter;
      setSubmitterText(props.submitter);
    }
  }, [props.submitter]);
  React.useEffect(() => flushSubmitter, [flushSubmitter]);
  const typeSubmitter = (text: string) => {
    setSubmitterText(text);
    latest.current = text;
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      pending.current = null;
      onSubmitterChange(latest.current);
    }, SUBMITTER_COMMIT_MS);
  };
  const submitterIssue = props.submitterProblem(submitterText);

  // ---- DCO code
  // The field follows the saved code when it changes elsewhere (adjusted while rendering, as
  // React's docs advise, rather than in an effect that renders twice).
  const [dcoText, setDcoText] = React.useState(props.dco);
  const [dcoSaved, setDcoSaved] = React.useState(props.dco);
  if (dcoSaved !== props.dco) {
    setDcoSaved(props.dco);
    setDcoText(props.dco);
  }
  const dcoIssue = props.dcoProblem(dcoText);

  // ---- warnings: one acknowledgement, asked again when their number changes
  const warningCount = props.summary.warning;
  const [accepted, setAccepted] = React.useState(false);
  const [acceptedCount, setAcceptedCount] = React.useState(warningCount);
  if (acceptedCount !== warningCount) {
    setAcceptedCount(warningCount);
    setAccepted(false);
  }
  const warningGroups = React.useMemo(() => {
    const byCode = new Map<string, Finding[]>();
    for (const f of props.findings) {
      if (f.severity !== "warning") continue;
      const list = byCode.get(f.code);
      if (list) list.push(f);
      else byCode.set(f.code, [f]);
    }
    return [...byCode.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  }, [props.findings]);

  // ---- why Export is not possible (first reason wins)
  const errors = props.summary.error;
  const reason =
    props.phase !== "ready"
      ? "Wait until the sheet has been checked."
      : errors > 0
        ? `${severityCount("error", errors)} must be fixed before the MA file can be written.`
        : submitterIssue
          ? `The submitting EUID is not valid: ${submitterIssue}`
          : dcoIssue
            ? dcoIssue
            : warningCount > 0 && !accepted
              ? `Tick "${ackLabel(warningCount)}" first.`
              : null;

  // ---- export and the file
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [file, setFile] = React.useState<ExportReady | null>(null);
  const [downloadOk, setDownloadOk] = React.useState<boolean | null>(null);
  const [fallback, setFallback] = React.useState<FallbackResult>(null);
  const [fallbackBusy, setFallbackBusy] = React.useState(false);

  const runExport = async () => {
    if (reason !== null || busy) return;
    flushSubmitter();
    setBusy(true);
    setFailure(null);
    setFallback(null);
    try {
      const outcome = await props.onExport(warningCount > 0 && accepted);
      if (!outcome.ok) {
        setFailure(outcome.reason);
        return;
      }
      setFile(outcome);
      setDownloadOk(download(outcome.fileName, outcome.content));
    } finally {
      setBusy(false);
    }
  };

  const runFallback = async () => {
    if (!file || fallbackBusy) return;
    setFallbackBusy(true);
    try {
      const sheet = await props.onWriteToSheet(file);
      const copied = await copy(file.content);
      setFallback({ sheet, copied });
    } finally {
      setFallbackBusy(false);
    }
  };

  const mac = props.platform === "Mac";

  return (
    <div className={styles.root} data-testid="export-panel">
      <Subtitle2 as="h2">Write the Migration Authorisation file</Subtitle2>

      <Field
        label="Submitting supplier EUID (your DCC User ID)"
        required
        validationState={submitterIssue ? "error" : "success"}
        validationMessage={submitterIssue ?? "Valid DCC User ID."}
      >
        <Input
          value={submitterText}
          onChange={(_, d) => typeSubmitter(d.value)}
          onBlur={flushSubmitter}
          placeholder="70-B3-D5-1F-30-00-A0-08"
          spellCheck={false}
          autoComplete="off"
        />
      </Field>

      <Field
        label="DCO code"
        validationState={dcoIssue ? "error" : "none"}
        validationMessage={dcoIssue ?? undefined}
        hint="The DCC operator named in the file name (default CGI)."
      >
        <Input
          value={dcoText}
          onChange={(_, d) => {
            setDcoText(d.value);
            props.onDcoChange(d.value);
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>

      <Switch
        label="Test workbook (allows DCC test User IDs 90-B3-D5-1F-3…)"
        checked={props.testWorkbook}
        onChange={(_, d) => props.onTestWorkbookChange(d.checked)}
      />

      {warningCount > 0 && (
        <Card data-testid="warnings-ack">
          <Text weight="semibold">{plural(warningCount, "warning")} to acknowledge once</Text>
          <ul className={styles.warnings}>
            {warningGroups.map(([code, list]) => (
              <li key={code}>
                <Body1>
                  <Text weight="semibold">{code}</Text> {ruleTitle(code)} ×{" "}
                  {list.length.toLocaleString("en-GB")}:{" "}
                  <span className={styles.mono}>
                    {list
                      .slice(0, 8)
                      .map((f) => f.cell)
                      .join(", ")}
                    {list.length > 8
                      ? ` and ${(list.length - 8).toLocaleString("en-GB")} more`
                      : ""}
                  </span>
                </Body1>
              </li>
            ))}
          </ul>
          <Checkbox
            checked={accepted}
            onChange={(_, d) => setAccepted(d.checked === true)}
            label={ackLabel(warningCount)}
          />
        </Card>
      )}

      <div className={styles.line}>
        <Button
          appearance="primary"
          icon={<ArrowDownload20Regular />}
          disabledFocusable={reason !== null || busy}
          aria-describedby={reason ? reasonId : undefined}
          onClick={() => void runExport()}
        >
          {busy ? "Preparing…" : "Export MA file"}
        </Button>
        {errors > 0 && props.phase === "ready" && (
          <Button appearance="subtle" onClick={props.onShowErrors}>
            Show the errors
          </Button>
        )}
      </div>
      <div role="status" aria-live="polite">
        {reason && (
          <Caption1 id={reasonId} className={styles.reason} data-testid="export-reason">
            {reason}
          </Caption1>
        )}
      </div>

      {failure && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not exported</MessageBarTitle>
            {failure}
          </MessageBarBody>
        </MessageBar>
      )}

      {file && (
        <Card data-testid="export-result">
          <Text weight="semibold">
            {downloadOk ? "File ready: your browser has started the download" : "File ready"}
          </Text>
          <dl className={styles.dl}>
            <dt className={styles.dt}>File name</dt>
            <dd className={styles.dd}>
              <Text className={styles.mono} data-testid="export-file-name">
                {file.fileName}
              </Text>
            </dd>
            <dt className={styles.dt}>Rows</dt>
            <dd className={styles.dd}>
              <Text data-testid="export-rows">{file.rows.toLocaleString("en-GB")}</Text>
            </dd>
            <dt className={styles.dt}>SHA-256</dt>
            <dd className={styles.dd}>
              <Text className={styles.mono} data-testid="export-sha256">
                {file.sha256}
              </Text>
            </dd>
          </dl>
          {downloadOk === false && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                This pane could not start a download. Put the file on a new sheet and the clipboard
                instead.
              </MessageBarBody>
            </MessageBar>
          )}
          {mac && (
            <MessageBar intent="warning" layout="multiline" data-testid="mac-fallback">
              <MessageBarBody>
                <MessageBarTitle>On Excel for Mac</MessageBarTitle>
                Downloads from add-ins are often blocked. If no file arrived in Downloads, put it on
                a new sheet and the clipboard, then save it as{" "}
                <Text className={styles.mono}>{file.fileName}</Text>.
              </MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => void runFallback()} disabled={fallbackBusy}>
                  Use the Mac fallback
                </Button>
              </MessageBarActions>
            </MessageBar>
          )}
          <div className={styles.line}>
            <Button
              appearance="secondary"
              onClick={() => void runFallback()}
              disabled={fallbackBusy}
            >
              Download didn&apos;t work?
            </Button>
          </div>
          <div role="status" aria-live="polite" data-testid="fallback-status">
            {fallback && <FallbackMessage fileName={file.fileName} result={fallback} />}
          </div>
        </Card>
      )}
    </div>
  );
};

const FallbackMessage: React.FC<{ fileName: string; result: NonNullable<FallbackResult> }> = ({
  fileName,
  result,
}) => {
  const styles = useStyles();
  const name = <Text className={styles.mono}>{fileName}</Text>;
  const sheet = result.sheet ? `the new sheet "${result.sheet}"` : null;
  if (result.copied) {
    return (
      <Body1>
        The file&apos;s content is on the clipboard{sheet ? ` and on ${sheet}` : ""}. Paste it into
        a plain-text editor (TextEdit: Format ▸ Make Plain Text) and save it as exactly {name}{" "}
        (UTF-8).
      </Body1>
    );
  }
  if (sheet) {
    return (
      <Body1>
        The clipboard was refused, so the lines are only on {sheet}: select column A, copy, paste
        into a plain-text editor and save as exactly {name} (UTF-8).
      </Body1>
    );
  }
  return (
    <Body1>
      Neither a new sheet nor the clipboard could take the file. Try the export again, or ask the
      helpdesk for another way to send {name}.
    </Body1>
  );
};
