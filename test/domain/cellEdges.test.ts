/**
 * The domain items of issue 10, each with the input that once went wrong: Excel's scientific
 * notation in its own shape only, an exact header outranking an alias, a time of day told (not cut),
 * "before 1900", characters counted as people count them, no NaN ever, short messages for huge
 * cells, and formulas whose result was never calculated.
 */
import fc from "fast-check";
import { clipText, looksScientific, QUOTE_LIMIT } from "../../src/domain/cellValue";
import { checkSheet, type MamEngine } from "../../src/domain/engine";
import { buildMaFile } from "../../src/domain/exportFile";
import type { CellValue, Finding } from "../../src/domain/types";
import {
  brief,
  check,
  COL,
  expectClean,
  expectExactly,
  HEADER,
  KEYS,
  PINNED_TODAY,
  row,
  SUBMITTER,
  type Key,
} from "./support";

const AT = new Date(`${PINNED_TODAY}T12:00:00Z`);

function exportedDate(engine: MamEngine): string {
  return engine.exportRows()[0].values[KEYS.indexOf("authorisationDate")];
}

describe("Excel's scientific notation has one shape: d.dddddE+NN", () => {
  test("looksScientific takes Excel's shape and nothing else", () => {
    for (const text of ["1.31235E+12", "1E+15", "-2.5E-07", "9.99999E+307", "1.2E+05"])
      expect([text, looksScientific(text)]).toEqual([text, true]);
    for (const text of [
      "523304368888178E3",
      "12E+12",
      "1.2E5",
      "1.2e+12",
      "E+12",
      "1.E+12",
      "1.2E+1",
    ])
      expect([text, looksScientific(text)]).toEqual([text, false]);
  });

  test("EUID 523304368888178E3 is not a DCC User ID (MAM-131), not Excel's damage", () => {
    expectExactly(check([row({ importSupplierEuid: "523304368888178E3" })]), [
      {
        code: "MAM-131",
        cell: "G2",
        severity: "error",
        message: ['"523304368888178E3" is not a DCC User ID'],
      },
    ]);
  });

  test("an MPAN as Excel writes it to CSV (1.31235E+12) is still MAM-191", () => {
    expectExactly(check([row({ mpan: "1.31235E+12" })]), [
      { code: "MAM-191", cell: "A2", severity: "error", message: ["scientific notation"] },
    ]);
  });
});

describe("an exact header outranks an alias", () => {
  test("the profile's headers plus the supplier's own Status and Date columns: MAM-004, not MAM-005", () => {
    const header = [...HEADER, "Status", "Date"];
    const engine = checkSheet(
      header,
      [[...row(), "pending", "yesterday"]],
      { submitter: SUBMITTER, today: PINNED_TODAY },
      undefined,
      { strictRules: true }
    );
    expectExactly(engine, [
      {
        code: "MAM-004",
        cell: "N1",
        severity: "info",
        message: [
          'Column "Status" is not part of the v06a profile',
          "Meter Status is read from K1",
        ],
      },
      {
        code: "MAM-004",
        cell: "O1",
        severity: "info",
        message: ['Column "Date"', "Authorisation Date is read from L1"],
      },
    ]);
    expect(engine.columnMap.usable).toBe(true);
    expect(engine.exportRows()[0].values).toEqual(check([row()]).exportRows()[0].values);
  });

  test("an alias alone still names its column; two aliases and no exact header are MAM-005", () => {
    const alone = HEADER.map((h) => (h === "Meter Status" ? "Status" : h));
    expectClean(checkSheet(alone, [row()], { submitter: SUBMITTER, today: PINNED_TODAY }));
    const two = [...alone, "Installation Status"];
    expectExactly(checkSheet(two, [[...row(), "Active"]], { submitter: SUBMITTER }), [
      { code: "MAM-005", cell: "N1", severity: "error", message: ["(K1, N1)"] },
    ]);
  });
});

