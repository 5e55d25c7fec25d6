/**
 * Cell values as Excel hands them over: text, numbers (digit strings and date serials), booleans,
 * error values, stray and non-breaking spaces, and the dates people type.
 */
import fc from "fast-check";
import { excelErrorOf, isBlank, sameCellValue } from "../../src/domain/cellValue";
import { dateFromSerial, dateFromText, serialFromIso } from "../../src/domain/dates";
import { MamEngine } from "../../src/domain/engine";
import { check, expectClean, expectExactly, row, SUBMITTER } from "./support";

/** The exported value of one column of the first row. */
function exported(engine: MamEngine, column: number): string {
  return engine.exportRows()[0].values[column];
}

describe("numbers", () => {
  test("a 13-digit MPAN as a number is fine", () => {
    const engine = check([row({ mpan: 1312345678907 })]);
    expectClean(engine);
    expect(exported(engine, 0)).toBe("1312345678907");
  });

  test("a 21-digit MPAN as a number lost digits: MAM-191, shown as Excel shows it", () => {
    const engine = check([row({ mpan: 1.8011001312345679e20 })]);
    expectExactly(engine, [
      {
        code: "MAM-191",
        cell: "A2",
        severity: "error",
        message: ["MPAN 1.8011E+20 was changed by Excel", "kept only its first 15 digits"],
      },
    ]);
    expect(exported(engine, 0)).toBe("");
  });

  test("an MPAN number with a fraction is MAM-101", () => {
    expectExactly(check([row({ mpan: 1312345678907.5 })]), [
      { code: "MAM-101", cell: "A2", severity: "error", message: ["it is not a whole number"] },
    ]);
  });

  test("an MPRN as a number is fine when it has all its digits", () => {
    const engine = check([row({ mprn: 3938424403 })]);
    expectClean(engine);
    expect(exported(engine, 1)).toBe("3938424403");
  });

  test("an MPRN number that lost its leading zero: MAM-191 naming the original", () => {
    // 012310 is a valid 6-digit MPRN (check digits 10); Excel keeps 12310.
    expectExactly(check([row({ mprn: 12310 })]), [
      {
        code: "MAM-191",
        cell: "B2",
        severity: "error",
        message: ["MPRN 12310 was changed by Excel", "dropped the leading zero of 012310"],
      },
    ]);
    // Two zeros dropped: 001204.
    expectExactly(check([row({ mprn: 1204 })]), [
      { code: "MAM-191", cell: "B2", severity: "error", message: ["001204"] },
    ]);
  });

  test("a short number that no zero padding makes valid is MAM-111, not MAM-191", () => {
    expectExactly(check([row({ mprn: 12345 })]), [
      { code: "MAM-111", cell: "B2", severity: "error", message: ["it has 5 digits"] },
    ]);
  });

  test("device IDs as numbers were mangled (MAM-191)", () => {
    expectExactly(check([row({ chfId: 1234 })]), [
      {
        code: "MAM-191",
        cell: "E2",
        severity: "error",
        message: ["CHF ID 1234 was changed by Excel", "dropping any leading zeros"],
      },
    ]);
    expectExactly(check([row({ esmeId: 7.0e15 })]), [
      { code: "MAM-191", cell: "C2", severity: "error", message: ["7E+15", "scientific notation"] },
    ]);
  });

  test("an SMSO ID number that lost leading zeros is MAM-191; a 4-digit one is fine", () => {
    expectExactly(check([row({ smsoId: 12 })]), [
      { code: "MAM-191", cell: "J2", severity: "error", message: ["was it 0012?"] },
    ]);
    const engine = check([row({ smsoId: 1234 })]);
    expectClean(engine);
    expect(exported(engine, 9)).toBe("1234");
  });

  test("a Supplier Reference number is exported as its digits; past 15 digits it is MAM-191", () => {
    const engine = check([row({ supplierReference: 12345 })]);
    expectClean(engine);
    expect(exported(engine, 12)).toBe("12345");
    expectExactly(check([row({ supplierReference: 1e16 })]), [
      { code: "MAM-191", cell: "M2", severity: "error", message: ["1E+16"] },
    ]);
  });

  test("a number in Group ID or Meter Status is simply malformed", () => {
    expectExactly(check([row({ groupId: 12 })]), [
      { code: "MAM-141", cell: "I2", severity: "error", message: ['"12"'] },
    ]);
    expectExactly(check([row({ meterStatus: 1 })]), [
      { code: "MAM-161", cell: "K2", severity: "error", message: ['"1"'] },
    ]);
  });
});

