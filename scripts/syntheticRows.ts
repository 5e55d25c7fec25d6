/**
 * Synthetic SMETS1 Migration Authorisation rows: deterministic (seeded), realistic, valid by default,
 * with a configurable rate of the mistakes suppliers really make. Pure: no files, no Node APIs, so
 * benchmarks and tests can use it in-process:
 *
 *     const { header, rows, planted } = generateSyntheticSheet({ rows: 10_000, errorRate: 0.01 });
 *     const engine = checkSheet(header, rows, { submitter: DEFAULT_SUBMITTER });
 *
 * `scripts/generateWorkbook.ts` writes the same rows to .xlsx or .csv; `scripts/makeSample.ts` uses
 * the building blocks here (Prng, IdFactory, the party EUIDs) for the hand-made example workbook.
 *
 * Contract of a generated sheet, checked with the submitter it was generated for:
 * - A row without a planted mistake gives no error and no warning; its only possible finding is the
 *   MAM-142 note on Group ID EA/EB/EC.
 * - A planted row gives at least the codes listed in its `Planted` record (and possibly MAM-142);
 *   the duplicate kinds also flag the earlier row they copy (`otherRow`).
 * - Identifiers are unique across the sheet: MPANs, MPRNs and device EUI-64s come from bijective
 *   permutations of counters, so 1M rows have no accidental duplicates.
 * - Dates are Excel serial numbers (`dates: "serial"`, what a spreadsheet host hands over) or ISO
 *   text (`dates: "iso"`, what a CSV holds), working days of the three and a half years before
 *   `today` (PINNED_TODAY unless given: check the sheet on that day). Identifiers are text, except where a
 *   mistake simulates Excel turning a digit string into a number.
 */
import { catalogue } from "../src/domain/catalogue";
import { excelScientific } from "../src/domain/cellValue";
import { addDays, serialFromIso } from "../src/domain/dates";
import { parseDccUserId, partyOf } from "../src/domain/dccUserId";
import { isValidMpanCore, withMpanCheckDigit } from "../src/domain/mpan";
import { withMprnCheckDigits } from "../src/domain/mprn";
import type { CellValue, DateSystem } from "../src/domain/types";
import { PINNED_TODAY, SUBMITTER } from "./rowBuilder";

// ------------------------------------------------------------------------------------ basics

/** The published sample EUID (MAM): party octets 00-A0. */
export const DEFAULT_SUBMITTER = SUBMITTER;

/** Other parties' EUIDs (invented, in DCC's block): for split supply and foreign rows. */
export const OTHER_SUPPLIER_EUIDS: readonly string[] = [
  "70-B3-D5-1F-30-00-B2-01",
  "70-B3-D5-1F-30-01-C4-03",
  "70-B3-D5-1F-30-00-3E-02",
  "70-B3-D5-1F-30-02-71-05",
];

/** SMSO IDs (invented; the form is 4 capitals/digits). */
export const SMSO_IDS: readonly string[] = ["SMA1", "SMB2", "SMC3", "SMD4"];

/** The profile's columns, in export order, and their header row. */
export const PROFILE_COLUMNS = catalogue.profile.columns;
export const PROFILE_HEADER: readonly string[] = PROFILE_COLUMNS.map((c) => c.header);

/** The columns the generator writes: the profile must have them (checked below). */
const GENERATED_KEYS = [
  "mpan",
  "mprn",
  "esmeId",
  "gsmeId",
  "chfId",
  "ppmidId",
  "importSupplierEuid",
  "gasSupplierEuid",
  "groupId",
  "smsoId",
  "meterStatus",
  "authorisationDate",
  "supplierReference",
] as const;
export type ColumnKey = (typeof GENERATED_KEYS)[number];

/** Zero-based position of each column key in the profile header. */
export const COLUMN_INDEX: Readonly<Record<ColumnKey, number>> = (() => {
  const index = {} as Record<ColumnKey, number>;
  for (const key of GENERATED_KEYS) {
    const at = PROFILE_COLUMNS.findIndex((c) => c.key === key);
    if (at < 0)
      throw new Error(
        `The profile has no column "${key}": the synthetic data generator needs updating`
      );
    index[key] = at;
  }
  return index;
})();

export function headerOf(key: ColumnKey): string {
  return PROFILE_COLUMNS[COLUMN_INDEX[key]].header;
}

const { active: ACTIVE, dormant: DORMANT } = catalogue.identifiers.meterStatuses;
const NONE = catalogue.identifiers.smsoNone;
const GROUP_EXCEPTIONS = catalogue.identifiers.groupExceptions;

/** mulberry32: small, fast, and the same sequence on every platform for a given seed. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

/** (a × m) mod 10^10 without leaving exact double arithmetic (a, m < 10^10). */
function mulMod1e10(a: number, m: number): number {
  const hi = Math.floor(m / 1e5);
  const lo = m % 1e5;
  return (((a * hi) % 1e5) * 1e5 + a * lo) % 1e10;
}

