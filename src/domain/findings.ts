/**
 * Building Finding objects: ids, A1 addresses and the rule texts. A big sheet makes tens of
 * thousands of findings (every EA/EB/EC row carries a MAM-142 note), so the texts come from
 * templates split once per rule rather than a regular expression per finding, and a text already
 * made for the same rule and parameter is reused (one string for 15,000 identical notes, not
 * 15,000 copies).
 */
import { columnLetters } from "./address";
import { catalogue, type Rule } from "./catalogue";
import type { Finding } from "./types";

export type Params = Record<string, string | number>;

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
}

const textsByCode = new Map<string, RuleTexts>(
  catalogue.rules.map((rule) => [rule.code, { rule, message: compileTemplate(rule.message), hint: compileTemplate(rule.fix), idSuffix: `|${rule.code}` }]),
);

function textsFor(code: string): RuleTexts {
  const texts = textsByCode.get(code);
  if (!texts) throw new Error(`No rule ${code} in the catalogue`);
  return texts;
}

/** Texts kept per rule and parameter; cleared when full (a column of ever-new values must not grow it without end). */
const MEMO_LIMIT = 1024;

export class FindingMaker {
  /** Column letters per sheet column, made once. */
  private readonly letters: string[] = [];
  /**
   * Texts of findings with one parameter (the MAM-142 note on every EA/EB/EC row, say), by rule,
   * parameter name and value: reused rather than made again, with no key to build per finding.
   * Findings with several parameters name values of their own row and rarely repeat.
   */
  private readonly memo = new Map<string, Map<string, Map<string | number, readonly [message: string, hint: string]>>>();

  /** A finding on a data cell (`sheetColumn` zero-based). */
  cellFinding(sheetRow: number, sheetColumn: number, column: string, columnKey: string, code: string, params: Readonly<Params>, fixValue?: string): Finding {
    const { rule, idSuffix } = textsFor(code);
    const cell = this.lettersOf(sheetColumn) + sheetRow;
    const [message, hint] = this.texts(code, params);
    const id = cell + idSuffix;
    const { severity, basis } = rule;
    // Two literals rather than a spread: the same keys, in the same order, without the copying.
    return fixValue !== undefined
      ? { id, row: sheetRow, column, columnKey, cell, code, severity, basis, message, hint, fixValue }
      : { id, row: sheetRow, column, columnKey, cell, code, severity, basis, message, hint };
  }

  private lettersOf(sheetColumn: number): string {
    return (this.letters[sheetColumn] ??= columnLetters(sheetColumn));
  }

  private texts(code: string, params: Readonly<Params>): readonly [string, string] {
    let name: string | null = null;
    for (const key in params) {
      if (name !== null) return this.make(code, params);
      name = key;
    }
    if (name === null) return this.make(code, params);
    let byName = this.memo.get(code);
    if (byName === undefined) this.memo.set(code, (byName = new Map()));
    let byValue = byName.get(name);
    if (byValue === undefined) byName.set(name, (byValue = new Map()));
    const value = params[name];
    let texts = byValue.get(value);
    if (texts === undefined) {
      if (byValue.size >= MEMO_LIMIT) byValue.clear();
      texts = this.make(code, params);
      byValue.set(value, texts);
    }
    return texts;
  }

  private make(code: string, params: Readonly<Params>): readonly [string, string] {
    const { message, hint } = textsFor(code);
    return [fill(message, params), fill(hint, params)];
  }
}
