/**
 * The `mam` binary on crafted CSV files (issue 10): a file read in blocks checks as the whole file
 * does, absurd widths are refused with the limit, and two byte order marks before a quoted header
 * read as papaparse reads them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cleanRow, MA_HEADER, SUBMITTER } from "./craftXlsx";
import { cliBuilt, CLI_BUILD_WAIT_MS, mam, pipeEnv, STACK_FRAME } from "./run";

let tmp: string;
beforeAll(async () => {
  await cliBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), "mam-csv-"));
}, CLI_BUILD_WAIT_MS);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function csvFile(name: string, text: string | Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const line = (cells: readonly string[]) =>
  cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");

describe("CSV edges", () => {
  test("a file read in many small blocks gives the same report as one read whole", () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      cleanRow(i + 2, i % 3 === 0 ? `Flat ${i},\r\n"Top" floor` : `REF-${i}`)
    );
    rows[7][0] = "1312345678901"; // an error, so the report has findings
    const file = csvFile("blocks.csv", `\ufeff${[MA_HEADER, ...rows].map(line).join("\r\n")}\r\n`);
    const whole = mam(["validate", file, "--json", "--submitter", SUBMITTER]);
    const blocks = mam(
      ["validate", file, "--json", "--submitter", SUBMITTER],
      pipeEnv({ MAM_CSV_BLOCK_BYTES: "512" })
    );
    expect(whole.status).toBe(1);
    expect(blocks).toEqual(whole);
  });

  test("5,000,000 columns: refused with the limit, not an internal error", () => {
    const file = csvFile("wide.csv", `${",".repeat(5_000_000)}\r\n`);
    const result = mam(["validate", file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /row 1 has 5,000,001 fields; mam reads at most 16,384 columns \(Excel's limit\)/
    );
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  test("two UTF-8 BOMs and a quoted header: read as papaparse reads it (the header is found)", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.from(
      `${MA_HEADER.map((h) => `"${h}"`).join(",")}\r\n${line(cleanRow(2))}\r\n`
    );
    const file = csvFile("two-boms.csv", Buffer.concat([bom, bom, body]));
    const result = mam(["validate", file, "--json", "--submitter", SUBMITTER]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).findings).toEqual([]);
  });
});
