/**
 * Builds the example workbook a supplier might send, with its CSV twin and a README that lists
 * every deliberate mistake and the row it is on:
 *
 *     npx tsx scripts/makeSample.ts            # writes examples/sample-ma-workbook.{xlsx,csv}, examples/README.md
 *     npx tsx scripts/makeSample.ts --skip-check
 *
 * Deterministic: the same code gives the same bytes. Before writing, the rows are checked with the
 * rule engine and every row's codes must be exactly the ones planned (the mistakes it carries, the
 * duplicates it shares, the notes its situation earns); the script stops if not, so the README's
 * table stays true. `--skip-check` writes anyway (and the README says it was not checked).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { catalogue } from "../src/domain/catalogue";
import { excelScientific, isCellFormula } from "../src/domain/cellValue";
import { columnLetters } from "../src/domain/address";
import { checkSheet } from "../src/domain/engine";
import type { CellValue } from "../src/domain/types";
import { columnLetter, SHEET_NAME, writeCsv, writeXlsx } from "./generateWorkbook";
import {
  COLUMN_INDEX,
  fullMpan,
  headerOf,
  mistypeMpan,
  PROFILE_HEADER,
  RowMaker,
  SMSO_IDS,
  transposeMprn,
  ukDate,
  draftToCells,
  excelNumberOf,
  type ColumnKey,
  type Draft,
  type Fuel,
} from "./syntheticRows";

const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";
const SEED = 20210104;
const OUT_DIR = resolve(__dirname, "..", "examples");
const NOTES = "Notes";
const HEADER = [...PROFILE_HEADER, NOTES];
const GROUP_EXCEPTIONS = catalogue.identifiers.groupExceptions;

/** One sheet row being planned. */
interface Entry {
  draft: Draft;
  /** The date the row is sorted by (its authorisation date, even when the cell holds text). */
  sortDate: string;
  /** What kind of installation, in words, for the README. */
  situation: string;
  mistake: Mistake | null;
  notes?: string;
  /** Codes the row must show; filled while planning. */
  expect: Set<string>;
  sheetRow: number;
  empty?: boolean;
}

interface Mistake {
  readonly id: string;
  readonly column: ColumnKey | null;
  readonly what: string;
  readonly codes: readonly string[];
  /** The sheet row it copies from (duplicates), once known. */
  otherRow?: number;
}

const maker = new RowMaker(SEED, SUBMITTER);
const prng = maker.prng;
const ids = maker.ids;
const { submitter, submitterSecond, others } = maker.suppliers;
const [B2, C4] = others; // 00-B2 and 01-C4

function entry(fuel: Fuel, situation: string): Entry {
  const draft = maker.valid(fuel, undefined);
  return {
    draft,
    sortDate: draft.dateIso!,
    situation,
    mistake: null,
    expect: new Set(),
    sheetRow: 0,
  };
}

// ------------------------------------------------------------------ valid rows and situations

const entries: Entry[] = [];
const add = (n: number, fuel: Fuel, situation: string, tweak?: (e: Entry) => void): void => {
  for (let i = 0; i < n; i++) {
    const e = entry(fuel, situation);
    tweak?.(e);
    entries.push(e);
  }
};

add(50, "electricity", "electricity only");
add(16, "gas", "gas only");
add(71, "dualSame", "dual fuel, same supplier");
add(14, "dualSplitImport", "dual fuel, split supply: submitter is the import supplier");
add(4, "dualSplitGas", "dual fuel, split supply: submitter is the gas supplier, group exception");
add(
  4,
  "dualSplitGas",
  "dual fuel, split supply: submitter is the gas supplier (EIS must authorise too)",
  (e) => {
    e.draft.values.groupId = "AA";
    e.expect.add("MAM-321");
  }
);
add(2, "electricity", "electricity only, submitter's second EUID", (e) => {
  e.draft.values.importSupplierEuid = submitterSecond;
  e.expect.add("MAM-313");
});
add(2, "gas", "gas only, submitter's second EUID", (e) => {
  e.draft.values.gasSupplierEuid = submitterSecond;
  e.expect.add("MAM-313");
});
add(2, "dualSame", "dual fuel, import on the submitting EUID, gas on its second EUID", (e) => {
  e.draft.values.gasSupplierEuid = submitterSecond;
  e.expect.add("MAM-311").add("MAM-313");
});

