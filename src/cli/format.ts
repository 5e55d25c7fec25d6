/**
 * Human output of the CLI: a summary by severity and rule, then the findings with cell addresses.
 * Text from the workbook (names, values quoted in messages) is shown with its control characters
 * escaped: a cell cannot move the cursor, clear the screen or fake a line of this output.
 */
import pc from "picocolors";
import { describeMam, type Rule } from "../domain/catalogue";
import type { MamProfile } from "../domain/profile";
import { bucketFindings } from "../domain/report/findingOrder";
import { visibleText } from "../domain/report/visibleText";
import type { Finding, Severity, Summary } from "../domain/types";
import type { ReportFacts } from "./report";

type Colors = ReturnType<typeof pc.createColors>;

const DEFAULT_LIMIT = 200;

function paint(color: boolean): Colors {
  return pc.createColors(color);
}

function severityLabel(c: Colors, severity: Severity): string {
  const text = severity.padEnd(7);
  return severity === "error"
    ? c.red(c.bold(text))
    : severity === "warning"
      ? c.yellow(text)
      : c.cyan(text);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The head of the text report: what was read (with the MAM version the rules follow), the counts,
 * the notes, the rules with findings (titles from the profile checked against).
 */
export function formatSummary(
  facts: ReportFacts,
  profile: MamProfile,
  s: Summary,
  findings: readonly Finding[],
  color: boolean
): string {
  const c = paint(color);
  const out: string[] = [];
  out.push(
    c.bold(visibleText(facts.file)) +
      c.dim(
        ` · sheet "${visibleText(facts.sheet)}" · profile ${visibleText(facts.profile)} · ${visibleText(facts.mam)}${facts.dateSystem === 1904 ? " · 1904 date system" : ""}`
      )
  );
  out.push(
    `${plural(facts.rows, "row")} checked: ` +
      [
        c.red(plural(s.error, "error")),
        c.yellow(plural(s.warning, "warning")),
        c.cyan(`${s.info.toLocaleString("en-GB")} info`),
      ].join(", ")
  );
  for (const note of facts.notes) out.push(c.dim(`  ${visibleText(note)}`));
  if (findings.length > 0) {
    out.push("");
    for (const { severity, groups } of bucketFindings(findings, (f) => f.code)) {
      for (const { key: code, findings: list } of groups) {
        const rule = profile.ruleFor(code);
        out.push(
          `  ${c.bold(code)}  ${severityLabel(c, severity)} ${String(list.length).padStart(7)}  ${rule.title}`
        );
      }
    }
  }
  out.push("");
  return out.join("\n") + "\n";
}

export function formatFindings(
  findings: readonly Finding[],
  { all, color }: { all: boolean; color: boolean }
): string {
  if (findings.length === 0) return "";
  const c = paint(color);
  const shown = all ? findings : findings.slice(0, DEFAULT_LIMIT);
  const width = Math.max(4, ...shown.map((f) => f.cell.length));
  const out: string[] = [];
  for (const f of shown) {
    out.push(
      `  ${f.cell.padEnd(width)}  ${c.bold(f.code)}  ${severityLabel(c, f.severity)} ${visibleText(f.message)}`
    );
    if (f.severity !== "info")
      out.push(
        `  ${" ".repeat(width)}  ${" ".repeat(8)}  ${" ".repeat(7)} ${c.dim(`Fix: ${visibleText(f.hint)}`)}`
      );
  }
  if (shown.length < findings.length) {
    out.push(
      c.dim(
        `  … and ${(findings.length - shown.length).toLocaleString("en-GB")} more (show them all with --all, or use --json).`
      )
    );
  }
  return out.join("\n") + "\n";
}

export function formatRule(rule: Rule, color: boolean): string {
  const c = paint(color);
  return [
    `${c.bold(rule.code)} ${severityLabel(c, rule.severity).trim()} — ${c.bold(rule.title)}`,
    `  Basis:   ${rule.basis}`,
    `  Clause:  ${rule.clause}`,
    `  Message: ${rule.message}`,
    `  Fix:     ${rule.fix}`,
    ...(rule.fixable ? ["  The add-in can fix this in place (Fix, Fix all like this)."] : []),
    "",
  ].join("\n");
}

export function formatRulesTable(profile: MamProfile, color: boolean): string {
  const c = paint(color);
  const lines = profile.catalogue.rules.map(
    (r) => `${c.bold(r.code)}  ${severityLabel(c, r.severity)}  ${r.basis.padEnd(8)}  ${r.title}`
  );
  return `Rule catalogue, profile ${profile.id}, following ${describeMam(profile.catalogue.mam)} (mam explain CODE for details)\n\n${lines.join("\n")}\n`;
}
