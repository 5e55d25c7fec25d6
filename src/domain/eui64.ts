/**
 * EUI-64 identifiers [verified]: 16 hex digits, canonical upper case with hyphens between octets
 * (70-B3-D5-1F-30-00-A0-08). Input may be lower case, unseparated, or use ':', '.', or spaces.
 */
import { HASH_START, hashFinish, hashStep } from "./textHash";

/** Hex value of a character code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function isSeparator(code: number): boolean {
  return (
    code === 45 /* - */ || code === 58 /* : */ || code === 46 /* . */ || code <= 32 || code === 0xa0
  );
}

/** True when the text already is a canonical EUI-64 (the common case, checked without allocating). */
export function isCanonicalEui64(text: string): boolean {
  if (text.length !== 23) return false;
  for (let i = 0; i < 23; i++) {
    const c = text.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** What `scanCanonicalEui64` learns about a canonical EUI-64 on its one pass over the text. */
export interface Eui64Scan {
  /** hashText of the text. */
  hash: number;
  /** All zeros or all F (see isPlaceholderEui64). */
  placeholder: boolean;
}

/**
 * Value of each UTF-16 unit as an upper-case hex digit, or -1 (canonical EUI-64s are upper case).
 * A table rather than comparisons: the scan below runs over every character of every device and
 * supplier cell, and a lookup per character is about a third faster than two range tests.
 */
const UPPER_HEX = new Int8Array(65536).fill(-1);
for (let i = 0; i < 16; i++) UPPER_HEX["0123456789ABCDEF".charCodeAt(i)] = i;

/**
 * isCanonicalEui64, filling `scan` on the same pass: the check of almost every device and
 * supplier cell, so the characters are read once for the form, the placeholder test and the hash.
 */
export function scanCanonicalEui64(text: string, scan: Eui64Scan): boolean {
  if (text.length !== 23) return false;
  let hash = HASH_START;
  let anyBits = 0;
  let allBits = 15;
  for (let i = 0; i < 23; i += 3) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const high = UPPER_HEX[a];
    const low = UPPER_HEX[b];
    if ((high | low) < 0) return false;
    anyBits |= high | low;
    allBits &= high & low;
    hash = hashStep(hashStep(hash, a), b);
    if (i < 21) {
      if (text.charCodeAt(i + 2) !== 45 /* - */) return false;
      hash = hashStep(hash, 45);
    }
  }
  scan.hash = hashFinish(hash, 23);
  scan.placeholder = anyBits === 0 || allBits === 15;
  return true;
}

export type Eui64Parse =
  | { readonly ok: true; readonly canonical: string }
  | { readonly ok: false; readonly reason: string };

/** Reads an EUI-64 from text as people type it; explains what is wrong when it is not one. */
export function parseEui64(text: string): Eui64Parse {
  if (isCanonicalEui64(text)) return { ok: true, canonical: text };
  let hex = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (hexValue(c) >= 0) hex += text[i];
    else if (!isSeparator(c))
      return { ok: false, reason: `"${text[i]}" is not a hexadecimal digit` };
  }
  if (hex.length !== 16)
    return {
      ok: false,
      reason: `it has ${hex.length} hexadecimal digit${hex.length === 1 ? "" : "s"}, not 16`,
    };
  // Separators must fall between octets: "70B-3D5…" would be a typo, not a format.
  const groups = text.split(/[-:.\s\u00a0]+/).filter((g) => g.length > 0);
  if (groups.length > 1 && !groups.every((g) => g.length % 2 === 0)) {
    return { ok: false, reason: "its separators split an octet" };
  }
  return { ok: true, canonical: formatEui64(hex) };
}

/** Canonical form of 16 hex digits. */
export function formatEui64(hex: string): string {
  const upper = hex.toUpperCase();
  let out = upper.slice(0, 2);
  for (let i = 2; i < 16; i += 2) out += "-" + upper.slice(i, i + 2);
  return out;
}

/** The hex digits of a canonical EUI-64, without separators. */
export function eui64Hex(canonical: string): string {
  return canonical.replace(/-/g, "");
}

/** All zeros and all F are placeholders, never device or user IDs. */
export function isPlaceholderEui64(canonical: string): boolean {
  return canonical === "00-00-00-00-00-00-00-00" || canonical === "FF-FF-FF-FF-FF-FF-FF-FF";
}
