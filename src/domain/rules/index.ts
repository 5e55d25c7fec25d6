/**
 * The rules of the shipped profile, one module each (a module may implement a few codes that
 * belong together). profile.ts checks them against a catalogue: every code implemented by exactly
 * one rule, no rule raising a code the catalogue lacks, every column a rule needs present. The
 * cell rules are those the column checks are compiled from (columns.ts).
 */
import { FORM_RULES, PIPELINE_RULES } from "../columns";
import { excelDamage } from "./cells/excelDamage";
import { headerColumns } from "./header/columns";
import { otherTemplate } from "./header/otherTemplate";
import type { RuleModule } from "./rule";
import { duplicates } from "./rows/duplicates";
import { parties } from "./rows/parties";
import { requiredValues } from "./rows/required";
import { statusAndSmso } from "./rows/status";

export const standardRules: readonly RuleModule[] = [
  headerColumns,
  otherTemplate,
  ...PIPELINE_RULES,
  ...FORM_RULES,
  excelDamage,
  requiredValues,
  statusAndSmso,
  parties,
  duplicates,
];
