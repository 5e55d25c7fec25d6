/**
 * Electricity MPAN core [verified]: 13 digits, check digit = (Σ digit×prime weight mod 11) mod 10.
 * Distributor ID (first two digits): 10-23 DNO areas, 24-38 IDNOs known today.
 */
import { isAllDigits } from "./cellValue";
import { HASH_START, hashFinish, hashStep } from "./textHash";

const WEIGHTS = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43];

/** The check digit for the first 12 digits of an MPAN core. */
export function mpanCheckDigit(core: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (core.charCodeAt(i) - 48) * WEIGHTS[i];
  return (sum % 11) % 10;
}

/** What `scanMpanCore` learns about 13 digits on its one pass over the text. */
export interface MpanScan {
  /** mpanCheckDigit of the text. */
  expected: number;
  /** distributorId of the text. */
  distributor: number;
  /** hashText of the text. */
  hash: number;
}

/**
 * True when the text is exactly 13 digits, filling `scan` on the same pass (the check digit, the
 * distributor and the hash): the check of almost every MPAN cell reads its characters once.
 */
export function scanMpanCore(text: string, scan: MpanScan): boolean {
  if (text.length !== 13) return false;
  let hash = HASH_START;
  let sum = 0;
  for (let i = 0; i < 13; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    if (i < 12) sum += (c - 48) * WEIGHTS[i];
    hash = hashStep(hash, c);
  }
  scan.expected = (sum % 11) % 10;
  scan.distributor = distributorId(text);
  scan.hash = hashFinish(hash, 13);
  return true;
}

export function isValidMpanCore(core: string): boolean {
  return (
    core.length === 13 && isAllDigits(core) && mpanCheckDigit(core) === core.charCodeAt(12) - 48
  );
}

/** Distributor ID of an MPAN core: its first two digits. */
export function distributorId(core: string): number {
  return (core.charCodeAt(0) - 48) * 10 + (core.charCodeAt(1) - 48);
}

/** Completes a 12-digit prefix into a valid MPAN core (for test data and the sample generator). */
export function withMpanCheckDigit(first12: string): string {
  return first12 + String(mpanCheckDigit(first12));
}