// ------------------------------------------------------------------ deliberate mistakes

/** A row with one deliberate mistake. `mutate` changes the draft and returns the mistake. */
function mistake(
  fuel: Fuel,
  id: string,
  column: ColumnKey | null,
  what: string,
  codes: string[],
  mutate: (d: Draft) => string | void
): Entry {
  const e = entry(
    fuel,
    `${fuel === "electricity" ? "electricity only" : fuel === "gas" ? "gas only" : fuel === "dualSame" ? "dual fuel, same supplier" : "dual fuel, split supply"}`
  );
  const said = mutate(e.draft);
  e.mistake = { id, column, what: said ?? what, codes };
  for (const c of codes) e.expect.add(c);
  entries.push(e);
  return e;
}

const active = (d: Draft): void => {
  d.values.meterStatus = "Active";
  d.values.smsoId = prng.pick(SMSO_IDS);
};
const dormant = (d: Draft): void => {
  d.values.meterStatus = "Dormant";
  d.values.smsoId = "NONE";
};
/** A device ID with at least one letter, so that case matters. */
const withLetters = (d: Draft, key: ColumnKey, kind: "esme" | "gsme" | "chf"): string => {
  while (!/[A-F]/.test(d.values[key] as string)) d.values[key] = ids.device(kind);
  return d.values[key] as string;
};

