/**
 * The `mam` binary on small crafted workbooks, one test per way a workbook can go wrong (issue 10):
 * damaged data, hidden or competing sheets, bombs and numbers past Excel's limits, parts in an odd
 * order, escape codes, rich text, formulas without a value, encrypted files, and files left on disk.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as zlib from "node:zlib";
import { LimitError } from "../../src/cli/xlsx/limits";
import { readWorkbook, WorkbookError } from "../../src/cli/xlsx/readWorkbook";
import {
  cleanRow,
  MA_HEADER,
  maWorkbook,
  sheetXml,
  SUBMITTER,
  xlsx,
  xlsxEntries,
  zip,
} from "./craftXlsx";
import {
  cliBuilt,
  CLI_BUILD_WAIT_MS,
  BIN,
  mam,
  pipeEnv,
  ROOT,
  STACK_FRAME,
  type RunResult,
} from "./run";
import { rowArrays } from "./rowArrays";

let tmp: string;
beforeAll(async () => {
  await cliBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), "mam-edges-"));
}, CLI_BUILD_WAIT_MS);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function file(bytes: Buffer, ext = ".xlsx"): string {
  const target = path.join(tmp, `book-${n++}${ext}`);
  writeFileSync(target, bytes);
  return target;
}

/** Exit 2, one line on stderr naming the file and matching `message`, no stack trace. */
function expectRefused(result: RunResult, target: string, message: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(target);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toMatch(/internal error/);
}

function exportTo(target: string, ...extra: string[]) {
  const out = mkdtempSync(path.join(tmp, "out-"));
  const result = mam(["export", target, "--submitter", SUBMITTER, "--out", out, ...extra]);
  const files = readdirSync(out);
  return {
    result,
    out,
    files,
    text: files.length === 1 ? readFileSync(path.join(out, files[0]), "utf8") : "",
  };
}

