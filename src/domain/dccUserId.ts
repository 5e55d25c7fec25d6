/**
 * DCC User IDs ("EUIDs" in the MAM) [verified]: EUI-64s allocated from DCC's IEEE OUI-36
 * 70-B3-D5-1F-3; DCC's test environments use 90-B3-D5-1F-3. The party of an EUID is read from two
 * of its octets, the "party octets" [modelled, MAM 7.2.2]: unique to each SEC party, but not the
 * SEC Party ID. Which octets, and the blocks, are data (the catalogue's identifiers): an EuidRules
 * is made per profile; the functions below use the shipped one.
 */
import { catalogue, type Catalogue } from "./catalogue";
import { parseEui64 } from "./eui64";

export interface UserIdOptions {
  /** A test workbook may use DCC's test block 90-B3-D5-1F-3. */
  readonly testWorkbook?: boolean;
}

export type UserIdParse =
  | { readonly ok: true; readonly canonical: string }
  | { readonly ok: false; readonly reason: string; readonly canonical?: string };

export class EuidRules {
  private readonly prefix: string;
  private readonly testPrefix: string;
  /** Character offsets of the party octets in a canonical EUID (`70-B3-…`: octet k at 3(k − 1)). */
  private readonly offsets: readonly number[];

  constructor(identifiers: Catalogue["identifiers"]) {
    this.prefix = identifiers.dccUserIdPrefix;
    this.testPrefix = identifiers.dccTestUserIdPrefix;
    this.offsets = identifiers.partyOctets.map((octet) => (octet - 1) * 3);
  }

  /** Checks an EUID and gives its canonical form, or the reason it is not a DCC User ID. */
  parse(text: string, options: UserIdOptions = {}): UserIdParse {
    const eui = parseEui64(text);
    if (!eui.ok) return { ok: false, reason: eui.reason };
    const problem = this.blockProblem(eui.canonical, options);
    return problem === null
      ? { ok: true, canonical: eui.canonical }
      : { ok: false, canonical: eui.canonical, reason: problem };
  }

  /** Why an already-canonical EUI-64 is not a DCC User ID, or null when it is one (allocates nothing then). */
  blockProblem(canonical: string, options: UserIdOptions = {}): string | null {
    if (canonical.startsWith(this.prefix)) return null;
    if (canonical.startsWith(this.testPrefix)) {
      return options.testWorkbook
        ? null
        : `${this.testPrefix} is DCC's test block; mark the workbook as a test workbook to use it`;
    }
    return `it is outside DCC's block ${this.prefix}`;
  }

  /** The party octets of a canonical EUID, joined by hyphens (`00-A0`). */
  partyOf(canonicalEuid: string): string {
    let party = "";
    for (let i = 0; i < this.offsets.length; i++) {
      const at = this.offsets[i];
      party += (i === 0 ? "" : "-") + canonicalEuid.slice(at, at + 2);
    }
    return party;
  }

  /**
   * `partyOf(a) === partyOf(b)` for two canonical EUIDs, without building the party texts: the
   * party rules ask this several times for every row.
   */
  sameParty(a: string, b: string): boolean {
    for (let i = 0; i < this.offsets.length; i++) {
      const at = this.offsets[i];
      if (a.charCodeAt(at) !== b.charCodeAt(at) || a.charCodeAt(at + 1) !== b.charCodeAt(at + 1))
        return false;
    }
    return true;
  }
}

const shipped = new EuidRules(catalogue.identifiers);

/** Checks an EUID and gives its canonical form, or the reason it is not a DCC User ID. */
export function parseDccUserId(text: string, options: UserIdOptions = {}): UserIdParse {
  return shipped.parse(text, options);
}

/** Why an already-canonical EUI-64 is not a DCC User ID, or null when it is one. */
export function userIdBlockProblem(canonical: string, options: UserIdOptions = {}): string | null {
  return shipped.blockProblem(canonical, options);
}

/** The party octets of a canonical EUID (`00-A0`). */
export function partyOf(canonicalEuid: string): string {
  return shipped.partyOf(canonicalEuid);
}

/** Do two canonical EUIDs have the same party octets? */
export function sameParty(a: string, b: string): boolean {
  return shipped.sameParty(a, b);
}