mistake(
  "electricity",
  "mpan-check-digit",
  "mpan",
  "MPAN with one digit mistyped: the check digit fails",
  ["MAM-102"],
  (d) => {
    d.values.mpan = mistypeMpan(d.values.mpan as string, prng);
  }
);
mistake(
  "dualSame",
  "mpan-check-digit-2",
  "mpan",
  "MPAN with one digit mistyped: the check digit fails",
  ["MAM-102"],
  (d) => {
    d.values.mpan = mistypeMpan(d.values.mpan as string, prng);
  }
);
mistake(
  "electricity",
  "mpan-12-digits",
  "mpan",
  "MPAN with a digit left out (12 digits)",
  ["MAM-101"],
  (d) => {
    const m = d.values.mpan as string;
    d.values.mpan = m.slice(0, 7) + m.slice(8);
  }
);
mistake(
  "electricity",
  "mpan-distributor-45",
  "mpan",
  "MPAN with a valid check digit but distributor ID 45, not a known DNO or IDNO (a warning: new IDNOs appear)",
  ["MAM-103"],
  (d) => {
    d.values.mpan = ids.mpan(45);
  }
);
mistake(
  "gas",
  "mprn-check-digits",
  "mprn",
  "MPRN with two adjacent digits swapped: the check digits fail",
  ["MAM-112"],
  (d) => {
    d.values.mprn = transposeMprn(d.values.mprn as string, prng);
  }
);
mistake(
  "dualSame",
  "mprn-check-digits-2",
  "mprn",
  "MPRN with two adjacent digits swapped: the check digits fail",
  ["MAM-112"],
  (d) => {
    d.values.mprn = transposeMprn(d.values.mprn as string, prng);
  }
);
mistake(
  "dualSame",
  "mprn-letter-o",
  "mprn",
  "MPRN with the letter O typed for a zero",
  ["MAM-111"],
  (d) => {
    let m = d.values.mprn as string;
    while (!m.slice(1, -2).includes("0")) m = ids.mprn();
    const at = m.indexOf("0", 1);
    d.values.mprn = m.slice(0, at) + "O" + m.slice(at + 1);
  }
);
mistake(
  "dualSame",
  "mpan-full-21",
  "mpan",
  "full 21-digit MPAN (top line and core) pasted as text: exported as its 13-digit core",
  ["MAM-190"],
  (d) => {
    d.values.mpan = fullMpan(d.values.mpan as string, prng);
  }
);
mistake(
  "electricity",
  "mpan-spaces",
  "mpan",
  "MPAN typed in groups with spaces, as printed on a bill",
  ["MAM-190"],
  (d) => {
    const m = d.values.mpan as string;
    d.values.mpan = `${m.slice(0, 2)} ${m.slice(2, 6)} ${m.slice(6, 10)} ${m.slice(10)}`;
  }
);
mistake("dualSame", "eui-lower-case", "gsmeId", "GSME ID typed in lower case", ["MAM-190"], (d) => {
  d.values.gsmeId = withLetters(d, "gsmeId", "gsme").toLowerCase();
});
mistake(
  "electricity",
  "eui-colons",
  "chfId",
  "CHF ID copied from a hub label: lower case with colons",
  ["MAM-190"],
  (d) => {
    d.values.chfId = withLetters(d, "chfId", "chf").toLowerCase().replace(/-/g, ":");
  }
);
mistake(
  "dualSame",
  "euid-lower-case",
  "importSupplierEuid",
  "Import Supplier EUID typed in lower case",
  ["MAM-190"],
  (d) => {
    d.values.importSupplierEuid = submitter.toLowerCase();
  }
);
mistake(
  "gas",
  "device-all-zeros",
  "gsmeId",
  "placeholder all-zero GSME ID left in",
  ["MAM-122"],
  (d) => {
    d.values.gsmeId = "00-00-00-00-00-00-00-00";
  }
);
mistake(
  "electricity",
  "device-15-hex",
  "esmeId",
  "ESME ID with a hex digit left out (15 digits)",
  ["MAM-121"],
  (d) => {
    const hex = (d.values.esmeId as string).replace(/-/g, "");
    d.values.esmeId = hex.slice(0, 9) + hex.slice(10);
  }
);
mistake(
  "dualSame",
  "euid-outside-block",
  "gasSupplierEuid",
  "Gas Supplier EUID mistyped 70-B3-D5-1E…, outside DCC's block 70-B3-D5-1F-3",
  ["MAM-131"],
  (d) => {
    d.values.gasSupplierEuid = submitter.replace("70-B3-D5-1F", "70-B3-D5-1E");
  }
);
mistake(
  "electricity",
  "group-e1",
  "groupId",
  'Group ID "e1": not two capital letters',
  ["MAM-141"],
  (d) => {
    d.values.groupId = "e1";
  }
);
mistake(
  "dualSame",
  "smso-ab1",
  "smsoId",
  'SMSO ID "ab1": not 4 capital letters/digits',
  ["MAM-151"],
  (d) => {
    active(d);
    d.values.smsoId = "ab1";
  }
);
mistake(
  "electricity",
  "status-lower-case",
  "meterStatus",
  'Meter Status "active" in lower case: exported as Active',
  ["MAM-190"],
  (d) => {
    active(d);
    d.values.meterStatus = "active";
  }
);
mistake(
  "dualSame",
  "status-live",
  "meterStatus",
  'Meter Status "Live": neither Active nor Dormant',
  ["MAM-161"],
  (d) => {
    active(d);
    d.values.meterStatus = "Live";
  }
);
mistake(
  "gas",
  "date-uk-text",
  "authorisationDate",
  "date typed as UK text DD/MM/YYYY in a text cell: exported as YYYY-MM-DD",
  ["MAM-190"],
  (d) => {
    d.values.authorisationDate = ukDate(d.dateIso!);
    d.dateIso = null;
  }
);
const feb31 = mistake(
  "electricity",
  "date-31-02",
  "authorisationDate",
  "31/02/2021: a day that does not exist",
  ["MAM-171"],
  (d) => {
    d.values.authorisationDate = "31/02/2021";
    d.dateIso = null;
  }
);
feb31.sortDate = "2021-02-26";
mistake(
  "dualSame",
  "reference-formula",
  "supplierReference",
  'Supplier Reference starting with "=": a spreadsheet would run it as a formula',
  ["MAM-181"],
  (d) => {
    d.values.supplierReference = "=INST-0004471";
  }
);
const notResponsible = mistake(
  "dualSplitImport",
  "not-responsible",
  "importSupplierEuid",
  "another supplier's installation pasted in: import 00-B2, gas 01-C4, the submitter (00-A0) is neither",
  ["MAM-312"],
  (d) => {
    d.values.importSupplierEuid = B2;
    d.values.gasSupplierEuid = C4;
  }
);
notResponsible.notes = "from the gas team's list";
mistake(
  "electricity",
  "active-none",
  "smsoId",
  "Active row with SMSO ID NONE",
  ["MAM-331"],
  (d) => {
    active(d);
    d.values.smsoId = "NONE";
  }
);
mistake("gas", "dormant-with-smso", "smsoId", "Dormant row naming an SMSO", ["MAM-331"], (d) => {
  dormant(d);
  d.values.smsoId = "SMB2";
});
mistake(
  "dualSame",
  "na-error",
  "esmeId",
  "#N/A error value: a failed VLOOKUP pasted as values",
  ["MAM-192"],
  (d) => {
    d.values.esmeId = { error: "#N/A" };
  }
);
mistake("electricity", "mpan-number-21", "mpan", "", ["MAM-191"], (d) => {
  const full = fullMpan(d.values.mpan as string, prng);
  d.values.mpan = excelNumberOf(full, "serial");
  return `full MPAN ${full} pasted into a General cell: Excel stored it as a number, dropping the leading zero and every digit past the 15th`;
});
mistake(
  "dualSame",
  "nbsp-mprn",
  "mprn",
  "MPRN pasted from a web page with a trailing non-breaking space",
  ["MAM-190"],
  (d) => {
    d.values.mprn = `${d.values.mprn as string}\u00a0`;
  }
);
mistake(
  "electricity",
  "nbsp-euid",
  "importSupplierEuid",
  "Import Supplier EUID with a trailing non-breaking space",
  ["MAM-190"],
  (d) => {
    d.values.importSupplierEuid = `${submitter}\u00a0`;
  }
);
mistake("dualSame", "missing-chf", "chfId", "CHF ID left empty", ["MAM-002"], (d) => {
  delete d.values.chfId;
});
mistake(
  "dualSame",
  "no-meter-point",
  "mpan",
  "only the hub and status filled in: neither MPAN nor MPRN",
  ["MAM-003"],
  (d) => {
    for (const k of [
      "mpan",
      "mprn",
      "esmeId",
      "gsmeId",
      "importSupplierEuid",
      "gasSupplierEuid",
      "ppmidId",
    ] as const)
      delete d.values[k];
  }
);
// Duplicates: the value is copied from an earlier row once the order is known.
const dupMpan = mistake(
  "electricity",
  "duplicate-mpan",
  "mpan",
  "MPAN copied from an earlier row",
  ["MAM-301"],
  () => undefined
);
const dupMprn = mistake(
  "dualSame",
  "duplicate-mprn",
  "mprn",
  "MPRN copied from an earlier row",
  ["MAM-302"],
  () => undefined
);
const dupDevice = mistake(
  "dualSame",
  "duplicate-device",
  "chfId",
  "CHF ID copied from an earlier row (one hub cannot serve two installations)",
  ["MAM-303"],
  () => undefined
);

