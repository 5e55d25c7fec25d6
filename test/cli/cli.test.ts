/**
 * The `mam` command as users run it: the real binary (node bin/mam.js, compiled from the current
 * sources by test/globalSetup.js) on the fixture files of scripts/makeFixtures.ts. Holds the CLI
 * to its contract: the --json shape and key order, exit codes 0/1/2, human output, one-line
 * messages without stack traces, and the MA file's name, content and SHA-256.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { catalogue } from "../../src/domain/catalogue";
import {
  ANSI,
  cliBuilt,
  CLI_BUILD_WAIT_MS,
  fixture,
  mam,
  ROOT,
  sha256,
  STACK_FRAME,
  type RunResult,
} from "./run";

const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";
const AT = "2019-04-07T18:25:03+01:00";
const STAMP = "20190407_182503";
const MA_NAME = `MA_CGI_${SUBMITTER}_${STAMP}.csv`;

const HEADER_LINE =
  "MPAN,MPRN,ESME ID,GSME ID,CHF ID,PPMID ID,Import Supplier EUID,Gas Supplier EUID,Group ID,SMSO ID,Meter Status,Authorisation Date,Supplier Reference";
const S = SUBMITTER;

/** The MA file of test/fixtures/valid.csv (and valid-bom.csv). */
const VALID_CSV_MA = [
  HEADER_LINE,
  `1312345678907,3938424403,00-12-4B-00-00-00-02-01,00-12-4B-00-00-00-02-02,00-12-4B-00-00-00-02-03,00-12-4B-00-00-00-02-04,${S},${S},AB,SM01,Active,2019-04-07,"Smith, ""Flat 2"""`,
  `1030006718997,,00-12-4B-00-00-00-03-01,,00-12-4B-00-00-00-03-03,,${S},,AB,SM01,Active,2019-04-08,REF-0003`,
  `,12345601,,00-12-4B-00-00-00-04-02,00-12-4B-00-00-00-04-03,,,${S},AC,NONE,Dormant,2019-04-09,`,
  `2312345678900,123456707,00-12-4B-00-00-00-05-01,00-12-4B-00-00-00-05-02,00-12-4B-00-00-00-05-03,,${S},${S},AD,SM02,Active,2020-02-29,REF-0005`,
]
  .map((line) => `${line}\r\n`)
  .join("");

/**
 * The MA file of the typed workbooks (typed-1900.xlsx, typed-1904.xlsx, macro.xlsm): numbers
 * exported as their digits, date cells (one a DATE formula, one with a time of day) as ISO dates,
 * rich text as its plain text, a formula as its cached result.
 */
const TYPED_MA = [
  HEADER_LINE,
  `1312345678907,3938424403,00-12-4B-00-00-00-02-01,00-12-4B-00-00-00-02-02,00-12-4B-00-00-00-02-03,,${S},${S},AB,SM01,Active,2019-04-07,Ref 42`,
  `1030006718997,,00-12-4B-00-00-00-03-01,,00-12-4B-00-00-00-03-03,,${S},,AB,SM01,Active,2020-02-29,`,
  `,12345601,,00-12-4B-00-00-00-04-02,00-12-4B-00-00-00-04-03,,,${S},AC,NONE,Dormant,2021-03-28,`,
  `2312345678900,,00-12-4B-00-00-00-05-01,,00-12-4B-00-00-00-05-03,,${S},,AD,SM02,Active,1999-12-31,REF-0005`,
]
  .map((line) => `${line}\r\n`)
  .join("");

interface JsonFinding {
  row: number;
  column: string;
  cell: string;
  code: string;
  severity: string;
  message: string;
  basis: string;
}
interface JsonReport {
  file: string;
  sheet: string;
  profile: string;
  mam: { version: string; title: string; date: string; status: string };
  rows: number;
  summary: { error: number; warning: number; info: number };
  findings: JsonFinding[];
}

