/**
 * The Migration Authorisation (MA) file (docs/domain.md, "The Migration Authorisation file"):
 * `MA_<DCO>_<EUID>_<YYYYMMDD>_<HHMMSS>.csv`, the time in Europe/London; CSV per RFC 4180, UTF-8
 * without BOM, CRLF line ends; a header line of the profile's headers, then one line per non-empty
 * row in sheet order with canonical values. It is never written while an error stands, and
 * warnings need one explicit acknowledgement.
 */
import { catalogue, fillTemplate } from "./catalogue";
import { zonedParts } from "./dates";
import type { MamEngine } from "./engine";
import { v06a, type MamProfile } from "./profile";
import type { Finding } from "./types";

export interface ExportRequest {
  /** The submitting supplier's EUID. */
  readonly submitter: string;
  /** The DCO code DCC gives for the file name (default CGI); no source expands "DCO". */
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
  const p = zonedParts(at, timeZone);
  return { date: `${p.year}${p.month}${p.day}`, time: `${p.hour}${p.minute}${p.second}` };
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
  dco: string = catalogue.export.defaultDco,
  profile: MamProfile = v06a
): string {
  const { date, time } = zonedStamp(at, profile.catalogue.export.timeZone);
  return fillTemplate(profile.catalogue.export.fileName, {
    dco,
    euid: submitterCanonical,
    yyyymmdd: date,
    hhmmss: time,
  });
}

/** The header line's texts, in export order. */
export function exportHeaders(profile: MamProfile = v06a): string[] {
  return profile.columns.map((c) => c.header);
}

/**
 * Columns whose canonical values may need quoting. Every other form is digits, hex, hyphens,
 * capitals or an ISO date once canonical, so only free text can hold a comma, a quote or a line
 * break: a whole row is then one `join`, the common case at 100,000 rows.
 */
function freeTextColumns(profile: MamProfile): number[] {
  return profile.columns.flatMap((c, i) => (c.form === "text" ? [i] : []));
}
const NEEDS_QUOTES = /[",\r\n]/;

/** One line of the file (no line end) for a row of canonical values. */
function maLine(row: readonly string[], freeText: readonly number[]): string {
  for (const c of freeText) if (NEEDS_QUOTES.test(row[c])) return csvLine(row);
  return row.join(",");
}

/** The file content for canonical rows (no checks: use buildMaFile). */
export function maFileContent(
  rows: readonly (readonly string[])[],
  profile: MamProfile = v06a
): string {
  const freeText = freeTextColumns(profile);
  const lines = new Array<string>(rows.length + 1);
  lines[0] = csvLine(exportHeaders(profile));
  for (let i = 0; i < rows.length; i++) lines[i + 1] = maLine(rows[i], freeText);
  return lines.join(CRLF) + CRLF;
}

/** Builds the MA file from a checked sheet, or says why it cannot be written yet. */
export function buildMaFile(engine: MamEngine, request: ExportRequest): ExportResult {
  const profile = engine.profile;
  const idOptions = { testWorkbook: engine.settings.testWorkbook };
  const parseDccUserId = (text: string) => profile.ids.euids.parse(text, idOptions);
  const submitter = parseDccUserId(request.submitter);
  if (!submitter.ok)
    return {
      ok: false,
      reason: `The submitting EUID "${request.submitter}" is not a DCC User ID: ${submitter.reason}.`,
      blocking: [],
    };
  // Party rules (MAM-312/313/321) depend on the submitter: findings for another one prove nothing.
  const checkedFor = engine.settings.submitter ? parseDccUserId(engine.settings.submitter) : null;
  if (!checkedFor?.ok || checkedFor.canonical !== submitter.canonical) {
    return {
      ok: false,
      reason:
        "The sheet was checked for another submitting EUID: check it again for this one before exporting.",
      blocking: [],
    };
  }
  const dco = request.dco ?? profile.catalogue.export.defaultDco;
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
  const freeText = freeTextColumns(profile);
  const lines = [csvLine(exportHeaders(profile))];
  engine.forEachExportRow((values) => lines.push(maLine(values, freeText)));
  const rows = lines.length - 1;
  if (rows === 0)
    return { ok: false, reason: "The sheet has no installation rows to authorise.", blocking: [] };
  return {
    ok: true,
    fileName: maFileName(submitter.canonical, request.at, dco, profile),
    content: lines.join(CRLF) + CRLF,
    rows,
    warningsAccepted: summary.warning,
  };
}
