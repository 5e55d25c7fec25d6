#!/usr/bin/env node
// `npm run demo`: the main job on the bundled sample, as a supplier (or the helpdesk) would run it.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const mam = path.join(root, "bin", "mam.js");
const submitter = "70-B3-D5-1F-30-00-A0-08";
const sample = "examples/sample-ma-workbook.xlsx";
const corrected = "examples/sample-ma-workbook-corrected.xlsx";

function step(title, args) {
  process.stdout.write(`\n\u2500\u2500 ${title}\n$ mam ${args.join(" ")}\n\n`);
  const result = spawnSync(process.execPath, [mam, ...args], { cwd: root, stdio: "inherit" });
  return result.status;
}

step("1. Check the sample workbook (it has real mistakes of every kind)", [
  "validate",
  sample,
  "--submitter",
  submitter,
]);
step("2. Try to export it: refused while errors stand", [
  "export",
  sample,
  "--submitter",
  submitter,
  "--out",
  "out",
]);
const code = step("3. Export the corrected workbook (errors fixed, warnings acknowledged)", [
  "export",
  corrected,
  "--submitter",
  submitter,
  "--out",
  "out",
  "--accept-warnings",
]);
process.exit(code === 0 ? 0 : 1);
