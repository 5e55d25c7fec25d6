/**
 * What `mam validate` reports, in each format: text for a terminal, JSON for scripts, CSV for
 * Excel (one finding a line) and one self-contained HTML file for the helpdesk. The facts at the
 * head of a report (file, sheet, profile, versions, the digest of the rows checked) come from ONE
 * function, `reportFacts`, for every format.
 */
import { createHash } from "node:crypto";
import { describeMam } from "../domain/catalogue";
import type { MamEngine } from "../domain/engine";
import { csvTable } from "../domain/report/csvTable";
import { paneOrder } from "../domain/report/findingOrder";
import { findingsTable } from "../domain/report/findingsTable";
import { renderHtmlReport } from "../domain/report/htmlReport";
import { writeCanonicalRows } from "../domain/report/rowsDigest";
import type { Finding } from "../domain/types";
import { formatFindings, formatSummary } from "./format";
import type { ReportFormat } from "./options";
import type { SheetData } from "./readInput";
import { VERSION } from "./version";

export interface ReportInput {
  readonly file: string;
  readonly sheet: SheetData;
  readonly engine: MamEngine;
  readonly findings: readonly Finding[];
  readonly submitter: string | null;
  readonly checkedAt: Date;
}

export interface ReportFacts {
  readonly file: string;
  readonly sheet: string;
  readonly profile: string;
  readonly profileName: string;
  /** The version of the MAM document the profile follows (`2.1b`). */
  readonly mamVersion: string;
  /** The MAM document the profile follows, in words: "MAM v2.1b (consultation draft of …)". */
  readonly mam: string;
  readonly tool: string;
  readonly checkedAt: string;
  readonly submitter: string | null;
  readonly dateSystem: 1900 | 1904;
  readonly rows: number;
  /** Things to read before the findings: rules not checked, hidden sheets, formulas without a value. */
  readonly notes: readonly string[];
}

/** The facts at the head of every report, of the profile the engine checked against. */
export function reportFacts(input: ReportInput): ReportFacts {
  const { sheet, submitter } = input;
  const { profile } = input.engine;
  const notes: string[] = [];
  if (!submitter)
    notes.push(
      "Submitter not given: party rules MAM-312, MAM-313 and MAM-321 were not checked (use --submitter EUID)."
    );
  if (sheet.hiddenSheets.length > 0) {
    const names = sheet.hiddenSheets.map(
      (h) => `"${h.name}"${h.state === "veryHidden" ? " (very hidden)" : ""}`
    );
    notes.push(`Hidden sheets, not checked: ${names.join(", ")} (check one with --sheet NAME).`);
  }
  const n = sheet.uncalculated.length;
  if (n > 0) {
    const cells = sheet.uncalculated.slice(0, 5).join(", ") + (n > 5 ? ", …" : "");
    notes.push(
      `${n} formula${n === 1 ? "" : "s"} with no saved result (${cells}): open the workbook in Excel, let it calculate, and save it.`
    );
  }
  return {
    file: input.file,
    sheet: sheet.sheetName,
    profile: profile.id,
    profileName: profile.catalogue.profile.name,
    mamVersion: profile.catalogue.mam.version,
    mam: describeMam(profile.catalogue.mam),
    tool: `mam ${VERSION}`,
    checkedAt: input.checkedAt.toISOString(),
    submitter,
    dateSystem: sheet.dateSystem,
    rows: input.engine.rowCount,
    notes,
  };
}

/** SHA-256 (hex) of the rows checked, over their canonical CSV (src/domain/report/rowsDigest.ts). */
export function rowsSha256(sheet: SheetData): string {
  const hash = createHash("sha256");
  writeCanonicalRows(sheet.header, sheet.rows, (text) => hash.update(text, "utf8"));
  return hash.digest("hex");
}

/**
 * The report in pieces, to be written one after another: a JSON report of 600,000 findings is
 * never one string (the 4,000,000-row check's peak memory).
 */
export function* reportPieces(
  format: ReportFormat,
  input: ReportInput,
  { all, color }: { all: boolean; color: boolean }
): Generator<string> {
  switch (format) {
    case "json":
      yield* jsonPieces(input);
      return;
    case "csv":
      yield csvTable(findingsTable(paneOrder(input.findings), input.engine.profile));
      return;
    case "html":
      yield htmlReport(input);
      return;
    case "text":
      yield formatSummary(
        reportFacts(input),
        input.engine.profile,
        input.engine.summary(),
        input.findings,
        color
      );
      yield formatFindings(input.findings, { all, color });
      return;
  }
}

/**
 * The --json contract: exactly these keys, in this order, on one line; the same text as
 * JSON.stringify of the whole report, made a thousand findings at a time.
 */
function* jsonPieces({ file, sheet, engine, findings }: ReportInput): Generator<string> {
  const head = JSON.stringify({
    file,
    sheet: sheet.sheetName,
    profile: engine.profile.id,
    mam: engine.profile.catalogue.mam,
    rows: engine.rowCount,
    summary: engine.summary(),
    findings: [],
  });
  yield head.slice(0, -2); // up to and with the findings' "["
  for (let i = 0; i < findings.length; i += 1000) {
    const batch = findings.slice(i, i + 1000).map((f) =>
      JSON.stringify({
        row: f.row,
        column: f.column,
        cell: f.cell,
        code: f.code,
        severity: f.severity,
        message: f.message,
        basis: f.basis,
      })
    );
    yield `${i === 0 ? "" : ","}${batch.join(",")}`;
  }
  yield "]}\n";
}

function htmlReport(input: ReportInput): string {
  const facts = reportFacts(input);
  return renderHtmlReport({
    title: `MAM check of ${facts.file}`,
    facts: [
      ["File", facts.file],
      ["Sheet", facts.sheet],
      ["Profile", `${facts.profile} (${facts.profileName})`],
      ["MAM version", facts.mam],
      ["Checked by", facts.tool],
      ["Checked at", facts.checkedAt],
      ["Submitter", facts.submitter ?? "not given"],
      ["Date system", String(facts.dateSystem)],
      ["Rows checked", facts.rows.toLocaleString("en-GB")],
      ["SHA-256 of the rows checked", rowsSha256(input.sheet)],
    ],
    notes: [
      ...facts.notes,
      'The SHA-256 is taken over the sheet\'s cells as canonical CSV (see the README, "Reports"): the same digest means the same data.',
    ],
    summary: input.engine.summary(),
    findings: input.findings,
    rules: input.engine.profile,
  });
}
