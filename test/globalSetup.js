/**
 * Compiles the CLI (`tsc -p tsconfig.cli.json`, as `npm run build:cli` does) once before the tests,
 * so the CLI tests in test/cli/ always run the `mam` binary built from the current sources.
 *
 * tsc writes into a private directory first; only files whose bytes changed are then moved into
 * build/ by rename (atomic), so a `mam` started meanwhile (another jest run, a developer) never
 * loads a half-written module.
 *
 * A compile failure does not stop the other suites: it is recorded in build/cli-build-status.json
 * and the CLI tests fail with tsc's output (test/cli/run.ts reads it).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/** Moves every file under `from` to the same place under `to` when its content differs. */
function publish(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
      publish(source, target);
    } else if (!fs.existsSync(target) || !fs.readFileSync(target).equals(fs.readFileSync(source))) {
      fs.renameSync(source, target);
    }
  }
}

function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "..");
  const build = path.join(root, "build");
  fs.mkdirSync(build, { recursive: true });
  const staging = fs.mkdtempSync(path.join(build, ".staging-"));
  const started = Date.now();
  let status;
  try {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
    const result = spawnSync(
      process.execPath,
      [tsc, "-p", "tsconfig.cli.json", "--outDir", staging],
      { cwd: root, encoding: "utf8" }
    );
    status = {
      ok: result.status === 0,
      output:
        `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`.trim(),
      ms: Date.now() - started,
    };
    if (status.ok) publish(staging, build);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  writeAtomically(path.join(build, "cli-build-status.json"), JSON.stringify(status, null, 2));
  if (!status.ok)
    process.stderr.write(
      `\nglobalSetup: tsc -p tsconfig.cli.json failed; the CLI tests will fail:\n${status.output}\n`
    );
};
