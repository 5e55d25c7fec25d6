/**
 * The one builder of valid Migration Authorisation rows, shared by the tests, the CLI fixtures and
 * the synthetic and sample generators. Rows are named by column key and laid out in any profile's
 * column order (a profile with other headers, another order or a column fewer takes the same
 * records), and they are dated relative to a pinned `today`: a rule on the age of a date then
 * needs no new test data, only the engine's `today` (PINNED_TODAY in tests, `--today` on the CLI).
 *
 * Pure: no files, no Node APIs.
 */
import { addDays, serialFromIso } from "../src/domain/dates";
import { withMpanCheckDigit } from "../src/domain/mpan";
import { withMprnCheckDigits } from "../src/domain/mprn";
import type { MamProfile } from "../src/domain/profile";
import type { CellValue, DateSystem } from "../src/domain/types";

/** The day tests, fixtures and generated sheets are checked on (give it to the engine as `today`). */
export const PINNED_TODAY = "2021-01-31";
/** How many days before `today` a valid row is authorised by default (2021-01-01 for PINNED_TODAY). */
export const DEFAULT_AGE_DAYS = 30;

/** The submitting EUID of the brief's sample file name (party octets 00-A0). */
export const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";

/** A row's values by column key (keys the profile lacks are left out of its row). */
export type RowRecord = Readonly<Record<string, CellValue>>;

/** Device slots: which device of the installation an identifier is for. */
export const DEVICE = { esme: 1, gsme: 2, chf: 3, ppmid: 4 } as const;

/** Where a builder takes its identifiers from: each caller may keep its own scheme. */
export interface Identifiers {
  mpan(n: number): string;
  mprn(n: number): string;
  /** A device EUI-64, unique per `n` and slot (DEVICE). */
  device(n: number, slot: number): string;
}

/** A valid 13-digit MPAN core for a number (distributor 13, so a known DNO). */
export function mpanFor(n: number): string {
  return withMpanCheckDigit(`13${String(n).padStart(10, "0")}`);
}

/** A valid 10-digit MPRN for a number. */
export function mprnFor(n: number): string {
  return withMprnCheckDigits(`39${String(n).padStart(6, "0")}`);
}

/** A device EUI-64 for a number and a slot (so ESME, GSME, CHF, PPMID IDs never collide). */
export function deviceFor(n: number, slot: number): string {
  const hex = (slot * 0x10000 + n).toString(16).toUpperCase().padStart(6, "0");
  return `00-0D-6F-00-00-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}`;
}

export const defaultIdentifiers: Identifiers = { mpan: mpanFor, mprn: mprnFor, device: deviceFor };

export interface ValidRowOptions {
  readonly ids?: Identifiers;
  /** The day the row is checked on (default PINNED_TODAY). */
  readonly today?: string;
  /** Days before `today` the installation was authorised (default DEFAULT_AGE_DAYS). */
  readonly ageDays?: number;
  /** The date as ISO text (a CSV) or an Excel serial number (a spreadsheet host). Default ISO. */
  readonly dates?: "iso" | "serial";
  readonly dateSystem?: DateSystem;
  readonly submitter?: string;
}

/** The authorisation date of a row `ageDays` before `today`, as ISO text or a serial number. */
export function authorisationDate(options: ValidRowOptions = {}): string | number {
  const iso = addDays(options.today ?? PINNED_TODAY, -(options.ageDays ?? DEFAULT_AGE_DAYS));
  return options.dates === "serial" ? serialFromIso(iso, options.dateSystem ?? 1900) : iso;
}

/**
 * A valid dual-fuel Active installation (no findings at all for its submitter), unique per `n`:
 * the one place that names every column of a valid row.
 */
export function validRecord(n = 1, options: ValidRowOptions = {}): Record<string, CellValue> {
  const ids = options.ids ?? defaultIdentifiers;
  const submitter = options.submitter ?? SUBMITTER;
  return {
    mpan: ids.mpan(n),
    mprn: ids.mprn(n),
    esmeId: ids.device(n, DEVICE.esme),
    gsmeId: ids.device(n, DEVICE.gsme),
    chfId: ids.device(n, DEVICE.chf),
    ppmidId: "",
    importSupplierEuid: submitter,
    gasSupplierEuid: submitter,
    groupId: "AA",
    smsoId: "AB12",
    meterStatus: "Active",
    authorisationDate: authorisationDate(options),
    supplierReference: `REF-${n}`,
  };
}

/** The header row of a profile, in its column order. */
export function headerFor(profile: MamProfile): string[] {
  return profile.columns.map((c) => c.header);
}

/** A record's cells in a profile's column order ("" where the record has no value). */
export function rowFor(profile: MamProfile, record: RowRecord): CellValue[] {
  return profile.columns.map((c) => (c.key in record ? record[c.key] : ""));
}

/** A record's cells as text, as a user types them or a CSV holds them (dates as ISO text). */
export function textRowFor(profile: MamProfile, record: RowRecord): string[] {
  return rowFor(profile, record).map((value) =>
    value === null || value === undefined ? "" : String(value)
  );
}

/**
 * Parts named by the profile's headers (`{ MPAN: …, "ESME ID": … }`) as a row's cells, `blank`
 * where a part is missing. Any cell type: a workbook writer's dates and rich text too.
 */
export function rowByHeader<V, B>(
  profile: MamProfile,
  parts: Readonly<Record<string, V | undefined>>,
  blank: B
): (V | B)[] {
  return profile.columns.map((c) => {
    const value = parts[c.header];
    return value === undefined ? blank : value;
  });
}
