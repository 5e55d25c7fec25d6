/**
 * Property: `mam`'s own workbook reader (src/cli/xlsx/) hands the engine the same cells, with the
 * same values and types, as the exceljs streaming reader it replaced did, on workbooks exceljs
 * writes: text (with markup characters, blanks, emoji), rich text, numbers of every size, dates
 * (as serial numbers in the workbook's date system), booleans, error values, formulas with saved
 * results, hyperlinks, gaps between rows and cells, several sheets, shared strings or not.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { readWorkbook } from "../../src/cli/xlsx/readWorkbook";
import type { CellValue } from "../../src/domain/types";
import { rowArrays } from "./rowArrays";

const DAY_MS = 86_400_000;

/** The exceljs path's conversion, as src/cli/readInput.ts had it (the oracle). */
function fromExceljs(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (value instanceof Date) return 25569 + value.getTime() / DAY_MS;
  const v = value as Record<string, unknown>;
  if (typeof v.error === "string") return { error: v.error };
  if (Array.isArray(v.richText))
    return (v.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
  if ("formula" in v || "sharedFormula" in v) return fromExceljs(v.result);
  if (typeof v.text === "string") return v.text;
  return String(value);
}

async function readWithExceljs(file: string): Promise<Map<string, CellValue[][]>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    entries: "ignore",
  });
  const sheets = new Map<string, CellValue[][]>();
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as { name: string } & AsyncIterable<ExcelJS.Row>;
    const rows: CellValue[][] = [];
    for await (const row of ws) {
      while (rows.length < row.number - 1) rows.push([]);
      const raw = row.values as unknown[];
      const cells: CellValue[] = [];
      for (let i = 1; i < raw.length; i++)
        if (raw[i] !== undefined) cells[i - 1] = fromExceljs(raw[i]);
      rows.push(cells);
    }
    sheets.set(ws.name, rows);
  }
  return sheets;
}

/**
 * exceljs's streaming reader now and then stops reading the zip after the worksheets (about one
 * read in a thousand on a busy machine; the same file reads fine again), so it never reads
 * xl/workbook.xml and throws this TypeError. That is the oracle failing, not the reader under
 * test: the oracle reads again. Any other error of the oracle still fails the test.
 */
async function readWithExceljsAgainIfCut(file: string): Promise<Map<string, CellValue[][]>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readWithExceljs(file);
    } catch (error) {
      const cut = error instanceof TypeError && /reading 'sheets'/.test(error.message);
      if (!cut || attempt === 3) throw error;
    }
  }
}

const text = fc
  .array(fc.constantFrom("a", "Z", "0", " ", "&", "<", ">", '"', "'", "é", "€", "😀", "-", "\n"), {
    minLength: 1,
    maxLength: 12,
  })
  .map((p) => p.join(""));
const number = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e21, max: 1e21 }),
  fc.constantFrom(1312345678907, 1.28011001312346e20, 0.1, 1e-7, 43562)
);
const date = fc
  .integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2060, 0, 1) })
  .map((ms) => new Date(Math.round(ms / 60_000) * 60_000));
const cell: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 3, arbitrary: number },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: date },
  { weight: 1, arbitrary: fc.constantFrom("#N/A", "#VALUE!", "#REF!").map((error) => ({ error })) },
  {
    weight: 1,
    arbitrary: fc.array(text, { minLength: 1, maxLength: 3 }).map((runs) => ({
      richText: runs.map((t, i) => ({ text: t, font: { bold: i % 2 === 0 } })),
    })),
  },
  {
    weight: 1,
    // exceljs's reader drops a saved result of 0 (it hands over `{ formula }` alone), so the
    // oracle cannot judge that case: it has a test of its own below.
    arbitrary: fc
      .oneof(
        text,
        number.filter((n) => n !== 0)
      )
      .map((result) => ({ formula: "A1", result })),
  },
  { weight: 1, arbitrary: text.map((t) => ({ text: t, hyperlink: "https://example.org/" })) }
) as fc.Arbitrary<ExcelJS.CellValue>;

/** A sheet: sparse rows of sparse cells (row and column gaps). */
const sheet = fc.array(
  fc.tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.option(cell, { nil: null }), { maxLength: 8 })
  ),
  { maxLength: 8 }
);

const workbook = fc.record({
  sheets: fc.array(sheet, { minLength: 1, maxLength: 3 }),
  date1904: fc.boolean(),
  sharedStrings: fc.boolean(),
});

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "mam-reader-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a sheet holds as the engine sees it: trailing empty cells and rows do not count. */
function normalised(rows: readonly (readonly unknown[])[]): unknown[][] {
  const out = rows.map((row) => {
    const cells = Array.from({ length: row.length }, (_, i) =>
      row[i] === undefined ? null : row[i]
    );
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
  return out;
}

describe("the workbook reader hands over what the exceljs reader did", () => {
  test("same cells, same values, same types", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(workbook, async ({ sheets, date1904, sharedStrings }) => {
        const book = new ExcelJS.Workbook();
        book.properties.date1904 = date1904;
        sheets.forEach((rows, s) => {
          const ws = book.addWorksheet(`Sheet ${s + 1}`);
          let r = 0;
          for (const [gap, cells] of rows) {
            r += gap;
            cells.forEach((value, c) => {
              if (value === null) return;
              const target = ws.getCell(r, c + 1);
              target.value = value;
              if (value instanceof Date) target.numFmt = "dd/mm/yyyy";
            });
          }
        });
        const file = path.join(dir, `book-${n++}.xlsx`);
        writeFileSync(
          file,
          Buffer.from(await book.xlsx.writeBuffer({ useSharedStrings: sharedStrings }))
        );
        const expected = await readWithExceljsAgainIfCut(file);
        // Every sheet written is compared: an oracle that lost one must not pass unnoticed.
        expect([...expected.keys()]).toEqual(sheets.map((_, s) => `Sheet ${s + 1}`));
        for (const [name, rows] of expected) {
          const ours = await readWorkbook(file, { sheet: name });
          expect(normalised([ours.header, ...rowArrays(ours.rows)])).toEqual(normalised(rows));
          expect(ours.dateSystem).toBe(date1904 ? 1904 : 1900);
        }
      }),
      { numRuns: 60 }
    );
  });

  test("a formula whose saved result is 0 reads as 0, not as a formula with no result", async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("Sheet 1");
    ws.getCell(1, 1).value = "header";
    ws.getCell(2, 1).value = { formula: "B2", result: 0 } as ExcelJS.CellValue;
    ws.getCell(2, 2).value = { formula: "A2", result: -0 } as ExcelJS.CellValue;
    const file = path.join(dir, "formula-zero.xlsx");
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    const ours = await readWorkbook(file, { sheet: "Sheet 1" });
    expect(rowArrays(ours.rows)).toEqual([[0, 0]]);
    expect(ours.uncalculated).toEqual([]);
  });
});
