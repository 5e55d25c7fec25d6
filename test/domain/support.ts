/**
 * Shared fixtures for the domain tests: the v06a header, a valid dual-fuel row builder, and
 * helpers that assert exact findings (code, cell, severity) through the engine.
 */
import { catalogue } from "../../src/domain/catalogue";
import { checkSheet, type EngineOptions, type MamEngine } from "../../src/domain/engine";
import { exportHeaders } from "../../src/domain/exportFile";
import { withMpanCheckDigit } from "../../src/domain/mpan";
import { withMprnCheckDigits } from "../../src/domain/mprn";
import type { CellValue, Finding, Severity } from "../../src/domain/types";

/** The submitting EUID of the brief's sample file name (party 00-A0). */
export const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";
/** Another EUID of the submitter's party (00-A0). */
export const SUBMITTER_OTHER_EUID = "70-B3-D5-1F-30-00-A0-09";
/** An EUID of another supplier party (01-B0). */
export const OTHER_PARTY = "70-B3-D5-1F-30-01-B0-08";

export const HEADER: string[] = exportHeaders();

export type Key =
  | "mpan"
  | "mprn"
  | "esmeId"
  | "gsmeId"
  | "chfId"
  | "ppmidId"
  | "importSupplierEuid"
  | "gasSupplierEuid"
  | "groupId"
  | "smsoId"
  | "meterStatus"
  | "authorisationDate"
  | "supplierReference";

export const KEYS = catalogue.profile.columns.map((c) => c.key) as Key[];

/** Column letter of each profile column in the canonical (export-order) header. */
export const COL = Object.fromEntries(
  KEYS.map((k, i) => [k, String.fromCharCode(65 + i)])
) as Record<Key, string>;

/** A cell address in the canonical header layout: cell("mpan", 3) → "A3". */
export function cell(key: Key, row: number): string {
  return `${COL[key]}${row}`;
}

/** A valid 13-digit MPAN core for a number (distributor 13, so a known DNO). */
export function mpanFor(n: number): string {
  return withMpanCheckDigit(`13${String(n).padStart(10, "0")}`);
}

/** A valid 10-digit MPRN for a number. */
export function mprnFor(n: number): string {
  return withMprnCheckDigits(`39${String(n).padStart(6, "0")}`);
}

/** A device EUI-64 for a number and a device kind (so ESME, GSME, CHF, PPMID IDs never collide). */
export function deviceFor(n: number, kind: number): string {
  const hex = (kind * 0x10000 + n).toString(16).toUpperCase().padStart(6, "0");
  return `00-0D-6F-00-00-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}`;
}

/** A valid dual-fuel Active row (no findings at all for SUBMITTER), unique per `n`. */
export function validRecord(n = 1): Record<Key, CellValue> {
  return {
    mpan: mpanFor(n),
    mprn: mprnFor(n),
    esmeId: deviceFor(n, 1),
    gsmeId: deviceFor(n, 2),
    chfId: deviceFor(n, 3),
    ppmidId: "",
    importSupplierEuid: SUBMITTER,
    gasSupplierEuid: SUBMITTER,
    groupId: "AA",
    smsoId: "AB12",
    meterStatus: "Active",
    authorisationDate: "2021-01-01",
    supplierReference: `REF-${n}`,
  };
}

/** A row in the canonical header order. */
export function toRow(record: Partial<Record<Key, CellValue>>): CellValue[] {
  return KEYS.map((k) => (k in record ? record[k] : ""));
}

/** A valid row with some cells replaced. */
export function row(overrides: Partial<Record<Key, CellValue>> = {}, n = 1): CellValue[] {
  return toRow({ ...validRecord(n), ...overrides });
}

export function check(
  rows: readonly (readonly CellValue[])[],
  options: EngineOptions = { submitter: SUBMITTER }
): MamEngine {
  return checkSheet(HEADER, rows, options);
}

export interface Expected {
  readonly code: string;
  readonly cell: string;
  readonly severity: Severity;
  /** Fragments the message must contain. */
  readonly message?: readonly (string | RegExp)[];
  readonly fixValue?: string;
}

/** Every code any test saw the engine produce (per test file: jest isolates modules per file). */
export const observedCodes = new Set<string>();

export function observe(findings: readonly Finding[]): void {
  for (const f of findings) observedCodes.add(f.code);
}

/** The findings, recorded as observed, as compact `cell code severity` strings. */
export function brief(findings: readonly Finding[]): string[] {
  observe(findings);
  return findings.map((f) => `${f.cell} ${f.code} ${f.severity}`);
}

/** Asserts the engine holds exactly these findings (in any order), with their message fragments. */
export function expectExactly(engine: MamEngine, expected: readonly Expected[]): Finding[] {
  const findings = engine.findings();
  expect(brief(findings).sort()).toEqual(
    expected.map((e) => `${e.cell} ${e.code} ${e.severity}`).sort()
  );
  for (const e of expected) {
    const f = findings.find((x) => x.cell === e.cell && x.code === e.code)!;
    for (const fragment of e.message ?? []) {
      if (typeof fragment === "string") expect(f.message).toContain(fragment);
      else expect(f.message).toMatch(fragment);
    }
    if (e.fixValue !== undefined) expect(f.fixValue).toBe(e.fixValue);
    // Rule metadata comes from the catalogue.
    const rule = catalogue.rules.find((r) => r.code === e.code)!;
    expect(f.basis).toBe(rule.basis);
    expect(f.id.startsWith(`${f.cell}|${f.code}`)).toBe(true);
  }
  return findings;
}

/** Asserts the engine has no findings at all. */
export function expectClean(engine: MamEngine): void {
  expect(brief(engine.findings())).toEqual([]);
}

/** The one finding on a cell with a code (fails when there is not exactly one). */
export function findingAt(engine: MamEngine, cellAddress: string, code: string): Finding {
  const matches = engine.findings().filter((f) => f.cell === cellAddress && f.code === code);
  observe(matches);
  expect(matches).toHaveLength(1);
  return matches[0];
}
