/** Asked before a fix writes more than a hundred cells: how many, where, and that Undo can put them back. */
import * as React from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import { useDialogMount } from "./dialogMount";
import type { Finding } from "../../domain/types";

export interface ConfirmFixDialogProps {
  /** The finding whose "Fix all like this" is being confirmed, or null when closed. */
  finding: Finding | null;
  count: number;
  onConfirm: (f: Finding) => void;
  onCancel: () => void;
}

export const ConfirmFixDialog: React.FC<ConfirmFixDialogProps> = ({
  finding,
  count,
  onConfirm,
  onCancel,
}) => {
  const cells = count.toLocaleString("en-GB");
  return (
    <Dialog
      open={finding !== null}
      onOpenChange={(_, d) => !d.open && onCancel()}
      modalType="alert"
    >
      <DialogSurface {...useDialogMount()} aria-describedby="confirm-fix-text">
        <DialogBody>
          <DialogTitle>Fix {cells} cells?</DialogTitle>
          <DialogContent id="confirm-fix-text">
            {finding &&
              `Every ${finding.code} value in column ${finding.column} (${cells} cells) gets its corrected form. "Undo last fix" puts them all back.`}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => finding && onConfirm(finding)}>
              Fix {cells} cells
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
};
