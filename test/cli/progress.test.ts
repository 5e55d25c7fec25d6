/**
 * The progress bar: drawn on stderr only when it is a terminal, throttled, cleared at the end; and
 * the real binary under a pseudo-terminal (util-linux `script`) on a ~25k-row CSV.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { progressBar } from "../../src/cli/progress";
import { withMpanCheckDigit } from "../../src/domain/mpan";
import { withMprnCheckDigits } from "../../src/domain/mprn";
import { ANSI, cliBuilt, CLI_BUILD_WAIT_MS, BIN, mam, pipeEnv, ROOT } from "./run";

const SUBMITTER = "70-B3-D5-1F-30-00-A0-08";

/** A stand-in for process.stderr that records what is written. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = {
    isTTY,
    write: (text: string) => (written.push(text), true),
  } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe("progressBar", () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, "now").mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  test("on a terminal: draws a bar on one line, throttled to every 100 ms, and clears it", () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream, true);
    bar.update("Reading", 0.25, "5,000 rows");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\rReading\s+\[█{7}░{21}\]\s+25% 5,000 rows\u001b\[K$/);
    now += 50;
    bar.update("Reading", 0.3);
    expect(written).toHaveLength(1); // too soon
    now += 60;
    bar.update("Checking", 0.5, "half");
    expect(written).toHaveLength(2);
    expect(written[1]).toContain(" 50% half");
    now += 1;
    bar.update("Checking", 1, "done");
    expect(written).toHaveLength(3); // 100% is always drawn
    expect(written[2]).toContain("100%");
    bar.done();
    expect(written[3]).toBe("\r\u001b[K");
    bar.done();
    expect(written).toHaveLength(4); // nothing left to clear
  });

  test("fractions outside 0-1 are clamped", () => {
    const { stream, written } = fakeStream(true);
    progressBar(stream, true).update("Reading", 1.7);
    expect(written[0]).toContain("100%");
  });

  test("done() without a drawn bar writes nothing", () => {
    const { stream, written } = fakeStream(true);
    progressBar(stream, true).done();
    expect(written).toEqual([]);
  });

  test("not a terminal: nothing is written", () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar(stream, true);
    bar.update("Reading", 0.5, "x");
    bar.update("Checking", 1, "y");
    bar.done();
    expect(written).toEqual([]);
  });

  test("disabled (--json): nothing is written, even on a terminal", () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream, false);
    bar.update("Reading", 1);
    bar.done();
    expect(written).toEqual([]);
  });
});

describe("the real binary on a 25,000-row CSV", () => {
  const ROWS = 25_000;
  let dir: string;
  let big: string;

  beforeAll(async () => {
    await cliBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), "mam-progress-"));
    big = path.join(dir, "big.csv");
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");
    const lines = [
      "MPAN,MPRN,ESME ID,GSME ID,CHF ID,PPMID ID,Import Supplier EUID,Gas Supplier EUID,Group ID,SMSO ID,Meter Status,Authorisation Date,Supplier Reference",
    ];
    for (let i = 0; i < ROWS; i++) {
      const device = (slot: number) =>
        `00-12-4B-00-${hex(i >> 16)}-${hex((i >> 8) & 0xff)}-${hex(i & 0xff)}-${hex(slot)}`;
      const mpan = withMpanCheckDigit(`13${String(i).padStart(10, "0")}`);
      const mprn = withMprnCheckDigits(`7${String(i).padStart(7, "0")}`);
      lines.push(
        [
          mpan,
          mprn,
          device(1),
          device(2),
          device(3),
          "",
          SUBMITTER,
          SUBMITTER,
          "AB",
          "SM01",
          "Active",
          "2019-04-07",
          `R${i}`,
        ].join(",")
      );
    }
    writeFileSync(big, `${lines.join("\r\n")}\r\n`);
  }, CLI_BUILD_WAIT_MS);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("in a pipe: no progress bar, no escape codes, a clean result", () => {
    const result = mam(["validate", big, "--submitter", SUBMITTER]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${ROWS.toLocaleString("en-GB")} rows checked: 0 errors`);
    expect(result.stderr).toBe("");
    expect(result.stdout).not.toMatch(ANSI);
  });

  test("on a terminal (util-linux script): a progress line appears, and colour", () => {
    const which = spawnSync("sh", ["-c", "command -v script"], { encoding: "utf8" });
    if (which.status !== 0 || which.stdout.trim() === "") {
      throw new Error(
        "This test needs util-linux `script` to run mam under a pseudo-terminal (apt-get install util-linux); it is not on PATH."
      );
    }
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, BIN, "validate", big, "--submitter", SUBMITTER]
      .map(quote)
      .join(" ");
    const result = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      encoding: "utf8",
      env: pipeEnv({ TERM: "xterm-256color" }),
      timeout: 60_000,
    });
    if (result.error) throw result.error;
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/Reading\s+\[█+\]\s+100%/);
    expect(out).toMatch(/Checking\s+\[[█░]+\]\s+\d+%/);
    expect(out).toMatch(/Checking\s+\[█+\]\s+100%/);
    expect(out).toContain("\r\u001b[K"); // the bar is cleared before the report
    expect(out).toMatch(ANSI);
    expect(out.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "")).toContain(
      `${ROWS.toLocaleString("en-GB")} rows checked: 0 errors`
    );
  });

  test("a small file on a terminal draws no bar", () => {
    const command = [process.execPath, BIN, "validate", "test/fixtures/valid.csv"]
      .map((s) => `'${s}'`)
      .join(" ");
    const result = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      encoding: "utf8",
      env: pipeEnv({ TERM: "xterm-256color" }),
    });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/Reading|Checking/);
  });
});
