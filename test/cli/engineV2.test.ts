/**
 * The `mam` command on small crafted files, for what engine v2 and the domain review of issue 10
 * changed: `--profile FILE.json` (a second profile, no code change), `--today`, the MAM version in
 * the outputs, another DCC template, and each domain item of the review (one file each, so that
 * none can come back).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import {
  headerFor,
  PINNED_TODAY,
  rowFor,
  SUBMITTER,
  textRowFor,
  validRecord,
} from "../../scripts/rowBuilder";
import { v06a, type MamProfile } from "../../src/domain/profile";
import type { CellValue } from "../../src/domain/types";
import { ALT1_FILE, alt1 } from "../profiles/profiles";
import { sheetXml, xlsx } from "./craftXlsx";
import { cliBuilt, CLI_BUILD_WAIT_MS, mam, STACK_FRAME } from "./run";

interface JsonFinding {
  cell: string;
  code: string;
  severity: string;
  message: string;
}
interface JsonReport {
  profile: string;
  mam: { version: string; date: string };
  rows: number;
  summary: { error: number; warning: number; info: number };
  findings: JsonFinding[];
}

let tmp = "";

beforeAll(async () => {
  await cliBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), "mam-v2-"));
}, CLI_BUILD_WAIT_MS);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function csvField(value: CellValue): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes a CSV file of a header and rows into the test's folder; returns its path. */
function csv(name: string, header: readonly CellValue[], rows: readonly CellValue[][]): string {
  const file = path.join(tmp, name);
  const lines = [header, ...rows].map((r) => r.map(csvField).join(","));
  writeFileSync(file, `${lines.join("\r\n")}\r\n`, "utf8");
  return file;
}

/** A CSV of valid rows in a profile's layout, with some cells replaced (by column key) on row 2. */
function sheet(name: string, profile: MamProfile, first: Record<string, CellValue> = {}): string {
  const rows = [1, 2, 3].map((n) => validRecord(n));
  rows[0] = { ...rows[0], ...first };
  return csv(
    name,
    headerFor(profile),
    rows.map((r) => rowFor(profile, r))
  );
}

function validateJson(
  file: string,
  ...extra: string[]
): { status: number | null; report: JsonReport } {
  const result = mam(["validate", file, "--json", "--submitter", SUBMITTER, ...extra]);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport };
}

const located = (findings: JsonFinding[]) =>
  findings.map((f) => `${f.cell} ${f.code} ${f.severity}`);