/** A 4-round Feistel permutation of [0, 2^40): unique device serials that look random. */
function permute40(x: number, keys: readonly number[]): number {
  let l = Math.floor(x / 0x100000) % 0x100000;
  let r = x % 0x100000;
  for (const k of keys) {
    const f = (Math.imul(r ^ k, 0x9e3779b1) >>> 12) & 0xfffff;
    const next = l ^ f;
    l = r;
    r = next;
  }
  return l * 0x100000 + r;
}

const HEX_OCTET = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).toUpperCase().padStart(2, "0")
);

/** The low `octets` bytes of a whole number as hyphen-separated upper-case hex octets. */
function hexOctets(value: number, octets: number): string {
  let out = HEX_OCTET[value % 256];
  for (let i = 1; i < octets; i++) {
    value = Math.floor(value / 256);
    out = HEX_OCTET[value % 256] + "-" + out;
  }
  return out;
}

export type DeviceKind = "esme" | "gsme" | "chf" | "ppmid";

/** First three octets per device type. Illustrative (ZigBee radio makers' style), not checked by anything. */
const DEVICE_PREFIXES: Record<DeviceKind, readonly string[]> = {
  esme: ["00-0D-6F", "00-1B-C5", "00-07-81"],
  gsme: ["00-0D-6F", "00-1B-C5", "00-12-4B"],
  chf: ["00-0D-6F", "00-12-4B"],
  ppmid: ["00-0D-6F", "00-1E-5E"],
};

/** DNO areas weighted by (roughly) their size; a few IDNOs. */
const DISTRIBUTORS: readonly (readonly [number, number])[] = [
  [10, 7],
  [11, 6],
  [12, 9],
  [13, 6],
  [14, 7],
  [15, 5],
  [16, 7],
  [17, 4],
  [18, 5],
  [19, 5],
  [20, 7],
  [21, 4],
  [22, 6],
  [23, 5],
  [24, 1],
  [26, 1],
  [27, 1],
  [29, 1],
];

/**
 * Unique identifiers from counters. Every call gives a new value; the sequence depends only on the
 * seed, so two runs with the same seed give the same identifiers.
 */
export class IdFactory {
  private mpanCount = 0;
  private mprnCount = 0;
  private mprn9Count = 0;
  private deviceCount = 0;
  private readonly mpanOffset: number;
  private readonly mprnOffset: number;
  private readonly keys: number[];
  readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed ^ 0x5eed1d5);
    this.mpanOffset = this.prng.int(1e9) * 10 + this.prng.int(10);
    this.mprnOffset = this.prng.int(90_000_000);
    this.keys = [0, 1, 2, 3].map(() => this.prng.int(0x100000));
  }

  distributor(): number {
    return this.prng.weighted(DISTRIBUTORS);
  }

  /** A valid MPAN core, unique per factory, for the given distributor ID (10-99). */
  mpan(distributor = this.distributor()): string {
    const serial = (mulMod1e10(this.mpanCount++, 7_919_393_171) + this.mpanOffset) % 1e10;
    return withMpanCheckDigit(
      String(distributor).padStart(2, "0") + String(serial).padStart(10, "0")
    );
  }

  /** A valid MPRN, unique per factory: mostly 10 digits, some 9. It never starts with 0. */
  mprn(): string {
    if (this.prng.chance(0.15)) {
      const body = 1_000_000 + ((this.mprn9Count++ * 7_654_321 + this.mprnOffset) % 9_000_000);
      return withMprnCheckDigits(String(body));
    }
    const body = 10_000_000 + ((this.mprnCount++ * 7_654_321 + this.mprnOffset) % 90_000_000);
    return withMprnCheckDigits(String(body));
  }

  /** A device EUI-64, unique per factory, in canonical form. */
  device(kind: DeviceKind): string {
    const serial = permute40(this.deviceCount++, this.keys);
    return `${this.prng.pick(DEVICE_PREFIXES[kind])}-${hexOctets(serial, 5)}`;
  }
}

// ------------------------------------------------------------------------------------ dates

const DAY_MS = 86_400_000;
/**
 * Generated dates fall in the 1,272 days before `today`: a few hundred distinct working days, as
 * real sheets have (the date column's memo, and so the benchmark figures, depend on it).
 */
const DATE_WINDOW_DAYS = 1272;

/** The first and last day (UTC milliseconds) of the generated dates for a `today`. */
export function dateWindow(today: string = PINNED_TODAY): { from: number; to: number } {
  const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  return { from: ms(addDays(today, -DATE_WINDOW_DAYS)), to: ms(addDays(today, -1)) };
}
const DEFAULT_WINDOW = dateWindow();

const isoCache = new Map<number, string>();
function isoOf(ms: number): string {
  let iso = isoCache.get(ms);
  if (iso === undefined) isoCache.set(ms, (iso = new Date(ms).toISOString().slice(0, 10)));
  return iso;
}

