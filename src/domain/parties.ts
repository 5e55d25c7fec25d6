/**
 * The parties on a sheet, for the parties view: each party (the party octets of its EUIDs; not the
 * SEC Party ID) with the EUIDs it uses, their roles (Import or Gas Supplier) and rows.
 */
import type { MamProfile } from "./profile";

export interface PartyUse {
  /** The party octets (`00-A0`). */
  readonly party: string;
  readonly isSubmitter: boolean;
  readonly euids: {
    readonly euid: string;
    readonly rows: number[];
    readonly roles: ("import" | "gas")[];
  }[];
}

/**
 * The parties of `length` rows (index i is sheet row i + 2), from the canonical values of the
 * profile's supplier columns (`canonical(i, column)`), skipping empty rows.
 */
export function partyUses(
  profile: MamProfile,
  length: number,
  isEmpty: (i: number) => boolean,
  canonical: (i: number, column: number) => string | null,
  submitterParty: string | null
): PartyUse[] {
  const byParty = new Map<string, Map<string, { rows: number[]; roles: Set<"import" | "gas"> }>>();
  const roles = profile.columns.flatMap((c, i) =>
    c.supplierRole ? [[i, c.supplierRole] as const] : []
  );
  const { euids: rules } = profile.ids;
  for (let i = 0; i < length; i++) {
    if (isEmpty(i)) continue;
    const sheetRow = i + 2;
    for (const [c, role] of roles) {
      const euid = canonical(i, c);
      if (!euid) continue;
      const party = rules.partyOf(euid);
      let euids = byParty.get(party);
      if (!euids) byParty.set(party, (euids = new Map()));
      let use = euids.get(euid);
      if (!use) euids.set(euid, (use = { rows: [], roles: new Set() }));
      if (use.rows[use.rows.length - 1] !== sheetRow) use.rows.push(sheetRow);
      use.roles.add(role);
    }
  }
  return [...byParty.entries()]
    .map(([party, euids]) => ({
      party,
      isSubmitter: party === submitterParty,
      euids: [...euids.entries()].map(([euid, use]) => ({
        euid,
        rows: use.rows,
        roles: [...use.roles].sort(),
      })),
    }))
    .sort((a, b) => a.party.localeCompare(b.party));
}
