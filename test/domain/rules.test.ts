/**
 * Every rule of the v06a catalogue, through the engine: a valid and an invalid example per code,
 * asserting the exact code, cell and severity (and the key words of the message). The table has one
 * row per catalogue code, and the last test proves every code was produced by some example here.
 */
import { catalogue } from "../../src/domain/catalogue";
import { partyOf, parseDccUserId } from "../../src/domain/dccUserId";
import { checkSheet, type MamEngine } from "../../src/domain/engine";
import { isPlaceholderEui64, parseEui64 } from "../../src/domain/eui64";
import { isValidMpanCore, mpanCheckDigit, withMpanCheckDigit } from "../../src/domain/mpan";
import { isValidMprn, mprnCheckDigits } from "../../src/domain/mprn";
import type { CellValue } from "../../src/domain/types";
import {
  check,
  COL,
  deviceFor,
  expectClean,
  expectExactly,
  HEADER,
  KEYS,
  mpanFor,
  observedCodes,
  OTHER_PARTY,
  row,
  SUBMITTER,
  SUBMITTER_OTHER_EUID,
  validRecord,
  type Expected,
  type Key,
} from "./support";

/** The canonical header and a row without one column (the rest shift left). */
function without(
  key: Key,
  overrides: Partial<Record<Key, CellValue>> = {}
): { header: string[]; rows: CellValue[][] } {
  const i = KEYS.indexOf(key);
  const header = HEADER.filter((_, c) => c !== i);
  const values = row(overrides).filter((_, c) => c !== i);
  return { header, rows: [values] };
}

interface RuleCase {
  readonly code: string;
  /** What the example shows. */
  readonly what: string;
  readonly invalid: () => MamEngine;
  readonly expected: readonly Expected[];
  /** The nearest valid counterpart: a sheet with none of this code's findings. */
  readonly valid: () => MamEngine;
  /** What the valid counterpart still reports (default: nothing at all). */
  readonly validExpected?: readonly Expected[];
}

const dormantNone = { meterStatus: "Dormant", smsoId: "NONE" };

