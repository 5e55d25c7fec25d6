/**
 * UTF-8 bytes arriving in chunks, as text: a chunk of ASCII (nearly all of a sheet) is copied byte
 * for byte, the rest validated and decoded; a character split between chunks waits for its end.
 * Invalid UTF-8 is an error, never U+FFFD in a supplier's value. (TextDecoder with `fatal` does
 * the same, at a third of the speed on a sheet's chunks.)
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";

export class Utf8Error extends Error {}

export class Utf8Chunks {
  private carry: Buffer | null = null;
  private first = true;

  decode(chunk: Buffer): string {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    if (this.first && bytes.length >= 3) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const end = completeEnd(bytes);
    if (end < bytes.length) this.carry = Buffer.from(bytes.subarray(end));
    const body = bytes.subarray(0, end);
    if (isAscii(body)) return body.toString("latin1");
    if (!isUtf8(body)) throw new Utf8Error("not UTF-8 text");
    return body.toString("utf8");
  }

  /** The end of the text: nothing may be left waiting. */
  end(): void {
    if (this.carry !== null) throw new Utf8Error("not UTF-8 text (it ends inside a character)");
  }
}

/** Where the last whole character of `bytes` ends (a lead byte whose continuation is still to come starts the rest). */
export function completeEnd(bytes: Buffer): number {
  const n = bytes.length;
  let i = n - 1;
  while (i >= 0 && i >= n - 3 && (bytes[i] & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = bytes[i];
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < size ? i : n;
}
