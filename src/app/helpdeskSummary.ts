/** The text a supplier pastes to the DCC helpdesk: counts, the first findings with cells, versions. */
import { catalogue } from "../domain/catalogue";
import type { Finding, Summary } from "../domain/types";

export interface SummaryFacts {
  readonly version: string;
  readonly sheet: string;
  readonly rows: number;
  readonly summary: Summary;
  readonly findings: readonly Finding[];
  readonly submitter: string | null;
  readonly platform: string;
  readonly at: Date;
}

const FIRST = 20;

export function helpdeskSummary(f: SummaryFacts): string {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const first = [...f.findings].sort((a, b) => rank[a.severity] - rank[b.severity]).slice(0, FIRST);
  const byCode = new Map<string, number>();
  for (const x of f.findings) byCode.set(x.code, (byCode.get(x.code) ?? 0) + 1);
  const lines = [
    `MAM Workbench ${f.version} · profile ${catalogue.profile.id} · ${f.platform}`,
    `Sheet "${f.sheet}" · ${f.rows} rows checked · ${f.at.toISOString()}`,
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
