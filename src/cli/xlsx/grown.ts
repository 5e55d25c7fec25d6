/** A copy of a typed array with room for `length` items (the reader's tables grow by doubling). */
export function grown<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(
  array: T,
  length: number
): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}
