/** The Export panel wired to the workbench (the EUID check follows the test-workbook switch). */
import * as React from "react";
import type { ExportReady, Workbench, WorkbenchState } from "../../app/workbench";
import type { HostPlatform } from "../../host/hostApi";
import { ExportPanel } from "./ExportPanel";

export interface ExportTabProps {
  workbench: Workbench;
  state: WorkbenchState;
  platform: HostPlatform;
  euidRef: React.Ref<HTMLInputElement>;
  onShowErrors: () => void;
}

export const ExportTab: React.FC<ExportTabProps> = ({
  workbench,
  state,
  platform,
  euidRef,
  onShowErrors,
}) => {
  const testWorkbook = state.testWorkbook;
  // A new function when the test flag changes, so the panel judges the EUID again.
  const submitterProblem = React.useCallback(
    (text: string) => workbench.submitterProblem(text, testWorkbook),
    [workbench, testWorkbook]
  );
  const onSubmitterChange = React.useCallback(
    (text: string) => void workbench.setSubmitter(text),
    [workbench]
  );
  return (
    <ExportPanel
      phase={state.phase}
      summary={state.summary}
      findings={state.findings}
      submitter={state.submitter}
      dco={state.dco}
      testWorkbook={testWorkbook}
      platform={platform}
      euidRef={euidRef}
      submitterProblem={submitterProblem}
      dcoProblem={(text) => workbench.dcoProblem(text)}
      onSubmitterChange={onSubmitterChange}
      onDcoChange={(text) => void workbench.setDco(text)}
      onTestWorkbookChange={(on) => void workbench.setTestWorkbook(on)}
      onExport={(accepted) => workbench.prepareExport(accepted)}
      onWriteToSheet={(file: ExportReady) => workbench.writeFileToSheet(file)}
      onShowErrors={onShowErrors}
    />
  );
};
