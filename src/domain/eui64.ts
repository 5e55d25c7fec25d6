/**
 * EUI-64 identifiers [verified]: 16 hex digits, canonical upper case with hyphens between octets
 * (70-B3-D5-1F-30-00-A0-08). Input may be lower case, unseparated, or use ':', '.', or spaces.
 */

/** Hex value of a character code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function isSeparator(code: number): boolean {
  return code === 45 /* - */ || code === 58 /* : */ || code === 46 /* . */ || code <= 32 || code === 0xa0;
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
    else if (!isSeparator(c)) return { ok: false, reason: `"${text[i]}" is not a hexadecimal digit` };
  }
  if (hex.length !== 16) return { ok: false, reason: `it has ${hex.length} hexadecimal digit${hex.length === 1 ? "" : "s"}, not 16` };
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
