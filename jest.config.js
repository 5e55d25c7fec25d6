/** Every test in one run: `npm test`. Tests compile as CommonJS; the build uses ES modules. */
"use strict";
const os = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/src"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
  },
  moduleNameMapper: {
    "^office-addin-manifest$": "<rootDir>/test/stubs/officeAddinManifest.js",
  },
  testTimeout: 60000,
  // jest's default, one worker fewer than the cores, is one worker on a 2-core machine (CI): the
  // suites spend much of their time waiting on Chromium and on child processes, so two keep both busy.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  // A worker leaves no handle open and ends as soon as it is told to, but a worker that ran the
  // jsdom suites holds a heap of about 0.9 GB, and the process takes about half a second to free it:
  // jest's default of 0.5 s then reports it as "failed to exit gracefully" and kills it.
  workerGracefulExitTimeout: 5000,
  // Builds the CLI and the production pane in the background (test/testBuilds.ts), so the CLI
  // tests run the `mam` binary and the e2e tests the pane built from the current sources.
  globalSetup: "<rootDir>/test/globalSetup.ts",
  globalTeardown: "<rootDir>/test/globalTeardown.ts",
  testSequencer: "<rootDir>/test/sequencer.js",
};