// A few notes, as people leave them.
const NOTE_TEXTS = [
  "PPM customer",
  "Smart meter exchange 2019",
  "Landlord supply",
  "Check with field team",
  "Customer asked for SMS updates",
  "Second property",
  "Hub re-sited 2020",
];
for (const e of entries) if (!e.notes && prng.chance(0.07)) e.notes = prng.pick(NOTE_TEXTS);

// ------------------------------------------------------------------ order, empty rows, duplicates

entries.sort((a, b) => (a.sortDate < b.sortDate ? -1 : a.sortDate > b.sortDate ? 1 : 0));
const blank = (): Entry => ({
  draft: { values: {}, dateIso: null, fuel: "electricity" },
  sortDate: "",
  situation: "empty row",
  mistake: null,
  expect: new Set(),
  sheetRow: 0,
  empty: true,
});
entries.splice(58, 0, blank());
entries.splice(137, 0, blank(), blank());
entries.forEach((e, i) => (e.sheetRow = i + 2));

// Supplier references numbered in sheet order, as a supplier's system would hand them out.
let reference = 4102;
for (const e of entries) {
  const r = e.draft.values.supplierReference;
  if (typeof r === "string" && r.startsWith("INST-"))
    e.draft.values.supplierReference = `INST-${String(reference++).padStart(7, "0")}`;
}