/** A working day (Monday-Friday) in the date window before PINNED_TODAY, or within [from, to] when given. */
export function randomWorkingDay(
  prng: Prng,
  from = DEFAULT_WINDOW.from,
  to = DEFAULT_WINDOW.to
): string {
  let ms = from + prng.int(Math.floor((to - from) / DAY_MS) + 1) * DAY_MS;
  const weekday = new Date(ms).getUTCDay();
  // Saturday and Sunday move back to Friday: never past the window's last day (`today` - 1).
  if (weekday === 6) ms -= DAY_MS;
  else if (weekday === 0) ms -= 2 * DAY_MS;
  return isoOf(ms);
}

/** 2021-03-15 → 15/03/2021. */
export function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

// ------------------------------------------------------------------------------------ rows

export type DateForm = "serial" | "iso";

export interface SyntheticOptions {
  /** Data rows (sheet rows 2 … rows+1). */
  readonly rows: number;
  /** PRNG seed; default 42. */
  readonly seed?: number;
  /** Probability that a row carries one planted mistake or quirk; default 0 (every row valid). */
  readonly errorRate?: number;
  /** The submitting supplier's EUID (canonical); every valid row names its party. Default DEFAULT_SUBMITTER. */
  readonly submitter?: string;
  /** Real dates as Excel serial numbers (default) or ISO text. */
  readonly dates?: DateForm;
  /** Date system of the serial numbers; default 1900. */
  readonly dateSystem?: DateSystem;
  /** The day the sheet is checked on: dates fall in the window before it. Default PINNED_TODAY. */
  readonly today?: string;
}

/** A planted mistake or quirk: where it is and what the engine should say about it. */
export interface Planted {
  readonly sheetRow: number;
  readonly kind: MistakeKind;
  /** Profile header of the cell concerned (empty for a whole-row kind). */
  readonly column: string;
  /** Codes the engine must report on this row for it. */
  readonly codes: readonly string[];
  /** What was done, in words. */
  readonly detail: string;
  /** For duplicates: the earlier sheet row holding the same value (it is flagged too). */
  readonly otherRow?: number;
}

/** One row while it is being made: cell values by column key, and the real date (ISO) if the date cell holds one. */
export interface Draft {
  values: Partial<Record<ColumnKey, CellValue>>;
  dateIso: string | null;
  fuel: Fuel;
}

export type Fuel = "electricity" | "gas" | "dualSame" | "dualSplitImport" | "dualSplitGas";

export interface SupplierSet {
  /** The submitting EUID. */
  readonly submitter: string;
  /** A second EUID of the submitter's party (MAM 7.2.2). */
  readonly submitterSecond: string;
  /** EUIDs of other parties. */
  readonly others: readonly string[];
}

export function supplierSet(submitter: string): SupplierSet {
  const parsed = parseDccUserId(submitter);
  if (!parsed.ok) throw new Error(`Submitter ${submitter} is not a DCC User ID: ${parsed.reason}`);
  const canonical = parsed.canonical;
  const last = parseInt(canonical.slice(21, 23), 16);
  const submitterSecond =
    canonical.slice(0, 21) + ((last + 1) & 0xff).toString(16).toUpperCase().padStart(2, "0");
  const party = partyOf(canonical);
  const others = OTHER_SUPPLIER_EUIDS.filter((e) => partyOf(e) !== party);
  return { submitter: canonical, submitterSecond, others };
}

/** Converts a draft into the cells of a row in profile order. */
export function draftToCells(draft: Draft, dates: DateForm, dateSystem: DateSystem): CellValue[] {
  const values: Partial<Record<string, CellValue>> = draft.values;
  const cells = PROFILE_COLUMNS.map((c) => values[c.key] ?? null);
  if (draft.dateIso !== null) {
    cells[COLUMN_INDEX.authorisationDate] =
      dates === "serial" ? serialFromIso(draft.dateIso, dateSystem) : draft.dateIso;
  }
  return cells;
}

const GROUPS: readonly (readonly [string, number])[] = [
  ["AA", 75],
  ["AB", 5],
  ["AC", 4],
  ["BA", 3],
  ["BB", 3],
  ["EA", 5],
  ["EB", 3],
  ["EC", 2],
];

/** The state one sheet's generation carries from row to row. */
export class RowMaker {
  readonly prng: Prng;
  readonly ids: IdFactory;
  readonly suppliers: SupplierSet;
  private referenceCount = 0;
  private readonly window: { from: number; to: number };

  constructor(seed: number, submitter: string, today: string = PINNED_TODAY) {
    this.prng = new Prng(seed);
    this.ids = new IdFactory(seed);
    this.suppliers = supplierSet(submitter);
    this.window = dateWindow(today);
  }

  pickFuel(): Fuel {
    return this.prng.weighted<Fuel>([
      ["electricity", 30],
      ["gas", 8],
      ["dualSame", 47],
      ["dualSplitImport", 10],
      ["dualSplitGas", 5],
    ]);
  }

