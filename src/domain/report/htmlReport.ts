/**
 * The validation report as ONE self-contained HTML file, for a supplier to e-mail and a helpdesk
 * agent to read or print: what was checked (the facts the caller gives: file, sheet, profile,
 * versions, the SHA-256 of the rows checked), a summary by severity and rule, and every finding in
 * the pane's order with its cell, code, message, how to fix it and its basis. No script, no
 * outside asset (styles are inline, with a print stylesheet); every piece of text is escaped.
 */
import type { Finding, Severity, Summary } from "../types";
import { bucketFindings, paneOrder } from "./findingOrder";
import { findingsTable, type RuleLookup } from "./findingsTable";
import { visibleText } from "./visibleText";

export interface HtmlReportInput {
  readonly title: string;
  /** What was checked, as label and value, in order. */
  readonly facts: readonly (readonly [string, string])[];
  /** Sentences worth reading before the findings (a hidden sheet, a formula without a value). */
  readonly notes: readonly string[];
  readonly summary: Summary;
  readonly findings: readonly Finding[];
  /** The profile the findings were made against: rule titles and clauses come from it. */
  readonly rules: RuleLookup;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML text or attribute value, with control characters shown as escapes. */
export function escapeHtml(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const SEVERITY_LABEL: Record<Severity, string> = {
  error: "Error",
  warning: "Warning",
  info: "Info",
};

const STYLE = `
body{font:14px/1.45 "Segoe UI",Arial,sans-serif;color:#1b1b1b;margin:2em auto;max-width:72em;padding:0 1em}
h1{font-size:1.5em;margin:0 0 .6em}h2{font-size:1.15em;margin:1.6em 0 .5em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #c8c8c8;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0}table.facts th{width:14em}td.num{text-align:right}
code,.mono{font-family:Consolas,"Courier New",monospace;overflow-wrap:anywhere}
.error{color:#a4262c;font-weight:600}.warning{color:#8a5300;font-weight:600}.info{color:#005a9e}
.notes li{margin:.2em 0}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}
thead{display:table-header-group}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

export function renderHtmlReport(input: HtmlReportInput): string {
  const e = escapeHtml;
  const ordered = paneOrder(input.findings);
  const out: string[] = [];
  out.push(
    "<!DOCTYPE html>",
    '<html lang="en-GB">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${e(input.title)}</h1>`,
    '<table class="facts"><tbody>'
  );
  for (const [label, value] of input.facts)
    out.push(`<tr><th scope="row">${e(label)}</th><td class="mono">${e(value)}</td></tr>`);
  out.push("</tbody></table>");
  if (input.notes.length > 0) {
    out.push('<ul class="notes">');
    for (const note of input.notes) out.push(`<li>${e(note)}</li>`);
    out.push("</ul>");
  }
  out.push(
    ...summarySection(input.summary, ordered, input.rules),
    ...findingsSection(ordered, input.rules)
  );
  out.push("</body>", "</html>", "");
  return out.join("\n");
}

function summarySection(
  summary: Summary,
  findings: readonly Finding[],
  rules: RuleLookup
): string[] {
  const e = escapeHtml;
  const out = [
    "<h2>Summary</h2>",
    `<p><span class="error">${summary.error} error${summary.error === 1 ? "" : "s"}</span>, ` +
      `<span class="warning">${summary.warning} warning${summary.warning === 1 ? "" : "s"}</span>, ` +
      `<span class="info">${summary.info} info</span>.</p>`,
  ];
  if (findings.length === 0)
    return [...out, "<p>No findings: the rows checked meet every rule.</p>"];
  out.push(
    "<table><thead><tr><th>Code</th><th>Severity</th><th>Rule</th><th>Findings</th></tr></thead><tbody>"
  );
  for (const { severity, groups } of bucketFindings(findings, (f) => f.code))
    for (const { key, findings: list } of groups)
      out.push(
        `<tr><td><code>${e(key)}</code></td><td class="${severity}">${SEVERITY_LABEL[severity]}</td>` +
          `<td>${e(rules.findRule(key)?.title ?? key)}</td><td class="num">${list.length}</td></tr>`
      );
  out.push("</tbody></table>");
  return out;
}

function findingsSection(findings: readonly Finding[], rules: RuleLookup): string[] {
  if (findings.length === 0) return [];
  const e = escapeHtml;
  const table = findingsTable(findings, rules);
  const out = [
    `<h2>Findings (${findings.length})</h2>`,
    `<table><thead><tr>${table.header.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>`,
  ];
  for (const row of table.rows) {
    const severity = row[4];
    out.push(
      "<tr>" +
        row
          .map((value, i) =>
            i === 0 || i === 3
              ? `<td><code>${e(value)}</code></td>`
              : i === 4
                ? `<td class="${e(severity)}">${e(SEVERITY_LABEL[value as Severity] ?? value)}</td>`
                : `<td>${e(value)}</td>`
          )
          .join("") +
        "</tr>"
    );
  }
  out.push("</tbody></table>");
  return out;
}
