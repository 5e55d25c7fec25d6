/**
 * Property: the reader's fast paths (a plain cell `<c r="B2" t="s"><v>1</v></c>`, a plain
 * shared-string entry `<si><t>x</t></si>`, read whole) give exactly what reading the same XML tag
 * by tag gives (the path the saxes and exceljs property tests hold to), on sheets mixing plain
 * cells with every form that must fall back: other attribute orders, single quotes, blanks around
 * `=`, entities, prefixes (`x:c`), comments and CDATA in values, formulas, inline strings, numbers
 * that are not digits, values that are not numbers, shared strings that do not exist. Errors too
 * must be the same.
 */
import fc from "fast-check";
import { SharedStrings } from "../../src/cli/xlsx/sharedStrings";
import { SheetRowsHandler } from "../../src/cli/xlsx/sheetRows";
import { SharedStringsReader } from "../../src/cli/xlsx/workbookParts";
import { XmlScanner } from "../../src/cli/xlsx/xmlScanner";
import { rowArrays } from "./rowArrays";

const columns = ["A", "B", "C", "AB"];

/** One cell's XML at `ref`, in one of many forms (plain or not). */
const cellXml = (ref: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat({ max: 6 }).map((i) => `<c r="${ref}" s="1" t="s"><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c t="s" r="${ref}"><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c r='${ref}' t='s'><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c r = "${ref}" t= "s"><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c\nr="${ref}"\tt="s"><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<x:c r="${ref}" t="s"><x:v>${i}</x:v></x:c>`),
    fc.nat({ max: 6 }).map((i) => `<c r="${ref}" t="s"><v>&#${48 + i};</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c r="${ref}" t="s"><v>0<!-- x -->${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c r="${ref}" t="s"><v><![CDATA[${i}]]></v></c>`),
    fc
      .nat({ max: 6 })
      .map(
        (i) =>
          `<c r="${ref.slice(0, -1)}&#${ref.charCodeAt(ref.length - 1)};" t="s"><v>${i}</v></c>`
      ),
    fc
      .constantFrom("7", "43749", "007", "1.5", "-3", "1e3", " 12 ", "abc", "", "99999999999999999")
      .map((v) => `<c r="${ref}" s="2"><v>${v}</v></c>`),
    fc.constantFrom("1", "0", "true").map((v) => `<c r="${ref}" t="b"><v>${v}</v></c>`),
    fc.constantFrom("#N/A", "#REF!").map((v) => `<c r="${ref}" t="e"><v>${v}</v></c>`),
    fc.constantFrom("12", "x &amp; y").map((v) => `<c r="${ref}" t="str"><v>${v}</v></c>`),
    fc
      .constantFrom("2021-01-13", "2021-01-13T18:00")
      .map((v) => `<c r="${ref}" t="d"><v>${v}</v></c>`),
    fc.constant(`<c r="${ref}" t="inlineStr"><is><t>INST-</t><r><t>0004</t></r></is></c>`),
    fc.constant(`<c r="${ref}"><f>A1*2</f><v>4</v></c>`),
    fc.constant(`<c r="${ref}"><f>A1*2</f></c>`),
    fc.constant(`<c r="${ref}" s="3"/>`),
    fc.nat({ max: 6 }).map((i) => `<c t="s"><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c r="${ref.toLowerCase()}" t="s"><v>${i}</v></c>`),
    fc.nat({ max: 6 }).map((i) => `<c r="${ref}" t="s" cm="1"><v>${i}</v></c>`)
  );

const rowXml = (r: number): fc.Arbitrary<string> =>
  fc
    .subarray(columns, { minLength: 0 })
    .chain((cols) => fc.tuple(...cols.map((c) => cellXml(`${c}${r}`))))
    .chain((cells) =>
      fc.constantFrom(
        `<row r="${r}" spans="1:4">${cells.join("")}</row>`,
        `<x:row r='${r}'>${cells.join("")}</x:row>`
      )
    );