const cases: RuleCase[] = [
  {
    code: "MAM-001",
    what: "required column MPAN missing from the header (names the aliases tried)",
    invalid: () => {
      const s = without("mpan");
      return checkSheet(s.header, s.rows, { submitter: SUBMITTER });
    },
    expected: [
      {
        code: "MAM-001",
        cell: "1:1",
        severity: "error",
        message: [
          'no "MPAN" column',
          '"MPAN Core"',
          '"Electricity MPAN"',
          '"MPAN core (13 digits)"',
          '"Import MPAN"',
        ],
      },
    ],
    valid: () => {
      // An optional column (PPMID ID) may be left out of the header.
      const s = without("ppmidId");
      return checkSheet(s.header, s.rows, { submitter: SUBMITTER });
    },
  },
  {
    code: "MAM-002",
    what: "ESME ID empty on a row with an MPAN",
    invalid: () => check([row({ esmeId: "" })]),
    expected: [
      {
        code: "MAM-002",
        cell: "C2",
        severity: "error",
        message: ["ESME ID is empty", "because the row has an MPAN"],
      },
    ],
    valid: () => check([row({ esmeId: "", mpan: "", importSupplierEuid: "" })]),
  },
  {
    code: "MAM-003",
    what: "a row with neither MPAN nor MPRN, though its device and supplier cells suggest both fuels",
    // One MAM-003, not a MAM-002 on MPAN and another on MPRN.
    invalid: () => check([row({ mpan: "", mprn: "" })]),
    expected: [
      { code: "MAM-003", cell: "A2", severity: "error", message: ["neither an MPAN nor an MPRN"] },
    ],
    valid: () => check([row({ mprn: "", gsmeId: "", gasSupplierEuid: "" })]),
  },
  {
    code: "MAM-004",
    what: "a column outside the profile",
    invalid: () =>
      checkSheet([...HEADER, "Notes"], [[...row(), "anything"]], { submitter: SUBMITTER }),
    expected: [
      {
        code: "MAM-004",
        cell: "N1",
        severity: "info",
        message: ['Column "Notes" is not part of the v06a profile'],
      },
    ],
    valid: () => checkSheet([...HEADER], [row()], { submitter: SUBMITTER }),
  },
  {
    code: "MAM-005",
    what: "MPAN appears twice in the header (both exactly; an alias beside an exact one is MAM-004)",
    invalid: () =>
      checkSheet([...HEADER, "mpan"], [[...row(), "1312345678907"]], { submitter: SUBMITTER }),
    expected: [
      {
        code: "MAM-005",
        cell: "N1",
        severity: "error",
        message: ['"MPAN" appears more than once', "(A1, N1)"],
      },
    ],
    valid: () =>
      checkSheet([...HEADER.slice(1), "mpan core"], [[...row().slice(1), row()[0]]], {
        submitter: SUBMITTER,
      }),
  },
  {
    code: "MAM-006",
    what: "a Dormant Meter Migration Schedule Notification: one finding naming the template",
    invalid: () =>
      checkSheet(
        ["MPxN", "ESME ID", "GSME ID", "CHF ID", "Scheduled Migration Date"],
        [[mpanFor(1), deviceFor(1, 1), "", deviceFor(1, 3), "2021-03-01"]],
        { submitter: SUBMITTER }
      ),
    expected: [
      {
        code: "MAM-006",
        cell: "1:1",
        severity: "error",
        message: [
          "Dormant Meter Migration Schedule Notification template",
          '"MPxN", "Scheduled Migration Date"',
          "this tool checks MA workbooks",
        ],
      },
    ],
    // An MA sheet with an extra MPxN column is still an MA sheet: the column is unknown (MAM-004).
    valid: () => checkSheet([...HEADER, "MPxN"], [[...row(), "x"]], { submitter: SUBMITTER }),
    validExpected: [{ code: "MAM-004", cell: "N1", severity: "info" }],
  },
  {
    code: "MAM-101",
    what: "MPAN of 12 digits",
    invalid: () => check([row({ mpan: "131234567890" })]),
    expected: [
      {
        code: "MAM-101",
        cell: "A2",
        severity: "error",
        message: ['MPAN "131234567890"', "it has 12 digits"],
      },
    ],
    valid: () => check([row({ mpan: "1312345678907" })]),
  },
  {
    code: "MAM-102",
    what: "docs/domain.md's invalid check digit 1312345678901 (7 expected)",
    invalid: () => check([row({ mpan: "1312345678901" })]),
    expected: [
      {
        code: "MAM-102",
        cell: "A2",
        severity: "error",
        message: ["MPAN 1312345678901", "the last digit should be 7, not 1"],
      },
    ],
    valid: () => check([row({ mpan: "1312345678907" })]),
  },
  {
    code: "MAM-103",
    what: "distributor ID 99 is not a known DNO or IDNO (a warning, never an error)",
    invalid: () => check([row({ mpan: withMpanCheckDigit("991234567890") })]),
    expected: [
      { code: "MAM-103", cell: "A2", severity: "warning", message: ["distributor ID 99"] },
    ],
    valid: () => check([row({ mpan: "3812345678905" })]),
  },
  {
    code: "MAM-111",
    what: "MPRN of 5 digits",
    invalid: () => check([row({ mprn: "12345" })]),
    expected: [
      {
        code: "MAM-111",
        cell: "B2",
        severity: "error",
        message: ['MPRN "12345"', "it has 5 digits"],
      },
    ],
    valid: () => check([row({ mprn: "12345601" })]),
  },
  {
    code: "MAM-112",
    what: "MPRN check digits wrong",
    invalid: () => check([row({ mprn: "3938424404" })]),
    expected: [
      {
        code: "MAM-112",
        cell: "B2",
        severity: "error",
        message: ["MPRN 3938424404", "should be 03, not 04"],
      },
    ],
    valid: () => check([row({ mprn: "3938424403" })]),
  },
  {
    code: "MAM-121",
    what: "CHF ID with 15 hex digits",
    invalid: () => check([row({ chfId: "00-0D-6F-00-00-12-34-5" })]),
    expected: [
      {
        code: "MAM-121",
        cell: "E2",
        severity: "error",
        message: ['CHF ID "00-0D-6F-00-00-12-34-5"', "15 hexadecimal digits, not 16"],
      },
    ],
    valid: () => check([row({ chfId: "00-0D-6F-00-00-12-34-56" })]),
  },
  {
    code: "MAM-122",
    what: "ESME ID all zeros",
    invalid: () => check([row({ esmeId: "00-00-00-00-00-00-00-00" })]),
    expected: [
      {
        code: "MAM-122",
        cell: "C2",
        severity: "error",
        message: ["ESME ID 00-00-00-00-00-00-00-00 is a placeholder"],
      },
    ],
    valid: () => check([row({ esmeId: "00-00-00-00-00-00-00-01" })]),
  },
  {
    code: "MAM-131",
    what: "Import Supplier EUID outside DCC's block 70-B3-D5-1F-3",
    invalid: () => check([row({ importSupplierEuid: "70-B3-D5-1F-40-00-A0-08" })]),
    expected: [
      {
        code: "MAM-131",
        cell: "G2",
        severity: "error",
        message: ['"70-B3-D5-1F-40-00-A0-08"', "outside DCC's block 70-B3-D5-1F-3"],
      },
    ],
    // The top of the block is still inside it (another party: FF-A0).
    valid: () =>
      check([row({ importSupplierEuid: "70-B3-D5-1F-3F-FF-A0-08" })], {
        submitter: "70-B3-D5-1F-3F-FF-A0-08",
      }),
  },
  {
    code: "MAM-141",
    what: "Group ID in lower case",
    invalid: () => check([row({ groupId: "aa" })]),
    expected: [
      {
        code: "MAM-141",
        cell: "I2",
        severity: "error",
        message: ['Group ID "aa" is not two capital letters'],
      },
    ],
    valid: () => check([row({ groupId: "ZZ" })]),
  },
  {
    code: "MAM-142",
    what: "Group ID EA is a group exception",
    invalid: () => check([row({ groupId: "EA" })]),
    expected: [
      { code: "MAM-142", cell: "I2", severity: "info", message: ["Group ID EA", "do not apply"] },
    ],
    valid: () => check([row({ groupId: "ED" })]),
  },
  {
    code: "MAM-151",
    what: "SMSO ID of three characters",
    invalid: () => check([row({ smsoId: "AB1" })]),
    expected: [{ code: "MAM-151", cell: "J2", severity: "error", message: ['SMSO ID "AB1"'] }],
    valid: () => check([row({ smsoId: "9Z9Z" })]),
  },
  {
    code: "MAM-161",
    what: "Meter Status neither Active nor Dormant",
    invalid: () => check([row({ meterStatus: "Sleeping" })]),
    expected: [
      {
        code: "MAM-161",
        cell: "K2",
        severity: "error",
        message: ['Meter Status "Sleeping" is neither Active nor Dormant'],
      },
    ],
    valid: () => check([row(dormantNone)]),
  },
  {
    code: "MAM-171",
    what: "Authorisation Date 2021-02-29 does not exist",
    invalid: () => check([row({ authorisationDate: "2021-02-29" })]),
    expected: [
      {
        code: "MAM-171",
        cell: "L2",
        severity: "error",
        message: ['Authorisation Date "2021-02-29" is not a real date'],
      },
    ],
    valid: () => check([row({ authorisationDate: "2020-02-29" })]),
  },
  {
    code: "MAM-181",
    what: "Supplier Reference of 41 characters",
    invalid: () => check([row({ supplierReference: "x".repeat(41) })]),
    expected: [
      {
        code: "MAM-181",
        cell: "M2",
        severity: "error",
        message: ["is 41 characters long; the limit is 40"],
      },
    ],
    valid: () => check([row({ supplierReference: "x".repeat(40) })]),
  },
  {
    code: "MAM-190",
    what: "MPAN with stray spaces is normalised, with a fix",
    invalid: () => check([row({ mpan: " 1312345678907 " })]),
    expected: [
      {
        code: "MAM-190",
        cell: "A2",
        severity: "info",
        message: ["will be exported as 1312345678907", "spaces removed"],
        fixValue: "1312345678907",
      },
    ],
    valid: () => check([row({ mpan: "1312345678907" })]),
  },
  {
    code: "MAM-191",
    what: "a 21-digit MPAN stored by Excel as a number",
    invalid: () => check([row({ mpan: 1.8011001312345679e20 })]),
    expected: [
      {
        code: "MAM-191",
        cell: "A2",
        severity: "error",
        message: ["MPAN 1.8011E+20 was changed by Excel", "kept only its first 15 digits"],
      },
    ],
    valid: () => check([row({ mpan: "018011001312345678907" })]),
    validExpected: [{ code: "MAM-190", cell: "A2", severity: "info", fixValue: "1312345678907" }],
  },
  {
    code: "MAM-192",
    what: "an Excel error value in Meter Status",
    invalid: () => check([row({ meterStatus: { error: "#N/A" } })]),
    expected: [
      {
        code: "MAM-192",
        cell: "K2",
        severity: "error",
        message: ["Meter Status holds the Excel error #N/A"],
      },
    ],
    valid: () => check([row({ meterStatus: "Active" })]),
  },
  {
    code: "MAM-193",
    what: "a formula whose result was never calculated, in Authorisation Date",
    invalid: () => check([row({ authorisationDate: { formula: "TODAY()-7" } })]),
    expected: [
      {
        code: "MAM-193",
        cell: "L2",
        severity: "error",
        message: ["Authorisation Date holds the formula =TODAY()-7", "never calculated or saved"],
      },
    ],
    valid: () => check([row({ authorisationDate: "2021-01-01" })]),
  },
  {
    code: "MAM-301",
    what: "the same MPAN on two rows (each names the other)",
    invalid: () => check([row({}, 1), row({ mpan: validRecord(1).mpan }, 2)]),
    expected: [
      {
        code: "MAM-301",
        cell: "A2",
        severity: "error",
        message: [`MPAN ${validRecord(1).mpan} is also on row 3`],
      },
      {
        code: "MAM-301",
        cell: "A3",
        severity: "error",
        message: [`MPAN ${validRecord(1).mpan} is also on row 2`],
      },
    ],
    valid: () => check([row({}, 1), row({}, 2)]),
  },
  {
    code: "MAM-302",
    what: "the same MPRN on two rows",
    invalid: () => check([row({}, 1), row({ mprn: validRecord(1).mprn }, 2)]),
    expected: [
      {
        code: "MAM-302",
        cell: "B2",
        severity: "error",
        message: [`MPRN ${validRecord(1).mprn} is also on row 3`],
      },
      {
        code: "MAM-302",
        cell: "B3",
        severity: "error",
        message: [`MPRN ${validRecord(1).mprn} is also on row 2`],
      },
    ],
    valid: () => check([row({}, 1), row({}, 2)]),
  },
  {
    code: "MAM-303",
    what: "row 3's CHF ID is row 2's ESME ID",
    invalid: () => check([row({}, 1), row({ chfId: validRecord(1).esmeId }, 2)]),
    expected: [
      {
        code: "MAM-303",
        cell: "C2",
        severity: "error",
        message: [`ESME ID ${validRecord(1).esmeId} is also used as CHF ID on row 3`],
      },
      {
        code: "MAM-303",
        cell: "E3",
        severity: "error",
        message: [`CHF ID ${validRecord(1).esmeId} is also used as ESME ID on row 2`],
      },
    ],
    valid: () => check([row({}, 1), row({}, 2)]),
  },
  {
    code: "MAM-311",
    what: "Import and Gas Supplier EUIDs differ but share party 00-A0",
    invalid: () => check([row({ gasSupplierEuid: SUBMITTER_OTHER_EUID })]),
    expected: [
      {
        code: "MAM-311",
        cell: "H2",
        severity: "warning",
        message: [
          SUBMITTER,
          SUBMITTER_OTHER_EUID,
          "same party (party octets 00-A0, not the SEC Party ID)",
        ],
      },
      { code: "MAM-313", cell: "H2", severity: "info" },
    ],
    valid: () => check([row({ gasSupplierEuid: SUBMITTER })]),
  },
  {
    code: "MAM-312",
    what: "the submitter's party is on neither EUID",
    invalid: () => check([row()], { submitter: OTHER_PARTY }),
    expected: [
      {
        code: "MAM-312",
        cell: "G2",
        severity: "error",
        message: [
          `submitting EUID ${OTHER_PARTY} (party octets 01-B0, not the SEC Party ID)`,
          `import ${SUBMITTER}, gas ${SUBMITTER}`,
        ],
      },
    ],
    valid: () =>
      check([row({ importSupplierEuid: OTHER_PARTY, gasSupplierEuid: OTHER_PARTY })], {
        submitter: OTHER_PARTY,
      }),
  },
  {
    code: "MAM-313",
    what: "row EUIDs differ from the submitting EUID but are the same party",
    invalid: () => check([row()], { submitter: SUBMITTER_OTHER_EUID }),
    expected: [
      {
        code: "MAM-313",
        cell: "G2",
        severity: "info",
        message: [
          `Import Supplier EUID ${SUBMITTER} differs from the submitting EUID ${SUBMITTER_OTHER_EUID}`,
          "(party octets 00-A0, not the SEC Party ID)",
        ],
      },
      {
        code: "MAM-313",
        cell: "H2",
        severity: "info",
        message: [`Gas Supplier EUID ${SUBMITTER}`],
      },
    ],
    valid: () => check([row()], { submitter: SUBMITTER }),
  },
  {
    code: "MAM-321",
    what: "dual fuel, different parties, Group ID AA, submitter is the Gas Supplier",
    invalid: () => check([row({ importSupplierEuid: OTHER_PARTY })]),
    expected: [
      {
        code: "MAM-321",
        cell: "G2",
        severity: "warning",
        message: ["import 01-B0, gas 00-A0", "Group ID AA", "must authorise this installation too"],
      },
    ],
    // The same row in group EA: the coordinating-supplier rule does not apply.
    valid: () => check([row({ importSupplierEuid: OTHER_PARTY, groupId: "EA" })]),
    validExpected: [{ code: "MAM-142", cell: "I2", severity: "info" }],
  },
  {
    code: "MAM-331",
    what: "an Active row without an SMSO ID",
    invalid: () => check([row({ smsoId: "" })]),
    expected: [
      {
        code: "MAM-331",
        cell: "J2",
        severity: "error",
        message: ["This row is Active but has no SMSO ID"],
      },
    ],
    valid: () => check([row({ smsoId: "AB12" })]),
  },
];

