/**
 * Gas MPRN [verified]: 6-10 digits; the last two are check digits. Over the n-digit body,
 * Σ body[i] × (n − i) (leftmost weight n) mod 11, written as two digits 00-10.
 */
import { isAllDigits } from "./cellValue";

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

export function isValidMprn(text: string): boolean {
  if (text.length < MPRN_MIN_LENGTH || text.length > MPRN_MAX_LENGTH || !isAllDigits(text)) return false;
  const body = text.length - 2;
  return mprnCheckDigits(text.slice(0, body)) === text.slice(body);
}

/** Completes a body into a valid MPRN (for test data and the sample generator). */
export function withMprnCheckDigits(body: string): string {
  return body + mprnCheckDigits(body);
}
