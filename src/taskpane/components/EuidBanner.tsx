/** While the submitting EUID is missing: say which rules are skipped, and take the user to the field. */
import * as React from "react";
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
} from "@fluentui/react-components";

/** The supplier-party rules that need the submitter's EUID. */
export const PARTY_RULES = ["MAM-312", "MAM-313", "MAM-321"] as const;

const useStyles = makeStyles({ root: { flexShrink: 0 } });

export const EuidBanner: React.FC<{ onEnter: () => void }> = ({ onEnter }) => {
  const styles = useStyles();
  return (
    <MessageBar
      intent="warning"
      className={styles.root}
      data-testid="euid-banner"
      aria-labelledby="euid-banner-text"
      aria-describedby="euid-banner-rules"
    >
      <MessageBarBody id="euid-banner-text">No EUID: party rules skipped.</MessageBarBody>
      <span id="euid-banner-rules" hidden>
        Until you enter your EUID (DCC User ID), {PARTY_RULES.join(", ")} are not checked.
      </span>
      <MessageBarActions>
        <Button size="small" onClick={onEnter}>
          Enter EUID
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
};