describe("--profile FILE.json: a second profile with no code change", () => {
  test("validate reads alt1's headers and order and reports in alt1's columns", () => {
    const file = sheet("alt1.csv", alt1, { mpan: "1312345678901" });
    const { status, report } = validateJson(file, "--profile", ALT1_FILE);
    expect(status).toBe(1);
    expect(report.profile).toBe("alt1");
    expect(report.rows).toBe(3);
    expect(located(report.findings)).toEqual(["D2 MAM-102 error"]); // MPAN is alt1's column D
    // The same file against the shipped profile misses every column.
    const shipped = validateJson(file);
    expect(shipped.report.profile).toBe("v06a");
    expect(shipped.report.findings.filter((f) => f.code === "MAM-001").length).toBeGreaterThan(5);
  });

  test("export writes the MA file with alt1's header line", () => {
    const file = sheet("alt1-clean.csv", alt1);
    const out = path.join(tmp, "out-alt1");
    const result = mam([
      "export",
      file,
      "--profile",
      ALT1_FILE,
      "--submitter",
      SUBMITTER,
      "--at",
      "2021-01-31T12:00:00Z",
      "--out",
      out,
    ]);
    expect(result.status).toBe(0);
    const target = result.stdout.split("\n")[0];
    expect(path.basename(target)).toBe(`MA_CGI_${SUBMITTER}_20210131_120000.csv`);
    const lines = readFileSync(target, "utf8").split("\r\n");
    expect(lines[0]).toBe(headerFor(alt1).join(","));
    expect(lines[1]).toBe(rowFor(alt1, validRecord(1)).join(","));
  });

  test("a profile file that cannot be read, or whose rules and data disagree, exits 2 saying why", () => {
    const file = sheet("any.csv", v06a);
    const missing = mam(["validate", file, "--profile", path.join(tmp, "nope.json")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^mam: --profile .*nope\.json could not be read as JSON/);
    const broken = JSON.parse(readFileSync(ALT1_FILE, "utf8")) as {
      rules: { code: string }[];
      profile: { columns: { key: string }[] };
    };
    broken.rules.push({ ...broken.rules[0], code: "MAM-999" });
    broken.profile.columns = broken.profile.columns.filter((c) => c.key !== "groupId");
    const bad = path.join(tmp, "bad-profile.json");
    writeFileSync(bad, JSON.stringify(broken));
    const refused = mam(["validate", file, "--profile", bad]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("is not a usable profile");
    expect(refused.stderr).toContain("MAM-999 is implemented by no rule");
    expect(refused.stderr).toContain('rule parties needs column "groupId"');
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).not.toMatch(STACK_FRAME);
  });
});

describe("--profile reaches the choice of MA sheet, the reports and the rows digest", () => {
  /** One workbook with an MA sheet in each profile's layout: the v06a sheet comes first. */
  function twoLayouts(): { file: string; alt1Rows: string[][]; v06aRows: string[][] } {
    const v06aRows = [headerFor(v06a), ...[1, 2].map((n) => textRowFor(v06a, validRecord(n)))];
    const alt1Rows = [
      headerFor(alt1),
      textRowFor(alt1, { ...validRecord(11), mpan: "1312345678901" }),
      ...[12, 13].map((n) => textRowFor(alt1, validRecord(n))),
    ];
    const file = path.join(tmp, "two-layouts.xlsx");
    writeFileSync(
      file,
      xlsx([
        { name: "MA v06a", xml: sheetXml(v06aRows) },
        { name: "MA alt1", xml: sheetXml(alt1Rows) },
      ])
    );
    return { file, alt1Rows, v06aRows };
  }

  /** The SHA-256 of rows as the README defines it (cells as text, trailing empty cells left out). */
  const digestOf = (rows: readonly string[][]) =>
    createHash("sha256")
      .update(rows.map((r) => `${r.join(",").replace(/,+$/, "")}\r\n`).join(""))
      .digest("hex");

  /** alt1.json with another MAM version and another clause and title for MAM-102. */
  function alt1Variant(): string {
    const data = JSON.parse(readFileSync(ALT1_FILE, "utf8")) as {
      mam: { version: string; date: string; status: string };
      rules: { code: string; clause: string; title: string }[];
    };
    data.mam = { ...data.mam, version: "9.9z", date: "2031-02-03", status: "test draft" };
    const rule = data.rules.find((r) => r.code === "MAM-102")!;
    rule.clause = "Test clause 102";
    rule.title = "Test title of MAM-102";
    const file = path.join(tmp, "alt1-variant.json");
    writeFileSync(file, JSON.stringify(data));
    return file;
  }

  test("the sheet with the chosen profile's header is read, and the findings are in its columns", () => {
    const { file } = twoLayouts();
    const shipped = mam(["validate", file, "--json", "--submitter", SUBMITTER]);
    expect(shipped.status).toBe(0);
    expect(JSON.parse(shipped.stdout)).toMatchObject({
      sheet: "MA v06a",
      profile: "v06a",
      rows: 2,
    });
    const other = mam([
      "validate",
      file,
      "--json",
      "--submitter",
      SUBMITTER,
      "--profile",
      ALT1_FILE,
    ]);
    expect(other.status).toBe(1);
    const report = JSON.parse(other.stdout) as JsonReport & { sheet: string };
    expect(report).toMatchObject({ sheet: "MA alt1", profile: "alt1", rows: 3 });
    expect(located(report.findings)).toEqual(["D2 MAM-102 error"]);
  });

  test("the HTML report names the profile and digests the rows of the sheet it chose", () => {
    const { file, alt1Rows, v06aRows } = twoLayouts();
    const html = (...extra: string[]) =>
      mam(["validate", file, "--format", "html", "--submitter", SUBMITTER, ...extra]).stdout;
    const other = html("--profile", ALT1_FILE);
    expect(other).toContain(
      '<th scope="row">Profile</th><td class="mono">alt1 (Test profile alt1 (other headers, order, no PPMID))</td>'
    );
    expect(other).toContain('<th scope="row">Sheet</th><td class="mono">MA alt1</td>');
    expect(other).toContain(digestOf(alt1Rows));
    expect(other).not.toContain(digestOf(v06aRows));
    const shipped = html();
    expect(shipped).toContain('<td class="mono">v06a (');
    expect(shipped).toContain(digestOf(v06aRows));
  });

  test("the MAM version, rule titles and clauses come from the profile's catalogue, in every output", () => {
    const { file } = twoLayouts();
    const profile = alt1Variant();
    const run = (...extra: string[]) =>
      mam(["validate", file, "--submitter", SUBMITTER, "--profile", profile, ...extra]);
    const mamText = "MAM v9.9z (test draft of 3 February 2031)";
    const json = JSON.parse(run("--json").stdout) as JsonReport;
    expect(json.mam).toMatchObject({ version: "9.9z", date: "2031-02-03" });
    const text = run().stdout;
    expect(text).toContain(mamText);
    expect(text).toContain("Test title of MAM-102");
    const html = run("--format", "html").stdout;
    expect(html).toContain(`<th scope="row">MAM version</th><td class="mono">${mamText}</td>`);
    expect(html).toContain("<td>Test title of MAM-102</td>");
    expect(html).toContain("<td>Test clause 102</td>");
    expect(html).not.toContain("2.1b");
    const csvLines = run("--format", "csv").stdout.trimEnd().split("\r\n");
    expect(csvLines).toHaveLength(2);
    expect(csvLines[1]).toMatch(/^D2,2,Electricity Meter Point,MAM-102,error,.*,Test clause 102$/);
    const version = mam(["--version", "--profile", profile]);
    expect(version.stdout).toContain(`(profile alt1)\nRules follow ${mamText}.`);
  });
});

describe("--today and the MAM version", () => {
  test("--today takes a real date only", () => {
    const file = sheet("today.csv", v06a);
    expect(validateJson(file, "--today", PINNED_TODAY).status).toBe(0);
    const bad = mam(["validate", file, "--today", "2021-02-30"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--today "2021-02-30" is not a date written YYYY-MM-DD');
  });

  test("--json names the MAM version the rules follow; the text report and mam rules too", () => {
    const file = sheet("version.csv", v06a);
    expect(validateJson(file).report.mam).toMatchObject({ version: "2.1b", date: "2020-12-18" });
    const text = mam(["validate", file, "--submitter", SUBMITTER]);
    expect(text.stdout).toContain("MAM v2.1b (consultation draft of 18 December 2020)");
    expect(mam(["rules"]).stdout).toContain(
      "following MAM v2.1b (consultation draft of 18 December 2020)"
    );
  });
});

describe("another DCC template", () => {
  test("a Dormant Meter Migration Schedule Notification gets one finding saying so", () => {
    const file = csv(
      "dormant-schedule.csv",
      ["MPxN", "ESME ID", "GSME ID", "CHF ID", "Scheduled Migration Date"],
      [["1312345678907", "00-0D-6F-00-00-01-00-01", "", "00-0D-6F-00-00-03-00-01", "2021-03-01"]]
    );
    const { status, report } = validateJson(file);
    expect(status).toBe(1);
    expect(located(report.findings)).toEqual(["1:1 MAM-006 error"]);
    expect(report.findings[0].message).toContain(
      'looks like the Dormant Meter Migration Schedule Notification template ("MPxN", "Scheduled Migration Date")'
    );
    expect(report.findings[0].message).toContain("this tool checks MA workbooks");
  });
});

describe("the domain items of the review, each on its own file", () => {
  test("EUID 523304368888178E3 is MAM-131, not MAM-191", () => {
    const file = sheet("euid-e.csv", v06a, { importSupplierEuid: "523304368888178E3" });
    expect(located(validateJson(file).report.findings)).toEqual(["G2 MAM-131 error"]);
  });

  test("the exact headers plus the supplier's own Status and Date columns: two MAM-004, no MAM-005", () => {
    const rows = [1, 2].map((n) => [...rowFor(v06a, validRecord(n)), "ok", "yesterday"]);
    const file = csv("status-date.csv", [...headerFor(v06a), "Status", "Date"], rows);
    const { status, report } = validateJson(file);
    expect(status).toBe(0);
    expect(located(report.findings)).toEqual(["N1 MAM-004 info", "O1 MAM-004 info"]);
  });

  test("a date with a time of day is exported as the date, saying so; 1899-12-31 is before 1900", () => {
    const file = sheet("time.csv", v06a, { authorisationDate: "2021-01-13T18:00" });
    const { status, report } = validateJson(file);
    expect(status).toBe(0);
    expect(located(report.findings)).toEqual(["L2 MAM-190 info"]);
    expect(report.findings[0].message).toContain("its time of day, 18:00, is dropped on export");
    const old = validateJson(sheet("1899.csv", v06a, { authorisationDate: "1899-12-31" }));
    expect(located(old.report.findings)).toEqual(["L2 MAM-171 error"]);
    expect(old.report.findings[0].message).toContain("before 1900");
  });

  test("21 emoji are 21 characters; a zero-width space is not printable", () => {
    const emoji = validateJson(
      sheet("emoji.csv", v06a, { supplierReference: "\u{1F600}".repeat(21) })
    );
    expect(emoji.report.findings).toEqual([]);
    const zw = validateJson(sheet("zw.csv", v06a, { supplierReference: "REF\u200B1" }));
    expect(located(zw.report.findings)).toEqual(["M2 MAM-181 error"]);
    expect(zw.report.findings[0].message).toContain("unprintable character (code 8203)");
  });

  test("a 1 MB cell gives a short message", () => {
    const file = sheet("huge.csv", v06a, { supplierReference: "x".repeat(1_000_000) });
    const { report } = validateJson(file);
    expect(located(report.findings)).toEqual(["M2 MAM-181 error"]);
    expect(report.findings[0].message.length).toBeLessThan(200);
    expect(report.findings[0].message).toContain("… (1,000,000 characters)");
  });

  test("an MPAN number in the date column of a workbook is MAM-171; no NaN reaches the MA file", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("MA");
    ws.addRow(headerFor(v06a));
    ws.addRow(rowFor(v06a, { ...validRecord(1), authorisationDate: 1312345678907 }));
    ws.addRow(rowFor(v06a, validRecord(2)));
    const file = path.join(tmp, "mpan-in-date.xlsx");
    await workbook.xlsx.writeFile(file);
    const { status, report } = validateJson(file);
    expect(status).toBe(1);
    expect(located(report.findings)).toEqual(["L2 MAM-171 error"]);
    expect(report.findings[0].message).toContain("is not a real date");
    expect(report.findings[0].message).not.toContain("NaN");
    const out = path.join(tmp, "out-nan");
    const refused = mam(["export", file, "--submitter", SUBMITTER, "--out", out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).not.toContain("NaN");
  });
});