describe("the rule table covers the catalogue", () => {
  test("one table row per catalogue code, no more, no less", () => {
    expect(cases.map((c) => c.code).sort()).toEqual(catalogue.rules.map((r) => r.code).sort());
  });

  test("the catalogue holds the codes docs/domain.md lists", () => {
    expect(catalogue.rules.map((r) => r.code)).toEqual([
      "MAM-001",
      "MAM-002",
      "MAM-003",
      "MAM-004",
      "MAM-005",
      "MAM-006",
      "MAM-101",
      "MAM-102",
      "MAM-103",
      "MAM-111",
      "MAM-112",
      "MAM-121",
      "MAM-122",
      "MAM-131",
      "MAM-141",
      "MAM-142",
      "MAM-151",
      "MAM-161",
      "MAM-171",
      "MAM-181",
      "MAM-190",
      "MAM-191",
      "MAM-192",
      "MAM-193",
      "MAM-301",
      "MAM-302",
      "MAM-303",
      "MAM-311",
      "MAM-312",
      "MAM-313",
      "MAM-321",
      "MAM-331",
    ]);
  });
});

describe.each(cases)("$code: $what", (c) => {
  test("invalid example gives exactly the expected findings", () => {
    expectExactly(c.invalid(), c.expected);
  });

  test("valid counterpart does not give it", () => {
    const engine = c.valid();
    expectExactly(engine, c.validExpected ?? []);
    expect(
      engine.findings().some((f) => f.code === c.code && c.expected.some((e) => e.cell === f.cell))
    ).toBe(false);
  });

  test(`severity matches the catalogue`, () => {
    const rule = catalogue.rules.find((r) => r.code === c.code)!;
    expect(c.expected.find((e) => e.code === c.code)!.severity).toBe(rule.severity);
  });
});

