/** Severity as an icon AND a word: never colour alone. */
import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import { ErrorCircle16Filled, Info16Filled, Warning16Filled } from "@fluentui/react-icons";
import type { Severity } from "../../domain/types";

const useStyles = makeStyles({
  error: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
  info: { color: tokens.colorBrandForeground1, flexShrink: 0 },
});

export interface SeverityIconProps {
  severity: Severity;
  /** Accessible name; omit when the severity is written next to the icon. */
  label?: string;
}

export const SeverityIcon: React.FC<SeverityIconProps> = ({ severity, label }) => {
  const styles = useStyles();
  const a11y = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
  switch (severity) {
    case "error":
      return <ErrorCircle16Filled className={styles.error} {...a11y} />;
    case "warning":
      return <Warning16Filled className={styles.warning} {...a11y} />;
    default:
      return <Info16Filled className={styles.info} {...a11y} />;
  }
};
