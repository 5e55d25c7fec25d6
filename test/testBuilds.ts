/**
 * What the tests run against is built once per jest run, in the background:
 * - "cli": the `mam` CLI, `tsc -p tsconfig.cli.json` into build/ (what bin/mam.js runs, as `npm run
 *   build:cli` makes it), for the CLI tests that run the real binary;
 * - "pane": the production task pane, `webpack --mode production` into dist/, and the fake Office
 *   host (test/e2e/.build/fake-office.js), for the e2e tests.
 *
 * globalSetup starts the builds the selected suites need (test/sequencer.js names them) and returns
 * at once, so the other suites run meanwhile; a suite that needs a build awaits it (`awaitBuild`),
 * which waits for its status file. globalTeardown stops a build nobody waited for.
 *
 * Each build writes into a staging folder and is then moved into place, so an interrupted run or a
 * run going on at the same time never sees half a build. A build newer than all its inputs (its
 * stamp, build/test-builds/NAME.stamp, is the time it started) is not made again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { buildFakeHost, FAKE_OFFICE_BUNDLE } from "./e2e/buildFakeHost";

export type BuildName = "cli" | "pane";

const ROOT = path.resolve(__dirname, "..");
const BUILD = path.join(ROOT, "build");
const DIST = path.join(ROOT, "dist");
const STATUS_DIR = path.join(BUILD, "test-builds");
/** Set by globalSetup for the workers: this run's id, and the builds it started. */
const RUN_VAR = "MAM_TEST_RUN";
const STARTED_VAR = "MAM_TEST_BUILDS_STARTED";
/** Set by test/sequencer.js: the builds the selected suites need (all when unset). */
const NEEDED_VAR = "MAM_TEST_BUILDS";
const ALL: readonly BuildName[] = ["cli", "pane"];
const WAIT_MS = 15 * 60_000;

interface BuildStatus {
  readonly run: string;
  readonly ok: boolean;
  /** What the build printed (on a failure, why). */
  readonly output: string;
  readonly ms: number;
}

interface Build {
  /** What failed, in the message a waiting test throws. */
  readonly label: string;
  /** Files and folders whose changes call for a new build. */
  readonly inputs: readonly string[];
  /** Output that must exist for an old build to count. */
  readonly output: string;
  /** Builds into `staging`, moves the result into place, and returns what the build printed. */
  make(staging: string): Promise<string>;
  /** What is made on every run, even when the rest is up to date. */
  always?(): Promise<void>;
}

const SHARED_INPUTS = ["package-lock.json", "tsconfig.json"];

const BUILDS: Record<BuildName, Build> = {
  cli: {
    label: "tsc -p tsconfig.cli.json failed, so bin/mam.js would run a stale build",
    inputs: [...SHARED_INPUTS, "tsconfig.cli.json", "src/domain", "src/cli"],
    output: "build/cli/main.js",
    async make(staging) {
      const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
      const out = await run([tsc, "-p", "tsconfig.cli.json", "--outDir", staging]);
      publish(staging, BUILD);
      return out;
    },
  },
  pane: {
    label: "webpack --mode production (the pane the e2e tests open) failed",
    inputs: [
      ...SHARED_INPUTS,
      "tsconfig.webpack.json",
      "webpack.config.js",
      "scripts/manifestUrls.js",
      "manifest.xml",
      "assets",
      "src",
    ],
    output: "dist/taskpane.html",
    async make(staging) {
      const webpack = require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT] });
      const [out] = await Promise.all([
        run([webpack, "--mode", "production", "--output-path", staging], {
          NODE_ENV: "production",
        }),
        fakeHost(),
      ]);
      const old = `${DIST}.old-${process.pid}`;
      rmSync(old, { recursive: true, force: true });
      if (existsSync(DIST)) renameSync(DIST, old);
      renameSync(staging, DIST);
      rmSync(old, { recursive: true, force: true });
      return out;
    },
    // The fake host is bundled in under a second: always from the current sources.
    always: () => fakeHost(),
  },
};

// ------------------------------------------------------------------ globalSetup / globalTeardown

