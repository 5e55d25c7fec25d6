/**
 * The Migration Authorisation (MA) file (brief §5): `MA_<DCO>_<EUID>_<YYYYMMDD>_<HHMMSS>.csv`, the
 * time in Europe/London; CSV per RFC 4180, UTF-8 without BOM, CRLF line ends; a header line of the
 * profile's headers, then one line per non-empty row in sheet order with canonical values. It is
 * never written while an error stands, and warnings need one explicit acknowledgement.
 */
import { catalogue, fillTemplate } from "./catalogue";
import { parseDccUserId } from "./dccUserId";
import type { MamEngine } from "./engine";
import type { Finding } from "./types";

export interface ExportRequest {
  /** The submitting supplier's EUID. */
  readonly submitter: string;
  /** Data Communications Organisation code in the file name; default CGI. */
  readonly dco?: string;
  /** When the file is made (its name carries this instant in Europe/London time). */
  readonly at: Date;
  /** The user has seen the warnings and accepts them. */
  readonly acceptWarnings?: boolean;
}

export type ExportResult =
  | {
      readonly ok: true;
      readonly fileName: string;
      readonly content: string;
      readonly rows: number;
      readonly warningsAccepted: number;
    }
  | { readonly ok: false; readonly reason: string; readonly blocking: readonly Finding[] };

const CRLF = "\r\n";

/** RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside. */
export function csvField(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

export function csvLine(values: readonly string[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) line += (i === 0 ? "" : ",") + csvField(values[i]);
  return line;
}

/** `YYYYMMDD` and `HHMMSS` of an instant in a time zone (Europe/London: GMT or BST as the date requires). */
export function zonedStamp(
  at: Date,
  timeZone: string = catalogue.export.timeZone
): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return {
    date: `${get("year")}${get("month")}${get("day")}`,
    time: `${get("hour")}${get("minute")}${get("second")}`,
  };
}

/** Why a DCO code cannot go into a file name, or null. */
export function dcoProblem(dco: string): string | null {
  return /^[A-Z0-9]{2,8}$/.test(dco)
    ? null
    : `DCO code "${dco}" must be 2-8 capital letters or digits (default ${catalogue.export.defaultDco})`;
}

export function maFileName(
  submitterCanonical: string,
  at: Date,
  dco: string = catalogue.export.defaultDco
): string {
  const { date, time } = zonedStamp(at);
  return fillTemplate(catalogue.export.fileName, {
    dco,
    euid: submitterCanonical,
    yyyymmdd: date,
    hhmmss: time,
  });
}

/** The header line's texts, in export order. */
export function exportHeaders(): string[] {
  return catalogue.profile.columns.map((c) => c.header);
}

/**
 * Columns whose canonical values may need quoting. Every other form is digits, hex, hyphens,
 * capitals or an ISO date once canonical, so only free text can hold a comma, a quote or a line
 * break: a whole row is then one `join`, the common case at 100,000 rows.
 */
const freeTextColumns = catalogue.profile.columns.flatMap((c, i) => (c.form === "text" ? [i] : []));
const NEEDS_QUOTES = /[",\r\n]/;

/** One line of the file (no line end) for a row of canonical values. */
function maLine(row: readonly string[]): string {
  for (const c of freeTextColumns) if (NEEDS_QUOTES.test(row[c])) return csvLine(row);
  return row.join(",");
}

/** The file content for canonical rows (no checks: use buildMaFile). */
export function maFileContent(rows: readonly (readonly string[])[]): string {
  const lines = new Array<string>(rows.length + 1);
  lines[0] = csvLine(exportHeaders());
  for (let i = 0; i < rows.length; i++) lines[i + 1] = maLine(rows[i]);
  return lines.join(CRLF) + CRLF;
}

/** Builds the MA file from a checked sheet, or says why it cannot be written yet. */
export function buildMaFile(engine: MamEngine, request: ExportRequest): ExportResult {
  const idOptions = { testWorkbook: engine.settings.testWorkbook };
  const submitter = parseDccUserId(request.submitter, idOptions);
  if (!submitter.ok)
    return {
      ok: false,
      reason: `The submitting EUID "${request.submitter}" is not a DCC User ID: ${submitter.reason}.`,
      blocking: [],
    };
  // Party rules (MAM-312/313/321) depend on the submitter: findings for another one prove nothing.
  const checkedFor = engine.settings.submitter
    ? parseDccUserId(engine.settings.submitter, idOptions)
    : null;
  if (!checkedFor?.ok || checkedFor.canonical !== submitter.canonical) {
    return {
      ok: false,
      reason:
        "The sheet was checked for another submitting EUID: check it again for this one before exporting.",
      blocking: [],
    };
  }
  const dco = request.dco ?? catalogue.export.defaultDco;
  const dcoIssue = dcoProblem(dco);
  if (dcoIssue) return { ok: false, reason: dcoIssue, blocking: [] };
  const summary = engine.summary();
  if (summary.error > 0) {
    const blocking = engine.findings().filter((f) => f.severity === "error");
    return {
      ok: false,
      reason: `${summary.error} error${summary.error === 1 ? "" : "s"} must be fixed before the MA file can be written.`,
      blocking,
    };
  }
  if (summary.warning > 0 && !request.acceptWarnings) {
    const blocking = engine.findings().filter((f) => f.severity === "warning");
    return {
      ok: false,
      reason: `${summary.warning} warning${summary.warning === 1 ? "" : "s"} must be acknowledged before the MA file can be written.`,
      blocking,
    };
  }
  // Lines straight from the engine's canonical values: no array per row (maFileContent's result).
  const lines = [csvLine(exportHeaders())];
  engine.forEachExportRow((values) => lines.push(maLine(values)));
  const rows = lines.length - 1;
  if (rows === 0)
    return { ok: false, reason: "The sheet has no installation rows to authorise.", blocking: [] };
  return {
    ok: true,
    fileName: maFileName(submitter.canonical, request.at, dco),
    content: lines.join(CRLF) + CRLF,
    rows,
    warningsAccepted: summary.warning,
  };
}
