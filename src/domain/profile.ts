/**
 * A profile as a value: a catalogue (the data file) with the rules that implement its codes, checked
 * against each other once, loudly. The engine, header matching, the column checks and the MA file
 * all take the profile they work for; `v06a` is the one the product ships.
 */
import {
  catalogue as shippedCatalogue,
  loadCatalogue,
  type Catalogue,
  type ProfileColumn,
  type Rule,
} from "./catalogue";
import { FORM_RULES, PIPELINE_RULES } from "./columns";
import { INDEX_KINDS } from "./duplicates";
import { compileIdentifiers, type Identifiers } from "./identifiers";
import { standardRules } from "./rules";
import type {
  DuplicateRule,
  HeaderIssue,
  HeaderRule,
  HeaderView,
  RowRule,
  RuleModule,
} from "./rules/rule";

export interface ProfileOptions {
  /** Rules added to the standard ones (row or header rules: a test profile's, say). */
  readonly extraRules?: readonly RuleModule[];
}

export interface MamProfile {
  /** The profile's id (`v06a`). */
  readonly id: string;
  readonly catalogue: Catalogue;
  /** The profile's columns, in export order. */
  readonly columns: readonly ProfileColumn[];
  readonly ids: Identifiers;
  readonly rules: readonly RuleModule[];
  readonly headerRules: readonly HeaderRule[];
  readonly rowRules: readonly RowRule[];
  readonly duplicates: DuplicateRule;
  /** The catalogue entry of a code (throws for a code the catalogue lacks). */
  ruleFor(code: string): Rule;
  /** The catalogue entry of a code as a user types it (`mam-102 `), or undefined. */
  findRule(code: string): Rule | undefined;
  /** The rule module that implements a code. */
  ruleOf(code: string): RuleModule;
  /** The position of a profile column by key, or -1. */
  columnIndex(key: string): number;
  /** The header rules' findings on a matched header row (`strict`: each rule's codes only). */
  checkHeader(view: HeaderView, strict?: boolean): HeaderIssue<string>[];
}

/** Reads a catalogue (the data of a JSON file) and makes it a profile with the standard rules. */
export function loadProfile(data: unknown, options: ProfileOptions = {}): MamProfile {
  return createProfile(loadCatalogue(data), options);
}

/** A profile from a loaded catalogue; throws with every problem listed when rules and data disagree. */
export function createProfile(catalogue: Catalogue, options: ProfileOptions = {}): MamProfile {
  const rules = [...standardRules, ...(options.extraRules ?? [])];
  const columns = catalogue.profile.columns;
  const keys = new Map(columns.map((c, i) => [c.key, i]));
  const rulesByCode = new Map(catalogue.rules.map((rule) => [rule.code, rule]));
  const problems: string[] = [];
  const implementedBy = new Map<string, RuleModule>();
  for (const rule of rules) {
    for (const code of rule.codes) {
      const other = implementedBy.get(code);
      if (other)
        problems.push(`${code} is implemented by two rules, ${other.name} and ${rule.name}`);
      else implementedBy.set(code, rule);
      if (!rulesByCode.has(code))
        problems.push(`rule ${rule.name} raises ${code}, which the catalogue lacks`);
    }
    for (const key of rule.needs ?? [])
      if (!keys.has(key))
        problems.push(`rule ${rule.name} needs column "${key}", which the profile lacks`);
  }
  for (const code of rulesByCode.keys())
    if (!implementedBy.has(code)) problems.push(`${code} is implemented by no rule`);
  // Cell rules are compiled into the column checks (columns.ts): only those can run.
  const compiled = new Set<RuleModule>([...FORM_RULES, ...PIPELINE_RULES]);
  for (const rule of rules)
    if (
      rule.stage === "cell" &&
      !compiled.has(rule) &&
      !FORM_RULES.some((f) => f.uses?.includes(rule))
    )
      problems.push(
        `cell rule ${rule.name} is not part of the compiled column checks (columns.ts)`
      );
  const duplicateRules = rules.filter((r): r is DuplicateRule => r.stage === "duplicates");
  if (duplicateRules.length !== 1)
    problems.push(`a profile has one duplicates rule, not ${duplicateRules.length}`);
  else
    for (const kind of INDEX_KINDS)
      if (!duplicateRules[0].kinds[kind])
        problems.push(`the duplicates rule gives no code for the ${kind} index`);
  if (problems.length > 0)
    throw new Error(
      `The MAM profile ${catalogue.profile.id} is inconsistent:\n- ${problems.join("\n- ")}`
    );

  const headerRules = rules.filter((r): r is HeaderRule => r.stage === "header");
  return {
    id: catalogue.profile.id,
    catalogue,
    columns,
    ids: compileIdentifiers(catalogue.identifiers),
    rules,
    headerRules,
    rowRules: rules.filter((r): r is RowRule => r.stage === "row"),
    duplicates: duplicateRules[0],
    ruleFor(code) {
      const rule = rulesByCode.get(code);
      if (!rule)
        throw new Error(`No rule ${code} in the catalogue of profile ${catalogue.profile.id}`);
      return rule;
    },
    findRule(code) {
      return rulesByCode.get(code.trim().toUpperCase());
    },
    ruleOf(code) {
      const rule = implementedBy.get(code);
      if (!rule) throw new Error(`No rule implements ${code}`);
      return rule;
    },
    columnIndex(key) {
      return keys.get(key) ?? -1;
    },
    checkHeader(view, strict = false) {
      const found: HeaderIssue<string>[] = [];
      for (const rule of headerRules)
        rule.check(view, (issue) => {
          if (strict && !rule.codes.includes(issue.code))
            throw new Error(
              `Header rule ${rule.name} reported ${issue.code}, which it does not declare`
            );
          found.push(issue);
        });
      return found;
    },
  };
}

/** The v06a profile the product ships. */
export const v06a: MamProfile = createProfile(shippedCatalogue);