describe("MPAN examples of docs/domain.md", () => {
  test.each(["1312345678907", "1030006718997", "1012345678903", "2312345678900", "3812345678905"])(
    "%s is valid",
    (mpan) => {
      expect(isValidMpanCore(mpan)).toBe(true);
      const engine = check([row({ mpan })]);
      expectClean(engine);
      expect(engine.exportRows()[0].values[0]).toBe(mpan);
    }
  );

  test("1312345678901 has a wrong check digit: 7 was expected", () => {
    expect(mpanCheckDigit("1312345678901")).toBe(7);
    expect(isValidMpanCore("1312345678901")).toBe(false);
    const engine = check([row({ mpan: "1312345678901" })]);
    expectExactly(engine, [
      { code: "MAM-102", cell: "A2", severity: "error", message: ["should be 7, not 1"] },
    ]);
    expect(engine.exportRows()[0].values[0]).toBe("");
  });

  test("distributor IDs 10-38 are known, outside them a warning (never an error)", () => {
    for (const id of [10, 23, 24, 38])
      expectClean(check([row({ mpan: withMpanCheckDigit(`${id}1234567890`) })]));
    for (const id of [0, 9, 39, 99]) {
      const mpan = withMpanCheckDigit(`${String(id).padStart(2, "0")}1234567890`);
      expectExactly(check([row({ mpan })]), [
        {
          code: "MAM-103",
          cell: "A2",
          severity: "warning",
          message: [`distributor ID ${String(id).padStart(2, "0")}`],
        },
      ]);
    }
  });

  test("a 21-digit MPAN and an MPAN in groups are reduced to the core, saying so", () => {
    expectExactly(check([row({ mpan: "01 801 100 13 1234 5678 907" })]), [
      {
        code: "MAM-190",
        cell: "A2",
        severity: "info",
        message: ["spaces removed", "full 21-digit MPAN reduced to its 13-digit core"],
        fixValue: "1312345678907",
      },
    ]);
    expectExactly(check([row({ mpan: "S 01 801 100 1312345678907" })]), [
      { code: "MAM-190", cell: "A2", severity: "info", fixValue: "1312345678907" },
    ]);
  });

  test("MPAN text in scientific notation (a CSV round trip through Excel) is MAM-191", () => {
    expectExactly(check([row({ mpan: "1.31235E+12" })]), [
      { code: "MAM-191", cell: "A2", severity: "error", message: ["scientific notation"] },
    ]);
  });

  test("MPAN with a letter is MAM-101 naming the letter", () => {
    expectExactly(check([row({ mpan: "13123456789O7" })]), [
      { code: "MAM-101", cell: "A2", severity: "error", message: ['"O" is not a digit'] },
    ]);
  });
});

