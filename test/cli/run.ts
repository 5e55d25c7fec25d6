/**
 * Runs the real `mam` binary (node bin/mam.js, compiled by test/globalSetup.js) from the repository
 * root, the way a user or a script would: separate stdout and stderr, pipes (not a terminal).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

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

/** Fails loudly when globalSetup could not compile the CLI (the binary would be stale). */
export function assertCliBuilt(): void {
  const statusFile = path.join(ROOT, "build", "cli-build-status.json");
  if (!existsSync(statusFile))
    throw new Error(
      "build/cli-build-status.json is missing: run the CLI tests through jest (test/globalSetup.js compiles the CLI)."
    );
  const status = JSON.parse(readFileSync(statusFile, "utf8")) as { ok: boolean; output: string };
  if (!status.ok)
    throw new Error(
      `tsc -p tsconfig.cli.json failed, so bin/mam.js would run a stale build:\n${status.output}`
    );
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Matches a line of a V8 stack trace ("    at foo (file.js:1:2)"). */
export const STACK_FRAME = /^\s+at\s/m;
export const ANSI = /\u001b\[/;