/** An earlier clean row with the value, some 20-80 rows up. */
function sourceFor(dup: Entry, key: ColumnKey): Entry {
  const candidates = entries.filter(
    (e) =>
      !e.mistake &&
      !e.empty &&
      typeof e.draft.values[key] === "string" &&
      e.sheetRow < dup.sheetRow - 20 &&
      e.sheetRow > dup.sheetRow - 80
  );
  if (candidates.length === 0)
    throw new Error(`No earlier row to copy ${key} from for row ${dup.sheetRow}`);
  return prng.pick(candidates);
}
for (const [dup, key] of [
  [dupMpan, "mpan"],
  [dupMprn, "mprn"],
  [dupDevice, "chfId"],
] as const) {
  const from = sourceFor(dup, key);
  dup.draft.values[key] = from.draft.values[key];
  dup.mistake!.otherRow = from.sheetRow;
  for (const c of dup.mistake!.codes) from.expect.add(c);
}
for (const e of entries)
  if (
    typeof e.draft.values.groupId === "string" &&
    GROUP_EXCEPTIONS.includes(e.draft.values.groupId)
  )
    e.expect.add("MAM-142");

const rows: CellValue[][] = entries.map((e) =>
  e.empty ? [] : [...draftToCells(e.draft, "serial", 1900), e.notes ?? null]
);

// ------------------------------------------------------------------ check with the engine

const skipCheck = process.argv.includes("--skip-check");
const engine = checkSheet(HEADER, rows, { submitter: SUBMITTER });
const summary = engine.summary();
const codeCounts = new Map<string, number>();
for (const f of engine.findings()) codeCounts.set(f.code, (codeCounts.get(f.code) ?? 0) + 1);
const problems: string[] = [];
const header = engine.findingsOnRow(1).map((f) => f.code);
if (header.join() !== "MAM-004")
  problems.push(
    `header row: expected MAM-004 for "${NOTES}", got ${header.join(", ") || "nothing"}`
  );
for (const e of entries) {
  const got = [...new Set(engine.findingsOnRow(e.sheetRow).map((f) => f.code))].sort().join(", ");
  const want = [...e.expect].sort().join(", ");
  if (got !== want)
    problems.push(
      `row ${e.sheetRow} (${e.mistake?.id ?? e.situation}): expected [${want}], engine gives [${got}]`
    );
}
const dormantNone = entries.filter(
  (e) => e.draft.values.meterStatus === "Dormant" && e.draft.values.smsoId === "NONE" && !e.mistake
).length;
const dormantBlank = entries.filter(
  (e) =>
    e.draft.values.meterStatus === "Dormant" && e.draft.values.smsoId === undefined && !e.mistake
).length;
if (dormantNone < 3 || dormantBlank < 3)
  problems.push(`too few dormant rows: ${dormantNone} with NONE, ${dormantBlank} blank`);
if (problems.length > 0) {
  console.error(`The sample does not give the planned findings:\n- ${problems.join("\n- ")}`);
  if (!skipCheck) process.exit(1);
}

// ------------------------------------------------------------------ write

function shown(value: CellValue): string {
  if (value === null || value === undefined) return "(empty)";
  if (isCellFormula(value)) return `=${value.formula} (formula without a result)`;
  if (typeof value === "object") return `${value.error} (error value)`;
  if (typeof value === "number")
    return `the number ${value.toLocaleString("en-GB", { useGrouping: false })} (Excel shows ${excelScientific(value)})`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  let text = value.replace(/\u00a0/g, "⍽");
  if (text !== value) text += " (⍽ = no-break space)";
  return "`" + text.replace(/\|/g, "\\|") + "`";
}

