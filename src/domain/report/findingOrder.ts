/**
 * The order findings are listed in, in the task pane and in every report: severity sections
 * (errors, then warnings, then info), within a section one group per key (a rule code, or a sheet
 * row) in ascending order, and within a group the order the findings came in (sheet order, as the
 * engine gives them). One definition, so a printed report and the pane list findings alike.
 */
import type { Finding, Severity } from "../types";

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

export interface FindingBucket<K> {
  readonly key: K;
  readonly findings: readonly Finding[];
}

export interface SeverityBuckets<K> {
  readonly severity: Severity;
  /** Groups in ascending key order; severities without findings are left out. */
  readonly groups: readonly FindingBucket<K>[];
}

/** Findings bucketed by severity, then by `keyOf` (keys sorted ascending). */
export function bucketFindings<K extends string | number>(
  findings: readonly Finding[],
  keyOf: (f: Finding) => K
): SeverityBuckets<K>[] {
  const buckets: Record<Severity, Map<K, Finding[]>> = {
    error: new Map(),
    warning: new Map(),
    info: new Map(),
  };
  for (const f of findings) {
    const bucket = buckets[f.severity];
    const k = keyOf(f);
    const list = bucket.get(k);
    if (list) list.push(f);
    else bucket.set(k, [f]);
  }
  const out: SeverityBuckets<K>[] = [];
  for (const severity of SEVERITY_ORDER) {
    const bucket = buckets[severity];
    if (bucket.size === 0) continue;
    const keys = [...bucket.keys()].sort(ascending);
    out.push({ severity, groups: keys.map((key) => ({ key, findings: bucket.get(key)! })) });
  }
  return out;
}

function ascending<K extends string | number>(a: K, b: K): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every finding in the pane's order by rule: severity, then rule code, then sheet order. */
export function paneOrder(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const section of bucketFindings(findings, (f) => f.code))
    for (const group of section.groups) for (const f of group.findings) out.push(f);
  return out;
}