const REPORT_KEYS = ["file", "sheet", "profile", "mam", "rows", "summary", "findings"];
const SUMMARY_KEYS = ["error", "warning", "info"];
const FINDING_KEYS = ["row", "column", "cell", "code", "severity", "message", "basis"];

/** Runs `mam validate FILE --json …` and checks the shape before handing the report back. */
function validateJson(file: string, ...extra: string[]): { result: RunResult; report: JsonReport } {
  const result = mam(["validate", file, "--json", ...extra]);
  expect(result.stderr).toBe("");
  expect(result.stdout.endsWith("\n")).toBe(true);
  expect(result.stdout.trim().split("\n")).toHaveLength(1); // one JSON document on one line
  const report = JSON.parse(result.stdout) as JsonReport;
  expect(Object.keys(report)).toEqual(REPORT_KEYS);
  expect(Object.keys(report.summary)).toEqual(SUMMARY_KEYS);
  for (const f of report.findings) {
    expect(Object.keys(f)).toEqual(FINDING_KEYS);
    expect(typeof f.row).toBe("number");
    expect(["error", "warning", "info"]).toContain(f.severity);
    expect(["verified", "modelled"]).toContain(f.basis);
    expect(f.message.length).toBeGreaterThan(0);
  }
  // The summary counts the findings listed, and the exit code follows the errors.
  const count = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
  expect(report.summary).toEqual({
    error: count("error"),
    warning: count("warning"),
    info: count("info"),
  });
  expect(result.status).toBe(report.summary.error > 0 ? 1 : 0);
  expect(report.file).toBe(file);
  expect(report.profile).toBe(catalogue.profile.id);
  expect(report.sheet.length).toBeGreaterThan(0); // the sheet it read, always named
  return { result, report };
}

/** The parts of a finding a helpdesk reads out: where, which rule, how bad. */
function located(findings: readonly JsonFinding[]): string[] {
  return findings.map((f) => `${f.cell} r${f.row} ${f.column} ${f.code} ${f.severity}`);
}

/** Exit 2 with one line on stderr that names `name`, nothing on stdout, no stack trace. */
function expectUnreadable(result: RunResult, name: string): void {
  expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: "" });
  expect(result.stderr.endsWith("\n")).toBe(true);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mam: /);
  expect(lines[0]).toContain(name);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toMatch(/internal error|TypeError|ReferenceError/);
}

let tmp: string;
/** A fresh, empty output directory under the test's temporary folder. */
function outDir(name: string): string {
  return path.join(tmp, name);
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Runs `mam export` into a fresh directory and returns what it printed and wrote. */
function exportTo(name: string, file: string, ...extra: string[]) {
  const dir = outDir(name);
  const result = mam(["export", file, "--submitter", SUBMITTER, "--out", dir, ...extra]);
  return { result, dir, files: filesIn(dir) };
}

/** Checks the four lines `mam export` prints and the file they describe; returns the file's text. */
function expectWritten(result: RunResult, dir: string, fileName: string, rows: number): string {
  expect(result.status).toBe(0);
  const lines = result.stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(4);
  const target = path.join(dir, fileName);
  expect(lines[0]).toBe(target);
  expect(lines[1]).toMatch(new RegExp(`^rows: ${rows}\\b`));
  expect(lines[2]).toMatch(/^sha256: [0-9a-f]{64}$/);
  expect(lines[3]).toMatch(/^sheet: ./); // the sheet it read, always named
  expect(filesIn(dir)).toEqual([fileName]);
  const bytes = readFileSync(path.resolve(ROOT, target));
  expect(lines[2]).toBe(`sha256: ${sha256(bytes)}`);
  const text = bytes.toString("utf8");
  expect(bytes[0]).not.toBe(0xef); // no BOM
  expect(text.endsWith("\r\n")).toBe(true);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/); // CRLF only
  return text;
}