describe("MPRN examples of docs/domain.md", () => {
  test.each(["3938424403", "12345601", "123456707", "1234567810", "987654309"])(
    "%s is valid",
    (mprn) => {
      expect(isValidMprn(mprn)).toBe(true);
      const engine = check([row({ mprn })]);
      expectClean(engine);
      expect(engine.exportRows()[0].values[1]).toBe(mprn);
    }
  );

  test("check digits are written as two digits 00-10", () => {
    expect(mprnCheckDigits("39384244")).toBe("03");
    expect(mprnCheckDigits("12345678")).toBe("10");
  });

  test("MPRN of 11 digits and with a letter are MAM-111", () => {
    expectExactly(check([row({ mprn: "39384244031" })]), [
      { code: "MAM-111", cell: "B2", severity: "error", message: ["it has 11 digits"] },
    ]);
    expectExactly(check([row({ mprn: "39384244O3" })]), [
      { code: "MAM-111", cell: "B2", severity: "error", message: ['"O" is not a digit'] },
    ]);
  });

  test("MPRN with spaces is normalised", () => {
    expectExactly(check([row({ mprn: "39 3842 4403" })]), [
      {
        code: "MAM-190",
        cell: "B2",
        severity: "info",
        message: ["spaces removed"],
        fixValue: "3938424403",
      },
    ]);
  });
});

