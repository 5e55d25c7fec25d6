/**
 * What this Excel build supports, feature-tested at run time with Office's isSetSupported (the
 * manifest only promises ExcelApi 1.9), and the run options every batch is sent with.
 */
import type { HostCapabilities, HostPlatform } from "../hostApi";

/** Every ExcelApi set up to the newest the add-in knows; the highest supported one is reported. */
export const EXCEL_API_SETS = [
  "1.1",
  "1.2",
  "1.3",
  "1.4",
  "1.5",
  "1.6",
  "1.7",
  "1.8",
  "1.9",
  "1.10",
  "1.11",
  "1.12",
  "1.13",
  "1.14",
  "1.15",
  "1.16",
  "1.17",
  "1.18",
  "1.19",
  "1.20",
] as const;

/** Sets the add-in uses a feature of, with what for (for the self-test's report). */
export const SETS_USED: readonly { readonly version: string; readonly feature: string }[] = [
  { version: "1.6", feature: "conditional formats (highlights)" },
  { version: "1.9", feature: "the manifest's minimum: cell properties, RangeAreas, fill patterns" },
  { version: "1.10", feature: "sort events" },
  { version: "1.14", feature: "triggerSource on change events" },
  { version: "1.20", feature: "undo grouping (mergeUndoGroup)" },
];

export function isExcelApiSupported(version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported("ExcelApi", version);
  } catch {
    return false; // outside Office (tests with no Office at all): nothing beyond what is called
  }
}

export function detectCapabilities(): HostCapabilities {
  let excelApi: string | null = null;
  for (const version of EXCEL_API_SETS) if (isExcelApiSupported(version)) excelApi = version;
  return {
    excelApi,
    triggerSource: isExcelApiSupported("1.14"),
    sortEvents: isExcelApiSupported("1.10"),
    undoGrouping: isExcelApiSupported("1.20"),
  };
}

export function detectPlatform(): HostPlatform {
  try {
    const p = String(Office.context.platform ?? "");
    const known: HostPlatform[] = ["PC", "Mac", "OfficeOnline", "iOS", "Android", "Universal"];
    return (known as string[]).includes(p) ? (p as HostPlatform) : "Unknown";
  } catch {
    return "Unknown";
  }
}

/** Office's version ("16.0.18227.20000"), or "unknown". */
export function officeVersion(): string {
  try {
    return String(Office.context.diagnostics?.version ?? "unknown");
  } catch {
    return "unknown";
  }
}

/**
 * Every batch waits while the user is typing in a cell (without it the batch fails, and during
 * fast data entry the re-read of the rows typed would be lost).
 */
export const RUN: Excel.RunOptions = { delayForCellEdit: true };

/** The error code of an Office.js error ("" for anything else). */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}
