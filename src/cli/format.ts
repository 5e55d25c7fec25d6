/** Human output of the CLI: a summary by severity and rule, then the findings with cell addresses. */
import pc from "picocolors";
import { catalogue, describeMam, type Rule } from "../domain/catalogue";
import type { MamEngine } from "../domain/engine";
import type { Finding, Severity } from "../domain/types";
import type { SheetData } from "./readInput";

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

export interface SummaryInput {
  readonly file: string;
  readonly sheet: SheetData;
  readonly engine: MamEngine;
  readonly findings: readonly Finding[];
  readonly submitter: string | null;
}

export function formatSummary(
  { file, sheet, engine, findings, submitter }: SummaryInput,
  color: boolean
): string {
  const c = paint(color);
  const s = engine.summary();
  const out: string[] = [];
  out.push(
    c.bold(`${file}`) +
      c.dim(
        ` · sheet "${sheet.sheetName}" · profile ${engine.profile.id} · ${describeMam(engine.profile.catalogue.mam)}${sheet.dateSystem === 1904 ? " · 1904 date system" : ""}`
      )
  );
  if (sheet.otherCandidates.length > 0) {
    out.push(
      c.dim(
        `  (also looks like an MA sheet: ${sheet.otherCandidates.map((n) => `"${n}"`).join(", ")}; choose with --sheet)`
      )
    );
  }
  out.push(
    `${plural(engine.rowCount, "row")} checked: ` +
      [
        c.red(plural(s.error, "error")),
        c.yellow(plural(s.warning, "warning")),
        c.cyan(`${s.info.toLocaleString("en-GB")} info`),
      ].join(", ")
  );
  if (!submitter)
    out.push(
      c.dim(
        "  Submitter not given: party rules MAM-312, MAM-313 and MAM-321 were not checked (use --submitter EUID)."
      )
    );
  if (findings.length > 0) {
    const byCode = new Map<string, number>();
    for (const f of findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const codes = [...byCode.keys()].sort(
      (a, b) =>
        rank[engine.profile.ruleFor(a).severity] - rank[engine.profile.ruleFor(b).severity] ||
        a.localeCompare(b)
    );
    out.push("");
    for (const code of codes) {
      const rule = engine.profile.ruleFor(code);
      out.push(
        `  ${c.bold(code)}  ${severityLabel(c, rule.severity)} ${String(byCode.get(code)).padStart(7)}  ${rule.title}`
      );
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
      `  ${f.cell.padEnd(width)}  ${c.bold(f.code)}  ${severityLabel(c, f.severity)} ${f.message}`
    );
    if (f.severity !== "info")
      out.push(
        `  ${" ".repeat(width)}  ${" ".repeat(8)}  ${" ".repeat(7)} ${c.dim(`Fix: ${f.hint}`)}`
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

export function formatRulesTable(color: boolean): string {
  const c = paint(color);
  const lines = catalogue.rules.map(
    (r) => `${c.bold(r.code)}  ${severityLabel(c, r.severity)}  ${r.basis.padEnd(8)}  ${r.title}`
  );
  return `Rule catalogue, profile ${catalogue.profile.id}, following ${describeMam()} (mam explain CODE for details)\n\n${lines.join("\n")}\n`;
}
