/**
 * The profile and rule catalogue, loaded from ONE data file (data/mam-v06a.json) and checked by one
 * zod schema; the TypeScript types are derived from that schema, so data and code cannot drift.
 *
 * `loadCatalogue` also checks what the code assumes of the data (the limits of the row table, the
 * duplicate indexes) and fails loudly, listing every problem. The rules that implement the
 * catalogue's codes join it in profile.ts, which checks the two against each other.
 */
import { z } from "zod";
import raw from "./data/mam-v06a.json";
import { MAX_PROFILE_COLUMNS } from "./rowTable";

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

/** The duplicate indexes the engine keeps, and the form of the values each one holds. */
export const duplicateKinds = { mpan: "mpan", mprn: "mprn", device: "eui64" } as const;

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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const catalogueSchema = z.object({
  /** The MAM text the rules follow: named in every output, so a user knows which one. */
  mam: z.object({
    version: z.string().min(1),
    title: z.string().min(1),
    date: isoDate,
    status: z.string().min(1),
  }),
  profile: z.object({
    id: z.string(),
    name: z.string(),
    template: z.string(),
    headerRow: z.literal(1),
    columns: z.array(columnSchema).min(1),
  }),
  /** Other DCC templates a workbook may plainly be, recognised by headers of their own. */
  otherTemplates: z
    .array(
      z.object({
        name: z.string().min(1),
        template: z.string().min(1),
        headers: z.array(z.string().min(1)).min(1),
      })
    )
    .default([]),
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
export type OtherTemplate = Catalogue["otherTemplates"][number];
export type MamText = Catalogue["mam"];

/** Parses and cross-checks a catalogue; throws with every problem listed when the data is wrong. */
export function loadCatalogue(data: unknown): Catalogue {
  const parsed = catalogueSchema.safeParse(data);
  if (!parsed.success)
    throw new Error(
      `The MAM catalogue data is malformed:\n- ${parsed.error.issues
        .map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)
        .join("\n- ")}`
    );
  const catalogue = parsed.data;
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const rule of catalogue.rules) {
    if (codes.has(rule.code)) problems.push(`rule ${rule.code} is listed twice`);
    codes.add(rule.code);
  }
  const columns = catalogue.profile.columns;
  // Each row keeps bit masks over the profile columns in 32-bit integers (rowTable.ts).
  if (columns.length > MAX_PROFILE_COLUMNS)
    problems.push(
      `the profile has ${columns.length} columns; the row table holds at most ${MAX_PROFILE_COLUMNS}`
    );
  const keys = new Set<string>();
  const names = new Map<string, string>();
  for (const column of columns) {
    if (keys.has(column.key)) problems.push(`column key ${column.key} is listed twice`);
    keys.add(column.key);
    for (const name of [column.header, ...column.aliases]) {
      const folded = foldHeader(name);
      const owner = names.get(folded);
      if (owner && owner !== column.key)
        problems.push(`header "${name}" is claimed by ${owner} and ${column.key}`);
      names.set(folded, column.key);
    }
    // A duplicate index compares canonical values of one form (an MPAN index holds MPAN cores).
    if (column.duplicates && duplicateKinds[column.duplicates] !== column.form)
      problems.push(
        `column ${column.key} (form ${column.form}) cannot go into the ${column.duplicates} duplicate index, which holds ${duplicateKinds[column.duplicates]} values`
      );
  }
  for (const role of ["import", "gas"] as const) {
    const holders = columns.filter((c) => c.supplierRole === role);
    if (holders.length > 1)
      problems.push(
        `supplier role ${role} is held by ${holders.length} columns (${holders.map((c) => c.key).join(", ")}); one at most`
      );
  }
  for (const template of catalogue.otherTemplates) {
    for (const header of template.headers) {
      const owner = names.get(foldHeader(header));
      if (owner)
        problems.push(
          `header "${header}" of template ${template.name} is also a header of column ${owner}`
        );
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

/** A rule of the shipped catalogue (profile.ts has the same for any profile). */
export function ruleFor(code: string): Rule {
  const rule = rulesByCode.get(code);
  if (!rule) throw new Error(`No rule ${code} in the catalogue`);
  return rule;
}

export function findRule(code: string): Rule | undefined {
  return rulesByCode.get(code.trim().toUpperCase());
}

/** "MAM v2.1b (consultation draft of 18 December 2020)": the text the rules follow, for outputs. */
export function describeMam(mam: MamText = catalogue.mam): string {
  const [y, m, d] = mam.date.split("-").map(Number);
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString("en-GB", {
    month: "long",
    timeZone: "UTC",
  });
  return `MAM v${mam.version} (${mam.status} of ${d} ${month} ${y})`;
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
