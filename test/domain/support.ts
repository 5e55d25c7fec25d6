/**
 * Shared fixtures for the domain tests: the v06a header, valid rows from the shared row builder
 * (scripts/rowBuilder.ts), and helpers that assert exact findings (code, cell, severity) through
 * the engine, checked on the pinned day with strict rules (a rule reporting a code it does not
 * declare throws).
 */
import {
  deviceFor,
  headerFor,
  mpanFor,
  mprnFor,
  PINNED_TODAY,
  rowFor,
  SUBMITTER,
  validRecord as builtRecord,
} from "../../scripts/rowBuilder";
import { catalogue } from "../../src/domain/catalogue";
import { checkSheet, type EngineOptions, type MamEngine } from "../../src/domain/engine";
import { v06a } from "../../src/domain/profile";
import type { CellValue, Finding, Severity } from "../../src/domain/types";

export { deviceFor, mpanFor, mprnFor, PINNED_TODAY, SUBMITTER };
/** Another EUID of the submitter's party (00-A0). */
export const SUBMITTER_OTHER_EUID = "70-B3-D5-1F-30-00-A0-09";
/** An EUID of another party (party octets 01-B0). */
export const OTHER_PARTY = "70-B3-D5-1F-30-01-B0-08";

export const HEADER: string[] = headerFor(v06a);

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

export const KEYS = v06a.columns.map((c) => c.key) as Key[];

/** Column letter of each profile column in the canonical (export-order) header. */
export const COL = Object.fromEntries(
  KEYS.map((k, i) => [k, String.fromCharCode(65 + i)])
) as Record<Key, string>;

/** A cell address in the canonical header layout: cell("mpan", 3) → "A3". */
export function cell(key: Key, row: number): string {
  return `${COL[key]}${row}`;
}

/** A valid dual-fuel Active row (no findings at all for SUBMITTER), unique per `n`. */
export function validRecord(n = 1): Record<Key, CellValue> {
  return builtRecord(n) as Record<Key, CellValue>;
}

/** A row in the canonical header order. */
export function toRow(record: Partial<Record<Key, CellValue>>): CellValue[] {
  return rowFor(v06a, record);
}

/** A valid row with some cells replaced. */
export function row(overrides: Partial<Record<Key, CellValue>> = {}, n = 1): CellValue[] {
  return toRow({ ...validRecord(n), ...overrides });
}

/** Checks rows under the canonical header, on the pinned day, with strict rules. */
export function check(
  rows: readonly (readonly CellValue[])[],
  options: EngineOptions = { submitter: SUBMITTER }
): MamEngine {
  return checkSheet(HEADER, rows, { today: PINNED_TODAY, ...options }, v06a, {
    strictRules: true,
  });
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