describe("booleans", () => {
  test("TRUE/FALSE are shown as Excel shows them and rejected by the column's own rule", () => {
    expectExactly(check([row({ mpan: true })]), [
      { code: "MAM-101", cell: "A2", severity: "error", message: ['MPAN "TRUE"'] },
    ]);
    expectExactly(check([row({ meterStatus: false })]), [
      { code: "MAM-161", cell: "K2", severity: "error", message: ['"FALSE"'] },
    ]);
    expectExactly(check([row({ authorisationDate: true })]), [
      { code: "MAM-171", cell: "L2", severity: "error", message: ['"TRUE"'] },
    ]);
  });

  test("FALSE is a value, not a blank cell", () => {
    expect(isBlank(false)).toBe(false);
    expectExactly(check([row({ ppmidId: false })]), [
      { code: "MAM-121", cell: "F2", severity: "error" },
    ]);
  });
});

describe("Excel error values", () => {
  test.each([
    ["an error object", { error: "#N/A" }, "#N/A"],
    ["the text #N/A", "#N/A", "#N/A"],
    ["the text #n/a in lower case", "#n/a", "#N/A"],
    ["#VALUE!", { error: "#VALUE!" }, "#VALUE!"],
    ["the text #REF! with a trailing space", "#REF! ", "#REF!"],
    ["the text #N/A between no-break spaces", "\u00a0#N/A\u00a0", "#N/A"],
    ["the text #DIV/0! after a space", " #DIV/0!", "#DIV/0!"],
  ])("%s is MAM-192", (_what, value, shown) => {
    expect(excelErrorOf(value)).toBe(shown);
    expectExactly(check([row({ mpan: value })]), [
      {
        code: "MAM-192",
        cell: "A2",
        severity: "error",
        message: [`MPAN holds the Excel error ${shown}`],
      },
    ]);
  });

  test("an error value in every kind of column is MAM-192 on its own cell", () => {
    const err = { error: "#N/A" };
    const engine = check([
      row({ chfId: err, importSupplierEuid: err, authorisationDate: err, supplierReference: err }),
    ]);
    expectExactly(engine, [
      { code: "MAM-192", cell: "E2", severity: "error" },
      { code: "MAM-192", cell: "G2", severity: "error" },
      { code: "MAM-192", cell: "L2", severity: "error" },
      { code: "MAM-192", cell: "M2", severity: "error" },
    ]);
  });

  test("an error literal with stray spaces in free text is not exported as a reference", () => {
    expectExactly(check([row({ supplierReference: " #N/A" })]), [
      {
        code: "MAM-192",
        cell: "M2",
        severity: "error",
        message: ["Supplier Reference holds the Excel error #N/A"],
      },
    ]);
  });

  test("text that merely starts with # is not an error value", () => {
    expect(excelErrorOf("#hashtag")).toBeNull();
    const engine = check([row({ supplierReference: "#hashtag" })]);
    expectClean(engine);
    expect(exported(engine, 12)).toBe("#hashtag");
  });
});