  /** A valid row of the given kind of installation. */
  valid(fuel: Fuel = this.pickFuel(), date?: string): Draft {
    const p = this.prng;
    const { submitter, others } = this.suppliers;
    const v: Draft["values"] = {};
    const electricity = fuel !== "gas";
    const gas = fuel !== "electricity";
    if (electricity) {
      v.mpan = this.ids.mpan();
      v.esmeId = this.ids.device("esme");
    }
    if (gas) {
      v.mprn = this.ids.mprn();
      v.gsmeId = this.ids.device("gsme");
    }
    v.chfId = this.ids.device("chf");
    if (p.chance(0.2)) v.ppmidId = this.ids.device("ppmid");
    switch (fuel) {
      case "electricity":
        v.importSupplierEuid = submitter;
        break;
      case "gas":
        v.gasSupplierEuid = submitter;
        break;
      case "dualSame":
        v.importSupplierEuid = submitter;
        v.gasSupplierEuid = submitter;
        break;
      case "dualSplitImport":
        v.importSupplierEuid = submitter;
        v.gasSupplierEuid = p.pick(others);
        break;
      case "dualSplitGas":
        v.importSupplierEuid = p.pick(others);
        v.gasSupplierEuid = submitter;
        break;
    }
    // The submitter as gas supplier of a split installation is warning-free only under a group exception.
    v.groupId = fuel === "dualSplitGas" ? p.pick(GROUP_EXCEPTIONS) : p.weighted(GROUPS);
    if (p.chance(0.85)) {
      v.meterStatus = ACTIVE;
      v.smsoId = p.pick(SMSO_IDS);
    } else {
      v.meterStatus = DORMANT;
      if (p.chance(0.6)) v.smsoId = NONE;
    }
    const r = p.next();
    if (r < 0.5)
      v.supplierReference = `INST-${String(100_000 + this.referenceCount++).padStart(7, "0")}`;
    else if (r < 0.65) v.supplierReference = `ACC ${String(10_000_000 + p.int(90_000_000))}`;
    return {
      values: v,
      dateIso: date ?? randomWorkingDay(p, this.window.from, this.window.to),
      fuel,
    };
  }
}

// ------------------------------------------------------------------------------------ mistakes

/** Recent clean rows, for the duplicate kinds to copy from. */
interface Recent {
  sheetRow: number;
  mpan?: string;
  mprn?: string;
  chf: string;
}

interface MistakeContext {
  readonly maker: RowMaker;
  readonly dates: DateForm;
  readonly recent: readonly Recent[];
}

interface Applied {
  readonly column: ColumnKey | null;
  readonly codes: readonly string[];
  readonly detail: string;
  readonly otherRow?: number;
}

interface MistakeSpec {
  readonly kind: MistakeKind;
  readonly weight: number;
  readonly applies: (d: Draft, ctx: MistakeContext) => boolean;
  readonly apply: (d: Draft, ctx: MistakeContext) => Applied;
}

export type MistakeKind =
  | "euiLowerCase"
  | "euiColons"
  | "euiUnseparated"
  | "mpanFull21"
  | "mpanSpaces"
  | "trailingNbsp"
  | "statusCase"
  | "dateUkText"
  | "mpanCheckDigit"
  | "mpanTooShort"
  | "mpanUnknownDistributor"
  | "mpanExcelNumber"
  | "mprnCheckDigits"
  | "mprnLetter"
  | "deviceAllZeros"
  | "deviceTooShort"
  | "euidOutsideBlock"
  | "groupMalformed"
  | "smsoMalformed"
  | "statusUnknown"
  | "dateImpossible"
  | "referenceUnsafe"
  | "duplicateMpan"
  | "duplicateMprn"
  | "duplicateDevice"
  | "activeWithoutSmso"
  | "dormantWithSmso"
  | "excelError"
  | "missingValue"
  | "notResponsible"
  | "eisMustAuthorise"
  | "samePartyEuids"
  | "secondEuid"
  | "emptyRow";

const has = (d: Draft, key: ColumnKey): boolean =>
  typeof d.values[key] === "string" && d.values[key] !== "";
const isDual = (d: Draft): boolean => d.fuel !== "electricity" && d.fuel !== "gas";
const always = (): boolean => true;

function deviceColumns(d: Draft): ColumnKey[] {
  return (["esmeId", "gsmeId", "chfId", "ppmidId"] as const).filter((k) => has(d, k));
}

function supplierColumns(d: Draft): ColumnKey[] {
  return (["importSupplierEuid", "gasSupplierEuid"] as const).filter((k) => has(d, k));
}

/** Changes one digit of the MPAN body so that the check digit no longer holds (a typo). */
export function mistypeMpan(mpan: string, prng: Prng): string {
  for (;;) {
    const at = 2 + prng.int(10);
    const digit = (mpan.charCodeAt(at) - 48 + 1 + prng.int(9)) % 10;
    const typo = mpan.slice(0, at) + digit + mpan.slice(at + 1);
    if (!isValidMpanCore(typo)) return typo;
  }
}

/** Swaps two adjacent, different body digits of an MPRN (always caught by its check digits). */
export function transposeMprn(mprn: string, prng: Prng): string {
  const body = mprn.length - 2;
  for (;;) {
    const at = prng.int(body - 1);
    if (mprn[at] === mprn[at + 1]) continue;
    return mprn.slice(0, at) + mprn[at + 1] + mprn[at] + mprn.slice(at + 2);
  }
}

