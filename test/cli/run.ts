/**
 * Runs the real `mam` binary (node bin/mam.js, compiled by test/testBuilds.ts) from the repository
 * root, the way a user or a script would: separate stdout and stderr, pipes (not a terminal).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { awaitBuild } from "../testBuilds";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join("bin", "mam.js");
export const FIXTURES = path.join("test", "fixtures");

/** A fixture's path relative to the repository root (the CLI echoes it back in messages and JSON). */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a plain, colourless pipe: no FORCE_COLOR inherited from jest. */
export function pipeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return env;
}

export function mam(args: readonly string[], env: NodeJS.ProcessEnv = pipeEnv()): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** How long a suite's beforeAll may wait for the build (it starts with the run; under load it takes a while). */
export const CLI_BUILD_WAIT_MS = 300_000;

/** Waits for this run's build of the CLI; fails loudly when it could not be compiled (the binary would be stale). */
export function cliBuilt(): Promise<void> {
  return awaitBuild("cli");
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Matches a line of a V8 stack trace ("    at foo (file.js:1:2)"). */
export const STACK_FRAME = /^\s+at\s/m;
export const ANSI = /\u001b\[/;
