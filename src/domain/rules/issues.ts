/**
 * The typed issue union: for each code of the shipped catalogue, the parameters its message and
 * hint are filled from. A rule's report function accepts only the codes the rule declares, each
 * with exactly its parameters (checked by the compiler); a test holds the catalogue's `{name}`
 * placeholders to this table.
 */

export const ISSUE_PARAMS = {
  "MAM-001": ["column", "aliases"],
  "MAM-002": ["column", "reason"],
  "MAM-003": [],
  "MAM-004": ["column", "profile", "detail"],
  "MAM-005": ["column", "cells"],
  "MAM-006": ["template", "headers", "profile", "file"],
  "MAM-101": ["value", "detail"],
  "MAM-102": ["value", "expected", "actual"],
  "MAM-103": ["value", "distributor"],
  "MAM-111": ["value", "detail"],
  "MAM-112": ["value", "expected", "actual"],
  "MAM-121": ["column", "value", "detail"],
  "MAM-122": ["column", "value"],
  "MAM-131": ["column", "value", "detail"],
  "MAM-141": ["value"],
  "MAM-142": ["value"],
  "MAM-151": ["value"],
  "MAM-161": ["value"],
  "MAM-171": ["value", "detail"],
  "MAM-181": ["value", "detail"],
  "MAM-190": ["column", "value", "canonical", "detail"],
  "MAM-191": ["column", "value", "detail"],
  "MAM-192": ["column", "value"],
  "MAM-193": ["column", "formula"],
  "MAM-301": ["value", "rows"],
  "MAM-302": ["value", "rows"],
  "MAM-303": ["column", "value", "others"],
  "MAM-311": ["import", "gas", "party"],
  "MAM-312": ["submitter", "party", "euids"],
  "MAM-313": ["column", "value", "submitter", "party"],
  "MAM-321": ["importParty", "gasParty", "group"],
  "MAM-331": ["detail"],
} as const;

/** A code of the shipped catalogue. */
export type Code = keyof typeof ISSUE_PARAMS;

/** Message parameters by name. */
export type Params = Record<string, string | number>;

/**
 * The parameters of a code: exactly those of ISSUE_PARAMS for a shipped code; any for a code a
 * profile of its own adds (a test profile's rule, say).
 */
export type ParamsOf<C extends string> = C extends Code
  ? Readonly<Record<(typeof ISSUE_PARAMS)[C][number], string | number>>
  : Readonly<Params>;

/** Parameters that quote a cell's value: shortened in messages (findings.ts). */
export const CELL_VALUE_PARAMS: ReadonlySet<string> = new Set(["value", "canonical", "formula"]);
