/**
 * Shared pieces of the host tests: a v06a workbook's header and valid rows (self-contained, so
 * these tests do not move with test/domain), and helpers to wait for the fake's events.
 */
import { exportHeaders } from "../../src/domain/exportFile";
import { withMpanCheckDigit } from "../../src/domain/mpan";
import { withMprnCheckDigits } from "../../src/domain/mprn";

export const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";
export const HEADER: string[] = exportHeaders();

/** Column letters of the canonical layout: A MPAN, B MPRN, C ESME ID ... M Supplier Reference. */
export const COL = {
  mpan: "A",
  mprn: "B",
  esmeId: "C",
  gsmeId: "D",
  chfId: "E",
  ppmidId: "F",
  importSupplierEuid: "G",
  gasSupplierEuid: "H",
  groupId: "I",
  smsoId: "J",
  meterStatus: "K",
  authorisationDate: "L",
  supplierReference: "M",
} as const;

export function mpanFor(n: number): string {
  return withMpanCheckDigit(`13${String(n).padStart(10, "0")}`);
}

/** A 13-digit MPAN whose check digit is wrong (MAM-102). */
export function badMpanFor(n: number): string {
  const good = mpanFor(n);
  const last = Number(good[12]);
  return good.slice(0, 12) + String((last + 1) % 10);
}

export function mprnFor(n: number): string {
  return withMprnCheckDigits(`39${String(n).padStart(6, "0")}`);
}

export function deviceFor(n: number, kind: number): string {
  const hex = (kind * 0x100000 + n).toString(16).toUpperCase().padStart(6, "0");
  return `00-0D-6F-00-00-${hex.slice(-6, -4)}-${hex.slice(-4, -2)}-${hex.slice(-2)}`;
}

/** A valid dual-fuel Active row, unique per n (no findings without a submitter; none with SUBMITTER). */
export function validRow(n: number): string[] {
  return [
    mpanFor(n),
    mprnFor(n),
    deviceFor(n, 1),
    deviceFor(n, 2),
    deviceFor(n, 3),
    "",
    SUBMITTER,
    SUBMITTER,
    "AA",
    "AB12",
    "Active",
    "2021-01-01",
    `REF-${n}`,
  ];
}

/** Header plus `count` valid rows (row n of the data is sheet row n + 1). */
export function validSheet(count: number, first = 1): string[][] {
  const rows: string[][] = [HEADER.slice()];
  for (let i = 0; i < count; i++) rows.push(validRow(first + i));
  return rows;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