describe("a time of day is dropped on export, saying so, whether a serial number or text", () => {
  test.each([
    ["serial 44209.75", 44209.75],
    ["text 2021-01-13T18:00", "2021-01-13T18:00"],
    ["text 2021-01-13 18:00:00", "2021-01-13 18:00:00"],
  ])("%s: exported as 2021-01-13 with an info MAM-190, fixable to the date", (_what, value) => {
    const engine = check([row({ authorisationDate: value })]);
    const [f] = expectExactly(engine, [
      {
        code: "MAM-190",
        cell: "L2",
        severity: "info",
        message: ["will be exported as 2021-01-13", "its time of day, 18:00, is dropped on export"],
        fixValue: "2021-01-13",
      },
    ]);
    expect(exportedDate(engine)).toBe("2021-01-13");
    // The fix written back leaves nothing to tell.
    expectClean(check([row({ authorisationDate: f.fixValue })]));
  });

  test("a time with seconds is shown with them; a time of day that does not exist is MAM-171", () => {
    const seconds = check([row({ authorisationDate: 44209 + (18 * 3600 + 30) / 86400 })]);
    expect(seconds.findings()[0].message).toContain("18:00:30");
    expectExactly(check([row({ authorisationDate: "2021-01-13T25:00" })]), [
      { code: "MAM-171", cell: "L2", severity: "error", message: ["25:00 is no time of day"] },
    ]);
  });

  test("a whole serial number is a date with nothing to tell", () => {
    expectClean(check([row({ authorisationDate: 44209 })]));
  });
});

describe("dates before 1900", () => {
  test.each(["1899-12-31", "31/12/1899", "1899-12-31T00:00"])(
    "%s is MAM-171 saying it is before 1900",
    (text) => {
      expectExactly(check([row({ authorisationDate: text })]), [
        { code: "MAM-171", cell: "L2", severity: "error", message: ["before 1900"] },
      ]);
    }
  );

  test("a day that does not exist is still said so", () => {
    expectExactly(check([row({ authorisationDate: "2021-02-30" })]), [
      { code: "MAM-171", cell: "L2", severity: "error", message: ["there is no day 2021-02-30"] },
    ]);
  });
});

describe("Supplier Reference: characters as people count them; format characters are not printable", () => {
  const emoji = "\u{1F600}";

  test("21 emoji are 21 characters, within the limit of 40", () => {
    expectClean(check([row({ supplierReference: emoji.repeat(21) })]));
  });

  test("41 emoji are 41 characters, over the limit", () => {
    expectExactly(check([row({ supplierReference: emoji.repeat(41) })]), [
      {
        code: "MAM-181",
        cell: "M2",
        severity: "error",
        message: ["is 41 characters long; the limit is 40"],
      },
    ]);
  });

  test.each([
    ["a zero-width space", "REF\u200B42", 8203, 4],
    ["a zero-width joiner", "REF\u200D42", 8205, 4],
    ["a right-to-left mark", "\u200FREF42", 8207, 1],
    ["a soft hyphen", "REF\u00AD42", 173, 4],
    ["a lone surrogate", "REF\uD83D42", 0xd83d, 4],
    ["a format character beyond the BMP", `${emoji}\u{E0001}`, 0xe0001, 2],
  ])("%s is unprintable (MAM-181)", (_what, text, code, position) => {
    expectExactly(check([row({ supplierReference: text })]), [
      {
        code: "MAM-181",
        cell: "M2",
        severity: "error",
        message: [`unprintable character (code ${code}) at position ${position}`],
      },
    ]);
  });
});

describe("no NaN, ever", () => {
  test("an MPAN pasted into the date column (a number above 100,025,569) is MAM-171, not 0NaN-NaN-NaN", () => {
    for (const dateSystem of [1900, 1904] as const) {
      const engine = check([row({ authorisationDate: 1312345678907 })], {
        submitter: SUBMITTER,
        dateSystem,
      });
      expectExactly(engine, [
        {
          code: "MAM-171",
          cell: "L2",
          severity: "error",
          message: ["is not a real date", "another number, pasted into the date column"],
        },
      ]);
      expect(buildMaFile(engine, { submitter: SUBMITTER, at: AT }).ok).toBe(false);
      expect(JSON.stringify(engine.exportRows())).not.toContain("NaN");
    }
  });

  test("NaN or an infinity (no cell holds one: Excel shows #NUM!) is MAM-192 in any column", () => {
    for (const value of [NaN, Infinity, -Infinity])
      for (const key of ["supplierReference", "authorisationDate", "mpan"] as const)
        expectExactly(check([row({ [key]: value })]), [
          { code: "MAM-192", cell: `${COL[key]}2`, severity: "error", message: ["#NUM!"] },
        ]);
  });

  test("property: any number in any column gives no NaN in a finding or the MA file", () => {
    const anyNumber = fc.oneof(
      fc.double(),
      fc.integer({ min: -1e9, max: 1e10 }),
      fc.double({ min: 1e5, max: 1e13 }),
      fc.constantFrom(NaN, Infinity, -Infinity, -0, 2_958_465.5, 2_958_466, 100_025_570)
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS),
        anyNumber,
        fc.constantFrom(1900 as const, 1904 as const),
        (key: Key, value: number, dateSystem) => {
          const engine = check([row({ [key]: value })], { submitter: SUBMITTER, dateSystem });
          const findings = engine.findings();
          for (const f of findings)
            expect(`${f.message} ${f.hint} ${f.fixValue ?? ""}`).not.toMatch(/NaN|Infinity/);
          const file = buildMaFile(engine, { submitter: SUBMITTER, at: AT, acceptWarnings: true });
          if (file.ok) expect(file.content).not.toMatch(/NaN|Infinity/);
          for (const values of engine.exportRows().map((r) => r.values))
            expect(values[KEYS.indexOf("authorisationDate")]).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
        }
      ),
      { numRuns: 500 }
    );
  });
});

