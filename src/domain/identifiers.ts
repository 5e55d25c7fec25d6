/**
 * A catalogue's identifier data (distributor IDs, DCC's EUID blocks, party octets, SMSO IDs…) made
 * ready for checking once per profile: tables and patterns, not lists to search per cell.
 */
import type { Catalogue } from "./catalogue";
import { EuidRules } from "./dccUserId";

export interface Identifiers {
  readonly euids: EuidRules;
  /** Known distributor IDs (two digits, so 0-99) as a table: one array read per MPAN. */
  readonly knownDistributors: Uint8Array;
  readonly smsoPattern: RegExp;
  readonly smsoNone: string;
  readonly groupExceptions: ReadonlySet<string>;
  readonly meterStatuses: { readonly active: string; readonly dormant: string };
  readonly supplierReferenceMaxLength: number;
  readonly formulaLeaders: readonly string[];
}

export function compileIdentifiers(ids: Catalogue["identifiers"]): Identifiers {
  const knownDistributors = new Uint8Array(100);
  for (const id of [...ids.distributorIds.dno, ...ids.distributorIds.idno])
    if (id >= 0 && id < 100) knownDistributors[id] = 1;
  return {
    euids: new EuidRules(ids),
    knownDistributors,
    smsoPattern: new RegExp(ids.smsoPattern),
    smsoNone: ids.smsoNone,
    groupExceptions: new Set(ids.groupExceptions),
    meterStatuses: ids.meterStatuses,
    supplierReferenceMaxLength: ids.supplierReferenceMaxLength,
    formulaLeaders: ids.formulaLeaders,
  };
}
