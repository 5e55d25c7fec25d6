/**
 * "Run self-test": checks every Office call the add-in needs on a scratch sheet it then removes,
 * and shows the report (src/app/selfTest.ts) to copy to the helpdesk.
 */
import * as React from "react";
import { Button, Caption1, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import type { SelfTestReport } from "../../app/selfTest";
import { copyText } from "../browser";

const useStyles = makeStyles({
  root: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, padding: "8px 12px" },
  report: { width: "100%" },
});

const PASSED = "Self-test passed.";
const FAILED = "Problems found: copy the report for the helpdesk.";
const COPIED = "Report copied.";
const NOT_COPIED = "Select the report and copy it.";

export interface SelfTestPanelProps {
  /** Runs the self-test; null where the host has none (outside Excel). */
  onRun: () => Promise<SelfTestReport | null>;
}

export const SelfTestPanel: React.FC<SelfTestPanelProps> = ({ onRun }) => {
  const styles = useStyles();
  const [running, setRunning] = React.useState(false);
  const [report, setReport] = React.useState<SelfTestReport | null>(null);
  const [status, setStatus] = React.useState("");
  const run = async () => {
    setRunning(true);
    setStatus("Running the self-test on a scratch sheet…");
    const result = await onRun();
    setRunning(false);
    setReport(result);
    setStatus(!result ? "The self-test runs in Excel only." : result.ok ? PASSED : FAILED);
  };
  const copy = async () => setStatus((await copyText(report?.text ?? "")) ? COPIED : NOT_COPIED);
  return (
    <section className={styles.root} aria-label="Self-test" data-testid="self-test">
      <Button size="small" disabled={running} onClick={() => void run()}>
        Run self-test
      </Button>
      {report && (
        <Button size="small" onClick={() => void copy()}>
          Copy report
        </Button>
      )}
      <Caption1 role="status" data-testid="self-test-status">
        {status}
      </Caption1>
      {report && (
        <Textarea
          className={styles.report}
          aria-label="Self-test report"
          readOnly
          value={report.text}
          rows={8}
          data-testid="self-test-report"
        />
      )}
    </section>
  );
};
