/**
 * What a supplier shares with the DCC helpdesk: the summary (counts, the first findings, versions,
 * local time) and the whole list as tab-separated text, both in the order the pane shows.
 */
import { catalogue } from "../domain/catalogue";
import { findingsTable, type RuleLookup } from "../domain/report/findingsTable";
import type { Finding, Summary } from "../domain/types";

export interface SummaryFacts {
  readonly version: string;
  readonly sheet: string;
  readonly rows: number;
  readonly summary: Summary;
  /** In the pane's order: the first ones are listed. */
  readonly findings: readonly Finding[];
  readonly submitter: string | null;
  readonly platform: string;
  readonly at: Date;
}

const FIRST = 20;

export function helpdeskSummary(f: SummaryFacts): string {
  const first = f.findings.slice(0, FIRST);
  const byCode = new Map<string, number>();
  for (const x of f.findings) byCode.set(x.code, (byCode.get(x.code) ?? 0) + 1);
  const lines = [
    `MAM Workbench ${f.version} · profile ${catalogue.profile.id} · ${f.platform}`,
    `Sheet "${f.sheet}" · ${f.rows} rows checked · ${localTime(f.at)}`,
    `Submitting EUID: ${f.submitter ?? "(not set)"}`,
    `Errors ${f.summary.error} · Warnings ${f.summary.warning} · Info ${f.summary.info}`,
    `By rule: ${
      [...byCode.entries()]
        .sort()
        .map(([code, n]) => `${code}×${n}`)
        .join(", ") || "none"
    }`,
    "",
    ...first.map((x) => `${x.cell}\t${x.code}\t${x.severity}\t${x.message}`),
  ];
  if (f.findings.length > first.length)
    lines.push(`… and ${f.findings.length - first.length} more`);
  return lines.join("\n");
}

/** "2024-05-01 14:03:07 (UTC+01:00)": the user's own clock, with its offset so the helpdesk can convert. */
export function localTime(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const offset = -at.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ` +
    `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())} ` +
    `(UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)})`
  );
}

/** Tab-separated findings with a header row (pastes into a spreadsheet or an email as a table). */
export function findingsTsv(findings: readonly Finding[], rules: RuleLookup): string {
  const { header, rows } = findingsTable(findings, rules);
  const clean = (text: string) => text.replace(/[\t\r\n]+/g, " ");
  return [header, ...rows].map((r) => r.map(clean).join("\t")).join("\r\n") + "\r\n";
}
