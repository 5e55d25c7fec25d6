/**
 * `mam`: the command-line twin of the add-in, for the DCC helpdesk and for suppliers' batch work.
 *
 *   mam validate FILE [--json] [--submitter EUID] [--sheet NAME] [--test-workbook] [--all]
 *                     [--today YYYY-MM-DD] [--profile FILE.json]
 *   mam export FILE --submitter EUID [--dco CGI] [--at ISO-8601] [--out DIR] [--accept-warnings]
 *   mam explain CODE
 *   mam rules [--json]
 *
 * Exit codes: 0 no errors, 1 errors stand (nothing written), 2 the input or the command is unusable.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pc from "picocolors";
import { catalogue, describeMam, findRule } from "../domain/catalogue";
import { parseDccUserId } from "../domain/dccUserId";
import { isRealIsoDate, todayIn } from "../domain/dates";
import { MamEngine } from "../domain/engine";
import { loadProfile, v06a, type MamProfile } from "../domain/profile";
import { buildMaFile, dcoProblem } from "../domain/exportFile";
import type { Finding } from "../domain/types";
import { formatFindings, formatRule, formatRulesTable, formatSummary } from "./format";
import { progressBar } from "./progress";
import { InputError, readInput, type SheetData } from "./readInput";

export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Colour on a terminal only (picocolors also honours NO_COLOR / FORCE_COLOR). */
  readonly color: boolean;
  readonly now: () => Date;
}

/** A usage problem: print it with the usage line and exit 2. */
class UsageError extends Error {}

const USAGE = `Usage:
  mam validate FILE [--json] [--submitter EUID] [--sheet NAME] [--test-workbook] [--all]
  mam export FILE --submitter EUID [--dco CGI] [--at ISO-8601] [--out DIR] [--accept-warnings] [--sheet NAME]
  mam explain CODE
  mam rules [--json]
  mam --version
FILE is an .xlsx or .xlsm workbook, or a .csv file. validate and export also take
  --today YYYY-MM-DD   the day date rules count from (default: today in Europe/London)
  --profile FILE.json  another profile and rule catalogue (default: the shipped ${v06a.id})`;

