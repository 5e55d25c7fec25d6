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
  // Builds the CLI and the production pane in the background (test/testBuilds.ts), so the CLI
  // tests run the `mam` binary and the e2e tests the pane built from the current sources.
  globalSetup: "<rootDir>/test/globalSetup.ts",
  globalTeardown: "<rootDir>/test/globalTeardown.ts",
  testSequencer: "<rootDir>/test/sequencer.js",
};
