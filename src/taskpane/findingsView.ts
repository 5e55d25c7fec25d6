/**
 * The findings list as the pane shows it: filtered (code, only errors, search), grouped by severity
 * and then by rule or by row, and laid out as ONE list of header rows and finding rows for the
 * virtual list (rowList.ts). Pure functions over `state.findings`; the components memoise them on its identity.
 */
import { catalogue, findRule } from "../domain/catalogue";
import { bucketFindings, SEVERITY_ORDER } from "../domain/report/findingOrder";
import type { Finding, Severity, Summary } from "../domain/types";
import { RowList, type Segment } from "./rowList";

export type GroupBy = "rule" | "row";

export interface FindingsFilter {
  /** Only this rule code, or null for every code. */
  readonly code: string | null;
  readonly onlyErrors: boolean;
  /** Free text matched against message, cell, code and column (case-insensitive). */
  readonly search: string;
}

export interface FindingsViewState extends FindingsFilter {
  readonly groupBy: GroupBy;
  /** Keys of collapsed severity sections and groups. */
  readonly collapsed: ReadonlySet<string>;
}

export const initialView: FindingsViewState = {
  groupBy: "rule",
  code: null,
  onlyErrors: false,
  search: "",
  collapsed: new Set(),
};

export const SEVERITIES: readonly Severity[] = SEVERITY_ORDER;

/** Rule that marks a row with Group ID EA/EB/EC (the "group exception"). */
export const GROUP_EXCEPTION_CODE = "MAM-142";

export const GROUP_EXCEPTION_EXPLANATION =
  `Group ID ${catalogue.identifiers.groupExceptions.join(", ")}: the coordinating-supplier rules of MAM §4–§6 ` +
  "(the Electricity Import Supplier coordinating the CHF and PPMID for a dual-fuel installation) do not apply " +
  "to this row. Each Responsible Supplier's authorisation stands on its own.";

export const severityNames: Record<
  Severity,
  { one: string; many: string; heading: string; word: string }
> = {
  error: { one: "error", many: "errors", heading: "Errors", word: "Error" },
  warning: { one: "warning", many: "warnings", heading: "Warnings", word: "Warning" },
  info: { one: "info", many: "info", heading: "Info", word: "Info" },
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

export function severityCount(severity: Severity, n: number): string {
  return plural(n, severityNames[severity].one, severityNames[severity].many);
}

/** "3 errors, 1 warning, 0 info": the words a screen reader announces and the helpdesk hears. */
export function countsText(summary: Summary): string {
  return SEVERITIES.map((s) => severityCount(s, summary[s])).join(", ");
}

// ------------------------------------------------------------------ filtering

export function filterFindings(
  findings: readonly Finding[],
  filter: FindingsFilter
): readonly Finding[] {
  const needle = filter.search.trim().toLowerCase();
  const { code, onlyErrors } = filter;
  if (!needle && !code && !onlyErrors) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    if (onlyErrors && f.severity !== "error") continue;
    if (code && f.code !== code) continue;
    if (needle && !matches(f, needle)) continue;
    out.push(f);
  }
  return out;
}

function matches(f: Finding, needle: string): boolean {
  return (
    f.message.toLowerCase().includes(needle) ||
    f.cell.toLowerCase() === needle ||
    f.cell.toLowerCase().startsWith(needle) ||
    f.code.toLowerCase().includes(needle) ||
    f.column.toLowerCase().includes(needle)
  );
}

// ------------------------------------------------------------------ grouping

export interface FindingGroup {
  readonly key: string;
  readonly severity: Severity;
  readonly kind: GroupBy;
  /** Rule code (rule grouping). */
  readonly code?: string;
  /** Sheet row (row grouping). */
  readonly row?: number;
  readonly label: string;
  readonly findings: readonly Finding[];
}

export interface SeveritySection {
  readonly key: string;
  readonly severity: Severity;
  readonly count: number;
  readonly groups: readonly FindingGroup[];
}

export interface GroupedFindings {
  readonly sections: readonly SeveritySection[];
  /** Every finding in display order (severity, group, sheet order): the walk-through order. */
  readonly ordered: readonly Finding[];
}

export function sectionKey(severity: Severity): string {
  return `s:${severity}`;
}

export function groupKeyOf(f: Finding, groupBy: GroupBy): string {
  return groupBy === "rule" ? `g:${f.severity}:rule:${f.code}` : `g:${f.severity}:row:${f.row}`;
}

export function ruleTitle(code: string): string {
  return findRule(code)?.title ?? code;
}

export function ruleClause(code: string): string {
  return findRule(code)?.clause ?? "";
}

function rowLabel(row: number): string {
  return row === 1 ? "Header row" : `Row ${row}`;
}

export function groupFindings(findings: readonly Finding[], groupBy: GroupBy): GroupedFindings {
  // The order is the reports' too (findingOrder.ts): severity, then rule code or row, then sheet order.
  const buckets = bucketFindings<string | number>(findings, (f) =>
    groupBy === "rule" ? f.code : f.row
  );
  const sections: SeveritySection[] = [];
  const ordered: Finding[] = [];
  for (const { severity, groups: keyed } of buckets) {
    const groups: FindingGroup[] = [];
    let count = 0;
    for (const { key: k, findings: list } of keyed) {
      count += list.length;
      for (const f of list) ordered.push(f);
      groups.push(
        groupBy === "rule"
          ? {
              key: `g:${severity}:rule:${k}`,
              severity,
              kind: "rule",
              code: k as string,
              label: `${k} · ${ruleTitle(k as string)}`,
              findings: list,
            }
          : {
              key: `g:${severity}:row:${k}`,
              severity,
              kind: "row",
              row: k as number,
              label: rowLabel(k as number),
              findings: list,
            }
      );
    }
    sections.push({ key: sectionKey(severity), severity, count, groups });
  }
  return { sections, ordered };
}

