/**
 * The guided walk for a helpdesk call: steps through the shown findings in display order (Info
 * findings only when asked), with F8 / Shift+F8 and Alt+Down / Alt+Up anywhere in the pane except
 * while typing in a field. Each step selects the finding's cell in Excel and is announced.
 */
import * as React from "react";
import type { Finding } from "../../domain/types";
import { findingName } from "../findingSearch";
import { plural } from "../findingsView";

export interface Walkthrough {
  /** The findings the walk visits, in order. */
  readonly list: readonly Finding[];
  /** 0-based position of the current finding in the walk, or null. */
  readonly position: number | null;
  step(by: 1 | -1): void;
  /** The finding shown after this one (or before it, at the end): where to go after a fix. */
  after(current: Finding, skip?: (f: Finding) => boolean): Finding | null;
}

export function useWalkthrough(
  ordered: readonly Finding[],
  current: Finding | null,
  includeInfo: boolean,
  go: (f: Finding) => void,
  announce: (text: string) => void
): Walkthrough {
  const list = React.useMemo(
    () => (includeInfo ? ordered : ordered.filter((f) => f.severity !== "info")),
    [ordered, includeInfo]
  );
  const position = React.useMemo(() => {
    if (!current) return null;
    const at = list.findIndex((f) => f.id === current.id);
    return at < 0 ? null : at;
  }, [list, current]);

  const step = (by: 1 | -1) => {
    if (list.length === 0) return announce("No findings to walk through.");
    const at = position === null ? (by > 0 ? 0 : list.length - 1) : position + by;
    if (at < 0 || at >= list.length)
      return announce(
        by > 0
          ? `That was the last of ${plural(list.length, "finding")}.`
          : "That was the first finding."
      );
    const f = list[at];
    go(f);
    announce(`Finding ${at + 1} of ${list.length}: ${findingName(f)}. ${f.message}`);
  };
  // After a fix the fixed finding goes away: the pane moves on to the next one in display order.
  const after = (f: Finding, skip: (g: Finding) => boolean = (g) => g === f): Finding | null => {
    const at = ordered.indexOf(f);
    if (at < 0) return null;
    for (let i = at + 1; i < ordered.length; i++) if (!skip(ordered[i])) return ordered[i];
    for (let i = at - 1; i >= 0; i--) if (!skip(ordered[i])) return ordered[i];
    return null;
  };

  // The key handler is registered once and calls the latest step through this ref.
  const stepRef = React.useRef(step);
  React.useLayoutEffect(() => {
    stepRef.current = step;
  });
  React.useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const f8 = e.key === "F8" && !e.altKey;
      const altArrow = e.altKey && !e.shiftKey && (e.key === "ArrowDown" || e.key === "ArrowUp");
      if (!f8 && !altArrow) return;
      e.preventDefault();
      stepRef.current(f8 ? (e.shiftKey ? -1 : 1) : e.key === "ArrowDown" ? 1 : -1);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return { list, position, step, after };
}

/** Keys typed into a field (or a drop-down list) belong to it. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !["checkbox", "radio", "button"].includes(target.type)
  );
}