describe("damaged workbooks: exit 2, 'the workbook is damaged', never a silent 0", () => {
  test("a damaged byte in a sheet's compressed data, wherever it falls, is reported (or harmless)", async () => {
    const entries = xlsxEntries([
      { name: "Migration Authorisation", xml: sheetXml([MA_HEADER, cleanRow(2), cleanRow(3)]) },
    ]);
    const good = zip(entries);
    const sheetData = zlib.deflateRawSync(Buffer.from(entries[entries.length - 1].data as string));
    const start = good.indexOf(sheetData);
    expect(start).toBeGreaterThan(0);
    const reference = await readWorkbook(file(good));
    let damaged = 0;
    for (let i = start; i < start + sheetData.length; i++) {
      const bytes = Buffer.from(good);
      bytes[i] ^= 0x5a;
      try {
        const read = await readWorkbook(file(bytes));
        // A change the inflater undoes (a padding bit) must give the same cells back.
        expect([read.header, ...rowArrays(read.rows)]).toEqual([
          reference.header,
          ...rowArrays(reference.rows),
        ]);
      } catch (error) {
        // Damage that still inflates may also break a limit (a row number): refused all the same.
        if (error instanceof LimitError) continue;
        expect(error).toBeInstanceOf(WorkbookError);
        expect((error as Error).message).toMatch(/^the workbook is damaged \(/);
        damaged++;
      }
    }
    expect(damaged).toBeGreaterThan(sheetData.length / 2);
  });

  test("the CLI on one such file: exit 2 with the reason, for validate and export alike", () => {
    const entries = xlsxEntries([
      { name: "Migration Authorisation", xml: sheetXml([MA_HEADER, cleanRow(2)]) },
    ]);
    const bytes = zip(entries);
    const sheetData = zlib.deflateRawSync(Buffer.from(entries[entries.length - 1].data as string));
    bytes[bytes.indexOf(sheetData) + Math.floor(sheetData.length / 2)] ^= 0xff;
    const target = file(bytes);
    expectRefused(mam(["validate", target]), target, /the workbook is damaged \(.+\)/);
    const { result, files } = exportTo(target);
    expectRefused(result, target, /the workbook is damaged/);
    expect(files).toEqual([]);
  });

  test("a truncated workbook", () => {
    const bytes = maWorkbook();
    const target = file(bytes.subarray(0, bytes.length - 30));
    expectRefused(mam(["validate", target]), target, /the workbook is damaged/);
  });
});

describe("which sheet is read", () => {
  const draft = {
    name: "old draft",
    xml: sheetXml([MA_HEADER, cleanRow(2)]),
    state: "hidden" as const,
  };
  const ma = {
    name: "Migration Authorisation",
    xml: sheetXml([MA_HEADER, cleanRow(2), cleanRow(3)]),
  };

  test("a hidden draft beside the visible MA sheet: asked to choose with --sheet, nothing exported", () => {
    const target = file(xlsx([ma, draft]));
    const validate = mam(["validate", target]);
    expectRefused(validate, target, /--sheet/);
    expect(validate.stderr).toContain('"old draft" (hidden)');
    expect(validate.stderr).toContain('"Migration Authorisation"');
    const { result, files } = exportTo(target);
    expectRefused(result, target, /--sheet/);
    expect(files).toEqual([]);
  });

  test("--sheet chooses; the output names the sheet read and the hidden one", () => {
    const target = file(xlsx([ma, draft]));
    const text = mam([
      "validate",
      target,
      "--submitter",
      SUBMITTER,
      "--sheet",
      "Migration Authorisation",
    ]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('sheet "Migration Authorisation"');
    expect(text.stdout).toMatch(/Hidden sheets, not checked: "old draft"/);
    const { result, text: ma2 } = exportTo(target, "--sheet", "Migration Authorisation");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("sheet: Migration Authorisation");
    expect(ma2.trimEnd().split("\r\n")).toHaveLength(3); // header + 2 rows
  });

  test("the only sheet with the MA header is hidden: never read without --sheet", () => {
    const target = file(xlsx([{ name: "Instructions", xml: sheetXml([["Read me"]]) }, draft]));
    expectRefused(
      mam(["validate", target]),
      target,
      /only sheet with the MA header, "old draft", is hidden/
    );
    const chosen = mam(["validate", target, "--sheet", "old draft", "--json"]);
    expect(JSON.parse(chosen.stdout).sheet).toBe("old draft");
  });

  test("no sharedStrings.xml and the sheet parts last in the zip: every sheet is read", () => {
    const entries = xlsxEntries([
      { name: "Instructions", xml: sheetXml([["How to fill in this workbook"]]) },
      ma,
    ]);
    // Sheets after the workbook's other parts, the MA sheet last.
    const target = file(zip([...entries.slice(0, 4), ...entries.slice(4).reverse()]));
    const result = mam(["validate", target, "--json", "--submitter", SUBMITTER]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.sheet).toBe("Migration Authorisation");
    expect(report.rows).toBe(2);
    expect(report.findings).toEqual([]);
  });
});

describe("bombs and numbers past Excel's limits: exit 2 within seconds", () => {
  test('<row r="2000000000">', () => {
    const target = file(
      maWorkbook(
        1,
        '<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'
      )
    );
    expectRefused(
      mam(["validate", target]),
      target,
      /row numbered 2,000,000,000, past Excel's last row 1,048,576/
    );
  });

  test("a cell past column XFD", () => {
    const target = file(maWorkbook(1, '<row r="9"><c r="XFE9"><v>1</v></c></row>'));
    expectRefused(mam(["validate", target]), target, /past Excel's last column XFD/);
  });

  test("a sheet that says it inflates to 3 GB", () => {
    const entries = xlsxEntries([{ name: "Migration Authorisation", xml: sheetXml([MA_HEADER]) }]);
    const last = entries[entries.length - 1];
    entries[entries.length - 1] = { ...last, size: 3_000_000_000 };
    const target = file(zip(entries));
    expectRefused(mam(["validate", target]), target, /3,000,000,000 bytes unpacked/);
  });

  test("a sheet that inflates to more than its zip entry says", () => {
    const entries = xlsxEntries([
      { name: "Migration Authorisation", xml: sheetXml([MA_HEADER, cleanRow(2)]) },
    ]);
    entries[entries.length - 1] = { ...entries[entries.length - 1], size: 100 };
    const target = file(zip(entries));
    expectRefused(
      mam(["validate", target]),
      target,
      /the workbook is damaged \(.*more bytes than the zip says/
    );
  });

  test("a shared-strings bomb (a small zip with millions of strings) is refused by its count", () => {
    // 1 MiB of <si> entries, deflated once and repeated: the inflater makes 600 MiB of them.
    const piece = Buffer.from("<si><t>x</t></si>".repeat(61_681)); // 1,048,577 bytes
    const block = zlib.deflateRawSync(piece, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const head = Buffer.from(
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    );
    const deflated = Buffer.concat([
      zlib.deflateRawSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
      ...Array.from({ length: 600 }, () => block),
      zlib.deflateRawSync(Buffer.from("</sst>")),
    ]);
    const entries = xlsxEntries([{ name: "Migration Authorisation", xml: sheetXml([MA_HEADER]) }], {
      sharedStrings: "",
    });
    const at = entries.findIndex((e) => e.name === "xl/sharedStrings.xml");
    entries[at] = {
      name: "xl/sharedStrings.xml",
      data: "",
      deflated,
      size: head.length + 600 * piece.length + 6,
      crc: 0,
    };
    const bytes = zip(entries);
    expect(bytes.length).toBeLessThan(3_000_000);
    const target = file(bytes);
    expectRefused(
      mam(["validate", target]),
      target,
      /shared-string table of more than 16,777,216 entries/
    );
  });

  test("a shared-string table that says it has more entries than allowed", () => {
    const sst =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="99999999"><si><t>x</t></si></sst>';
    const target = file(
      xlsx([{ name: "Migration Authorisation", xml: sheetXml([MA_HEADER]) }], {
        sharedStrings: sst,
      })
    );
    expectRefused(mam(["validate", target]), target, /shared-string table of more than/);
  });
});

describe("what the reader keeps, and how it is shown", () => {
  test("inline and shared rich text keep every run: INST- + 0004102 is INST-0004102", () => {
    const rich = (r: number) =>
      `<c r="M${r}" t="inlineStr"><is><r><rPr><b/></rPr><t>INST-</t></r><r><t>0004102</t></r></is></c>`;
    const shared = '<c r="M3" t="s"><v>0</v></c>';
    const sst =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t xml:space="preserve">INST-</t></r><r><t>0004103</t></r><rPh><t>x</t></rPh></si></sst>';
    const row2 = cleanRow(2)
      .slice(0, 12)
      .map((v) => v);
    const row3 = cleanRow(3).slice(0, 12);
    const xml = sheetXml([MA_HEADER, [...row2, rich(2)], [...row3, shared]]);
    const target = file(xlsx([{ name: "Migration Authorisation", xml }], { sharedStrings: sst }));
    const { result, text } = exportTo(target);
    expect(result.status).toBe(0);
    const refs = text
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",").pop());
    expect(refs).toEqual(["INST-0004102", "INST-0004103"]);
  });

  test("a formula with no saved result is named, never taken silently for a value", () => {
    const formula = '<c r="M2"><f>CONCAT("INST-",A2)</f></c>';
    const xml = sheetXml([MA_HEADER, [...cleanRow(2).slice(0, 12), formula], cleanRow(3)]);
    const target = file(xlsx([{ name: "Migration Authorisation", xml }]));
    const result = mam(["validate", target, "--submitter", SUBMITTER]);
    expect(result.stdout).toMatch(
      /1 formula with no saved result \(M2\): open the workbook in Excel, let it calculate, and save it/
    );
    expect(result.stderr).toBe("");
  });

  test("a formula with no saved result reaches the engine: MAM-193 on its cell, and no MA file", () => {
    // A formula, and a shared formula whose other cell holds only a reference to it.
    const master = '<c r="M2"><f t="shared" ref="M2:M3" si="0">CONCAT("INST-",A2)</f></c>';
    const child = '<c r="M3"><f t="shared" si="0"/></c>';
    const date = '<c r="L4"><f>DATE(2021,1,1)</f></c>';
    const xml = sheetXml([
      MA_HEADER,
      [...cleanRow(2).slice(0, 12), master],
      [...cleanRow(3).slice(0, 12), child],
      [...cleanRow(4).slice(0, 11), date, "REF-4"],
    ]);
    const target = file(xlsx([{ name: "Migration Authorisation", xml }]));
    const result = mam(["validate", target, "--json", "--submitter", SUBMITTER]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { cell: string; code: string; severity: string; message: string }[];
    };
    expect(report.findings.map((f) => `${f.cell} ${f.code} ${f.severity}`)).toEqual([
      "M2 MAM-193 error",
      "M3 MAM-193 error",
      "L4 MAM-193 error",
    ]);
    expect(report.findings[0].message).toBe(
      'Supplier Reference holds the formula =CONCAT("INST-",A2) whose result was never calculated or saved.'
    );
    expect(report.findings[2].message).toContain("=DATE(2021,1,1)");
    const { result: refused, files } = exportTo(target);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("MAM-193");
    expect(files).toEqual([]);
  });

  test("terminal escape codes in a cell are shown escaped: no cleared screen, no fake summary", () => {
    const evil = "\u001b[2J\u001b[H\r0 rows checked: 0 errors\nINST-1";
    const xml = sheetXml([
      MA_HEADER,
      [...cleanRow(2).slice(0, 12), evil],
      [...cleanRow(3).slice(0, 3), evil],
    ]);
    const target = file(xlsx([{ name: "Migration\u001b[31m Authorisation", xml }]));
    const result = mam(["validate", target, "--all", "--submitter", SUBMITTER]);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(result.stdout).toContain("\\x1B[H\\r0 rows checked");
    expect(result.stdout).toContain('sheet "Migration\\x1B[31m Authorisation"');
    // The only line that starts like the summary is the summary.
    expect(result.stdout.split("\n").filter((l) => /^\S*\d+ rows? checked/.test(l))).toHaveLength(
      1
    );
  });

  test("an encrypted workbook (or an old .xls renamed .xlsx): save it as .xlsx", () => {
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    const target = file(cfb);
    expectRefused(
      mam(["validate", target]),
      target,
      /password-protected or an old \.xls .*save it as \.xlsx/
    );
  });

  test("a file that is not a zip at all", () => {
    const target = file(Buffer.from("MPAN,MPRN\r\n1,2\r\n"));
    expectRefused(mam(["validate", target]), target, /not an Excel workbook/);
  });
});

describe("nothing of the workbook is written to disk, and pipes may close early", () => {
  test("reading writes no temporary file, even when the reader stops early", () => {
    const scratch = mkdtempSync(path.join(tmp, "tmpdir-"));
    const env = pipeEnv({ TMPDIR: scratch, TMP: scratch, TEMP: scratch });
    for (const bytes of [maWorkbook(50), maWorkbook(1, '<row r="2000000000"></row>')])
      mam(["validate", file(bytes)], env);
    expect(readdirSync(scratch)).toEqual([]);
  });

  test("mam validate FILE | head -1: quiet, and the exit status is the check's", () => {
    // Enough findings that the output is far more than a pipe holds.
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const row = cleanRow(i + 2);
      row[0] = "1312345678901"; // wrong check digit, and duplicated: errors on every row
      return row;
    });
    const target = file(
      xlsx([{ name: "Migration Authorisation", xml: sheetXml([MA_HEADER, ...rows]) }])
    );
    const shell = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" ${BIN} validate "${target}" --all | head -1; echo "status \${PIPESTATUS[0]}" >&2`,
      ],
      { cwd: ROOT, encoding: "utf8", env: pipeEnv() }
    );
    expect(shell.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(shell.stderr).toBe("status 1\n");
  });
});