describe("a huge cell makes a short message", () => {
  const huge = "A".repeat(1_000_000);

  test("clipText keeps a short text whole and shortens a long one to its start and length", () => {
    expect(clipText("REF-1")).toBe("REF-1");
    expect(clipText(huge)).toBe(`${"A".repeat(QUOTE_LIMIT)}… (1,000,000 characters)`);
    // Never half a character: an emoji straddling the cut stays whole.
    const emoji = `${"x".repeat(QUOTE_LIMIT - 1)}${"\u{1F600}".repeat(40)}`;
    expect(clipText(emoji).startsWith(`${"x".repeat(QUOTE_LIMIT - 1)}\u{1F600}…`)).toBe(true);
  });

  test.each<[string, Key]>([
    ["Supplier Reference", "supplierReference"],
    ["MPAN", "mpan"],
    ["Import Supplier EUID", "importSupplierEuid"],
    ["Authorisation Date", "authorisationDate"],
  ])("a 1 MB %s: the finding quotes its start and length", (_name, key) => {
    const findings = check([row({ [key]: huge })]).findings();
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.message.length).toBeLessThan(300);
      expect(f.message).toContain("… (1,000,000 characters)");
    }
  });

  test("a 1 MB header cell: MAM-004 quotes it short", () => {
    const engine = checkSheet([...HEADER, huge], [], { submitter: SUBMITTER });
    const [f] = engine.findings();
    expect(f.code).toBe("MAM-004");
    expect(f.message.length).toBeLessThan(200);
    expect(f.column.length).toBeLessThan(100);
  });

  test("property: whatever the cells hold, every message stays short", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS),
        fc.string({ minLength: 0, maxLength: 3000, unit: "grapheme" }),
        (key: Key, text: string) => {
          for (const f of check([row({ [key]: text })]).findings())
            expect([f.code, f.message.length <= 400]).toEqual([f.code, true]);
        }
      ),
      { numRuns: 200 }
    );
  });
});

describe("a formula whose result was never calculated (MAM-193)", () => {
  const formula: CellValue = { formula: "VLOOKUP(A2,Suppliers!A:B,2,FALSE)" };

  test.each(KEYS.map((k) => [k] as const))("in %s: MAM-193 on its cell, never exported", (key) => {
    const engine = check([row({ [key]: formula })]);
    const own = engine.findings().filter((f: Finding) => f.cell === `${COL[key]}2`);
    expect(brief(own)).toEqual([`${COL[key]}2 MAM-193 error`]);
    expect(own[0].message).toContain("=VLOOKUP(A2,Suppliers!A:B,2,FALSE)");
    expect(own[0].hint).toContain("Open and save the workbook in Excel");
    expect(own[0].fixValue).toBeUndefined(); // nothing a Fix could write
    expect(engine.exportRows()[0].values[KEYS.indexOf(key)]).toBe("");
    expect(buildMaFile(engine, { submitter: SUBMITTER, at: AT, acceptWarnings: true }).ok).toBe(
      false
    );
  });

  test("a row holding only such a formula is a row to check, not an empty one", () => {
    const engine = check([KEYS.map((k) => (k === "supplierReference" ? formula : ""))]);
    expect(engine.rowCount).toBe(1);
    expect(brief(engine.findings())).toContain("M2 MAM-193 error");
  });

  test("replacing the formula with its value clears the finding", () => {
    const engine = check([row({ chfId: formula })]);
    const delta = engine.setCell(2, KEYS.indexOf("chfId"), row()[KEYS.indexOf("chfId")]);
    expect(brief(delta.removed)).toEqual(["E2 MAM-193 error"]);
    expect(engine.findings()).toEqual([]);
  });
});
