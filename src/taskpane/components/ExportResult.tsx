/** The file written: its exact name, rows and SHA-256 (a fingerprint to compare copies with), and how to save it by hand. */
import * as React from "react";
import {
  Button,
  Card,
  InfoLabel,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { ExportReady } from "../../app/workbench";
import { SaveByHand, type SaveByHandProps } from "./SaveByHand";

const useStyles = makeStyles({
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalS,
    margin: 0,
  },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0, minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

export interface ExportResultProps extends Omit<SaveByHandProps, "file"> {
  file: ExportReady;
  downloadOk: boolean | null;
}

export const ExportResult: React.FC<ExportResultProps> = ({ file, downloadOk, ...save }) => {
  const styles = useStyles();
  const [byHand, setByHand] = React.useState(save.mac || downloadOk === false);
  return (
    <Card data-testid="export-result">
      <Text weight="semibold">
        {downloadOk ? "File ready: your browser has started the download" : "File ready"}
      </Text>
      <dl className={styles.dl}>
        <dt className={styles.dt}>File name</dt>
        <dd className={styles.dd}>
          <Text className={styles.mono} data-testid="export-file-name">
            {file.fileName}
          </Text>
        </dd>
        <dt className={styles.dt}>Rows</dt>
        <dd className={styles.dd}>
          <Text data-testid="export-rows">{file.rows.toLocaleString("en-GB")}</Text>
        </dd>
        <dt className={styles.dt}>
          <InfoLabel
            size="small"
            info="A fingerprint of the file: any copy with the same SHA-256 is byte for byte the same file."
          >
            SHA-256
          </InfoLabel>
        </dt>
        <dd className={styles.dd}>
          <Text className={styles.mono} data-testid="export-sha256">
            {file.sha256}
          </Text>
        </dd>
      </dl>
      {save.mac && (
        <MessageBar intent="warning" layout="multiline" data-testid="mac-fallback">
          <MessageBarBody>
            <MessageBarTitle>On Excel for Mac</MessageBarTitle>
            Downloads from add-ins are often blocked: if no file arrived in Downloads, save it with
            the steps below.
          </MessageBarBody>
        </MessageBar>
      )}
      {byHand ? (
        <SaveByHand file={file} {...save} />
      ) : (
        <div>
          <Button onClick={() => setByHand(true)}>Download didn&apos;t work?</Button>
        </div>
      )}
    </Card>
  );
};