describe("EUI-64 device IDs", () => {
  const canonical = "70-B3-D5-1F-30-00-A0-08";
  test.each([
    ["lower case", "70-b3-d5-1f-30-00-a0-08", "written in capitals"],
    ["no separators", "70B3D51F3000A008", "hyphens between octets"],
    ["lower case, no separators", "70b3d51f3000a008", "written in capitals"],
    ["colons", "70:B3:D5:1F:30:00:A0:08", "hyphens between octets"],
    ["spaces", "70 B3 D5 1F 30 00 A0 08", "hyphens between octets"],
  ])("%s is canonicalised to 70-B3-D5-1F-30-00-A0-08", (_what, input, detail) => {
    const parsed = parseEui64(input);
    expect(parsed).toEqual({ ok: true, canonical });
    const engine = check([row({ chfId: input })]);
    expectExactly(engine, [
      {
        code: "MAM-190",
        cell: "E2",
        severity: "info",
        message: [`will be exported as ${canonical}`, detail],
        fixValue: canonical,
      },
    ]);
    expect(engine.exportRows()[0].values[4]).toBe(canonical);
  });

  test("the canonical form is accepted as it is", () => {
    expectClean(check([row({ chfId: canonical })]));
  });

  test.each([
    ["esmeId", "C2", "00-00-00-00-00-00-00-00"],
    ["gsmeId", "D2", "0000000000000000"],
    ["chfId", "E2", "FF-FF-FF-FF-FF-FF-FF-FF"],
    ["ppmidId", "F2", "ffffffffffffffff"],
  ] as const)("%s all-0/all-F %s is rejected (MAM-122)", (key, at, value) => {
    const parsed = parseEui64(value);
    expect(parsed.ok && isPlaceholderEui64(parsed.canonical)).toBe(true);
    expectExactly(check([row({ [key]: value })]), [
      { code: "MAM-122", cell: at, severity: "error", message: ["is a placeholder"] },
    ]);
  });

  test("a separator inside an octet and a non-hex digit are MAM-121", () => {
    expectExactly(check([row({ esmeId: "70B-3D5-1F30-00A0-08" })]), [
      {
        code: "MAM-121",
        cell: "C2",
        severity: "error",
        message: ["its separators split an octet"],
      },
    ]);
    expectExactly(check([row({ esmeId: "70-B3-D5-1F-30-00-A0-0G" })]), [
      {
        code: "MAM-121",
        cell: "C2",
        severity: "error",
        message: ['"G" is not a hexadecimal digit'],
      },
    ]);
  });
});