beforeAll(async () => {
  await cliBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), "mam-cli-"));
}, CLI_BUILD_WAIT_MS);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("mam validate --json", () => {
  test("a clean CSV: exit 0, the exact report shape, no findings", () => {
    const { result, report } = validateJson(fixture("valid.csv"), "--submitter", SUBMITTER);
    expect(result.status).toBe(0);
    expect(report).toEqual({
      file: fixture("valid.csv"),
      sheet: "valid.csv",
      profile: "v06a",
      mam: {
        version: "2.1b",
        title: "Migration Authorisation Mechanism",
        date: "2020-12-18",
        status: "consultation draft",
      },
      rows: 4,
      summary: { error: 0, warning: 0, info: 0 },
      findings: [],
    });
  });

  test("a CSV with a UTF-8 BOM reads like the same file without one", () => {
    const { report } = validateJson(fixture("valid-bom.csv"), "--submitter", SUBMITTER);
    expect(report.rows).toBe(4);
    expect(report.findings).toEqual([]);
  });

  test("a big CSV with a few characters beyond ASCII reads as the same rows with a quote in them", () => {
    // Without a quote, and with few such characters, the file is read through a byte view (only
    // the rows holding them decoded); a quote anywhere sends it through the decoder instead.
    const blank = ",".repeat(12);
    const lines = [
      HEADER_LINE,
      ...Array<string>(10_000).fill(blank),
      `1030006718997,,00-12-4B-00-00-00-03-01\u00a0,,00-12-4B-00-00-00-03-03,,${S},,AB,SM01,Active,2019-04-08,Café £5`,
      ...Array<string>(10_000).fill(blank),
      `1030006718997,,00-12-4B-00-00-00-03-0É,,00-12-4B-00-00-00-03-04,,${S},,AB,SM01,Active,2019-04-08,REF`,
    ];
    const plain = path.join(tmp, "few-wide.csv");
    const quoted = path.join(tmp, "few-wide-quoted.csv");
    writeFileSync(plain, `${lines.join("\r\n")}\r\n`, "utf8");
    writeFileSync(quoted, `${[...lines, '"",,,,,,,,,,,,'].join("\r\n")}\r\n`, "utf8");
    const viewed = validateJson(plain, "--submitter", SUBMITTER).report;
    const decoded = validateJson(quoted, "--submitter", SUBMITTER).report;
    expect(viewed.findings).toEqual(decoded.findings);
    expect(viewed.summary).toEqual(decoded.summary);
    expect(located(viewed.findings)).toEqual([
      "A10002 r10002 MPAN MAM-301 error",
      "C10002 r10002 ESME ID MAM-190 info",
      "A20003 r20003 MPAN MAM-301 error",
      "C20003 r20003 ESME ID MAM-121 error",
    ]);
    expect(viewed.findings[3].message).toContain('"00-12-4B-00-00-00-03-0É"');
    expect(viewed.findings[1].message).toContain("non-breaking spaces removed");
  });

  test("a CSV with errors: exit 1, each finding on its cell, row, column and rule", () => {
    const { result, report } = validateJson(fixture("errors.csv"));
    expect(result.status).toBe(1);
    expect(report.rows).toBe(12); // 13 lines after the header, one of them blank
    expect(located(report.findings)).toEqual([
      "A2 r2 MPAN MAM-102 error",
      "B3 r3 MPRN MAM-112 error",
      "E4 r4 CHF ID MAM-121 error",
      "G5 r5 Import Supplier EUID MAM-131 error",
      "I6 r6 Group ID MAM-141 error",
      "K7 r7 Meter Status MAM-161 error",
      "L8 r8 Authorisation Date MAM-171 error",
      "M9 r9 Supplier Reference MAM-181 error",
      "A10 r10 MPAN MAM-301 error",
      "A11 r11 MPAN MAM-301 error",
      "E13 r13 CHF ID MAM-002 error",
      "C14 r14 ESME ID MAM-192 error",
    ]);
    const byCell = new Map(report.findings.map((f) => [f.cell, f]));
    expect(byCell.get("A2")!.message).toContain("should be 7");
    expect(byCell.get("A2")!.basis).toBe("verified");
    expect(byCell.get("A10")!.message).toContain("row 11");
    expect(byCell.get("C14")!.message).toContain("#N/A");
  });

  test("typed numbers and an error cell in an .xlsx: MAM-191 for mangled numbers, MAM-192 for #N/A, nothing for a 13-digit number", () => {
    const { result, report } = validateJson(fixture("typed-errors.xlsx"), "--submitter", SUBMITTER);
    expect(result.status).toBe(1);
    expect(report.rows).toBe(4);
    expect(located(report.findings)).toEqual([
      "A3 r3 MPAN MAM-191 error", // a 21-digit MPAN typed as a number: digits past 15 lost
      "B4 r4 MPRN MAM-191 error", // an MPRN number that lost its leading zero
      "E5 r5 CHF ID MAM-192 error", // #N/A
    ]);
    expect(report.findings[0].message).toContain("1.28011E+20");
    expect(report.findings[1].message).toContain("012310");
    expect(report.findings[2].message).toContain("#N/A");
  });

  test.each(["typed-1900.xlsx", "typed-1904.xlsx", "macro.xlsm"])(
    "%s (numbers, date cells, rich text, formulas) is clean: only the dropped time of day is told",
    (name) => {
      const { result, report } = validateJson(fixture(name), "--submitter", SUBMITTER);
      expect(result.status).toBe(0);
      expect(report.rows).toBe(4);
      // The date cell with a time of day (13:30) is exported as its date, saying so (never silently).
      expect(located(report.findings)).toEqual(["L5 r5 Authorisation Date MAM-190 info"]);
      expect(report.findings[0].message).toContain("time of day, 13:30, is dropped on export");
    }
  );

  test("a CSV with warnings only: exit 0, MAM-103 and MAM-311 as warnings", () => {
    const { result, report } = validateJson(fixture("warnings.csv"), "--submitter", SUBMITTER);
    expect(result.status).toBe(0);
    expect(report.rows).toBe(2);
    expect(report.summary).toEqual({ error: 0, warning: 2, info: 1 });
    expect(located(report.findings)).toEqual([
      "A2 r2 MPAN MAM-103 warning",
      "H3 r3 Gas Supplier EUID MAM-311 warning",
      "H3 r3 Gas Supplier EUID MAM-313 info",
    ]);
  });

  test("the MA sheet is found by its header when it is the second sheet", () => {
    const { result, report } = validateJson(fixture("second-sheet.xlsx"), "--submitter", SUBMITTER);
    expect(result.status).toBe(0);
    expect(report.rows).toBe(4);
    const human = mam(["validate", fixture("second-sheet.xlsx")]);
    expect(human.stdout).toContain('sheet "MA Data"');
  });

  test("two sheets with the MA header: --sheet chooses (case-insensitively)", () => {
    const file = fixture("two-ma-sheets.xlsx");
    const final = validateJson(file, "--sheet", "Final", "--submitter", SUBMITTER).report;
    expect(located(final.findings)).toEqual(["L5 r5 Authorisation Date MAM-190 info"]);
    const draft = validateJson(file, "--sheet", "draft", "--submitter", SUBMITTER);
    expect(draft.result.status).toBe(1);
    expect(located(draft.report.findings)).toEqual([
      "A2 r2 MPAN MAM-102 error",
      "L5 r5 Authorisation Date MAM-190 info",
    ]);
  });
});

