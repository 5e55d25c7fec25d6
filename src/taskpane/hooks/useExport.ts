/**
 * The export's state: why it is not possible yet (first reason wins), the warnings' one
 * acknowledgement (asked again when their number changes), and the run itself with its file.
 */
import * as React from "react";
import type { ExportOutcome, ExportReady, Phase } from "../../app/workbench";
import type { Summary } from "../../domain/types";
import { severityCount } from "../findingsView";

/** The one acknowledgement the warnings need. */
export function ackLabel(warnings: number): string {
  return warnings === 1
    ? "I have checked this warning"
    : `I have checked these ${warnings.toLocaleString("en-GB")} warnings`;
}

export interface ExportState {
  readonly reason: string | null;
  readonly accepted: boolean;
  setAccepted(on: boolean): void;
  readonly busy: boolean;
  readonly failure: string | null;
  readonly file: ExportReady | null;
  readonly downloadOk: boolean | null;
  run(): Promise<void>;
}

export function useExport(
  phase: Phase,
  summary: Summary,
  problems: { submitter: string | null; dco: string | null },
  onExport: (acceptWarnings: boolean) => Promise<ExportOutcome>,
  download: (fileName: string, content: string) => boolean,
  beforeRun: () => void
): ExportState {
  const warnings = summary.warning;
  const [accepted, setAccepted] = React.useState(false);
  const [acceptedCount, setAcceptedCount] = React.useState(warnings);
  if (acceptedCount !== warnings) {
    setAcceptedCount(warnings);
    setAccepted(false);
  }
  const reason =
    phase !== "ready"
      ? "Wait until the sheet has been checked."
      : summary.error > 0
        ? `${severityCount("error", summary.error)} must be fixed before the MA file can be written.`
        : problems.submitter
          ? `The submitting EUID is not valid: ${problems.submitter}`
          : (problems.dco ??
            (warnings > 0 && !accepted ? `Tick "${ackLabel(warnings)}" first.` : null));

  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [file, setFile] = React.useState<ExportReady | null>(null);
  const [downloadOk, setDownloadOk] = React.useState<boolean | null>(null);
  const run = async () => {
    if (reason !== null || busy) return;
    beforeRun();
    setBusy(true);
    setFailure(null);
    try {
      const outcome = await onExport(warnings > 0 && accepted);
      if (!outcome.ok) return setFailure(outcome.reason);
      setFile(outcome);
      setDownloadOk(download(outcome.fileName, outcome.content));
    } finally {
      setBusy(false);
    }
  };
  return { reason, accepted, setAccepted, busy, failure, file, downloadOk, run };
}
