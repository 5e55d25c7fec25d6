/**
 * The tab shown. A tab the user picks gets its heading focused, so keyboard and screen-reader
 * users land at the top of the new panel instead of on the page's body.
 */
import * as React from "react";

export type PaneTab = "findings" | "parties" | "export";

export function usePaneTab(): [PaneTab, (tab: PaneTab, focus?: boolean) => void] {
  const [tab, setTab] = React.useState<PaneTab>("findings");
  const focusNext = React.useRef<PaneTab | null>(null);
  React.useEffect(() => {
    if (focusNext.current !== tab) return;
    focusNext.current = null;
    document.getElementById(`panel-heading-${tab}`)?.focus();
  }, [tab]);
  const show = React.useCallback((next: PaneTab, focus = false) => {
    if (focus) focusNext.current = next;
    setTab(next);
  }, []);
  return [tab, show];
}
