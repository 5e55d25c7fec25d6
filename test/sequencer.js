/**
 * The order of the suites, and the builds they need (test/testBuilds.ts makes them in the
 * background while the first suites run): first the suites that need no build, then the CLI suites
 * (the `mam` binary, built in seconds), then the e2e suites (the production pane, built in about a
 * minute). Within each group jest's own order: failed last time first, then the slowest first.
 */
"use strict";
const Sequencer = require("@jest/test-sequencer").default;

/** The build a suite needs, by its folder. */
const NEEDS = [
  ["cli", /[\\/]test[\\/]cli[\\/]/],
  ["pane", /[\\/]test[\\/]e2e[\\/]/],
];

const group = (test) => NEEDS.findIndex(([, folder]) => folder.test(test.path)) + 1;

class BuildsLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    // Read by globalSetup, which runs after this in the same process.
    process.env.MAM_TEST_BUILDS = NEEDS.filter(([, folder]) =>
      tests.some((test) => folder.test(test.path))
    )
      .map(([name]) => name)
      .join(",");
    const rank = new Map(sorted.map((test, i) => [test, i]));
    return [...sorted].sort((a, b) => group(a) - group(b) || rank.get(a) - rank.get(b));
  }
}

module.exports = BuildsLastSequencer;
