/**
 * The parts of a workbook's zip, found through its central directory (yauzl) and read as UTF-8
 * text straight from the file: inflated by Node's zlib in chunks, checked against the sizes and
 * CRC-32 the zip declares, never copied anywhere (no temporary files). Every failure of the zip,
 * the inflater or the decoder arrives here as an exception (never as an event nobody listens to),
 * so it reaches the user.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import * as zlib from "node:zlib";
import yauzl from "yauzl";
import { count, LimitError, MAX_PART_BYTES, MAX_ZIP_ENTRIES } from "./limits";
import { Utf8Chunks, Utf8Error } from "./utf8Chunks";
import { XmlError, type XmlScanner } from "./xmlScanner";

/**
 * The inflater's output chunks, and how many bytes it may have ready before the scanner asks for
 * them: large chunks mean few buffers and callbacks (each 64 KB buffer was an ArrayBuffer of its
 * own for the collector to track), and the inflater, on libuv's thread pool, keeps working ahead
 * while the text is scanned.
 */
const INFLATED_CHUNK = 1 << 20;
const INFLATED_AHEAD = 1 << 20;
/** Inflated bytes decoded to text at a time. */
const TEXT_SLICE = 1 << 16;

/** The file is not a readable zip, or a part of it is damaged. */
export class DamagedError extends Error {}

export class ZipParts {
  private constructor(
    /** The file: each part is read through a stream of its own, opened on it. */
    private readonly file: string,
    private readonly zip: yauzl.ZipFile,
    /** Entries by lower-case name: part names are case-insensitive (OPC). */
    private readonly entries: ReadonlyMap<string, yauzl.Entry>
  ) {}

  static async open(file: string): Promise<ZipParts> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: true,
        validateEntrySizes: true,
        strictFileNames: false,
      });
    } catch (error) {
      throw new DamagedError(`it is not a readable zip archive: ${messageOf(error)}`);
    }
    try {
      if (zip.entryCount > MAX_ZIP_ENTRIES)
        throw new LimitError(`${count(zip.entryCount)} parts (at most ${count(MAX_ZIP_ENTRIES)})`);
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
      return new ZipParts(file, zip, entries);
    } catch (error) {
      zip.close();
      if (error instanceof LimitError) throw error;
      throw new DamagedError(`its table of contents is damaged: ${messageOf(error)}`);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** Inflated size the zip declares for a part. */
  size(name: string): number {
    return this.entries.get(name.toLowerCase())?.uncompressedSize ?? 0;
  }

  /**
   * Feeds part `name` to `scanner` as text, chunk by chunk, until its end or until the scanner
   * stops (`onBytes` hears how many inflated bytes have arrived). A part read to its end is
   * checked against its CRC-32.
   */
  async read(name: string, scanner: XmlScanner, onBytes?: (bytes: number) => void): Promise<void> {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) throw new DamagedError(`the part ${name} is missing`);
    if (entry.uncompressedSize > MAX_PART_BYTES)
      throw new LimitError(
        `a part (${name}) of ${count(entry.uncompressedSize)} bytes unpacked (at most ${count(MAX_PART_BYTES)})`
      );
    if (entry.isEncrypted()) throw new DamagedError(`the part ${name} is encrypted`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
      throw new DamagedError(
        `the part ${name} is compressed with method ${entry.compressionMethod}, which Excel never uses`
      );
    let stream: Readable;
    let source: Readable;
    try {
      // The part's compressed bytes straight from the file (yauzl finds where they start), inflated
      // here in large chunks; its sizes and CRC are checked below.
      const { fileDataStart } = await this.zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const raw =
        entry.compressedSize === 0
          ? Readable.from([])
          : createReadStream(this.file, {
              start: fileDataStart,
              end: fileDataStart + entry.compressedSize - 1,
              highWaterMark: 1 << 16,
            });
      stream = entry.compressionMethod === 8 ? inflated(raw) : raw;
      source = raw;
    } catch (error) {
      throw new DamagedError(`${name}: ${messageOf(error)}`);
    }
    const decoder = new Utf8Chunks();
    let bytes = 0;
    let crc = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > MAX_PART_BYTES)
          throw new LimitError(
            `a part (${name}) of more than ${count(MAX_PART_BYTES)} bytes unpacked`
          );
        if (bytes > entry.uncompressedSize)
          throw new DamagedError(
            `${name} unpacks to more bytes than the zip says (${count(entry.uncompressedSize)})`
          );
        crc = crc32(chunk, crc);
        // Decoded a slice at a time: a string of 128 KB or more goes to V8's large-object space,
        // where making it costs far more than a copy.
        for (let at = 0; at < chunk.length && !scanner.isStopped; at += TEXT_SLICE)
          scanner.write(decoder.decode(chunk.subarray(at, at + TEXT_SLICE)));
        onBytes?.(bytes);
        if (scanner.isStopped) return;
      }
      if (bytes !== entry.uncompressedSize)
        throw new DamagedError(
          `${name} unpacks to ${count(bytes)} bytes, not the ${count(entry.uncompressedSize)} the zip says`
        );
      decoder.end();
      scanner.end();
    } catch (error) {
      if (error instanceof LimitError) throw error;
      if (error instanceof XmlError)
        throw new DamagedError(`${name} is not well-formed XML: ${error.message}`);
      if (error instanceof Utf8Error) throw new DamagedError(`${name} is ${error.message}`);
      throw new DamagedError(`${name}: ${messageOf(error)}`);
    } finally {
      stream.destroy();
      source.destroy();
    }
    if (crc >>> 0 !== entry.crc32 >>> 0)
      throw new DamagedError(`${name} fails its checksum (CRC-32)`);
  }

  close(): void {
    this.zip.close();
  }
}

/**
 * `raw` inflated, with its errors passed on. Not stream.pipeline: on an early stop it would close
 * the file handle the zip's other parts are read from.
 */
function inflated(raw: Readable): Readable {
  // A deep queue of inflated chunks: the inflater (on libuv's thread pool) keeps working ahead
  // while the sheet is scanned, not one chunk at a time. (`highWaterMark`, a stream option zlib's
  // streams take, is missing from ZlibOptions' type.)
  const options = { chunkSize: INFLATED_CHUNK, highWaterMark: INFLATED_AHEAD };
  const inflate = zlib.createInflateRaw(options as zlib.ZlibOptions);
  raw.on("error", (error) => inflate.destroy(error));
  return raw.pipe(inflate);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** CRC-32 of `chunk` continuing from `previous`: Node's own (20.15 and later), else a table. */
function crc32(chunk: Buffer, previous: number): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(chunk, previous);
  let crc = ~previous;
  for (let i = 0; i < chunk.length; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ chunk[i]) & 0xff];
  return ~crc >>> 0;
}

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();
