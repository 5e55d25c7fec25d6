/**
 * The 32-bit hash of a text used by the duplicate indexes: FNV-1a over the UTF-16 units, then a
 * murmur finaliser so that identifiers differing only in their last characters spread over the
 * whole table. Exposed step by step so that an identifier check can hash a value in the same pass
 * that validates it: on this hardware reading a character costs more than the arithmetic around
 * it, so a second pass over 450,000 identifiers would cost as much as checking them.
 */

export const HASH_START = 0x811c9dc5 | 0;

/** Folds one UTF-16 unit into a running hash. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** The final hash of a text of `length` units whose units were folded into `hash`. */
export function hashFinish(hash: number, length: number): number {
  let h = hash ^ length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** hashFinish(every unit of `text` folded with hashStep, text.length). */
export function hashText(text: string): number {
  let h = HASH_START;
  for (let i = 0; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  return hashFinish(h, text.length);
}
