/**
 * `mam export` can neither clobber nor half-write a file: the name is taken only when free (never
 * through a symbolic link), the content reaches the disk in a temporary file in the same folder
 * that is renamed when complete, and a failure (here a file-size limit) leaves nothing behind.
 * `mam validate --output` writes its report the same way.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { cleanRow, MA_HEADER, sheetXml, SUBMITTER, xlsx } from "./craftXlsx";
import { cliBuilt, CLI_BUILD_WAIT_MS, BIN, fixture, mam, pipeEnv, ROOT, STACK_FRAME } from "./run";

const AT = "2019-04-07T18:25:03+01:00";
const NAME = `MA_CGI_${SUBMITTER}_20190407_182503.csv`;

let tmp: string;
beforeAll(async () => {
  await cliBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), "mam-export-"));
}, CLI_BUILD_WAIT_MS);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function exportInto(dir: string, file = fixture("valid.csv")) {
  return mam(["export", file, "--submitter", SUBMITTER, "--at", AT, "--out", dir]);
}

describe("mam export never overwrites", () => {
  test("the same export twice (the same second, or the same --at): the second is refused, the first kept", () => {
    const dir = path.join(tmp, "twice", "nested"); // created as needed
    expect(exportInto(dir).status).toBe(0);
    const first = readFileSync(path.join(dir, NAME));
    const again = exportInto(dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`${NAME} already exists: it was not overwritten`));
    expect(again.stderr).not.toMatch(STACK_FRAME);
    expect(readFileSync(path.join(dir, NAME))).toEqual(first);
    expect(readdirSync(dir)).toEqual([NAME]);
  });

  test("a symbolic link under the name is never written through", () => {
    const dir = mkdtempSync(path.join(tmp, "link-"));
    const victim = path.join(tmp, "victim.txt");
    writeFileSync(victim, "keep me");
    symlinkSync(victim, path.join(dir, NAME));
    const result = exportInto(dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("already exists");
    expect(readFileSync(victim, "utf8")).toBe("keep me");
    expect(lstatSync(path.join(dir, NAME)).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual([NAME]); // no temporary file left
  });

  test("a dangling symbolic link under the name is not followed either", () => {
    const dir = mkdtempSync(path.join(tmp, "dangling-"));
    const target = path.join(tmp, "would-be-created.csv");
    symlinkSync(target, path.join(dir, NAME));
    expect(exportInto(dir).status).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});

describe("mam export never leaves half a file", () => {
  test("a file-size limit hit while writing: exit 2, the reason, and nothing left in the folder", () => {
    // 60 rows make an MA file of about 9 KB; the limit is 4 KB (ulimit -f counts 1 KiB blocks).
    const rows = Array.from({ length: 60 }, (_, i) => cleanRow(i + 2));
    const file = path.join(tmp, "sixty.xlsx");
    writeFileSync(
      file,
      xlsx([{ name: "Migration Authorisation", xml: sheetXml([MA_HEADER, ...rows]) }])
    );
    const dir = mkdtempSync(path.join(tmp, "limit-"));
    const args = ["export", file, "--submitter", SUBMITTER, "--at", AT, "--out", dir];
    const result = spawnSync(
      "bash",
      [
        "-c",
        `ulimit -f 4; exec "${process.execPath}" ${BIN} ${args.map((a) => `"${a}"`).join(" ")}`,
      ],
      { cwd: ROOT, encoding: "utf8", env: pipeEnv() }
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /Cannot write .*MA_CGI_.*: the file is larger than this system allows \(a file-size limit\); nothing was written/
    );
    expect(readdirSync(dir)).toEqual([]);
    // Without the limit the same export succeeds.
    expect(mam(args).status).toBe(0);
    expect(readdirSync(dir)).toEqual([NAME]);
  });
});

describe("mam validate --output", () => {
  test("writes the report atomically, replaces an earlier report, and says where", () => {
    const dir = mkdtempSync(path.join(tmp, "report-"));
    const target = path.join(dir, "report.html");
    writeFileSync(target, "old");
    const result = mam(["validate", fixture("errors.csv"), "--format", "html", "--output", target]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      `${target}: html report on ${fixture("errors.csv")}, sheet "errors.csv"\n`
    );
    expect(readFileSync(target, "utf8")).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(dir)).toEqual(["report.html"]);
  });

  test("never writes through a symbolic link: the link is replaced, its target kept", () => {
    const dir = mkdtempSync(path.join(tmp, "report-link-"));
    const victim = path.join(tmp, "victim-report.txt");
    writeFileSync(victim, "keep me");
    const target = path.join(dir, "report.csv");
    symlinkSync(victim, target);
    expect(
      mam(["validate", fixture("valid.csv"), "--format", "csv", "--output", target]).status
    ).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("keep me");
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
  });
});