const options = {
  json: { type: "boolean" },
  submitter: { type: "string" },
  sheet: { type: "string" },
  "test-workbook": { type: "boolean" },
  all: { type: "boolean" },
  dco: { type: "string" },
  at: { type: "string" },
  out: { type: "string" },
  "accept-warnings": { type: "boolean" },
  today: { type: "string" },
  profile: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    const [command, ...rest] = positionals;
    if (values.version) {
      io.stdout.write(
        `mam ${VERSION} (profile ${catalogue.profile.id})\nRules follow ${describeMam()}.\n`
      );
      return 0;
    }
    if (values.help || command === "help") {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === undefined) throw new UsageError("Give a command.");
    switch (command) {
      case "validate":
        return await validate(oneFile(rest), values, io);
      case "export":
        return await exportCommand(oneFile(rest), values, io);
      case "explain":
        return explain(rest, io);
      case "rules":
        io.stdout.write(
          values.json ? `${JSON.stringify(catalogue.rules, null, 2)}\n` : formatRulesTable(io.color)
        );
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`mam: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr.write(`mam: ${oneLine(error.message)}\n`);
      return 2;
    }
    // Anything else is our bug: say so plainly, still without a stack trace for the user.
    io.stderr.write(
      `mam: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\nPlease report this with the file that caused it.\n`
    );
    return 2;
  }
}

export const VERSION: string = (() => {
  try {
    // package.json sits two levels above build/cli/ and src/cli/ alike.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../../package.json") as { version: string }).version;
  } catch {
    return "0.0.0";
  }
})();

/** Library messages (XML parsers, say) can span lines: the user gets one. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function oneFile(rest: readonly string[]): string {
  if (rest.length === 0) throw new UsageError("Give the workbook or CSV file to check.");
  if (rest.length > 1)
    throw new UsageError(`Give one file, not ${rest.length} (${rest.join(", ")}).`);
  return rest[0];
}

type Values = {
  [K in keyof typeof options]?: (typeof options)[K]["type"] extends "boolean" ? boolean : string;
};

function submitterOf(file: string, values: Values, required: boolean): string | null {
  const text = values.submitter;
  if (text === undefined) {
    if (required)
      throw new UsageError(
        "--submitter EUID is required: the submitting supplier's DCC User ID goes into the file name."
      );
    return null;
  }
  const parsed = parseDccUserId(text, { testWorkbook: values["test-workbook"] });
  if (!parsed.ok)
    throw new InputError(
      `${file} not checked: --submitter "${text}" is not a DCC User ID: ${parsed.reason}.`
    );
  return parsed.canonical;
}

interface Checked {
  readonly sheet: SheetData;
  readonly engine: MamEngine;
}

async function check(
  file: string,
  values: Values,
  io: CliIo,
  submitter: string | null
): Promise<Checked> {
  // Options are checked before a big file is read.
  const profile = await profileOf(values);
  const today = todayOf(values, io);
  const bar = progressBar(io.stderr as NodeJS.WriteStream, !values.json);
  const big = (rows: number) => rows >= 20_000;
  try {
    const sheet = await readInput(file, {
      sheet: values.sheet,
      onProgress: (fraction, rows) => {
        if (big(rows) || fraction < 1)
          bar.update("Reading", fraction, `${rows.toLocaleString("en-GB")} rows`);
      },
    });
    const engine = new MamEngine(profile, {
      submitter,
      testWorkbook: values["test-workbook"],
      dateSystem: sheet.dateSystem,
      today,
    });
    engine.load(sheet.header, sheet.rows, (done, total) => {
      if (big(total))
        bar.update(
          "Checking",
          done / total,
          `${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows`
        );
    });
    return { sheet, engine };
  } finally {
    bar.done();
  }
}

async function validate(file: string, values: Values, io: CliIo): Promise<number> {
  const submitter = submitterOf(file, values, false);
  const { sheet, engine } = await check(file, values, io, submitter);
  const findings = engine.findings();
  const summary = engine.summary();
  if (values.json) {
    io.stdout.write(`${JSON.stringify(jsonReport(file, engine, findings))}\n`);
  } else {
    io.stdout.write(formatSummary({ file, sheet, engine, findings, submitter }, io.color));
    io.stdout.write(formatFindings(findings, { all: values.all ?? false, color: io.color }));
  }
  return summary.error > 0 ? 1 : 0;
}

/** --today, or today in the profile's time zone. */
function todayOf(values: Values, io: CliIo): string {
  if (values.today === undefined) return todayIn(catalogue.export.timeZone, io.now());
  if (!isRealIsoDate(values.today))
    throw new UsageError(`--today "${values.today}" is not a date written YYYY-MM-DD.`);
  return values.today;
}

/** --profile FILE.json read and checked (with the standard rules), or the shipped profile. */
async function profileOf(values: Values): Promise<MamProfile> {
  const file = values.profile;
  if (file === undefined) return v06a;
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (error) {
    throw new InputError(
      `--profile ${file} could not be read as JSON (${error instanceof Error ? error.message : String(error)}).`
    );
  }
  try {
    return loadProfile(data);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\n- /g, "; ") : String(error);
    throw new InputError(`--profile ${file} is not a usable profile: ${detail}`);
  }
}

/** The --json contract: exactly these keys, in this order. */
function jsonReport(file: string, engine: MamEngine, findings: readonly Finding[]) {
  return {
    file,
    profile: engine.profile.id,
    mam: engine.profile.catalogue.mam,
    rows: engine.rowCount,
    summary: engine.summary(),
    findings: findings.map((f) => ({
      row: f.row,
      column: f.column,
      cell: f.cell,
      code: f.code,
      severity: f.severity,
      message: f.message,
      basis: f.basis,
    })),
  };
}

async function exportCommand(file: string, values: Values, io: CliIo): Promise<number> {
  const submitter = submitterOf(file, values, true)!;
  const dco = values.dco ?? catalogue.export.defaultDco;
  const dcoIssue = dcoProblem(dco);
  if (dcoIssue) throw new InputError(`--dco: ${dcoIssue}.`);
  const at = values.at === undefined ? io.now() : parseInstant(values.at);
  const outDir = values.out ?? "out";
  const { sheet, engine } = await check(file, values, io, submitter);
  const result = buildMaFile(engine, {
    submitter,
    dco,
    at,
    acceptWarnings: values["accept-warnings"],
  });
  if (!result.ok) {
    io.stderr.write(
      `${values.json ? "" : formatSummary({ file, sheet, engine, findings: engine.findings(), submitter }, io.color)}`
    );
    io.stderr.write(formatFindings([...result.blocking], { all: false, color: io.color }));
    const hint =
      engine.summary().error === 0 && engine.summary().warning > 0
        ? " Check them, then run again with --accept-warnings."
        : "";
    io.stderr.write(`\nmam: no MA file written. ${result.reason}${hint}\n`);
    return 1;
  }
  const target = path.join(outDir, result.fileName);
  try {
    await fs.mkdir(outDir, { recursive: true });
    await fs.writeFile(target, result.content, { encoding: "utf8" });
  } catch (error) {
    throw new InputError(
      `Cannot write ${target}: ${error instanceof Error ? error.message : String(error)}.`
    );
  }
  const sha256 = createHash("sha256").update(result.content, "utf8").digest("hex");
  const accepted =
    result.warningsAccepted > 0
      ? ` (${result.warningsAccepted} warning${result.warningsAccepted === 1 ? "" : "s"} acknowledged)`
      : "";
  io.stdout.write(`${target}\nrows: ${result.rows}${accepted}\nsha256: ${sha256}\n`);
  return 0;
}

function parseInstant(text: string): Date {
  // ISO-8601 with a date and, optionally, a time and zone. A time without a zone is taken as UTC
  // so that the same command gives the same file name on every machine.
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text.trim()
    );
  const bad = () =>
    new InputError(`--at "${text}" is not an ISO-8601 date-time (e.g. 2019-04-07T18:25:03+01:00).`);
  if (!m) throw bad();
  const [, y, mo, d, h = "00", mi = "00", sec = "00", fraction = "", zone = "Z"] = m;
  // Date() would roll 2019-02-30 over to 2 March and 24:00 to the next day: a wrong file name.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const realDay =
    day.getUTCFullYear() === Number(y) &&
    day.getUTCMonth() === Number(mo) - 1 &&
    day.getUTCDate() === Number(d);
  const zoneOk = zone === "Z" || (Number(zone.slice(1, 3)) <= 23 && Number(zone.slice(-2)) <= 59);
  if (!realDay || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59 || !zoneOk) throw bad();
  const offset = zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${fraction}${offset}`);
  if (Number.isNaN(at.getTime())) throw bad();
  return at;
}

function explain(rest: readonly string[], io: CliIo): number {
  if (rest.length !== 1) throw new UsageError("Give one rule code, e.g. mam explain MAM-102.");
  const query = rest[0].trim().toUpperCase();
  const rule = findRule(/^\d{3}$/.test(query) ? `MAM-${query}` : query);
  if (!rule)
    throw new InputError(`There is no rule "${rest[0]}". Run "mam rules" for the catalogue.`);
  io.stdout.write(formatRule(rule, io.color));
  return 0;
}

export function runFromProcess(): void {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    color: pc.isColorSupported && Boolean(process.stdout.isTTY),
    now: () => new Date(),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mam: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    }
  );
}
