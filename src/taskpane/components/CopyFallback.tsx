/** When the clipboard is refused: the text in a box, already selected, so Ctrl+C (⌘C) copies it. */
import * as React from "react";
import { Button, Field, makeStyles, Textarea, tokens } from "@fluentui/react-components";
import type { CopyFallbackText } from "../hooks/useShare";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
});

export const CopyFallback: React.FC<{ fallback: CopyFallbackText; onDone: () => void }> = ({
  fallback,
  onDone,
}) => {
  const styles = useStyles();
  const area = React.useRef<HTMLTextAreaElement>(null);
  React.useEffect(() => {
    area.current?.focus();
    area.current?.select();
  }, [fallback]);
  return (
    <div className={styles.root} data-testid="copy-fallback">
      <Field
        label={fallback.label}
        hint="The clipboard was refused: the text is selected, copy it with Ctrl+C (⌘C on a Mac)."
      >
        <Textarea ref={area} readOnly value={fallback.text} rows={5} resize="vertical" />
      </Field>
      <div>
        <Button size="small" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
};