const sheetXml = fc
  .uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 5 })
  .map((rows) => rows.sort((a, b) => a - b))
  .chain((rows) => fc.tuple(...rows.map(rowXml)))
  .map(
    (rows) =>
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`
  );

/** The same handler, or one with its fast path hidden (read tag by tag). */
function withoutFastPath<T extends object>(handler: T, hook: "cell" | "item"): T {
  Object.defineProperty(handler, hook, { value: undefined });
  return handler;
}

/** Text cut into chunks at the given places. */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

function scan(handler: object, chunks: readonly string[]): unknown {
  try {
    const scanner = new XmlScanner(handler as ConstructorParameters<typeof XmlScanner>[0]);
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
    return "read";
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

const SHARED = ["MPAN", "x", "", "70-B3-D5-1F-30-00-A0-08", "Active", "é€"];

function readSheet(xml: string, chunks: readonly string[], fast: boolean) {
  const shared = new SharedStrings();
  for (const s of SHARED) shared.add(s, 0, s.length);
  const handler = new SheetRowsHandler(shared, false);
  const outcome = scan(fast ? handler : withoutFastPath(handler, "cell"), chunks);
  if (outcome !== "read") return outcome;
  return { rows: rowArrays(handler.cells.rowsFrom(0)), uncalculated: handler.uncalculated };
}

describe("the reader's fast paths read as the tags do", () => {
  test("sheet cells, plain or not, in any chunks", () => {
    let fastCells = 0;
    fc.assert(
      fc.property(sheetXml, fc.array(fc.nat(), { maxLength: 4 }), (xml, at) => {
        const chunks = cut(xml, at);
        expect(readSheet(xml, chunks, true)).toEqual(readSheet(xml, [xml], false));
        if (xml.includes('" s="1" t="s"><v>')) fastCells++;
      }),
      { numRuns: 600 }
    );
    expect(fastCells).toBeGreaterThan(50);
  });

  test("shared-string entries, plain or not, in any chunks", () => {
    const entry = fc.oneof(
      fc.constantFrom("a", "MPAN", "", "é€😀", "x > y").map((t) => `<si><t>${t}</t></si>`),
      fc.constant("<si><t>a &amp; b</t></si>"),
      fc.constant('<si><t xml:space="preserve"> lead</t></si>'),
      fc.constant("<si><r><t>INST-</t></r><r><t>0004</t></r><rPh><t>x</t></rPh></si>"),
      fc.constant("<si><t/></si>"),
      fc.constant("<si><t>a<!-- c -->b</t></si>"),
      fc.constant("<x:si><x:t>p</x:t></x:si>")
    );
    const sst = fc
      .array(entry, { maxLength: 8 })
      .map((items) => `<sst count="${items.length}">${items.join("")}</sst>`);
    const read = (chunks: readonly string[], fast: boolean) => {
      const reader = new SharedStringsReader();
      const outcome = scan(fast ? reader : withoutFastPath(reader, "item"), chunks);
      const { strings } = reader;
      return outcome !== "read"
        ? outcome
        : Array.from({ length: strings.length }, (_, i) => strings.get(i));
    };
    fc.assert(
      fc.property(sst, fc.array(fc.nat(), { maxLength: 4 }), (xml, at) => {
        expect(read(cut(xml, at), true)).toEqual(read([xml], false));
      }),
      { numRuns: 600 }
    );
  });

  test("plain cells and entries are read whole, by the fast paths", () => {
    const xml =
      '<worksheet><sheetData><row r="2"><c r="B2" s="1" t="s"><v>3</v></c><c r="L2" s="2"><v>43749</v></c></row></sheetData></worksheet>';
    const shared = new SharedStrings();
    for (const s of SHARED) shared.add(s, 0, s.length);
    const handler = new SheetRowsHandler(shared, false);
    const cell = jest.spyOn(handler, "cell");
    expect(scan(handler, [xml])).toBe("read");
    expect(cell).toHaveBeenCalledTimes(2);
    expect(rowArrays(handler.cells.rowsFrom(0))).toEqual([
      [],
      [undefined, "70-B3-D5-1F-30-00-A0-08", ...new Array<undefined>(9), 43749],
    ]);

    const reader = new SharedStringsReader();
    const item = jest.spyOn(reader, "item");
    expect(scan(reader, ["<sst><si><t>MPAN</t></si><si><t>x</t></si></sst>"])).toBe("read");
    expect(item).toHaveBeenCalledTimes(2);
    expect([reader.strings.get(0), reader.strings.get(1)]).toEqual(["MPAN", "x"]);
  });

  test("a cell is named by its `r` as written when that is not its plain address", () => {
    const cells = ["B2", "AB2", "XFD2"].map((r) => `<c r="${r}"><f>A1</f></c>`).join("");
    const sheet = (body: string) =>
      `<worksheet><sheetData><row r="2">${body}</row></sheetData></worksheet>`;
    expect(readSheet(sheet(cells), [sheet(cells)], true)).toMatchObject({
      uncalculated: ["B2", "AB2", "XFD2"],
    });
    for (const r of ["b2", "B02", "B9"]) {
      const xml = sheet(`<c r="${r}"><f>A1</f></c>`);
      expect(readSheet(xml, [xml], true)).toMatchObject({ uncalculated: [r] });
    }
  });

  test("a shared string that does not exist, and a number that is not one: the same errors", () => {
    const bad = (cell: string) =>
      `<worksheet><sheetData><row r="1">${cell}</row></sheetData></worksheet>`;
    for (const xml of [bad('<c r="A1" t="s"><v>6</v></c>'), bad('<c r="A1"><v>1x</v></c>')]) {
      const fast = readSheet(xml, [xml], true);
      expect(fast).toMatchObject({ error: "CellFormatError" });
      expect(fast).toEqual(readSheet(xml, [xml], false));
    }
  });
});
