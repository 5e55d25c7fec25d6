/**
 * The self-test, opened from the overflow menu: it says what it will do to the workbook (a scratch
 * sheet, removed afterwards) before the user runs it, then shows the report (SelfTestPanel).
 */
import * as React from "react";
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MenuItem,
} from "@fluentui/react-components";
import { useDialogMount } from "./dialogMount";
import { Stethoscope20Regular } from "@fluentui/react-icons";
import type { SelfTestReport } from "../../app/selfTest";
import { SelfTestPanel } from "./SelfTestPanel";

export interface SelfTestDialogProps {
  open: boolean;
  onRun: () => Promise<SelfTestReport | null>;
  onClose: () => void;
}

export const SelfTestDialog: React.FC<SelfTestDialogProps> = ({ open, onRun, onClose }) => (
  <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
    <DialogSurface {...useDialogMount()} aria-describedby="self-test-about">
      <DialogBody>
        <DialogTitle>Self-test</DialogTitle>
        <DialogContent>
          <Body1 as="p" id="self-test-about">
            Tries every Excel feature the add-in uses on a scratch sheet, then removes the sheet.
            Your data is not touched. Send the report to the helpdesk if something fails.
          </Body1>
          <SelfTestPanel onRun={onRun} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  </Dialog>
);

/** The overflow menu's entry (PaneMenu's `extra` slot). */
export const SelfTestMenuItem: React.FC<{ onClick: () => void }> = ({ onClick }) => (
  <MenuItem icon={<Stethoscope20Regular />} onClick={onClick}>
    Run self-test…
  </MenuItem>
);
