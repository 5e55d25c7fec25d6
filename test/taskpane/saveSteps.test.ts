/**
 * The Terminal steps of the Mac fallback, run for real (bash and perl, with pbpaste and shasum
 * played by the clipboard text and sha256sum): whatever line endings the clipboard gives the
 * lines, the saved file is byte for byte the MA file, and the SHA-256 printed is the file's.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkCommand, terminalCommand } from "../../src/taskpane/saveSteps";

const FILE = "MA_CGI_70-B3-D5-1F-30-00-A0-08_20240501_140307.csv";
const CONTENT =
  "MPAN,MPRN,ESME ID\r\n1200000000009,,00-0D-6F-00-00-00-00-01\r\n,1234567890,00-0D-6F-00-00-00-00-02\r\n";

function saveWith(clipboard: string): { bytes: Buffer; printed: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), "mam-save-"));
  try {
    mkdirSync(path.join(home, "Downloads"));
    writeFileSync(path.join(home, "clipboard"), clipboard);
    const script = [
      'pbpaste() { cat "$HOME/clipboard"; }',
      'shasum() { sha256sum "$3"; }',
      terminalCommand(FILE),
    ].join("\n");
    const printed = execFileSync("bash", ["-c", script], {
      env: { ...process.env, HOME: home },
      input: "\n", // the user presses Return after copying the lines
      encoding: "utf8",
    });
    return { bytes: readFileSync(path.join(home, "Downloads", FILE)), printed };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const sha = createHash("sha256").update(CONTENT).digest("hex");

test.each([
  ["CRLF, as copied", CONTENT],
  ["LF, as TextEdit and some clipboards make it", CONTENT.replace(/\r\n/g, "\n")],
  ["without the last line ending", CONTENT.replace(/\r\n$/, "")],
])("the saved file is the MA file byte for byte: clipboard with %s", (_, clipboard) => {
  const { bytes, printed } = saveWith(clipboard);
  expect(bytes.equals(Buffer.from(CONTENT))).toBe(true);
  expect(printed).toContain(sha);
});

test("the check command names the file", () => {
  expect(checkCommand(FILE, true)).toBe(`shasum -a 256 ~/Downloads/'${FILE}'`);
  expect(checkCommand(FILE, false)).toBe(`Get-FileHash -Algorithm SHA256 .\\${FILE}`);
});
