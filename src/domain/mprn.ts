/**
 * Gas MPRN [verified]: 6-10 digits; the last two are check digits. Over the n-digit body,
 * Σ body[i] × (n − i) (leftmost weight n) mod 11, written as two digits 00-10.
 */
import { isAllDigits } from "./cellValue";
import { HASH_START, hashFinish, hashStep } from "./textHash";

export const MPRN_MIN_LENGTH = 6;
export const MPRN_MAX_LENGTH = 10;

/** The two check digits ("00"-"10") for an MPRN body (the MPRN without its last two digits). */
export function mprnCheckDigits(body: string): string {
  const n = body.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (body.charCodeAt(i) - 48) * (n - i);
  const check = sum % 11;
  return check < 10 ? `0${check}` : String(check);
}

/** What `scanMprn` learns about 6-10 digits on its one pass over the text. */
export interface MprnScan {
  /** The last two digits are the check digits of the rest (mprnCheckDigits). */
  checkDigitsOk: boolean;
  /** hashText of the text. */
  hash: number;
}

/**
 * True when the text is 6-10 digits, filling `scan` on the same pass: whether its check digits
 * hold (compared as numbers, so a valid MPRN costs no strings) and its hash.
 */
export function scanMprn(text: string, scan: MprnScan): boolean {
  const n = text.length;
  if (n < MPRN_MIN_LENGTH || n > MPRN_MAX_LENGTH) return false;
  const body = n - 2;
  let hash = HASH_START;
  let sum = 0;
  let check = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    if (i < body) sum += (c - 48) * (body - i);
    else check = check * 10 + (c - 48);
    hash = hashStep(hash, c);
  }
  // "00"-"09" read as 0-9 and "10" as 10: the two digits as a number equal the check exactly then.
  scan.checkDigitsOk = check === sum % 11;
  scan.hash = hashFinish(hash, n);
  return true;
}

export function isValidMprn(text: string): boolean {
  if (text.length < MPRN_MIN_LENGTH || text.length > MPRN_MAX_LENGTH || !isAllDigits(text))
    return false;
  const body = text.length - 2;
  return mprnCheckDigits(text.slice(0, body)) === text.slice(body);
}

/** Completes a body into a valid MPRN (for test data and the sample generator). */
export function withMprnCheckDigits(body: string): string {
  return body + mprnCheckDigits(body);
}