/** The child processes of the builds under way (globalSetup and globalTeardown share this module). */
const children = new Set<ChildProcess>();
const pending: Promise<void>[] = [];
let stopping = false;

/** Starts the builds the selected suites need; returns at once. */
export function startBuilds(): void {
  const needed = process.env[NEEDED_VAR];
  const names = needed === undefined ? ALL : ALL.filter((n) => needed.split(",").includes(n));
  const runId = `${process.pid}.${Date.now()}`;
  process.env[RUN_VAR] = runId;
  process.env[STARTED_VAR] = names.join(",");
  mkdirSync(STATUS_DIR, { recursive: true });
  for (const name of names) pending.push(startBuild(name, runId));
}

/** Stops the builds still under way (no suite waited for them) and lets the others finish writing. */
export async function stopBuilds(): Promise<void> {
  stopping = true;
  for (const child of children) child.kill();
  await Promise.all(pending.splice(0));
}

async function startBuild(name: BuildName, runId: string): Promise<void> {
  const build = BUILDS[name];
  const started = Date.now();
  const stamp = path.join(STATUS_DIR, `${name}.stamp`);
  let ok = true;
  let output = "up to date";
  const staging = mkdtempSync(path.join(BUILD, `.staging-${name}-`));
  try {
    if (isFresh(build, stamp)) await build.always?.();
    else {
      output = await build.make(staging);
      writeFileSync(stamp, "");
      utimesSync(stamp, started / 1000, started / 1000);
    }
  } catch (e) {
    ok = false;
    output = e instanceof Error ? e.message : String(e);
    rmSync(stamp, { force: true });
    if (!stopping)
      process.stderr.write(`\n${build.label}; the tests that need it will fail:\n${output}\n`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const status: BuildStatus = { run: runId, ok, output, ms: Date.now() - started };
  writeAtomically(path.join(STATUS_DIR, `${name}.json`), JSON.stringify(status, null, 2));
}

function isFresh(build: Build, stamp: string): boolean {
  if (!existsSync(stamp) || !existsSync(path.join(ROOT, build.output))) return false;
  const built = statSync(stamp).mtimeMs;
  return build.inputs.every((input) => newest(path.join(ROOT, input)) < built);
}

function newest(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

/** Runs node with `args` from the repository root; resolves with its output, rejects with it on a failure. */
function run(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", (e) => {
      children.delete(child);
      reject(e);
    });
    child.on("close", (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(output.trim());
      else reject(new Error(`${output.trim()}\n(exit ${signal ?? code})`.trim()));
    });
  });
}

async function fakeHost(): Promise<void> {
  const temporary = `${FAKE_OFFICE_BUNDLE}.${process.pid}.tmp`;
  await buildFakeHost(temporary);
  renameSync(temporary, FAKE_OFFICE_BUNDLE);
}

/** Moves every file under `from` to the same place under `to` when its content differs. */
function publish(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      publish(source, target);
    } else if (!existsSync(target) || !readFileSync(target).equals(readFileSync(source))) {
      renameSync(source, target);
    }
  }
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

// ------------------------------------------------------------------ in the tests

/** Waits until this run's `name` build is in place; throws with the build's output when it failed. */
export async function awaitBuild(name: BuildName): Promise<void> {
  const runId = process.env[RUN_VAR];
  if (!runId || !(process.env[STARTED_VAR] ?? "").split(",").includes(name))
    throw new Error(
      `No ${name} build was started for this run: run the tests with jest and its jest.config.js ` +
        "(test/globalSetup.ts builds what the selected suites need, as test/sequencer.js names it)."
    );
  const file = path.join(STATUS_DIR, `${name}.json`);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const status = readStatus(file);
    if (status?.run === runId) {
      if (!status.ok) throw new Error(`${BUILDS[name].label}:\n${status.output}`);
      return;
    }
    if (Date.now() > deadline)
      throw new Error(`The ${name} build did not finish within ${WAIT_MS / 60_000} minutes.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readStatus(file: string): BuildStatus | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BuildStatus;
  } catch {
    return null; // not written yet
  }
}