describe("dates", () => {
  test("serial 44197 is 2021-01-01 in the 1900 system", () => {
    const engine = check([row({ authorisationDate: 44197 })]);
    expectClean(engine);
    expect(exported(engine, 11)).toBe("2021-01-01");
  });

  test("the same date is serial 42735 in the 1904 system", () => {
    const engine = check([row({ authorisationDate: 42735 })], {
      submitter: SUBMITTER,
      dateSystem: 1904,
    });
    expectClean(engine);
    expect(exported(engine, 11)).toBe("2021-01-01");
    // The same serial read in the wrong system is a different day: the setting matters.
    expect(exported(check([row({ authorisationDate: 42735 })]), 11)).toBe("2016-12-31");
    expect(
      exported(
        check([row({ authorisationDate: 44197 })], { submitter: SUBMITTER, dateSystem: 1904 }),
        11
      )
    ).toBe("2025-01-02");
  });

  test("serial 60, Excel's fictional 1900-02-29, is rejected", () => {
    expectExactly(check([row({ authorisationDate: 60 })]), [
      {
        code: "MAM-171",
        cell: "L2",
        severity: "error",
        message: ['"60" is not a real date', "29 February 1900"],
      },
    ]);
    expect(dateFromSerial(59, 1900)).toEqual({ ok: true, iso: "1900-02-28" });
    expect(dateFromSerial(61, 1900)).toEqual({ ok: true, iso: "1900-03-01" });
    expect(dateFromSerial(1, 1900)).toEqual({ ok: true, iso: "1900-01-01" });
    // 1904-02-29 did exist: serial 59 of the 1904 system.
    expect(dateFromSerial(59, 1904)).toEqual({ ok: true, iso: "1904-02-29" });
  });

  test("serials before each system's start are rejected", () => {
    expectExactly(check([row({ authorisationDate: 0 })]), [
      { code: "MAM-171", cell: "L2", severity: "error", message: ["before 1900-01-01"] },
    ]);
    expect(dateFromSerial(0, 1904)).toEqual({ ok: true, iso: "1904-01-01" });
    expectExactly(
      check([row({ authorisationDate: -1 })], { submitter: SUBMITTER, dateSystem: 1904 }),
      [{ code: "MAM-171", cell: "L2", severity: "error", message: ["before 1904-01-01"] }]
    );
  });

  test("serials past 9999-12-31 are rejected in both systems", () => {
    expect(dateFromSerial(2_958_465, 1900)).toEqual({ ok: true, iso: "9999-12-31" });
    expect(dateFromSerial(2_957_003, 1904)).toEqual({ ok: true, iso: "9999-12-31" });
    expectExactly(check([row({ authorisationDate: 2_958_466 })]), [
      { code: "MAM-171", cell: "L2", severity: "error", message: ["beyond the year 9999"] },
    ]);
    expectExactly(
      check([row({ authorisationDate: 2_958_465 })], { submitter: SUBMITTER, dateSystem: 1904 }),
      [{ code: "MAM-171", cell: "L2", severity: "error", message: ["beyond the year 9999"] }]
    );
  });

  test("a time of day in a serial is ignored", () => {
    expect(exported(check([row({ authorisationDate: 44197.99 })]), 11)).toBe("2021-01-01");
  });

  test("serials and ISO dates convert both ways in both systems (serial 60 aside)", () => {
    fc.assert(
      // Excel's last day, 9999-12-31, is serial 2958465 (1900 system) or 2957003 (1904 system).
      fc.property(
        fc.integer({ min: 1, max: 2_958_465 }),
        fc.constantFrom(1900 as const, 1904 as const),
        (serial, system) => {
          fc.pre(!(system === 1900 && serial === 60) && !(system === 1904 && serial > 2_957_003));
          const parsed = dateFromSerial(serial, system);
          if (!parsed.ok) return false;
          return (
            serialFromIso(parsed.iso, system) === serial && /^\d{4}-\d{2}-\d{2}$/.test(parsed.iso)
          );
        }
      ),
      { numRuns: 2000 }
    );
  });

  test("the two systems are 1462 days apart", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1462, max: 2_958_465 }), (serial1900) => {
        const a = dateFromSerial(serial1900, 1900);
        const b = dateFromSerial(serial1900 - 1462, 1904);
        return a.ok && b.ok && a.iso === b.iso;
      }),
      { numRuns: 500 }
    );
  });

  test("a UK date DD/MM/YYYY is MAM-190 with its ISO fix", () => {
    const engine = check([row({ authorisationDate: "07/04/2019" })]);
    expectExactly(engine, [
      {
        code: "MAM-190",
        cell: "L2",
        severity: "info",
        message: ['"07/04/2019" will be exported as 2019-04-07', "UK date written as ISO"],
        fixValue: "2019-04-07",
      },
    ]);
    expect(exported(engine, 11)).toBe("2019-04-07");
    expect(dateFromText("1/2/2021")).toEqual({
      ok: true,
      iso: "2021-02-01",
      note: "UK date written as ISO",
    });
  });

  test("31/02/2021 is MAM-171", () => {
    expectExactly(check([row({ authorisationDate: "31/02/2021" })]), [
      {
        code: "MAM-171",
        cell: "L2",
        severity: "error",
        message: ['"31/02/2021" is not a real date', "no day 31 in month 02 of 2021"],
      },
    ]);
  });

  test("a two-digit year and a US-only date are MAM-171; a time of day is dropped, saying so", () => {
    expectExactly(check([row({ authorisationDate: "07/04/19" })]), [
      { code: "MAM-171", cell: "L2", severity: "error", message: ["two-digit year"] },
    ]);
    expectExactly(check([row({ authorisationDate: "04/13/2021" })]), [
      { code: "MAM-171", cell: "L2", severity: "error" },
    ]);
    // As a serial number's time of day is (issue 10): the date, and an info that the time goes.
    expectExactly(check([row({ authorisationDate: "2021-01-01 13:00" })]), [
      {
        code: "MAM-190",
        cell: "L2",
        severity: "info",
        message: ["time of day, 13:00, is dropped on export"],
        fixValue: "2021-01-01",
      },
    ]);
  });

  test("an ISO date with a midnight time is normalised", () => {
    expectExactly(check([row({ authorisationDate: "2021-01-01T00:00:00" })]), [
      {
        code: "MAM-190",
        cell: "L2",
        severity: "info",
        message: ["midnight time dropped"],
        fixValue: "2021-01-01",
      },
    ]);
  });
});

