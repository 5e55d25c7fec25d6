/** Counts are announced when they change (after a pause, so a typing burst announces once), once the sheet is checked. */
import * as React from "react";
import type { Phase } from "../../app/workbench";

/** Counts are announced this long after they stop changing. */
export const ANNOUNCE_DELAY_MS = 800;

export function useCountsAnnouncement(
  counts: string,
  phase: Phase,
  announce: (text: string) => void
): void {
  const announced = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (phase !== "ready" || announced.current === counts) return;
    const timer = setTimeout(() => {
      announced.current = counts;
      announce(counts);
    }, ANNOUNCE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [counts, phase, announce]);
}
