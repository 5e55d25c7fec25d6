/**
 * Search as a helpdesk call needs it: "A25" is that cell (not A250), "25" and "row 25" are row 25,
 * anything else is looked for in the message, cell, code and column. Exact matches come first.
 * Each finding's search text is made once (findings are kept as the same objects across edits),
 * so a keystroke over 60,000 findings only compares strings.
 */
import { parseCellAddress } from "../domain/address";
import type { Finding } from "../domain/types";

export type SearchQuery =
  | { readonly kind: "none" }
  | { readonly kind: "cell"; readonly cell: string; readonly text: string }
  | { readonly kind: "row"; readonly row: number; readonly text: string }
  | { readonly kind: "text"; readonly text: string };

const MAX_ROW = 1_048_576;

export function parseQuery(input: string): SearchQuery {
  const text = input.trim().toLowerCase();
  if (text === "") return { kind: "none" };
  const row = /^(?:row\s*)?(\d{1,7})$/.exec(text);
  if (row && Number(row[1]) >= 1 && Number(row[1]) <= MAX_ROW)
    return { kind: "row", row: Number(row[1]), text };
  const at = /^[a-z]{1,3}\d{1,7}$/.test(text) ? parseCellAddress(text) : null;
  if (at && at.row >= 1 && at.row <= MAX_ROW)
    return { kind: "cell", cell: text.toUpperCase(), text };
  return { kind: "text", text };
}

/** "A25 · MAM-101": how a finding is named on the phone and in the walk heading. */
export function findingName(f: Finding): string {
  return `${f.cell} · ${f.code}`;
}

const searchText = new WeakMap<Finding, string>();

function textOf(f: Finding): string {
  let t = searchText.get(f);
  if (t === undefined) {
    t = `${f.cell}\n${f.code}\n${f.column}\n${f.message}`.toLowerCase();
    searchText.set(f, t);
  }
  return t;
}

/** Search texts made ahead for a list of findings, in its order (filled slice by slice). */
const listTexts = new WeakMap<readonly Finding[], string[]>();

/**
 * Makes the search text of findings[from, from + count) ahead of the first keystroke (the pane
 * calls it in idle slices on the list it searches); returns where the next slice starts. The
 * texts are kept in the list's order, so a keystroke reads them without a lookup per finding.
 */
export function prepareSearchText(
  findings: readonly Finding[],
  from: number,
  count: number
): number {
  let texts = listTexts.get(findings);
  if (!texts) listTexts.set(findings, (texts = new Array<string>(findings.length)));
  const end = Math.min(findings.length, from + count);
  for (let i = from; i < end; i++) texts[i] = textOf(findings[i]);
  return end;
}

export interface SearchResult {
  /** What the exact matches are ("Cell A25", "Row 25"), or null for a text search. */
  readonly exactLabel: string | null;
  /** Findings on that cell or row, in the order given. */
  readonly exact: readonly Finding[];
  /** Other findings whose text contains the query, in the order given. */
  readonly others: readonly Finding[];
}

/** Ranks `findings` (already in the pane's order) for the query: exact cell or row first. */
export function searchFindings(findings: readonly Finding[], query: SearchQuery): SearchResult {
  const exact: Finding[] = [];
  const others: Finding[] = [];
  if (query.kind === "none") return { exactLabel: null, exact, others: findings };
  const texts = listTexts.get(findings);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (query.kind === "cell" && f.cell === query.cell) exact.push(f);
    else if (query.kind === "row" && f.row === query.row) exact.push(f);
    else if ((texts?.[i] ?? textOf(f)).includes(query.text)) others.push(f);
  }
  const exactLabel =
    query.kind === "cell" ? `Cell ${query.cell}` : query.kind === "row" ? `Row ${query.row}` : null;
  return { exactLabel, exact, others };
}

/** The cell "Go to" selects for a query: the cell itself, or column A of the row. */
export function goToCell(query: SearchQuery): string | null {
  if (query.kind === "cell") return query.cell;
  if (query.kind === "row") return `A${query.row}`;
  return null;
}