/** The full 21-digit MPAN (profile class, meter time-switch code, line loss factor class, core). */
export function fullMpan(core: string, prng: Prng): string {
  const profileClass = prng.pick(["01", "02", "03", "04", "05", "08"]);
  const mtc = prng.pick(["801", "845", "811", "151", "181"]);
  const llfc = String(100 + prng.int(900));
  return profileClass + mtc + llfc + core;
}

/**
 * What a digit string becomes in a cell formatted General (a number with at most 15 significant
 * digits: Excel keeps no more), or in the CSV Excel saves from it (its displayed text).
 */
export function excelNumberOf(digits: string, dates: DateForm): CellValue {
  const n = Number(Number(digits).toPrecision(15));
  return dates === "serial" ? n : n >= 1e11 ? excelScientific(n) : String(n);
}

export const MISTAKES: readonly MistakeSpec[] = [
  // ---- normalised on export (info MAM-190)
  {
    kind: "euiLowerCase",
    weight: 10,
    applies: (d) => deviceColumns(d).some((k) => /[A-F]/.test(d.values[k] as string)),
    apply(d, { maker }) {
      const key = maker.prng.pick(
        deviceColumns(d).filter((k) => /[A-F]/.test(d.values[k] as string))
      );
      d.values[key] = (d.values[key] as string).toLowerCase();
      return { column: key, codes: ["MAM-190"], detail: "device EUI-64 typed in lower case" };
    },
  },
  {
    kind: "euiColons",
    weight: 5,
    applies: always,
    apply(d, { maker }) {
      const key = maker.prng.pick([...deviceColumns(d), ...supplierColumns(d)]);
      d.values[key] = (d.values[key] as string).replace(/-/g, ":");
      return {
        column: key,
        codes: ["MAM-190"],
        detail: "EUI-64 written with colons between octets",
      };
    },
  },
  {
    kind: "euiUnseparated",
    weight: 3,
    applies: always,
    apply(d, { maker }) {
      const key = maker.prng.pick(deviceColumns(d));
      d.values[key] = (d.values[key] as string).replace(/-/g, "");
      return {
        column: key,
        codes: ["MAM-190"],
        detail: "EUI-64 written as 16 hex digits without separators",
      };
    },
  },
  {
    kind: "mpanFull21",
    weight: 5,
    applies: (d) => has(d, "mpan"),
    apply(d, { maker }) {
      d.values.mpan = fullMpan(d.values.mpan as string, maker.prng);
      return {
        column: "mpan",
        codes: ["MAM-190"],
        detail: "full 21-digit MPAN (top line and core) pasted",
      };
    },
  },
  {
    kind: "mpanSpaces",
    weight: 3,
    applies: (d) => has(d, "mpan"),
    apply(d) {
      const m = d.values.mpan as string;
      d.values.mpan = `${m.slice(0, 2)} ${m.slice(2, 6)} ${m.slice(6, 10)} ${m.slice(10)}`;
      return {
        column: "mpan",
        codes: ["MAM-190"],
        detail: "MPAN typed in groups with spaces, as printed on a bill",
      };
    },
  },
  {
    kind: "trailingNbsp",
    weight: 5,
    applies: always,
    apply(d, { maker }) {
      const keys: ColumnKey[] = ["mpan", "mprn", "chfId", "importSupplierEuid", "gasSupplierEuid"];
      const key = maker.prng.pick(keys.filter((k) => has(d, k)));
      d.values[key] = `${d.values[key] as string}\u00a0`;
      return {
        column: key,
        codes: ["MAM-190"],
        detail: "value pasted from a web page with a trailing non-breaking space",
      };
    },
  },
  {
    kind: "statusCase",
    weight: 4,
    applies: always,
    apply(d, { maker }) {
      const status = d.values.meterStatus as string;
      d.values.meterStatus = maker.prng.chance(0.7) ? status.toLowerCase() : status.toUpperCase();
      return {
        column: "meterStatus",
        codes: ["MAM-190"],
        detail: "Meter Status in the wrong case",
      };
    },
  },
  {
    kind: "dateUkText",
    weight: 5,
    applies: (d) => d.dateIso !== null,
    apply(d) {
      d.values.authorisationDate = ukDate(d.dateIso!);
      d.dateIso = null;
      return {
        column: "authorisationDate",
        codes: ["MAM-190"],
        detail: "date typed as UK text DD/MM/YYYY in a text cell",
      };
    },
  },
  // ---- identifier errors
  {
    kind: "mpanCheckDigit",
    weight: 7,
    applies: (d) => has(d, "mpan"),
    apply(d, { maker }) {
      d.values.mpan = mistypeMpan(d.values.mpan as string, maker.prng);
      return {
        column: "mpan",
        codes: ["MAM-102"],
        detail: "one MPAN digit mistyped, so the check digit fails",
      };
    },
  },
  {
    kind: "mpanTooShort",
    weight: 3,
    applies: (d) => has(d, "mpan"),
    apply(d, { maker }) {
      const m = d.values.mpan as string;
      const at = 2 + maker.prng.int(10);
      d.values.mpan = m.slice(0, at) + m.slice(at + 1);
      return {
        column: "mpan",
        codes: ["MAM-101"],
        detail: "a digit of the MPAN left out (12 digits)",
      };
    },
  },
  {
    kind: "mpanUnknownDistributor",
    weight: 2,
    applies: (d) => has(d, "mpan"),
    apply(d, { maker }) {
      d.values.mpan = maker.ids.mpan(maker.prng.pick([45, 47, 52, 60]));
      return {
        column: "mpan",
        codes: ["MAM-103"],
        detail: "MPAN with a valid check digit but an unknown distributor ID",
      };
    },
  },
  {
    kind: "mpanExcelNumber",
    weight: 3,
    applies: (d) => has(d, "mpan"),
    apply(d, { maker, dates }) {
      d.values.mpan = excelNumberOf(fullMpan(d.values.mpan as string, maker.prng), dates);
      return {
        column: "mpan",
        codes: ["MAM-191"],
        detail:
          dates === "serial"
            ? "full MPAN pasted into a General cell: Excel stored a number, digits past 15 lost"
            : "full MPAN saved by Excel as 1.8E+19-style scientific notation",
      };
    },
  },
  {
    kind: "mprnCheckDigits",
    weight: 5,
    applies: (d) => has(d, "mprn"),
    apply(d, { maker }) {
      d.values.mprn = transposeMprn(d.values.mprn as string, maker.prng);
      return {
        column: "mprn",
        codes: ["MAM-112"],
        detail: "two adjacent MPRN digits swapped, so the check digits fail",
      };
    },
  },
  {
    kind: "mprnLetter",
    weight: 1,
    applies: (d) => has(d, "mprn") && (d.values.mprn as string).slice(1).includes("0"),
    apply(d) {
      const m = d.values.mprn as string;
      const at = m.indexOf("0", 1);
      d.values.mprn = m.slice(0, at) + "O" + m.slice(at + 1);
      return {
        column: "mprn",
        codes: ["MAM-111"],
        detail: "letter O typed for a zero in the MPRN",
      };
    },
  },
  {
    kind: "deviceAllZeros",
    weight: 2,
    applies: always,
    apply(d, { maker }) {
      const key = maker.prng.pick(deviceColumns(d).filter((k) => k !== "ppmidId"));
      d.values[key] = "00-00-00-00-00-00-00-00";
      return { column: key, codes: ["MAM-122"], detail: "placeholder all-zero device ID left in" };
    },
  },
  {
    kind: "deviceTooShort",
    weight: 3,
    applies: always,
    apply(d, { maker }) {
      const key = maker.prng.pick(deviceColumns(d));
      const hex = (d.values[key] as string).replace(/-/g, "");
      const at = maker.prng.int(16);
      d.values[key] = hex.slice(0, at) + hex.slice(at + 1);
      return {
        column: key,
        codes: ["MAM-121"],
        detail: "a hex digit of the device ID left out (15 digits)",
      };
    },
  },
  {
    kind: "euidOutsideBlock",
    weight: 2,
    applies: always,
    apply(d, { maker }) {
      const key = maker.prng.pick(supplierColumns(d));
      d.values[key] = (d.values[key] as string).replace(/^70-B3-D5-1F/, "70-B3-D5-1E");
      return {
        column: key,
        codes: ["MAM-131"],
        detail: "supplier EUID mistyped outside DCC's block 70-B3-D5-1F-3",
      };
    },
  },
  {
    kind: "groupMalformed",
    weight: 3,
    applies: always,
    apply(d, { maker }) {
      const g = d.values.groupId as string;
      d.values.groupId = maker.prng.pick([g.toLowerCase(), `${g[0].toLowerCase()}1`, g[0]]);
      return { column: "groupId", codes: ["MAM-141"], detail: "Group ID not two capital letters" };
    },
  },
  {
    kind: "smsoMalformed",
    weight: 3,
    applies: (d) => d.values.meterStatus === ACTIVE,
    apply(d, { maker }) {
      const s = d.values.smsoId as string;
      d.values.smsoId = maker.prng.pick([
        s.toLowerCase(),
        s.slice(0, 3),
        `${s.slice(0, 3)} ${s[3]}`,
      ]);
      return {
        column: "smsoId",
        codes: ["MAM-151"],
        detail: "SMSO ID not 4 capital letters/digits",
      };
    },
  },
  {
    kind: "statusUnknown",
    weight: 2,
    applies: always,
    apply(d, { maker }) {
      d.values.meterStatus = maker.prng.pick(["Live", "Inactive", "Yes", "Commissioned"]);
      return {
        column: "meterStatus",
        codes: ["MAM-161"],
        detail: "Meter Status neither Active nor Dormant",
      };
    },
  },
  {
    kind: "dateImpossible",
    weight: 2,
    applies: (d) => d.dateIso !== null,
    apply(d, { maker }) {
      const year = d.dateIso!.slice(0, 4);
      d.values.authorisationDate = maker.prng.pick([
        `31/02/${year}`,
        `30/02/${year}`,
        `31/04/${year}`,
        `${year}-06-31`,
      ]);
      d.dateIso = null;
      return {
        column: "authorisationDate",
        codes: ["MAM-171"],
        detail: "a day that does not exist",
      };
    },
  },
  {
    kind: "referenceUnsafe",
    weight: 2,
    applies: always,
    apply(d, { maker }) {
      const r = maker.prng.int(3);
      d.values.supplierReference =
        r === 0
          ? `=INST-${String(maker.prng.int(1e6)).padStart(6, "0")}`
          : r === 1
            ? `-${String(maker.prng.int(1e5))}`
            : "Customer asked for a call back before the migration visit";
      return {
        column: "supplierReference",
        codes: ["MAM-181"],
        detail:
          r === 2
            ? "Supplier Reference over 40 characters"
            : "Supplier Reference starting a formula",
      };
    },
  },
  // ---- cross-row
  {
    kind: "duplicateMpan",
    weight: 3,
    applies: (d, { recent }) => has(d, "mpan") && recent.some((r) => r.mpan),
    apply(d, { maker, recent }) {
      const from = maker.prng.pick(recent.filter((r) => r.mpan));
      d.values.mpan = from.mpan;
      return {
        column: "mpan",
        codes: ["MAM-301"],
        detail: `MPAN copied from row ${from.sheetRow}`,
        otherRow: from.sheetRow,
      };
    },
  },
  {
    kind: "duplicateMprn",
    weight: 2,
    applies: (d, { recent }) => has(d, "mprn") && recent.some((r) => r.mprn),
    apply(d, { maker, recent }) {
      const from = maker.prng.pick(recent.filter((r) => r.mprn));
      d.values.mprn = from.mprn;
      return {
        column: "mprn",
        codes: ["MAM-302"],
        detail: `MPRN copied from row ${from.sheetRow}`,
        otherRow: from.sheetRow,
      };
    },
  },
  {
    kind: "duplicateDevice",
    weight: 3,
    applies: (d, { recent }) => recent.length > 0,
    apply(d, { maker, recent }) {
      if (has(d, "esmeId") && maker.prng.chance(0.25)) {
        d.values.chfId = d.values.esmeId;
        return {
          column: "chfId",
          codes: ["MAM-303"],
          detail: "ESME ID typed again as the CHF ID of the same row",
        };
      }
      const from = maker.prng.pick(recent);
      d.values.chfId = from.chf;
      return {
        column: "chfId",
        codes: ["MAM-303"],
        detail: `CHF ID copied from row ${from.sheetRow}`,
        otherRow: from.sheetRow,
      };
    },
  },
  // ---- row consistency
  {
    kind: "activeWithoutSmso",
    weight: 3,
    applies: (d) => d.values.meterStatus === ACTIVE,
    apply(d, { maker }) {
      if (maker.prng.chance(0.5)) d.values.smsoId = NONE;
      else delete d.values.smsoId;
      return {
        column: "smsoId",
        codes: ["MAM-331"],
        detail: "Active row with SMSO ID NONE or blank",
      };
    },
  },
  {
    kind: "dormantWithSmso",
    weight: 2,
    applies: (d) => d.values.meterStatus === DORMANT,
    apply(d, { maker }) {
      d.values.smsoId = maker.prng.pick(SMSO_IDS);
      return { column: "smsoId", codes: ["MAM-331"], detail: "Dormant row naming an SMSO" };
    },
  },
  {
    kind: "excelError",
    weight: 2,
    applies: always,
    apply(d, { maker, dates }) {
      const key = maker.prng.pick([...deviceColumns(d), ...supplierColumns(d)]);
      const error = maker.prng.pick(["#N/A", "#N/A", "#REF!"]);
      d.values[key] = dates === "serial" ? { error } : error;
      return {
        column: key,
        codes: ["MAM-192"],
        detail: `failed lookup pasted as values: ${error}`,
      };
    },
  },
  {
    kind: "missingValue",
    weight: 3,
    applies: always,
    apply(d, { maker }) {
      const key = maker.prng.pick<ColumnKey>(["chfId", "chfId", "groupId", "meterStatus"]);
      delete d.values[key];
      if (key === "meterStatus") delete d.values.smsoId;
      return { column: key, codes: ["MAM-002"], detail: "required value left empty" };
    },
  },
  {
    kind: "notResponsible",
    weight: 2,
    applies: always,
    apply(d, { maker }) {
      const others = maker.suppliers.others;
      const a = maker.prng.int(others.length);
      if (has(d, "importSupplierEuid")) d.values.importSupplierEuid = others[a];
      if (has(d, "gasSupplierEuid"))
        d.values.gasSupplierEuid = others[(a + (isDual(d) ? 1 : 0)) % others.length];
      return {
        column: has(d, "importSupplierEuid") ? "importSupplierEuid" : "gasSupplierEuid",
        codes: ["MAM-312"],
        detail: "another supplier's installation pasted in: the submitter is neither supplier",
      };
    },
  },
  // ---- valid but noted (warnings and information)
  {
    kind: "eisMustAuthorise",
    weight: 2,
    applies: (d) => isDual(d),
    apply(d, { maker }) {
      d.fuel = "dualSplitGas";
      d.values.importSupplierEuid = maker.prng.pick(maker.suppliers.others);
      d.values.gasSupplierEuid = maker.suppliers.submitter;
      d.values.groupId = "AA";
      return {
        column: "importSupplierEuid",
        codes: ["MAM-321"],
        detail: "split supply, the submitter is the gas supplier and the Group ID is no exception",
      };
    },
  },
  {
    kind: "samePartyEuids",
    weight: 1,
    applies: (d) => isDual(d),
    apply(d, { maker }) {
      d.fuel = "dualSame";
      d.values.importSupplierEuid = maker.suppliers.submitter;
      d.values.gasSupplierEuid = maker.suppliers.submitterSecond;
      return {
        column: "gasSupplierEuid",
        codes: ["MAM-311", "MAM-313"],
        detail: "gas supplier is the submitter's second EUID (same party)",
      };
    },
  },
  {
    kind: "secondEuid",
    weight: 1,
    applies: (d) => d.fuel === "electricity" || d.fuel === "gas",
    apply(d, { maker }) {
      const key = supplierColumns(d)[0];
      d.values[key] = maker.suppliers.submitterSecond;
      return {
        column: key,
        codes: ["MAM-313"],
        detail: "the submitter's second EUID (same party)",
      };
    },
  },
  {
    kind: "emptyRow",
    weight: 1,
    applies: always,
    apply(d) {
      d.values = {};
      d.dateIso = null;
      return { column: null, codes: [], detail: "empty row between data rows (skipped)" };
    },
  },
];

