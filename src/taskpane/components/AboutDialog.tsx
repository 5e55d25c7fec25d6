/** About: the add-in's version, the MAM version and the workbook profile its rules implement. */
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
} from "@fluentui/react-components";
import { useDialogMount } from "./dialogMount";
import { MAM_VERSION, PROFILE_NAME } from "../about";

export const AboutDialog: React.FC<{ open: boolean; version: string; onClose: () => void }> = ({
  open,
  version,
  onClose,
}) => (
  <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
    <DialogSurface {...useDialogMount()}>
      <DialogBody>
        <DialogTitle>About MAM Workbench</DialogTitle>
        <DialogContent>
          <Body1 as="p" data-testid="about-text">
            MAM Workbench {version}. Rules of the Migration Authorisation Methodology (MAM) version{" "}
            {MAM_VERSION}, for the workbook template {PROFILE_NAME}. It checks the workbook on this
            computer and sends nothing anywhere.
          </Body1>
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" onClick={onClose}>
            Close
          </Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  </Dialog>
);
