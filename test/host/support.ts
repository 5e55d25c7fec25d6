/**
 * Shared pieces of the host tests: a v06a workbook's header and valid rows (from the shared row
 * builder, scripts/rowBuilder.ts, as every test and fixture builds them), and helpers to wait for
 * the fake's events.
 */
import { headerFor, mpanFor, textRowFor, validRecord } from "../../scripts/rowBuilder";
import { columnLetters } from "../../src/domain/address";
import { v06a } from "../../src/domain/profile";

export { mpanFor };

export const HEADER: string[] = headerFor(v06a);

/** Column letters of the canonical layout: A MPAN, B MPRN, C ESME ID ... M Supplier Reference. */
export const COL: Readonly<Record<string, string>> = Object.fromEntries(
  v06a.columns.map((c, i) => [c.key, columnLetters(i)])
);

/** A 13-digit MPAN whose check digit is wrong (MAM-102). */
export function badMpanFor(n: number): string {
  const good = mpanFor(n);
  const last = Number(good[12]);
  return good.slice(0, 12) + String((last + 1) % 10);
}

/** A valid dual-fuel Active row, unique per n (no findings without a submitter; none with the builder's SUBMITTER). */
export function validRow(n: number): string[] {
  return textRowFor(v06a, validRecord(n));
}

/** Header plus `count` valid rows (row n of the data is sheet row n + 1). */
export function validSheet(count: number, first = 1): string[][] {
  const rows: string[][] = [HEADER.slice()];
  for (let i = 0; i < count; i++) rows.push(validRow(first + i));
  return rows;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