describe("DCC User IDs (EUIDs)", () => {
  test.each(["70-B3-D5-1F-40-00-A0-08", "00-0D-6F-00-00-12-34-56", "70-B3-D5-1E-30-00-A0-08"])(
    "%s outside 70-B3-D5-1F-3 is rejected",
    (euid) => {
      expect(parseDccUserId(euid).ok).toBe(false);
      expectExactly(check([row({ gasSupplierEuid: euid })]), [
        {
          code: "MAM-131",
          cell: "H2",
          severity: "error",
          message: ["outside DCC's block 70-B3-D5-1F-3"],
        },
      ]);
    }
  );

  test("an EUID that is not an EUI-64 is MAM-131", () => {
    expectExactly(check([row({ importSupplierEuid: "70-B3-D5-1F-30" })]), [
      {
        code: "MAM-131",
        cell: "G2",
        severity: "error",
        message: ["it has 10 hexadecimal digits, not 16"],
      },
    ]);
  });

  test("DCC's test block 90-B3-D5-1F-3 only in a test workbook", () => {
    const testEuid = "90-B3-D5-1F-30-00-A0-08";
    expect(parseDccUserId(testEuid).ok).toBe(false);
    expect(parseDccUserId(testEuid, { testWorkbook: true })).toEqual({
      ok: true,
      canonical: testEuid,
    });
    const rows = [row({ importSupplierEuid: testEuid, gasSupplierEuid: testEuid })];
    expectExactly(check(rows, { submitter: SUBMITTER }), [
      { code: "MAM-131", cell: "G2", severity: "error", message: ["test block", "test workbook"] },
      { code: "MAM-131", cell: "H2", severity: "error", message: ["test block"] },
    ]);
    expectClean(check(rows, { submitter: testEuid, testWorkbook: true }));
  });

  test("an EUID in lower case is canonicalised (MAM-190) and still judged by its party", () => {
    expectExactly(check([row({ importSupplierEuid: "70b3d51f3000a008" })]), [
      { code: "MAM-190", cell: "G2", severity: "info", fixValue: SUBMITTER },
    ]);
  });

  test("the party is octets 6-7: 00-A0 for 70-B3-D5-1F-30-00-A0-08", () => {
    expect(partyOf("70-B3-D5-1F-30-00-A0-08")).toBe("00-A0");
    expect(partyOf(OTHER_PARTY)).toBe("01-B0");
    expect(catalogue.identifiers.partyOctets).toEqual([6, 7]);
    // Octets 1-5 and 8 do not make a different party: 70-B3-D5-1F-3F-00-A0-77 is the same supplier.
    const sameParty = "70-B3-D5-1F-3F-00-A0-77";
    expectExactly(check([row({ gasSupplierEuid: sameParty })]), [
      { code: "MAM-311", cell: "H2", severity: "warning", message: ["party octets 00-A0"] },
      { code: "MAM-313", cell: "H2", severity: "info", message: ["party octets 00-A0"] },
    ]);
  });
});

