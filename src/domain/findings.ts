/**
 * Building Finding objects: ids, A1 addresses and the rule texts. A big sheet makes tens of
 * thousands of findings (every EA/EB/EC row carries a MAM-142 note), so the texts come from
 * templates split once per rule rather than a regular expression per finding, and a text already
 * made for the same rule and parameter is reused (one string for 15,000 identical notes, not
 * 15,000 copies). A parameter that quotes a cell is shortened: a 1 MB cell makes a short message.
 */
import { columnLetters } from "./address";
import type { Rule } from "./catalogue";
import { clipText, QUOTE_LIMIT } from "./cellValue";
import type { MamProfile } from "./profile";
import { CELL_VALUE_PARAMS, type Params } from "./rules/issues";
import type { Finding } from "./types";

export type { Params };

/** A `{name}` template split into literal parts and names: parts[0] name[0] parts[1] … parts[n]. */
interface Template {
  readonly parts: readonly string[];
  readonly names: readonly string[];
}

function compileTemplate(template: string): Template {
  const parts: string[] = [];
  const names: string[] = [];
  const pattern = /\{(\w+)\}/g;
  let last = 0;
  for (let m = pattern.exec(template); m !== null; m = pattern.exec(template)) {
    parts.push(template.slice(last, m.index));
    names.push(m[1]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return { parts, names };
}

/** Same result as catalogue's `fillTemplate`: unknown names stay visible as `{name}`. */
function fill(template: Template, params: Readonly<Params>): string {
  let out = template.parts[0];
  for (let i = 0; i < template.names.length; i++) {
    const value = params[template.names[i]];
    out += (value === undefined ? `{${template.names[i]}}` : String(value)) + template.parts[i + 1];
  }
  return out;
}

interface RuleTexts {
  readonly rule: Rule;
  readonly message: Template;
  readonly hint: Template;
  /** What follows the cell in a finding id (`|MAM-142`): made once, so an id is one concatenation. */
  readonly idSuffix: string;
  /**
   * The one parameter the rule's texts name, or null when they name none or several. Texts that
   * depend on one value (the MAM-142 note on every EA/EB/EC row, say) are made once per value and
   * kept in `byValue`.
   */
  readonly param: string | null;
  readonly byValue: Map<string | number, readonly [message: string, hint: string]>;
}

function ruleTexts(rule: Rule): RuleTexts {
  const message = compileTemplate(rule.message);
  const hint = compileTemplate(rule.fix);
  const names = new Set([...message.names, ...hint.names]);
  const param = names.size === 1 ? [...names][0] : null;
  return { rule, message, hint, idSuffix: `|${rule.code}`, param, byValue: new Map() };
}

/** Texts kept per rule and value; cleared when full. */
const MEMO_LIMIT = 1024;

/** Parameters with cell values quoted in full when at most this long (QUOTE_LIMIT and some). */
const CLIP_FROM = QUOTE_LIMIT + 20;

/**
 * The parameters with every quoted cell value shortened (clipText). The same object when none
 * needs it, which is almost always: no copy per finding.
 */
export function clipParams(params: Readonly<Params>): Readonly<Params> {
  let clipped: Params | null = null;
  for (const name in params) {
    const value = params[name];
    if (typeof value !== "string" || value.length <= CLIP_FROM || !CELL_VALUE_PARAMS.has(name))
      continue;
    clipped ??= { ...params };
    clipped[name] = clipText(value);
  }
  return clipped ?? params;
}

export class FindingMaker {
  /** Column letters per sheet column, made once. */
  private readonly letters: string[] = [];
  private readonly textsByCode: Map<string, RuleTexts>;

  constructor(profile: MamProfile) {
    this.textsByCode = new Map(profile.catalogue.rules.map((rule) => [rule.code, ruleTexts(rule)]));
  }

  private textsFor(code: string): RuleTexts {
    const texts = this.textsByCode.get(code);
    if (!texts) throw new Error(`No rule ${code} in the catalogue`);
    return texts;
  }

  /** A finding on a data cell (`sheetColumn` zero-based). */
  cellFinding(
    sheetRow: number,
    sheetColumn: number,
    column: string,
    columnKey: string,
    code: string,
    params: Readonly<Params>,
    fixValue?: string
  ): Finding {
    const texts = this.textsFor(code);
    const { severity, basis } = texts.rule;
    const cell = this.lettersOf(sheetColumn) + sheetRow;
    const [message, hint] = textsOf(texts, clipParams(params));
    const id = cell + texts.idSuffix;
    // Two literals rather than a spread: the same keys, in the same order, without the copying.
    return fixValue !== undefined
      ? {
          id,
          row: sheetRow,
          column,
          columnKey,
          cell,
          code,
          severity,
          basis,
          message,
          hint,
          fixValue,
        }
      : { id, row: sheetRow, column, columnKey, cell, code, severity, basis, message, hint };
  }

  private lettersOf(sheetColumn: number): string {
    return (this.letters[sheetColumn] ??= columnLetters(sheetColumn));
  }
}

/**
 * The message and hint for a rule and its parameters. Texts are shared, not copied per finding,
 * when they depend on one value: 15,000 identical notes are one string, not 15,000.
 */
function textsOf(texts: RuleTexts, params: Readonly<Params>): readonly [string, string] {
  if (texts.param === null) return [fill(texts.message, params), fill(texts.hint, params)];
  const value = params[texts.param];
  let made = texts.byValue.get(value);
  if (made === undefined) {
    // A column of ever-new values (references, say) must not grow the memo without end.
    if (texts.byValue.size >= MEMO_LIMIT) texts.byValue.clear();
    made = [fill(texts.message, params), fill(texts.hint, params)];
    texts.byValue.set(value, made);
  }
  return made;
}

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** Sheet order: row, then column, then severity, then code. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.row - b.row ||
    columnOrder(a.cell) - columnOrder(b.cell) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

function columnOrder(cell: string): number {
  let n = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}
