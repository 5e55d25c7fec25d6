/**
 * Saving the MA file by hand, byte for byte, when the download did not arrive: on a Mac with
 * Terminal (saveSteps.ts), elsewhere with Notepad; both end with the SHA-256 check. The lines can
 * also go to a new sheet. A refused clipboard shows the text, selected, to copy with Ctrl+C.
 */
import * as React from "react";
import { Body1, Button, Card, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { ExportReady } from "../../app/workbench";
import type { CopyFallbackText } from "../hooks/useShare";
import { checkCommand, terminalCommand } from "../saveSteps";
import { CopyFallback } from "./CopyFallback";

const useStyles = makeStyles({
  steps: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

export interface SaveByHandProps {
  file: ExportReady;
  mac: boolean;
  copy: (text: string) => Promise<boolean>;
  /** Puts the file's lines on a new sheet; resolves to its name ("" on failure). */
  onWriteToSheet: (file: ExportReady) => Promise<string>;
}

export const SaveByHand: React.FC<SaveByHandProps> = ({ file, mac, copy, onWriteToSheet }) => {
  const styles = useStyles();
  const [shown, setShown] = React.useState<CopyFallbackText | null>(null);
  const [status, setStatus] = React.useState("");
  const put = async (label: string, text: string, done: string) => {
    const ok = await copy(text);
    setShown(ok ? null : { label, text });
    setStatus(ok ? done : "");
  };
  const name = <Text className={styles.mono}>{file.fileName}</Text>;
  const copyLines = (
    <Button
      size="small"
      onClick={() =>
        void put("The file's lines", file.content, "The file's lines are on the clipboard.")
      }
    >
      Copy the file&apos;s lines
    </Button>
  );
  const toSheet = async () => {
    const sheet = await onWriteToSheet(file);
    setStatus(
      sheet
        ? `The file's lines are also on the new sheet "${sheet}".`
        : "The new sheet could not be written."
    );
  };
  return (
    <Card data-testid="save-by-hand">
      <Text weight="semibold">Save the file by hand, byte for byte</Text>
      <ol className={styles.steps}>
        {mac ? (
          <>
            <li>
              <Button
                size="small"
                onClick={() =>
                  void put(
                    "Terminal command",
                    terminalCommand(file.fileName),
                    "The command is on the clipboard."
                  )
                }
              >
                Copy the Terminal command
              </Button>{" "}
              then open Terminal (Applications ▸ Utilities), paste it and press Return.
            </li>
            <li>{copyLines} then press Return in Terminal.</li>
            <li>
              Terminal saves {name} in Downloads with the Windows line endings (CRLF) the MA file
              needs. TextEdit would not: it saves other line endings, so another file.
            </li>
          </>
        ) : (
          <li>
            {copyLines} then paste them into Notepad and save as exactly {name}, encoding UTF-8.
          </li>
        )}
        <li>
          Check it: <code className={styles.mono}>{checkCommand(file.fileName, mac)}</code> must
          print the SHA-256 <Text className={styles.mono}>{file.sha256}</Text>.
        </li>
      </ol>
      {shown && <CopyFallback fallback={shown} onDone={() => setShown(null)} />}
      <div>
        <Button size="small" appearance="subtle" onClick={() => void toSheet()}>
          Put the lines on a new sheet too
        </Button>
      </div>
      <div role="status" data-testid="fallback-status">
        <Body1>{status}</Body1>
      </div>
    </Card>
  );
};
