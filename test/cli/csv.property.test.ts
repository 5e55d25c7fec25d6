/**
 * Property: our CSV reader reads every text exactly as papaparse does. Texts are drawn from the
 * characters that matter (delimiters, quotes, every line ending, blanks) so that quoted fields,
 * escaped quotes, blanks after a closing quote and malformed quotes all come up often. Also: a
 * byte view of a quote-free UTF-8 text reads as the text does, and the UTF-8 decoding by
 * stretches gives the same text as Node's own.
 */
import fc from "fast-check";
import Papa from "papaparse";
import { parseCsv, type CsvDialect, type Utf8View } from "../../src/cli/csv";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeUtf8, readCsvFile } from "../../src/cli/csvFile";
import { InputError } from "../../src/cli/inputError";

const alphabet = [
  "a",
  "b",
  "1",
  ",",
  ";",
  "\t",
  '"',
  '"',
  "\r",
  "\n",
  "\r\n",
  " ",
  "\u00a0",
  "é",
  "\ufeff",
];
const text = fc
  .array(fc.constantFrom(...alphabet), { maxLength: 60 })
  .map((parts) => parts.join(""));
const dialect: fc.Arbitrary<CsvDialect> = fc.record({
  delimiter: fc.constantFrom(",", ";", "\t"),
  newline: fc.constantFrom("\r\n" as const, "\n" as const, "\r" as const),
});

function papa(input: string, { delimiter, newline }: CsvDialect) {
  const result = Papa.parse<string[]>(input, { delimiter, newline });
  const error = result.errors.find((e) => e.type === "Quotes");
  return { rows: result.data, error };
}

describe("parseCsv reads as papaparse does", () => {
  test("the same rows, or a quote error at the same row with the same message", () => {
    fc.assert(
      fc.property(text, dialect, (input, d) => {
        const ours = parseCsv(input, d);
        const theirs = papa(input, d);
        if (theirs.error) {
          expect(ours.ok).toBe(false);
          if (!ours.ok) {
            expect(ours.error.row).toBe(theirs.error.row);
            expect(ours.error.message).toBe(theirs.error.message);
          }
        } else {
          expect(ours.ok && ours.rows.toArrays()).toEqual(theirs.rows);
        }
      }),
      { numRuns: 5000 }
    );
  });

  test("rows of plain fields with a quoted field now and then (the line-by-line path)", () => {
    const field = fc.oneof(
      fc.constantFrom("", "a", "MPAN", "70-B3-D5-1F-30-00-A0-08"),
      fc.constantFrom('"x, y"', '"say ""hi"""', '"two\r\nlines"', '"a"  ')
    );
    const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(rows, fc.boolean(), (grid, trailing) => {
        const d: CsvDialect = { delimiter: ",", newline: "\r\n" };
        const input = grid.map((r) => r.join(",")).join("\r\n") + (trailing ? "\r\n" : "");
        const ours = parseCsv(input, d);
        const theirs = papa(input, d);
        if (theirs.error) expect(ours.ok).toBe(false);
        else expect(ours.ok && ours.rows.toArrays()).toEqual(theirs.rows);
      }),
      { numRuns: 2000 }
    );
  });
});

describe("parseCsv", () => {
  test("an unterminated quote names the row where it starts and the line of the text", () => {
    const result = parseCsv('MPAN,Ref\r\n1,"two\r\nlines"\r\n2,"open\r\n3,x\r\n', {
      delimiter: ",",
      newline: "\r\n",
    });
    expect(result).toEqual({
      ok: false,
      error: { row: 2, line: 4, message: "Quoted field unterminated" },
    });
  });

  test("a single-column text with a quoted line now and then", () => {
    const lines = Array.from({ length: 60_000 }, (_, i) =>
      i % 1000 === 0 ? `"q ${i}"` : `line ${i}`
    );
    const result = parseCsv(lines.join("\n"), { delimiter: ",", newline: "\n" });
    expect(result.ok && result.rows.length).toBe(60_000);
    expect(result.ok && result.rows.row(1000)).toEqual(["q 1000"]);
    expect(result.ok && result.rows.row(59_999)).toEqual(["line 59999"]);
  });

  test("a text without quotes is split on the delimiter and the line ending, fields kept as they are", () => {
    const read = (text: string, d: CsvDialect) => {
      const result = parseCsv(text, d);
      return result.ok ? result.rows.toArrays() : result.error;
    };
    expect(read("a;b ; c\n\n1;;", { delimiter: ";", newline: "\n" })).toEqual([
      ["a", "b ", " c"],
      [""],
      ["1", "", ""],
    ]);
    expect(read("", { delimiter: ",", newline: "\n" })).toEqual([]);
    expect(read("a\r\nb\rc\r\n", { delimiter: ",", newline: "\r\n" })).toEqual([
      ["a"],
      ["b\rc"],
      [""],
    ]);
  });
});

