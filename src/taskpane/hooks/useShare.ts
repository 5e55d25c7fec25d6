/**
 * Sharing with the helpdesk: the summary and every shown finding go to the clipboard; where the
 * clipboard is refused, the text is shown (selected, ready for Ctrl+C). The findings table can
 * also go to a new sheet.
 */
import * as React from "react";
import type { Workbench } from "../../app/workbench";
import type { Finding } from "../../domain/types";
import { copyText } from "../browser";
import { plural } from "../findingsView";

export interface CopyFallbackText {
  readonly label: string;
  readonly text: string;
}

export interface Share {
  readonly fallback: CopyFallbackText | null;
  closeFallback(): void;
  copySummary(): Promise<void>;
  copyFindings(): Promise<void>;
  writeSheet(): Promise<void>;
}

export function useShare(
  workbench: Workbench,
  ordered: readonly Finding[],
  announce: (text: string) => void,
  copy: (text: string) => Promise<boolean> = copyText
): Share {
  const [fallback, setFallback] = React.useState<CopyFallbackText | null>(null);
  const put = async (label: string, text: string, done: string) => {
    if (await copy(text)) {
      setFallback(null);
      announce(done);
    } else {
      setFallback({ label, text });
      announce(
        "The clipboard was refused: the text is selected below, copy it with Ctrl+C (⌘C on a Mac)."
      );
    }
  };
  return {
    fallback,
    closeFallback: () => setFallback(null),
    copySummary: () =>
      put(
        "Summary for the helpdesk",
        workbench.helpdeskText(ordered),
        "Summary copied: paste it into your email or chat with the helpdesk."
      ),
    copyFindings: () =>
      put(
        "Findings, tab-separated",
        workbench.findingsText(ordered),
        `${plural(ordered.length, "finding")} copied, tab-separated: paste into an email or a sheet.`
      ),
    writeSheet: async () => {
      // Every finding, whatever the filter: the rows `mam validate --format csv` prints.
      const name = await workbench.writeFindingsSheet();
      if (name) announce(`Findings written to the new sheet ${name}.`);
    },
  };
}