describe("spaces", () => {
  test.each([
    [
      "leading and trailing spaces in an MPAN",
      "mpan",
      "A2",
      " 1312345678907 ",
      "1312345678907",
      "spaces removed",
    ],
    [
      "non-breaking spaces around an MPAN",
      "mpan",
      "A2",
      "\u00a01312345678907\u00a0",
      "1312345678907",
      "non-breaking spaces removed",
    ],
    [
      "a zero-width space after an MPRN",
      "mprn",
      "B2",
      "3938424403\u200b",
      "3938424403",
      "invisible characters removed",
    ],
    ["spaces around a Group ID", "groupId", "I2", " AA ", "AA", "spaces removed"],
    ["a tab after the SMSO ID", "smsoId", "J2", "AB12\t", "AB12", "spaces removed"],
    [
      "meter status in lower case with a space",
      "meterStatus",
      "K2",
      "active ",
      "Active",
      "written as Active",
    ],
    [
      "meter status DORMANT (with NONE)",
      "meterStatus",
      "K2",
      "DORMANT",
      "Dormant",
      "written as Dormant",
    ],
    [
      "a no-break space before a device ID",
      "chfId",
      "E2",
      "\u00a000-0D-6F-00-00-00-00-AB",
      "00-0D-6F-00-00-00-00-AB",
      "non-breaking spaces removed",
    ],
    [
      "spaces around the Supplier Reference",
      "supplierReference",
      "M2",
      "  REF-1  ",
      "REF-1",
      "spaces removed",
    ],
  ] as const)("%s is MAM-190 with a fixValue", (_what, key, at, value, canonical, detail) => {
    const overrides =
      key === "meterStatus" && canonical === "Dormant"
        ? { [key]: value, smsoId: "NONE" }
        : { [key]: value };
    const engine = check([row(overrides)]);
    expectExactly(engine, [
      {
        code: "MAM-190",
        cell: at,
        severity: "info",
        message: [`will be exported as ${canonical}`, detail],
        fixValue: canonical,
      },
    ]);
    // Writing the fix back leaves nothing to say.
    expectClean(check([row({ ...overrides, [key]: canonical })]));
  });

  test("a cell of spaces only (or a no-break space) is blank", () => {
    for (const blank of ["   ", "\u00a0", "\t", "", null, undefined]) {
      expect(isBlank(blank)).toBe(true);
      expectExactly(check([row({ groupId: blank })]), [
        { code: "MAM-002", cell: "I2", severity: "error", message: ["Group ID is empty"] },
      ]);
    }
  });

  test("spaces inside free text are kept", () => {
    const engine = check([row({ supplierReference: "job  42\u00a0b" })]);
    expectClean(engine);
    expect(exported(engine, 12)).toBe("job  42\u00a0b");
  });
});

describe("sameCellValue (a write goes ahead only while the cell still shows what was read)", () => {
  test("empty is empty however it comes; an error value equals its literal", () => {
    expect(sameCellValue(null, "")).toBe(true);
    expect(sameCellValue(undefined, null)).toBe(true);
    expect(sameCellValue({ error: "#N/A" }, "#N/A")).toBe(true);
    expect(sameCellValue(12, "12")).toBe(false);
  });

  test("a formula with no result equals only the same formula, never its text or an empty cell", () => {
    expect(sameCellValue({ formula: "A1+1" }, { formula: "A1+1" })).toBe(true);
    expect(sameCellValue({ formula: "A1+1" }, { formula: "A1+2" })).toBe(false);
    expect(sameCellValue({ formula: "A1+1" }, "=A1+1")).toBe(false);
    expect(sameCellValue("=A1+1", { formula: "A1+1" })).toBe(false);
    expect(sameCellValue({ formula: "A1+1" }, null)).toBe(false);
  });
});
