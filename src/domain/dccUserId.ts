/**
 * DCC User IDs ("EUIDs" in the MAM) [verified]: EUI-64s allocated from DCC's IEEE OUI-36
 * 70-B3-D5-1F-3; DCC's test environments use 90-B3-D5-1F-3. The supplier party of an EUID is read
 * from two of its octets [modelled, MAM 7.2.2]: which ones is data (catalogue.identifiers.partyOctets).
 */
import { catalogue } from "./catalogue";
import { parseEui64 } from "./eui64";

export interface UserIdOptions {
  /** A test workbook may use DCC's test block 90-B3-D5-1F-3. */
  readonly testWorkbook?: boolean;
}

export type UserIdParse =
  | { readonly ok: true; readonly canonical: string }
  | { readonly ok: false; readonly reason: string; readonly canonical?: string };

const { dccUserIdPrefix, dccTestUserIdPrefix, partyOctets } = catalogue.identifiers;

/** Checks an EUID and gives its canonical form, or the reason it is not a DCC User ID. */
export function parseDccUserId(text: string, options: UserIdOptions = {}): UserIdParse {
  const eui = parseEui64(text);
  if (!eui.ok) return { ok: false, reason: eui.reason };
  return checkUserIdBlock(eui.canonical, options);
}

/** The block check on an already-canonical EUI-64. */
export function checkUserIdBlock(canonical: string, options: UserIdOptions = {}): UserIdParse {
  const problem = userIdBlockProblem(canonical, options);
  return problem === null ? { ok: true, canonical } : { ok: false, canonical, reason: problem };
}

/** Why an already-canonical EUI-64 is not a DCC User ID, or null when it is one (allocates nothing then). */
export function userIdBlockProblem(canonical: string, options: UserIdOptions = {}): string | null {
  if (canonical.startsWith(dccUserIdPrefix)) return null;
  if (canonical.startsWith(dccTestUserIdPrefix)) {
    return options.testWorkbook
      ? null
      : `${dccTestUserIdPrefix} is DCC's test block; mark the workbook as a test workbook to use it`;
  }
  return `it is outside DCC's block ${dccUserIdPrefix}`;
}

/** The supplier party of a canonical EUID: its party octets joined by hyphens (`00-A0`). */
export function partyOf(canonicalEuid: string): string {
  let party = "";
  for (let i = 0; i < partyOctets.length; i++) {
    const at = (partyOctets[i] - 1) * 3;
    party += (i === 0 ? "" : "-") + canonicalEuid.slice(at, at + 2);
  }
  return party;
}

/**
 * `partyOf(a) === partyOf(b)` for two canonical EUIDs, without building the party texts: the
 * party rules ask this several times for every row.
 */
export function sameParty(a: string, b: string): boolean {
  for (let i = 0; i < partyOctets.length; i++) {
    const at = (partyOctets[i] - 1) * 3;
    if (a.charCodeAt(at) !== b.charCodeAt(at) || a.charCodeAt(at + 1) !== b.charCodeAt(at + 1))
      return false;
  }
  return true;
}