const MISTAKE_BY_KIND = new Map(MISTAKES.map((m) => [m.kind, m]));

/** Applies one named mistake to a draft (for hand-made samples); returns what the engine should say. */
export function applyMistake(
  kind: MistakeKind,
  draft: Draft,
  maker: RowMaker,
  dates: DateForm,
  recent: readonly Recent[] = []
): Applied {
  const spec = MISTAKE_BY_KIND.get(kind);
  if (!spec) throw new Error(`Unknown mistake kind ${kind}`);
  const ctx: MistakeContext = { maker, dates, recent };
  if (!spec.applies(draft, ctx))
    throw new Error(`Mistake ${kind} does not apply to this ${draft.fuel} row`);
  return spec.apply(draft, ctx);
}

const RECENT_ROWS = 64;

/**
 * Generates the rows one at a time (1M rows never sit in memory at once). Planted mistakes are
 * pushed to `planted` when it is given.
 */
export function* syntheticRows(
  options: SyntheticOptions,
  planted?: Planted[]
): Generator<CellValue[], void, undefined> {
  const seed = options.seed ?? 42;
  const errorRate = options.errorRate ?? 0;
  const dates = options.dates ?? "serial";
  const dateSystem = options.dateSystem ?? 1900;
  if (!Number.isInteger(options.rows) || options.rows < 0)
    throw new RangeError(`rows must be a whole number ≥ 0, not ${options.rows}`);
  if (!(errorRate >= 0 && errorRate <= 1))
    throw new RangeError(`errorRate must be between 0 and 1, not ${errorRate}`);
  const maker = new RowMaker(seed, options.submitter ?? DEFAULT_SUBMITTER, options.today);
  const recent: Recent[] = [];
  const ctx: MistakeContext = { maker, dates, recent };
  for (let i = 0; i < options.rows; i++) {
    const sheetRow = i + 2;
    const draft = maker.valid();
    let applied: Applied | null = null;
    let kind: MistakeKind | null = null;
    if (errorRate > 0 && maker.prng.next() < errorRate) {
      const candidates = MISTAKES.filter((m) => m.applies(draft, ctx)).map(
        (m) => [m, m.weight] as const
      );
      const spec = maker.prng.weighted(candidates);
      kind = spec.kind;
      applied = spec.apply(draft, ctx);
    }
    if (applied === null) {
      recent.push({
        sheetRow,
        mpan: draft.values.mpan as string | undefined,
        mprn: draft.values.mprn as string | undefined,
        chf: draft.values.chfId as string,
      });
      if (recent.length > RECENT_ROWS) recent.shift();
    } else if (planted) {
      planted.push({
        sheetRow,
        kind: kind!,
        column: applied.column ? headerOf(applied.column) : "",
        codes: applied.codes,
        detail: applied.detail,
        ...(applied.otherRow !== undefined ? { otherRow: applied.otherRow } : {}),
      });
    }
    yield draftToCells(draft, dates, dateSystem);
  }
}

export interface SyntheticSheet {
  readonly header: string[];
  readonly rows: CellValue[][];
  readonly planted: Planted[];
}

/** The whole sheet in memory: header, rows and the planted mistakes. */
export function generateSyntheticSheet(options: SyntheticOptions): SyntheticSheet {
  const planted: Planted[] = [];
  const rows = [...syntheticRows(options, planted)];
  return { header: [...PROFILE_HEADER], rows, planted };
}
