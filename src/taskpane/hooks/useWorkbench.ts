/** React's view of the Workbench store. */
import { useSyncExternalStore } from "react";
import type { Workbench, WorkbenchState } from "../../app/workbench";

export function useWorkbenchState(workbench: Workbench): WorkbenchState {
  return useSyncExternalStore(workbench.subscribe, workbench.getState, workbench.getState);
}