// ------------------------------------------------------------------ the rows of the virtual list

/** The grouped findings as list rows: sections, their groups, and the findings of open groups. */
export function flattenRows(grouped: GroupedFindings, collapsed: ReadonlySet<string>): RowList {
  const segments: Segment[] = [];
  const sections = grouped.sections;
  sections.forEach((section, s) => {
    const sectionOpen = !collapsed.has(section.key);
    segments.push({
      header: {
        kind: "section",
        key: section.key,
        section,
        expanded: sectionOpen,
        level: 1,
        pos: s + 1,
        size: sections.length,
      },
      findings: [],
    });
    if (!sectionOpen) return;
    section.groups.forEach((group, g) => {
      const open = !collapsed.has(group.key);
      segments.push({
        header: {
          kind: "group",
          key: group.key,
          group,
          expanded: open,
          level: 2,
          pos: g + 1,
          size: section.groups.length,
        },
        findings: open ? group.findings : [],
      });
    });
  });
  return new RowList(segments);
}

/** Search results as list rows: a heading for each part (exact matches first), then its findings. */
export function flattenParts(
  parts: readonly { key: string; label: string; findings: readonly Finding[] }[]
): RowList {
  const shown = parts.filter((p) => p.findings.length > 0);
  return new RowList(
    shown.map((part, p) => ({
      header: {
        kind: "heading",
        key: part.key,
        label: part.label,
        count: part.findings.length,
        level: 1,
        pos: p + 1,
        size: shown.length,
      },
      findings: part.findings,
    }))
  );
}

/** The collapsed set with the finding's section and group opened (so the walk-through can show it). */
export function revealIn(
  collapsed: ReadonlySet<string>,
  f: Finding,
  groupBy: GroupBy
): ReadonlySet<string> {
  const section = sectionKey(f.severity);
  const group = groupKeyOf(f, groupBy);
  if (!collapsed.has(section) && !collapsed.has(group)) return collapsed;
  const next = new Set(collapsed);
  next.delete(section);
  next.delete(group);
  return next;
}

// ------------------------------------------------------------------ facts about the whole set

export interface CodeCount {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly count: number;
}

/** What the pane needs to know of the whole set, whatever the view shows. */
export interface FindingFacts {
  /** Codes present, by code, with counts (for the code filter). */
  readonly codes: readonly CodeCount[];
  /** How many fixable findings share each likeThisKey ("Fix all like this (n)"). */
  readonly fixCounts: ReadonlyMap<string, number>;
  /** Sheet rows that carry a group exception (Group ID EA/EB/EC). */
  readonly exceptionRows: ReadonlySet<number>;
}

/** What "Fix all like this" groups on: the workbench's likeThis (same rule, same column, fixable). */
export function likeThisKey(f: Finding): string {
  return `${f.code}|${f.columnKey ?? ""}`;
}

/** The facts in one pass over the set (it runs on every change of 60,000 findings). */
export function findingFacts(findings: readonly Finding[]): FindingFacts {
  const byCode = new Map<string, { severity: Severity; count: number }>();
  // Fixable counts by code, then column: no key string is built per finding.
  const fixable = new Map<string, Map<Finding["columnKey"], number>>();
  const exceptionRows = new Set<number>();
  for (const f of findings) {
    const c = byCode.get(f.code);
    if (c) c.count++;
    else byCode.set(f.code, { severity: f.severity, count: 1 });
    if (f.fixValue !== undefined) {
      let byColumn = fixable.get(f.code);
      if (!byColumn) fixable.set(f.code, (byColumn = new Map()));
      byColumn.set(f.columnKey, (byColumn.get(f.columnKey) ?? 0) + 1);
    }
    if (f.code === GROUP_EXCEPTION_CODE) exceptionRows.add(f.row);
  }
  const codes = [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, { severity, count }]) => ({ code, severity, count, title: ruleTitle(code) }));
  const fixCounts = new Map<string, number>();
  for (const [code, byColumn] of fixable)
    for (const [columnKey, n] of byColumn) fixCounts.set(`${code}|${columnKey ?? ""}`, n);
  return { codes, fixCounts, exceptionRows };
}

/** "rows 2–5, 9, 14 and 120 more": short text for a long, sorted list of rows. */
export function describeRowList(rows: readonly number[], maxRuns = 6): string {
  if (rows.length === 0) return "no rows";
  const sorted = [...rows].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && r <= last[1] + 1) last[1] = Math.max(last[1], r);
    else runs.push([r, r]);
  }
  const shown = runs.slice(0, maxRuns).map(([a, b]) => (a === b ? String(a) : `${a}–${b}`));
  let covered = 0;
  for (const [a, b] of runs.slice(0, maxRuns)) covered += b - a + 1;
  const rest = sorted.length - covered;
  const word = sorted.length === 1 ? "row" : "rows";
  return `${word} ${shown.join(", ")}${rest > 0 ? ` and ${rest.toLocaleString("en-GB")} more` : ""}`;
}
