/**
 * Bit masks over the profile columns (bit c = profile column c; 32 at most, see rowTable.ts): the
 * engine and the row rules say "which columns" with one integer, not a list per row.
 */

/** Is profile column `c` set in a mask? */
export function hasBit(mask: number, c: number): boolean {
  return (mask & (1 << c)) !== 0;
}

/** The number of bits set in a mask. */
export function bitCount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (Math.imul((m + (m >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** The profile column of the lowest bit set in a mask. */
export function lowestColumn(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
