/**
 * Fix, Fix all like this (asked first above a hundred cells) and Undo, keeping the user's place:
 * after a fix the pane goes on to the next finding in the list and focuses it.
 */
import * as React from "react";
import { CONFIRM_FIX_ABOVE, type Workbench } from "../../app/workbench";
import type { Finding } from "../../domain/types";
import { likeThisKey } from "../findingsView";
import type { Walkthrough } from "./useWalkthrough";

export interface Fixes {
  fix(f: Finding): void;
  fixAll(f: Finding): void;
  undo(): void;
  /** The finding whose "Fix all like this" waits for the user's yes, or null. */
  readonly confirming: Finding | null;
  confirm(f: Finding): void;
  cancel(): void;
}

export function useFixes(
  workbench: Workbench,
  walk: Walkthrough,
  fixCounts: ReadonlyMap<string, number>,
  goAndFocus: (f: Finding) => void
): Fixes {
  const [confirming, setConfirming] = React.useState<Finding | null>(null);
  const run = async (f: Finding, all: boolean) => {
    const key = likeThisKey(f);
    const next = walk.after(
      f,
      (g) => g === f || (all && g.fixValue !== undefined && likeThisKey(g) === key)
    );
    await workbench.fix(all ? workbench.likeThis(f) : [f]);
    if (next && workbench.getState().findings.includes(next)) goAndFocus(next);
  };
  return {
    fix: (f) => void run(f, false),
    fixAll: (f) => {
      if ((fixCounts.get(likeThisKey(f)) ?? 0) > CONFIRM_FIX_ABOVE) setConfirming(f);
      else void run(f, true);
    },
    undo: () => void workbench.undoLastFix(),
    confirming,
    confirm: (f) => {
      setConfirming(null);
      void run(f, true);
    },
    cancel: () => setConfirming(null),
  };
}