describe("mam validate: human output", () => {
  test("a summary by severity and rule, then the findings with cell addresses; no colour in a pipe", () => {
    const result = mam(["validate", fixture("errors.csv")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).not.toMatch(ANSI);
    expect(out).toContain(fixture("errors.csv"));
    expect(out).toContain("12 rows checked: 12 errors, 0 warnings, 0 info");
    expect(out).toMatch(/^\s+MAM-301\s+error\s+2\s+Duplicate MPAN$/m);
    expect(out).toMatch(/^\s+MAM-102\s+error\s+1\s+MPAN check digit wrong$/m);
    for (const [cell, code] of [
      ["A2", "MAM-102"],
      ["E13", "MAM-002"],
      ["C14", "MAM-192"],
    ]) {
      expect(out).toMatch(new RegExp(`^\\s+${cell}\\s+${code}\\s+error\\s+\\S`, "m"));
    }
    // The summary comes before the findings.
    expect(out.indexOf("Duplicate MPAN")).toBeLessThan(out.search(/^\s+A2\s+MAM-102/m));
    expect(out).toContain("Fix: ");
  });

  test("a clean file says so and exits 0", () => {
    const result = mam(["validate", fixture("valid.csv"), "--submitter", SUBMITTER]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("4 rows checked: 0 errors, 0 warnings, 0 info");
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stdout).not.toContain("Submitter not given");
  });

  test("without --submitter it says which rules were not checked", () => {
    expect(mam(["validate", fixture("valid.csv")]).stdout).toContain("Submitter not given");
  });

  test("warnings are listed with their cells", () => {
    const result = mam(["validate", fixture("warnings.csv"), "--submitter", SUBMITTER]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\s+A2\s+MAM-103\s+warning/m);
    expect(result.stdout).toMatch(/^\s+H3\s+MAM-311\s+warning/m);
  });
});

describe("unreadable input: exit 2, one line naming the file, no stack trace", () => {
  const cases: [string, string[], string][] = [
    ["a missing file", ["validate", fixture("no-such-file.csv")], "no-such-file.csv"],
    ["a corrupt .xlsx (random bytes)", ["validate", fixture("corrupt.xlsx")], "corrupt.xlsx"],
    ["an empty .csv", ["validate", fixture("empty.csv")], "empty.csv"],
    ["an empty .xlsx", ["validate", fixture("empty.xlsx")], "empty.xlsx"],
    ["an old binary .xls", ["validate", fixture("legacy.xls")], "legacy.xls"],
    ["an unknown extension", ["validate", fixture("installations.txt")], "installations.txt"],
    ["a directory", ["validate", "test/fixtures"], "test/fixtures"],
    [
      "a Windows-1252 CSV (not UTF-8)",
      ["validate", fixture("windows-1252.csv")],
      "windows-1252.csv",
    ],
    [
      "an unknown --sheet",
      ["validate", fixture("two-ma-sheets.xlsx"), "--sheet", "Nope"],
      "two-ma-sheets.xlsx",
    ],
    [
      "two MA sheets and no --sheet",
      ["validate", fixture("two-ma-sheets.xlsx")],
      "two-ma-sheets.xlsx",
    ],
    [
      "a bad --submitter",
      ["validate", fixture("valid.csv"), "--submitter", "70-B3-D5-1F-30-00-A0"],
      "valid.csv",
    ],
    [
      "a --submitter outside DCC's block",
      ["validate", fixture("valid.csv"), "--submitter", "00-11-22-33-44-55-66-77"],
      "valid.csv",
    ],
    [
      "export of a corrupt .xlsx",
      ["export", fixture("corrupt.xlsx"), "--submitter", SUBMITTER, "--out", "OUT"],
      "corrupt.xlsx",
    ],
  ];

  test.each(cases)("%s", (_label, args, name) => {
    const out = outDir(`unreadable-${name}`);
    const result = mam(args.map((a) => (a === "OUT" ? out : a)));
    expectUnreadable(result, name);
    expect(filesIn(out)).toEqual([]);
  });

  test.each(cases.filter(([, args]) => args[0] === "validate"))(
    "%s, with --json: the same, and no JSON",
    (_label, args, name) => {
      expectUnreadable(mam([...args, "--json"]), name);
    }
  );

  test("the messages say what to do", () => {
    expect(mam(["validate", fixture("legacy.xls")]).stderr).toContain("save it as .xlsx");
    expect(mam(["validate", fixture("windows-1252.csv")]).stderr).toContain("CSV UTF-8");
    expect(mam(["validate", fixture("two-ma-sheets.xlsx")]).stderr).toMatch(
      /"Draft", "Final".*--sheet/
    );
    expect(mam(["validate", fixture("two-ma-sheets.xlsx"), "--sheet", "Nope"]).stderr).toMatch(
      /no sheet "Nope".*"Draft", "Final"/
    );
    expect(mam(["validate", fixture("empty.csv")]).stderr).toContain("is empty");
  });

  test("usage problems exit 2 with the usage on stderr", () => {
    for (const args of [
      [],
      ["validate"],
      ["frobnicate"],
      ["validate", fixture("valid.csv"), "--no-such-option"],
      ["export", fixture("valid.csv")],
    ]) {
      const result = mam(args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^mam: .+\nUsage:/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

describe("mam export", () => {
  test("writes nothing and exits 1 while errors stand", () => {
    for (const name of ["errors.csv", "typed-errors.xlsx"]) {
      const { result, files, dir } = exportTo(
        `errors-${name}`,
        fixture(name),
        "--at",
        AT,
        "--accept-warnings"
      );
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/no MA file written/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(files).toEqual([]);
      expect(existsSync(dir)).toBe(false);
    }
  });

  test("warnings: exit 1 and nothing written without --accept-warnings; written with it", () => {
    const refused = exportTo("warnings-refused", fixture("warnings.csv"), "--at", AT);
    expect(refused.result.status).toBe(1);
    expect(refused.result.stdout).toBe("");
    expect(refused.result.stderr).toContain("--accept-warnings");
    expect(refused.result.stderr).toMatch(/MAM-103/);
    expect(refused.files).toEqual([]);

    const accepted = exportTo(
      "warnings-accepted",
      fixture("warnings.csv"),
      "--at",
      AT,
      "--accept-warnings"
    );
    const text = expectWritten(accepted.result, accepted.dir, MA_NAME, 2);
    expect(accepted.result.stdout).toContain("2 warnings acknowledged");
    expect(text.split("\r\n")[1]).toMatch(/^9912345678906,/);
  });

  test("a clean CSV: prints path, rows and SHA-256; MA_CGI_<EUID>_<YYYYMMDD>_<HHMMSS>.csv in London time; RFC 4180 quoting", () => {
    const { result, dir } = exportTo("valid", fixture("valid.csv"), "--at", AT);
    expect(result.stderr).toBe("");
    const text = expectWritten(result, dir, MA_NAME, 4);
    expect(text).toBe(VALID_CSV_MA);
  });

  test("--at fixes the timestamp: the same command gives the same file, byte for byte", () => {
    const a = exportTo("repro-a", fixture("valid.csv"), "--at", AT);
    const b = exportTo("repro-b", fixture("valid.csv"), "--at", AT);
    expect(a.files).toEqual([MA_NAME]);
    expect(b.files).toEqual([MA_NAME]);
    expect(a.result.stdout.split("\n")[2]).toBe(b.result.stdout.split("\n")[2]);
  });

  test("the file name carries Europe/London time: GMT in winter, BST in summer", () => {
    expect(exportTo("winter", fixture("valid.csv"), "--at", "2019-01-15T12:00:00Z").files).toEqual([
      `MA_CGI_${SUBMITTER}_20190115_120000.csv`,
    ]);
    expect(exportTo("summer", fixture("valid.csv"), "--at", "2019-04-07T17:25:03Z").files).toEqual([
      MA_NAME,
    ]);
  });

  test("--dco changes the name; a malformed one is refused", () => {
    const { result, dir } = exportTo("dco", fixture("valid.csv"), "--at", AT, "--dco", "ABC");
    expectWritten(result, dir, `MA_ABC_${SUBMITTER}_${STAMP}.csv`, 4);
    const bad = exportTo("dco-bad", fixture("valid.csv"), "--at", AT, "--dco", "cgi!");
    expect(bad.result.status).toBe(2);
    expect(bad.files).toEqual([]);
  });

  test("a malformed or impossible --at is refused (never rolled over to another day)", () => {
    for (const at of [
      "yesterday",
      "2019-02-30T10:00:00Z",
      "2019-04-07T24:00:00Z",
      "2019-04-07T18:61:00Z",
    ]) {
      const { result, files } = exportTo(
        `at-${at.replace(/[^0-9a-z]/gi, "")}`,
        fixture("valid.csv"),
        "--at",
        at
      );
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("--at");
      expect(files).toEqual([]);
    }
  });

  test("the 1900 and 1904 workbooks (and the .xlsm) export byte-identical files with the same ISO dates", () => {
    const written = ["typed-1900.xlsx", "typed-1904.xlsx", "macro.xlsm"].map((name) => {
      const { result, dir } = exportTo(`typed-${name}`, fixture(name), "--at", AT);
      return { text: expectWritten(result, dir, MA_NAME, 4), sha: result.stdout.split("\n")[2] };
    });
    expect(written[0].text).toBe(TYPED_MA);
    expect(written[1].text).toBe(written[0].text);
    expect(written[2].text).toBe(written[0].text);
    expect(new Set(written.map((w) => w.sha)).size).toBe(1);
  });

  test("a CSV with a BOM exports exactly what the same CSV without one does", () => {
    const { result, dir } = exportTo("bom", fixture("valid-bom.csv"), "--at", AT);
    expect(expectWritten(result, dir, MA_NAME, 4)).toBe(VALID_CSV_MA);
  });

  test("--sheet picks the sheet to export", () => {
    const { result, dir } = exportTo(
      "sheet",
      fixture("two-ma-sheets.xlsx"),
      "--at",
      AT,
      "--sheet",
      "Final"
    );
    expect(expectWritten(result, dir, MA_NAME, 4)).toBe(TYPED_MA);
  });
});

describe("mam explain, rules, help", () => {
  test("explain a known code, also written as 102 or mam-102", () => {
    const result = mam(["explain", "MAM-102"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("MAM-102");
    expect(result.stdout).toContain("MPAN check digit wrong");
    expect(result.stdout).toMatch(/Basis:\s+verified/);
    expect(result.stdout).not.toMatch(ANSI);
    expect(mam(["explain", "102"]).stdout).toBe(result.stdout);
    expect(mam(["explain", "mam-102"]).stdout).toBe(result.stdout);
  });

  test("explain an unknown code: exit 2, one line pointing at mam rules", () => {
    const result = mam(["explain", "MAM-999"]);
    expectUnreadable(result, "MAM-999");
    expect(result.stderr).toContain("mam rules");
  });

  test("rules lists every catalogue code, with severity and title", () => {
    const result = mam(["rules"]);
    expect(result.status).toBe(0);
    for (const rule of catalogue.rules) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^${rule.code}\\s+${rule.severity}\\s+${rule.basis}\\s+${rule.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
          "m"
        )
      );
    }
  });

  test("rules --json is the catalogue", () => {
    const result = mam(["rules", "--json"]);
    expect(result.status).toBe(0);
    const rules = JSON.parse(result.stdout) as { code: string }[];
    expect(rules.map((r) => r.code)).toEqual(catalogue.rules.map((r) => r.code));
  });

  test("--help and help print the usage of every command and exit 0", () => {
    for (const args of [["--help"], ["-h"], ["help"], ["validate", "--help"]]) {
      const result = mam(args);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe("");
      for (const command of [
        "mam validate FILE",
        "mam export FILE --submitter EUID",
        "mam explain CODE",
        "mam rules",
      ]) {
        expect(result.stdout).toContain(command);
      }
    }
  });

  test("--version", () => {
    const result = mam(["--version"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^mam \d+\.\d+\.\d+ \(profile v06a\)\nRules follow MAM v2\.1b \(consultation draft of 18 December 2020\)\.\n$/
    );
  });
});
