/** Every test in one run: `npm test`. Tests compile as CommonJS; the build uses ES modules. */
"use strict";

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
  // Builds the CLI and the production pane in the background (test/testBuilds.ts), so the CLI
  // tests run the `mam` binary and the e2e tests the pane built from the current sources.
  globalSetup: "<rootDir>/test/globalSetup.ts",
  globalTeardown: "<rootDir>/test/globalTeardown.ts",
  testSequencer: "<rootDir>/test/sequencer.js",
};
