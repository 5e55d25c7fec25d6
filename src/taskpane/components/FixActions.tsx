/** The fixes of the current finding: Fix, "Fix all like this (n)" when more than one cell would change, and Undo. */
import * as React from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { Wrench20Regular } from "@fluentui/react-icons";
import type { Finding } from "../../domain/types";

const useStyles = makeStyles({
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
  },
});

export interface FixActionsProps {
  finding: Finding;
  fixAllCount: number;
  onFix: (f: Finding) => void;
  onFixAll: (f: Finding) => void;
  /** The Undo last fix button, kept on the same line. */
  undo: React.ReactNode;
}

export const FixActions: React.FC<FixActionsProps> = ({
  finding: f,
  fixAllCount,
  onFix,
  onFixAll,
  undo,
}) => {
  const styles = useStyles();
  const fixable = f.fixValue !== undefined;
  return (
    <div className={styles.line} data-testid="fix-actions">
      {fixable && (
        <Button
          size="small"
          appearance="primary"
          icon={<Wrench20Regular />}
          onClick={() => onFix(f)}
        >
          Fix
        </Button>
      )}
      {fixable && fixAllCount > 1 && (
        <Button size="small" onClick={() => onFixAll(f)}>
          Fix all like this ({fixAllCount.toLocaleString("en-GB")})
        </Button>
      )}
      {undo}
    </div>
  );
};