function readme(): string {
  const col = (key: ColumnKey | null): string => (key ? columnLetter(COLUMN_INDEX[key]) : "");
  const lines: string[] = [];
  lines.push("# Example Migration Authorisation workbook");
  lines.push("");
  lines.push(
    "Generated by `npx tsx scripts/makeSample.ts` (deterministic: do not edit these files by hand). All identifiers are invented (generated with valid check digits; any match with a real meter point, device or supplier is chance)."
  );
  lines.push("");
  lines.push("| file | what |");
  lines.push("|---|---|");
  lines.push(
    `| \`sample-ma-workbook.xlsx\` | one sheet "${SHEET_NAME}", header in row 1 (the v06a profile's headers plus an extra "${NOTES}" column), ${entries.length} rows below it (${entries.filter((e) => e.empty).length} of them empty). Identifier columns are text-formatted and hold text; Authorisation Date holds real Excel dates (formatted yyyy-mm-dd). |`
  );
  lines.push(
    `| \`sample-ma-workbook.csv\` | the same rows as Excel would save them as CSV (UTF-8 without BOM, CRLF): dates as YYYY-MM-DD, the number-stored MPAN as Excel displays it (scientific notation), the error value as \`#N/A\`, empty rows as lines of commas. |`
  );
  lines.push(
    `| \`sample-ma-workbook-corrected.xlsx\` | the same workbook after the supplier dealt with it: every MAM-190 value fixed in place and the rows with errors taken out. Warnings remain (acknowledge them at export); \`npm run demo\` exports this one. |`
  );
  lines.push("");
  lines.push(
    `Check it with the submitting supplier EUID \`${SUBMITTER}\` (party octets 00-A0), e.g. \`mam validate examples/sample-ma-workbook.xlsx --submitter ${SUBMITTER}\`.`
  );
  lines.push("");
  lines.push("## What the engine reports");
  lines.push("");
  lines.push(
    skipCheck && problems.length
      ? "**Not checked**: written with `--skip-check` while the engine disagreed with the plan."
      : `Checked with the rule engine when generated: every row gives exactly the codes planned for it. Totals: **${summary.error} errors, ${summary.warning} warnings, ${summary.info} information**.`
  );
  lines.push("");
  lines.push("| code | severity | findings |");
  lines.push("|---|---|---|");
  for (const [code, n] of [...codeCounts].sort())
    lines.push(`| ${code} | ${catalogue.rules.find((r) => r.code === code)!.severity} | ${n} |`);
  lines.push("");
  lines.push("## Deliberate mistakes");
  lines.push("");
  lines.push("| row | cell | value in the cell | mistake | code(s) |");
  lines.push("|---|---|---|---|---|");
  for (const e of entries) {
    const m = e.mistake;
    if (!m) continue;
    const cell = m.column ? `${col(m.column)}${e.sheetRow}` : "";
    const value =
      m.id === "no-meter-point"
        ? "(MPAN, MPRN, meter IDs and supplier EUIDs empty)"
        : shown(m.column ? e.draft.values[m.column] : null);
    const what = m.otherRow ? `${m.what} (row ${m.otherRow}, which is flagged too)` : m.what;
    lines.push(
      `| ${e.sheetRow} | ${m.column ? `${cell} (${headerOf(m.column)})` : ""} | ${value} | ${what} | ${m.codes.join(", ")} |`
    );
  }
  lines.push("");
  lines.push("## Situations that are not mistakes");
  lines.push("");
  const rowsOf = (pred: (e: Entry) => boolean): string => {
    const list = entries.filter(pred).map((e) => e.sheetRow);
    return list.length ? `${list.length}: rows ${list.join(", ")}` : "none";
  };
  const v = (e: Entry) => e.draft.values;
  lines.push("| situation | code | rows |");
  lines.push("|---|---|---|");
  lines.push(
    `| extra column "${NOTES}" (not in the profile, ignored) | MAM-004 (info) | header, cell ${columnLetter(HEADER.length - 1)}1 |`
  );
  lines.push(
    `| Group ID EA, EB or EC: coordinating-supplier rules do not apply | MAM-142 (info) | ${rowsOf((e) => e.expect.has("MAM-142"))} |`
  );
  lines.push(
    `| a supplier EUID is the submitter's second EUID ${submitterSecond} (same party octets 00-A0) | MAM-313 (info) | ${rowsOf((e) => e.expect.has("MAM-313"))} |`
  );
  lines.push(
    `| import on ${submitter}, gas on ${submitterSecond}: one party, two EUIDs | MAM-311 (warning) | ${rowsOf((e) => e.expect.has("MAM-311"))} |`
  );
  lines.push(
    `| split supply, the submitter is the gas supplier, Group ID not EA/EB/EC: the import supplier must authorise too | MAM-321 (warning) | ${rowsOf((e) => e.expect.has("MAM-321"))} |`
  );
  lines.push(
    `| split supply with a group exception (submitter is the gas supplier) | MAM-142 only | ${rowsOf((e) => e.situation.includes("group exception"))} |`
  );
  lines.push(
    `| split supply, submitter is the import supplier | none | ${rowsOf((e) => e.situation.includes("submitter is the import supplier"))} |`
  );
  lines.push(
    `| electricity only | none | ${entries.filter((e) => !e.empty && v(e).mpan !== undefined && v(e).mprn === undefined).length} rows |`
  );
  lines.push(
    `| gas only | none | ${entries.filter((e) => !e.empty && v(e).mprn !== undefined && v(e).mpan === undefined).length} rows |`
  );
  lines.push(
    `| dual fuel | none | ${entries.filter((e) => !e.empty && v(e).mprn !== undefined && v(e).mpan !== undefined).length} rows |`
  );
  lines.push(
    `| Dormant with SMSO ID NONE | none | ${rowsOf((e) => !e.mistake && v(e).meterStatus === "Dormant" && v(e).smsoId === "NONE")} |`
  );
  lines.push(
    `| Dormant with SMSO ID blank | none | ${rowsOf((e) => !e.mistake && v(e).meterStatus === "Dormant" && v(e).smsoId === undefined)} |`
  );
  lines.push(
    `| PPMID present (prepayment) | none | ${entries.filter((e) => v(e).ppmidId !== undefined).length} rows |`
  );
  lines.push(
    `| IDNO MPANs (distributor 24-38) | none | ${rowsOf((e) => !e.mistake && typeof v(e).mpan === "string" && Number((v(e).mpan as string).slice(0, 2)) >= 24 && Number((v(e).mpan as string).slice(0, 2)) <= 38)} |`
  );
  lines.push(`| empty rows (skipped) | none | ${rowsOf((e) => !!e.empty)} |`);
  lines.push("");
  lines.push(
    "The party of an EUID is told by its party octets, octets 6-7 (`00-A0` in 70-B3-D5-1F-30-**00-A0**-08): unique to each SEC party, but not the SEC Party ID. Other parties in the file: 00-B2, 01-C4, 00-3E, 02-71 (invented)."
  );
  lines.push("");
  return lines.join("\n");
}

