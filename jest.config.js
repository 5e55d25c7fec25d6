/** Every test in one run: `npm test`. Tests compile as CommonJS; the build uses ES modules. */
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
  // Compiles the CLI once, so test/cli runs the real `mam` binary built from the current sources.
  globalSetup: "<rootDir>/test/globalSetup.js",
};
