/**
 * The profile and rule catalogue, loaded from ONE data file (data/mam-v06a.json) and checked by one
 * zod schema; the TypeScript types are derived from that schema, so data and code cannot drift.
 */
import { z } from "zod";
import raw from "./data/mam-v06a.json";

const severity = z.enum(["error", "warning", "info"]);
const basis = z.enum(["verified", "modelled"]);

export const columnForms = [
  "mpan",
  "mprn",
  "eui64",
  "dccUserId",
  "groupId",
  "smsoId",
  "meterStatus",
  "date",
  "text",
] as const;

const columnSchema = z.object({
  key: z.string().regex(/^[a-z][A-Za-z]*$/),
  header: z.string().min(1),
  aliases: z.array(z.string()),
  form: z.enum(columnForms),
  /**
   * When a value is required: always; optional; electricity/gas (when the row shows that fuel
   * through another column); mpanGiven/mprnGiven; activeRow (checked by MAM-331, not MAM-002).
   */
  required: z.enum([
    "always",
    "optional",
    "electricity",
    "gas",
    "mpanGiven",
    "mprnGiven",
    "activeRow",
  ]),
  fuel: z.enum(["electricity", "gas"]).optional(),
  duplicates: z.enum(["mpan", "mprn", "device"]).optional(),
  supplierRole: z.enum(["import", "gas"]).optional(),
});

const ruleSchema = z.object({
  code: z.string().regex(/^MAM-\d{3}$/),
  severity,
  basis,
  clause: z.string().min(1),
  title: z.string().min(1),
  message: z.string().min(1),
  fix: z.string().min(1),
  fixable: z.boolean().default(false),
});

export const catalogueSchema = z.object({
  profile: z.object({
    id: z.string(),
    name: z.string(),
    template: z.string(),
    headerRow: z.literal(1),
    columns: z.array(columnSchema).min(1),
  }),
  identifiers: z.object({
    distributorIds: z.object({
      basis,
      dno: z.array(z.number().int()),
      idno: z.array(z.number().int()),
    }),
    dccUserIdPrefix: z.string().regex(/^[0-9A-F]{2}(-[0-9A-F]{1,2})*$/),
    dccTestUserIdPrefix: z.string().regex(/^[0-9A-F]{2}(-[0-9A-F]{1,2})*$/),
    partyOctets: z.array(z.number().int().min(1).max(8)).min(1),
    groupExceptions: z.array(z.string().regex(/^[A-Z]{2}$/)),
    meterStatuses: z.object({ active: z.string(), dormant: z.string() }),
    smsoNone: z.string(),
    smsoPattern: z.string(),
    supplierReferenceMaxLength: z.number().int().positive(),
    formulaLeaders: z.array(z.string().length(1)),
  }),
  export: z.object({
    fileName: z.string(),
    defaultDco: z.string().regex(/^[A-Z0-9]{2,8}$/),
    timeZone: z.string(),
  }),
  rules: z.array(ruleSchema).min(1),
});

export type Catalogue = z.infer<typeof catalogueSchema>;
export type ProfileColumn = Catalogue["profile"]["columns"][number];
export type ColumnKey = string;
export type Rule = Catalogue["rules"][number];
export type ColumnForm = (typeof columnForms)[number];

/** Parses and cross-checks a catalogue; throws with every problem listed when the data is wrong. */
export function loadCatalogue(data: unknown): Catalogue {
  const catalogue = catalogueSchema.parse(data);
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const rule of catalogue.rules) {
    if (codes.has(rule.code)) problems.push(`rule ${rule.code} is listed twice`);
    codes.add(rule.code);
  }
  const keys = new Set<string>();
  const names = new Map<string, string>();
  for (const column of catalogue.profile.columns) {
    if (keys.has(column.key)) problems.push(`column key ${column.key} is listed twice`);
    keys.add(column.key);
    for (const name of [column.header, ...column.aliases]) {
      const folded = foldHeader(name);
      const owner = names.get(folded);
      if (owner && owner !== column.key)
        problems.push(`header "${name}" is claimed by ${owner} and ${column.key}`);
      names.set(folded, column.key);
    }
  }
  if (problems.length > 0)
    throw new Error(`The MAM catalogue data is inconsistent:\n- ${problems.join("\n- ")}`);
  return catalogue;
}

/** Header matching ignores case and every kind of space (including non-breaking) and underscores. */
export function foldHeader(text: string): string {
  return text.toLowerCase().replace(/[\s\u00a0_]+/g, "");
}

/** The v06a catalogue shipped with the product. */
export const catalogue: Catalogue = loadCatalogue(raw);

const rulesByCode = new Map(catalogue.rules.map((rule) => [rule.code, rule]));

export function ruleFor(code: string): Rule {
  const rule = rulesByCode.get(code);
  if (!rule) throw new Error(`No rule ${code} in the catalogue`);
  return rule;
}

export function findRule(code: string): Rule | undefined {
  return rulesByCode.get(code.trim().toUpperCase());
}

/** Fills `{name}` placeholders; unknown names are left visible rather than silently dropped. */
export function fillTemplate(
  template: string,
  params: Readonly<Record<string, string | number>>
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
