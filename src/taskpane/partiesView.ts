/**
 * The parties view: each party (told by the party octets of its EUIDs, octets 6–7; not the SEC
 * Party ID) with the EUIDs it uses, and the party rules flagged against it (MAM-311, MAM-312,
 * MAM-313), counted from the findings. Each rule's severity is the catalogue's.
 */
import { findRule, type Rule } from "../domain/catalogue";
import type { PartyUse } from "../domain/engine";
import type { Finding, Severity } from "../domain/types";

export const PARTY_CODES = ["MAM-311", "MAM-312", "MAM-313"] as const;
export type PartyCode = (typeof PARTY_CODES)[number];

/** What the pane says of party octets, wherever it shows them. */
export const PARTY_OCTETS_NOTE =
  "A party is told by the party octets of its EUIDs (octets 6–7): unique to each SEC party, but not the SEC Party ID (MAM 7.2.2). One party may hold several EUIDs.";

/** How a party is named to the user: by its party octets, never as an ID. */
export function partyLabel(party: string): string {
  return `Party octets ${party}`;
}

export interface EuidView {
  readonly euid: string;
  readonly roles: readonly ("import" | "gas")[];
  readonly rows: readonly number[];
  readonly isSubmitterEuid: boolean;
  /** Rows where this EUID carries MAM-313 (same party as the submitter, other EUID). */
  readonly sameParty313: number;
}

export interface PartyView {
  readonly party: string;
  /** "Party octets 00-A0". */
  readonly label: string;
  readonly isSubmitter: boolean;
  readonly euids: readonly EuidView[];
  /** Rows of this party with MAM-311 (its own EUIDs differ on one row). */
  readonly duplicate311: number;
  /** Rows of this party where the submitter is not a Responsible Supplier (MAM-312). */
  readonly notResponsible312: number;
  /** MAM-313 findings on this party's EUIDs. */
  readonly sameParty313: number;
}

export interface PartiesView {
  readonly parties: readonly PartyView[];
  /** Findings per party rule, over the whole sheet. */
  readonly totals: Readonly<Record<PartyCode, number>>;
  /** Each party rule's severity, as the catalogue has it. */
  readonly severity: Readonly<Record<PartyCode, Severity>>;
}

/** The severity of each party rule, read from the catalogue (`ruleOf`: the shipped one by default). */
export function partySeverities(
  ruleOf: (code: string) => Rule | undefined = findRule
): Record<PartyCode, Severity> {
  const severity = {} as Record<PartyCode, Severity>;
  for (const code of PARTY_CODES) {
    const rule = ruleOf(code);
    if (!rule) throw new Error(`The catalogue has no party rule ${code}`);
    severity[code] = rule.severity;
  }
  return severity;
}

export function partiesView(
  parties: readonly PartyUse[],
  findings: readonly Finding[],
  submitter: string | null,
  ruleOf: (code: string) => Rule | undefined = findRule
): PartiesView {
  const totals: Record<PartyCode, number> = { "MAM-311": 0, "MAM-312": 0, "MAM-313": 0 };
  const rowsOf: Record<PartyCode, Set<number>> = {
    "MAM-311": new Set(),
    "MAM-312": new Set(),
    "MAM-313": new Set(),
  };
  for (const f of findings) {
    if (f.code === "MAM-311" || f.code === "MAM-312" || f.code === "MAM-313") {
      totals[f.code]++;
      rowsOf[f.code].add(f.row);
    }
  }
  const sub = submitter?.toUpperCase() ?? null;
  const views = parties.map((p): PartyView => {
    const seen = new Map<number, number>(); // row -> how many of this party's EUIDs it uses
    for (const e of p.euids) for (const r of e.rows) seen.set(r, (seen.get(r) ?? 0) + 1);
    let duplicate311 = 0;
    let notResponsible312 = 0;
    for (const [row, n] of seen) {
      if (n >= 2 && rowsOf["MAM-311"].has(row)) duplicate311++;
      if (!p.isSubmitter && rowsOf["MAM-312"].has(row)) notResponsible312++;
    }
    const euids = p.euids.map((e): EuidView => {
      const isSubmitterEuid = sub !== null && e.euid === sub;
      let sameParty313 = 0;
      if (p.isSubmitter && !isSubmitterEuid)
        for (const r of e.rows) if (rowsOf["MAM-313"].has(r)) sameParty313++;
      return { euid: e.euid, roles: e.roles, rows: e.rows, isSubmitterEuid, sameParty313 };
    });
    const sameParty313 = p.isSubmitter ? euids.reduce((n, e) => n + e.sameParty313, 0) : 0;
    return {
      party: p.party,
      label: partyLabel(p.party),
      isSubmitter: p.isSubmitter,
      euids,
      duplicate311,
      notResponsible312,
      sameParty313,
    };
  });
  // The submitter's party first, then by party code.
  views.sort(
    (a, b) =>
      Number(b.isSubmitter) - Number(a.isSubmitter) ||
      (a.party < b.party ? -1 : a.party > b.party ? 1 : 0)
  );
  return { parties: views, totals, severity: partySeverities(ruleOf) };
}
