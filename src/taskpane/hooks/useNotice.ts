/**
 * The workbench's notice as the pane shows it: news ("Fixed 3 cells") goes after a while, and no
 * notice follows the user to another tab (it belongs to where it happened).
 */
import * as React from "react";
import type { Notice } from "../../app/workbench";

/** How long news stays (failures stay until dismissed). */
export const NOTICE_MS = 10_000;

export function useNotice<Tab>(
  notice: Notice | null,
  tab: Tab,
  dismiss: (id: number) => void
): Notice | null {
  const [origin, setOrigin] = React.useState<{ id: number; tab: Tab } | null>(null);
  // The tab a notice appeared on (adjusted while rendering, as React's docs advise).
  if (notice && origin?.id !== notice.id) setOrigin({ id: notice.id, tab });
  const elsewhere = notice !== null && origin?.id === notice.id && origin.tab !== tab;

  React.useEffect(() => {
    if (notice && elsewhere) dismiss(notice.id);
  }, [notice, elsewhere, dismiss]);
  React.useEffect(() => {
    if (!notice || notice.kind !== "info") return;
    const timer = setTimeout(() => dismiss(notice.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return elsewhere ? null : notice;
}
