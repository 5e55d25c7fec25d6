/**
 * The workbench's notice (a failure, or news such as "Fixed 3 cells") as a dismissable message bar,
 * named by its own text (a bar without a title would point its name at nothing).
 */
import * as React from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { Dismiss20Regular } from "@fluentui/react-icons";
import type { WorkbenchState } from "../../app/workbench";

export interface NoticeBarProps {
  notice: WorkbenchState["notice"];
  onDismiss: () => void;
}

export const NoticeBar: React.FC<NoticeBarProps> = ({ notice, onDismiss }) => {
  if (!notice) return null;
  return (
    <MessageBar
      intent={notice.kind}
      layout="multiline"
      data-testid="notice"
      politeness={notice.kind === "error" ? "assertive" : "polite"}
      aria-labelledby="notice-text"
    >
      <MessageBarBody id="notice-text">{notice.text}</MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label="Dismiss message"
            icon={<Dismiss20Regular />}
            onClick={onDismiss}
          />
        }
      />
    </MessageBar>
  );
};