/**
 * The same workbook after the supplier dealt with it: every MAM-190 value fixed in place (as the
 * add-in's "Fix all" does) and the rows with errors taken out (they go back to whoever can correct
 * them). Warnings remain, to be acknowledged at export. `npm run demo` exports this one.
 */
function correctedRows(): CellValue[][] {
  const findings = engine.findings();
  const fixes = new Map<string, string>();
  for (const f of findings) if (f.fixValue !== undefined) fixes.set(f.cell, f.fixValue);
  const errorRows = new Set(
    findings.filter((f) => f.severity === "error" && f.row > 1).map((f) => f.row)
  );
  const out: CellValue[][] = [];
  rows.forEach((row, i) => {
    const sheetRow = i + 2;
    if (errorRows.has(sheetRow) || row.length === 0) return;
    out.push(row.map((value, c) => fixes.get(`${columnLetters(c)}${sheetRow}`) ?? value));
  });
  const check = checkSheet(HEADER, out, { submitter: SUBMITTER }).summary();
  if (check.error > 0) throw new Error(`the corrected sample still has ${check.error} errors`);
  return out;
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const widths = { [NOTES]: 30 };
  const xlsx = await writeXlsx(join(OUT_DIR, "sample-ma-workbook.xlsx"), HEADER, rows, {
    sharedStrings: true,
    statusList: true,
    widths,
    creator: "MAM Workbench sample",
  });
  const csv = await writeCsv(join(OUT_DIR, "sample-ma-workbook.csv"), HEADER, rows);
  const corrected = correctedRows();
  await writeXlsx(join(OUT_DIR, "sample-ma-workbook-corrected.xlsx"), HEADER, corrected, {
    sharedStrings: true,
    statusList: true,
    widths,
    creator: "MAM Workbench sample",
  });
  writeFileSync(join(OUT_DIR, "README.md"), readme());
  const mistakes = entries.filter((e) => e.mistake).length;
  console.log(
    `examples/sample-ma-workbook.xlsx: ${xlsx.dataRows} rows, ${xlsx.bytes} bytes; .csv ${csv.bytes} bytes; ${mistakes} deliberate mistakes`
  );
  console.log(
    `engine: ${summary.error} errors, ${summary.warning} warnings, ${summary.info} info; codes ${[...codeCounts.keys()].sort().join(" ")}`
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