describe("row rules in more detail", () => {
  test("MAM-002 names why: on every row, or because of the row's fuel", () => {
    expectExactly(check([row({ meterStatus: "", smsoId: "" })]), [
      {
        code: "MAM-002",
        cell: "K2",
        severity: "error",
        message: ["Meter Status is empty", "required on every row"],
      },
    ]);
    expectExactly(check([row({ gasSupplierEuid: "" })]), [
      { code: "MAM-002", cell: "H2", severity: "error", message: ["because the row has an MPRN"] },
    ]);
    // An MPRN missing on a row that has a GSME ID.
    expectExactly(check([row({ mprn: "" })]), [
      {
        code: "MAM-002",
        cell: "B2",
        severity: "error",
        message: ["because the row has a gas GSME ID"],
      },
    ]);
  });

  test("MAM-331 in all four directions; Dormant with blank or NONE is fine", () => {
    expectExactly(check([row({ smsoId: "NONE" })]), [
      {
        code: "MAM-331",
        cell: "J2",
        severity: "error",
        message: ["Active but its SMSO ID is NONE"],
      },
    ]);
    expectExactly(check([row({ meterStatus: "Dormant", smsoId: "AB12" })]), [
      { code: "MAM-331", cell: "J2", severity: "error", message: ["Dormant but names SMSO AB12"] },
    ]);
    expectClean(check([row({ meterStatus: "Dormant", smsoId: "NONE" })]));
    expectClean(check([row({ meterStatus: "Dormant", smsoId: "" })]));
  });

  test("MAM-312 on a gas-only row sits on the Gas Supplier EUID", () => {
    const gasOnly = row({
      mpan: "",
      esmeId: "",
      importSupplierEuid: "",
      gasSupplierEuid: OTHER_PARTY,
    });
    expectExactly(check([gasOnly]), [
      { code: "MAM-312", cell: "H2", severity: "error", message: [`gas ${OTHER_PARTY}`] },
    ]);
  });

  test("no MAM-312 while an EUID cell is unusable (its own error says enough)", () => {
    expectExactly(check([row({ importSupplierEuid: "nonsense" })], { submitter: OTHER_PARTY }), [
      { code: "MAM-131", cell: "G2", severity: "error" },
    ]);
  });

  test("MAM-321 does not apply when the submitter is the Import Supplier, or for EB/EC", () => {
    expectClean(check([row({ gasSupplierEuid: OTHER_PARTY })]));
    for (const group of ["EB", "EC"]) {
      expectExactly(check([row({ importSupplierEuid: OTHER_PARTY, groupId: group })]), [
        { code: "MAM-142", cell: "I2", severity: "info" },
      ]);
    }
  });

  test("no party rules without a submitter", () => {
    expectClean(check([row({ importSupplierEuid: OTHER_PARTY })], {}));
  });

  test("MAM-303 for the same device twice in one row", () => {
    const id = validRecord(1).chfId;
    expectExactly(check([row({ ppmidId: id })]), [
      {
        code: "MAM-303",
        cell: "E2",
        severity: "error",
        message: ["is also used as PPMID ID in this row"],
      },
      {
        code: "MAM-303",
        cell: "F2",
        severity: "error",
        message: ["is also used as CHF ID in this row"],
      },
    ]);
  });

  test("duplicates are found on canonical values (lower case EUI = same device)", () => {
    const id = validRecord(1).chfId as string;
    const engine = check([row({}, 1), row({ chfId: id.toLowerCase().replace(/-/g, "") }, 2)]);
    expectExactly(engine, [
      { code: "MAM-303", cell: "E2", severity: "error", message: ["CHF ID on row 3"] },
      { code: "MAM-303", cell: "E3", severity: "error" },
      { code: "MAM-190", cell: "E3", severity: "info" },
    ]);
  });

  test("MAM-181 rejects a formula leader and unprintable characters", () => {
    for (const leader of ["=", "+", "-", "@"]) {
      expectExactly(check([row({ supplierReference: `${leader}SUM(A1)` })]), [
        {
          code: "MAM-181",
          cell: "M2",
          severity: "error",
          message: [`starts with "${leader}"`, "formula"],
        },
      ]);
    }
    expectExactly(check([row({ supplierReference: "a\u0007b" })]), [
      {
        code: "MAM-181",
        cell: "M2",
        severity: "error",
        message: ["unprintable character (code 7) at position 2"],
      },
    ]);
  });

  test("findings carry the profile column, key and the catalogue hint", () => {
    const f = check([row({ mpan: "1312345678901" })]).findings()[0];
    expect(f).toMatchObject({
      row: 2,
      column: "MPAN",
      columnKey: "mpan",
      cell: "A2",
      code: "MAM-102",
      severity: "error",
      basis: "verified",
    });
    expect(f.hint).toContain("a digit is probably mistyped");
  });

  test("valid rows give an empty summary", () => {
    const engine = check([row({}, 1), row({}, 2), row({}, 3)]);
    expectClean(engine);
    expect(engine.summary()).toEqual({ error: 0, warning: 0, info: 0 });
    expect(engine.rowCount).toBe(3);
  });
});

describe("coverage", () => {
  test("every catalogue code was produced by at least one example in this file", () => {
    const missing = catalogue.rules.map((r) => r.code).filter((code) => !observedCodes.has(code));
    expect(missing).toEqual([]);
  });

  test("the layout of the canonical header is A..M in profile order", () => {
    expect(COL.mpan).toBe("A");
    expect(COL.supplierReference).toBe("M");
  });
});
