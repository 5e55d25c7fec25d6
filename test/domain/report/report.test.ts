/**
 * The pure parts of the reports: the one finding order (the pane's and the reports'), the findings
 * table, CSV made safe for Excel, HTML escaping, visible control characters, and the canonical
 * rows the SHA-256 is taken over.
 */
import fc from "fast-check";
import { csvCell, csvTable } from "../../../src/domain/report/csvTable";
import { paneOrder } from "../../../src/domain/report/findingOrder";
import { FINDINGS_HEADER, findingsTable } from "../../../src/domain/report/findingsTable";
import { escapeHtml, renderHtmlReport } from "../../../src/domain/report/htmlReport";
import { canonicalCell, writeCanonicalRows } from "../../../src/domain/report/rowsDigest";
import { visibleText } from "../../../src/domain/report/visibleText";
import { v06a } from "../../../src/domain/profile";
import type { Finding, Severity } from "../../../src/domain/types";
import { groupFindings } from "../../../src/taskpane/findingsView";

function finding(row: number, code: string, severity: Severity, column = "MPAN"): Finding {
  const cell = `A${row}`;
  return {
    id: `${cell}|${code}`,
    row,
    column,
    columnKey: "mpan",
    cell,
    code,
    severity,
    basis: "verified",
    message: `message ${code} ${row}`,
    hint: `hint ${code}`,
  };
}

const findings = fc.array(
  fc
    .tuple(
      fc.integer({ min: 1, max: 50 }),
      fc.constantFrom("MAM-102", "MAM-002", "MAM-311", "MAM-142", "MAM-191"),
      fc.constantFrom<Severity>("error", "warning", "info")
    )
    .map(([row, code, severity]) => finding(row, code, severity)),
  { maxLength: 40 }
);

describe("finding order", () => {
  test("the reports list findings exactly as the pane orders them by rule", () => {
    fc.assert(
      fc.property(findings, (list) => {
        expect(paneOrder(list)).toEqual(groupFindings(list, "rule").ordered);
      })
    );
  });

  test("errors, then warnings, then info; by rule code; then as given (sheet order)", () => {
    const list = [
      finding(5, "MAM-311", "warning"),
      finding(3, "MAM-102", "error"),
      finding(2, "MAM-142", "info"),
      finding(4, "MAM-002", "error"),
      finding(2, "MAM-102", "error"),
    ];
    expect(paneOrder(list).map((f) => `${f.code}@${f.row}`)).toEqual([
      "MAM-002@4",
      "MAM-102@3",
      "MAM-102@2",
      "MAM-311@5",
      "MAM-142@2",
    ]);
  });
});

describe("findings table", () => {
  test("one row per finding with cell, row, column, code, severity, message, fix, basis, clause", () => {
    const table = findingsTable([finding(7, "MAM-102", "error")], v06a);
    expect(table.header).toEqual([...FINDINGS_HEADER]);
    expect(table.rows).toHaveLength(1);
    const [cell, row, column, code, severity, message, fix, basis, clause] = table.rows[0];
    expect({ cell, row, column, code, severity, message, fix, basis }).toEqual({
      cell: "A7",
      row: "7",
      column: "MPAN",
      code: "MAM-102",
      severity: "error",
      message: "message MAM-102 7",
      fix: "hint MAM-102",
      basis: "verified",
    });
    expect(clause.length).toBeGreaterThan(0);
  });
});

describe("CSV for Excel", () => {
  test("cells Excel would run as formulas get a leading apostrophe", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"])
      expect(csvCell(`${start}HYPERLINK("x")`).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("MPAN 1312345678901")).toBe("MPAN 1312345678901");
  });

  test("quoting: commas, quotes and line breaks; a BOM first and CRLF line ends", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    const text = csvTable({ header: ["a", "b"], rows: [["1", "x,y"]] });
    expect(text).toBe('\ufeffa,b\r\n1,"x,y"\r\n');
  });

  test("any cell reads back as its text (or its text after an apostrophe)", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const cell = csvCell(value);
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        expect([value, `'${value}`]).toContain(unquoted);
        expect(/^[=+\-@\t\r]/.test(unquoted)).toBe(false);
      })
    );
  });
});

describe("HTML", () => {
  test("everything is escaped; no script, no outside asset", () => {
    const evil = finding(2, "MAM-181", "error", '<img src=x onerror="alert(1)">');
    const html = renderHtmlReport({
      title: "check of <b>x</b>.xlsx",
      facts: [["File", "<script>alert(1)</script>"]],
      notes: ["a & b"],
      summary: { error: 1, warning: 0, info: 0 },
      findings: [{ ...evil, message: 'Value "</td><script>" \u001b[2J', hint: "it's" }],
      rules: v06a,
    });
    expect(html).not.toMatch(/<script|<img|onerror="|\u001b/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("\\x1B[2J");
    expect(html).not.toMatch(/<(link|img|iframe|object)\b|url\(|@import/);
    expect(html).toContain("@media print");
  });

  test("escapeHtml covers the five characters that matter", () => {
    expect(escapeHtml(`<>&"'`)).toBe("&lt;&gt;&amp;&quot;&#39;");
  });
});

describe("visible text", () => {
  test("control and direction-changing characters are shown as escapes; other text is untouched", () => {
    expect(visibleText("a\u001b[2Jb\r\n\t\u009b\u202e")).toBe("a\\x1B[2Jb\\r\\n\\t\\x9B\\u202E");
    expect(visibleText("Smith, “Flat 2” £5 é 😀")).toBe("Smith, “Flat 2” £5 é 😀");
  });
});

describe("canonical rows (what the SHA-256 is taken over)", () => {
  test("the definition, cell by cell", () => {
    expect(canonicalCell("x")).toBe("x");
    expect(canonicalCell(1312345678907)).toBe("1312345678907");
    expect(canonicalCell(43562.5)).toBe("43562.5");
    expect(canonicalCell(true)).toBe("TRUE");
    expect(canonicalCell({ error: "#N/A" })).toBe("#N/A");
    expect(canonicalCell({ formula: "A1+1" })).toBe("=A1+1");
    expect(canonicalCell(null)).toBe("");
    expect(canonicalCell('a "b", c')).toBe('"a ""b"", c"');
  });

  test("header and rows, trailing empty cells dropped, gaps as empty lines, CRLF, in pieces", () => {
    const pieces: string[] = [];
    writeCanonicalRows(
      ["MPAN", "MPRN", null],
      [["1", null, ""], [], [2, "x"]],
      (t) => pieces.push(t),
      4
    );
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe("MPAN,MPRN\r\n1\r\n\r\n2,x\r\n");
  });
});
