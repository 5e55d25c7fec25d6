/**
 * `mam validate --format text|json|csv|html`: the same findings in each, in the pane's order for
 * CSV and HTML; CSV that Excel opens with one finding a line; one self-contained HTML file with
 * the facts of the check and the SHA-256 of the rows checked.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { cliBuilt, CLI_BUILD_WAIT_MS, fixture, mam, ROOT } from "./run";

const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";

beforeAll(cliBuilt, CLI_BUILD_WAIT_MS);

function json(file: string) {
  const result = mam(["validate", file, "--json", "--submitter", SUBMITTER]);
  return JSON.parse(result.stdout) as {
    findings: { cell: string; code: string; severity: string }[];
  };
}

describe("mam validate --format", () => {
  test("csv: BOM, CRLF, a header and one finding a line, in the pane's order", () => {
    const result = mam([
      "validate",
      fixture("errors.csv"),
      "--format",
      "csv",
      "--submitter",
      SUBMITTER,
    ]);
    expect(result.status).toBe(1);
    expect(
      result.stdout.startsWith(
        "\ufeffCell,Row,Column,Code,Severity,Message,How to fix,Basis,Clause\r\n"
      )
    ).toBe(true);
    const lines = result.stdout.slice(1).trimEnd().split("\r\n");
    const findings = json(fixture("errors.csv")).findings;
    expect(lines).toHaveLength(findings.length + 1);
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    const codes = lines.slice(1).map((line) => line.split(",")[3]);
    const sorted = [...findings].sort(
      (a, b) =>
        rank[a.severity] - rank[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
    );
    expect(codes).toEqual(sorted.map((f) => f.code));
  });

  test("csv: a supplier's formula quoted in a message cannot run in Excel", () => {
    const result = mam(["validate", fixture("errors.csv"), "--format", "csv"]);
    // Row 9's Supplier Reference is =HYPERLINK("x"): no cell of the report starts with "=".
    for (const line of result.stdout.split("\r\n"))
      for (const cell of line.split(",")) expect(cell).not.toMatch(/^"?[=+@]/);
  });

  test("html: one self-contained file with the facts, the summary, every finding and the SHA-256 of the rows", () => {
    const result = mam([
      "validate",
      fixture("errors.csv"),
      "--format",
      "html",
      "--submitter",
      SUBMITTER,
    ]);
    expect(result.status).toBe(1);
    const html = result.stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
    for (const fact of [
      "File",
      "Sheet",
      "Profile",
      "MAM version",
      "Checked by",
      "Rows checked",
      "SHA-256 of the rows checked",
    ])
      expect(html).toContain(`<th scope="row">${fact}</th>`);
    const findings = json(fixture("errors.csv")).findings;
    expect(html).toContain(`<h2>Findings (${findings.length})</h2>`);
    for (const f of findings) expect(html).toContain(`<td><code>${f.cell}</code></td>`);
    // The digest: the canonical CSV of a CSV file's cells is its own text, less trailing empty cells.
    const text = readFileSync(path.join(ROOT, fixture("errors.csv")), "utf8");
    const canonical = text
      .split("\r\n")
      .slice(0, -1)
      .map((line) => `${line.replace(/,+$/, "")}\r\n`)
      .join("");
    const digest = createHash("sha256").update(canonical).digest("hex");
    expect(html).toContain(digest);
  });

  test("text is the default, json and --json are the same report", () => {
    const text = mam(["validate", fixture("warnings.csv")]);
    expect(mam(["validate", fixture("warnings.csv"), "--format", "text"]).stdout).toBe(text.stdout);
    expect(mam(["validate", fixture("warnings.csv"), "--format", "json"]).stdout).toBe(
      mam(["validate", fixture("warnings.csv"), "--json"]).stdout
    );
  });

  test("an unknown format, or --json with another format, is a usage error", () => {
    const bad = mam(["validate", fixture("valid.csv"), "--format", "pdf"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format "pdf": give one of text, json, csv, html/);
    expect(mam(["validate", fixture("valid.csv"), "--format", "csv", "--json"]).status).toBe(2);
  });
});