describe("a byte view (UTF-8 bytes one to a character)", () => {
  const text = fc
    .array(
      fc.constantFrom(
        "a",
        "1",
        ",",
        ";",
        "\t",
        "\r",
        "\n",
        "\r\n",
        " ",
        "£",
        "é",
        "\u00a0",
        "€",
        "𝄞",
        "日本"
      ),
      { maxLength: 80 }
    )
    .map((parts) => parts.join(""));

  function byteView(input: string): { view: string; utf8: Utf8View } {
    const bytes = Buffer.from(input, "utf8");
    const wide: number[] = [];
    bytes.forEach((byte, at) => {
      if (byte >= 0x80) wide.push(at);
    });
    const decode = (field: string) => Buffer.from(field, "latin1").toString("utf8");
    return { view: bytes.toString("latin1"), utf8: { wide: Int32Array.from(wide), decode } };
  }

  test("reads a quote-free text as the text itself reads, whole and sliced, row by row and cell by cell", () => {
    fc.assert(
      fc.property(text, dialect, fc.nat(), (input, d, cut) => {
        const expected = parseCsv(input, d);
        const { view, utf8 } = byteView(input);
        const ours = parseCsv(view, d, utf8);
        if (!expected.ok || !ours.ok) throw new Error("a quote-free text always reads");
        expect(ours.rows.toArrays()).toEqual(expected.rows.toArrays());
        const from = cut % (expected.rows.length + 1);
        const theirs = expected.rows.slice(from);
        const mine = ours.rows.slice(from);
        for (let i = 0; i < theirs.length; i++) {
          const width = theirs.row(i).length;
          for (let c = 0; c <= width; c++) expect(mine.cell(i, c)).toBe(theirs.cell(i, c));
        }
      }),
      { numRuns: 3000 }
    );
  });

  test("is refused for a text with quotes (papaparse's blanks after a quote include a byte of other characters)", () => {
    const { view, utf8 } = byteView('"a"\u00a0,b');
    expect(() => parseCsv(view, { delimiter: ",", newline: "\n" }, utf8)).toThrow(/quotes/);
  });
});

describe("decodeUtf8", () => {
  test("reads any UTF-8 as Buffer.toString does, whatever the stretch length", () => {
    const text = fc
      .array(fc.constantFrom("a", "1", ",", "\r\n", "£", "é", "\u00a0", "€", "𝄞", "日本"), {
        maxLength: 80,
      })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (input, stretch) => {
        const bytes = Buffer.from(input, "utf8");
        expect(decodeUtf8(bytes, stretch)).toBe(input);
      }),
      { numRuns: 3000 }
    );
  });
});

describe("a CSV file read in blocks reads as the whole file does", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "mam-csv-blocks-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  interface Outcome {
    header?: unknown;
    rows?: unknown;
    error?: string;
  }
  const outcome = (file: string, block?: number): Outcome => {
    try {
      const { header, rows } = readCsvFile(file, undefined, block);
      return { header, rows: Array.from({ length: rows.length }, (_, i) => rows.row(i)) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { error: error.message.replace(/ \(or a quoted field there never ends\).*/, "") };
    }
  };

  test("the same rows (or the same error) for any block size, quoted line breaks across blocks included", () => {
    const field = fc.oneof(
      fc.constantFrom("", "a", "MPAN", "70-B3-D5-1F-30-00-A0-08", "£5", "é"),
      fc.constantFrom('"x, y"', '"say ""hi"""', '"two\r\nlines"', '"three\r\n\r\nlines"', '"open')
    );
    const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), {
      minLength: 1,
      maxLength: 30,
    });
    let n = 0;
    fc.assert(
      fc.property(rows, fc.integer({ min: 40, max: 200 }), fc.boolean(), (grid, block, bom) => {
        const text = (bom ? "\ufeff" : "") + grid.map((r) => r.join(",")).join("\r\n") + "\r\n";
        const file = path.join(dir, `f${n++}.csv`);
        writeFileSync(file, text);
        const whole = outcome(file);
        const blocks = outcome(file, block);
        if (blocks.error !== undefined && blocks.error.includes("is longer than")) return; // a row longer than 4 blocks
        expect(blocks).toEqual(whole);
      }),
      { numRuns: 400 }
    );
  });
});
