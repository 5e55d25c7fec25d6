/**
 * What an engine update changed: findings removed and added, netted out (a finding that is the same
 * before and after is no change).
 */
import type { Delta, Finding } from "./types";

/** Collects removals and additions during one update and nets them out (an unchanged finding is no change). */
export class DeltaBuilder {
  private readonly before = new Map<string, Finding | null>();
  private readonly after = new Map<string, Finding | null>();
  /** Changes already netted by the caller (a row's own findings, see MamEngine.setRows): no lookups. */
  private readonly netAdded: Finding[] = [];
  private readonly netRemoved: Finding[] = [];

  remove(finding: Finding): void {
    if (!this.before.has(finding.id)) this.before.set(finding.id, finding);
    this.after.set(finding.id, null);
  }

  add(finding: Finding): void {
    if (!this.before.has(finding.id)) this.before.set(finding.id, null);
    this.after.set(finding.id, finding);
  }

  /**
   * A row's own findings before and after it was checked again in place: the same cells, so the
   * same ids, and no other change touches these ids (duplicate findings have codes of their own).
   * Netted here, within the row, rather than through the maps.
   */
  replaceOwn(before: readonly Finding[], after: readonly Finding[]): void {
    for (let k = 0; k < before.length; k++)
      if (!holds(after, before[k])) this.netRemoved.push(before[k]);
    for (let k = 0; k < after.length; k++)
      if (!holds(before, after[k])) this.netAdded.push(after[k]);
  }

  build(): Delta {
    const added: Finding[] = this.netAdded;
    const removed: Finding[] = this.netRemoved;
    for (const [id, before] of this.before) {
      const after = this.after.get(id) ?? null;
      if (before && after && sameFinding(before, after)) continue;
      if (before) removed.push(before);
      if (after) added.push(after);
    }
    return { added, removed };
  }
}

/** Does a row's list of findings hold this one, unchanged? (A row has a handful at most.) */
function holds(findings: readonly Finding[], finding: Finding): boolean {
  for (let k = 0; k < findings.length; k++) if (sameFinding(findings[k], finding)) return true;
  return false;
}

export function sameFinding(a: Finding, b: Finding): boolean {
  return a.id === b.id && a.message === b.message && a.fixValue === b.fixValue;
}
