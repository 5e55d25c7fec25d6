/**
 * `mam`: the command-line twin of the add-in, for the DCC helpdesk and for suppliers' batch work.
 *
 *   mam validate FILE [--format text|json|csv|html] [--output FILE] [--submitter EUID] [--sheet NAME] …
 *                     [--today YYYY-MM-DD] [--profile FILE.json]
 *   mam export FILE --submitter EUID [--dco CGI] [--at ISO-8601] [--out DIR] [--accept-warnings]
 *   mam explain CODE
 *   mam rules [--json]
 *   mam --version
 *
 * Exit codes: 0 no errors, 1 errors stand (nothing written), 2 the input or the command is unusable.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import pc from "picocolors";
import { describeMam } from "../domain/catalogue";
import { MamEngine } from "../domain/engine";
import { buildMaFile, dcoProblem } from "../domain/exportFile";
import type { MamProfile } from "../domain/profile";
import { visibleText } from "../domain/report/visibleText";
import { FileExistsError, writeFileAtomically } from "./atomicFile";
import { formatFindings, formatRule, formatRulesTable, formatSummary } from "./format";
import {
  parseCommandLine,
  profileOption,
  reportFormat,
  todayOption,
  USAGE,
  UsageError,
  type Values,
} from "./options";
import { guardedStream } from "./pipes";
import { progressBar } from "./progress";
import { InputError, readInput, type SheetData } from "./readInput";
import { reportFacts, reportPieces } from "./report";
import { VERSION } from "./version";

export { VERSION };

export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Colour on a terminal only (picocolors also honours NO_COLOR / FORCE_COLOR). */
  readonly color: boolean;
  readonly now: () => Date;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { command, rest, values } = parseCommandLine(argv);
    if (values.version) {
      const profile = await profileOption(values);
      io.stdout.write(
        `mam ${VERSION} (profile ${profile.id})\nRules follow ${describeMam(profile.catalogue.mam)}.\n`
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
        return explain(rest, await profileOption(values), io);
      case "rules": {
        const profile = await profileOption(values);
        io.stdout.write(
          values.json
            ? `${JSON.stringify(profile.catalogue.rules, null, 2)}\n`
            : formatRulesTable(profile, io.color)
        );
        return 0;
      }
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

function submitterOf(
  file: string,
  values: Values,
  profile: MamProfile,
  required: boolean
): string | null {
  const text = values.submitter;
  if (text === undefined) {
    if (required)
      throw new UsageError(
        "--submitter EUID is required: the submitting supplier's DCC User ID goes into the file name."
      );
    return null;
  }
  const parsed = profile.ids.euids.parse(text, { testWorkbook: values["test-workbook"] });
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
  profile: MamProfile,
  submitter: string | null
): Promise<Checked> {
  // Options are checked before a big file is read.
  const today = todayOption(values, profile, io.now());
  const bar = progressBar(io.stderr as NodeJS.WriteStream, !values.json && !values.format);
  const big = (rows: number) => rows >= 20_000;
  try {
    const sheet = await readInput(file, {
      sheet: values.sheet,
      profile,
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
  const format = reportFormat(values);
  const profile = await profileOption(values);
  const submitter = submitterOf(file, values, profile, false);
  const { sheet, engine } = await check(file, values, io, profile, submitter);
  const findings = engine.findings();
  const input = { file, sheet, engine, findings, submitter, checkedAt: io.now() };
  const toFile = values.output !== undefined;
  const report = reportPieces(format, input, {
    all: (values.all ?? false) || toFile,
    color: io.color && !toFile && format === "text",
  });
  if (toFile) {
    const target = values.output!;
    await writeOutput(target, report, { createOnly: false });
    io.stdout.write(
      `${visibleText(target)}: ${format} report on ${visibleText(file)}, sheet "${visibleText(sheet.sheetName)}"\n`
    );
  } else for (const piece of report) io.stdout.write(piece);
  return engine.summary().error > 0 ? 1 : 0;
}

/** Writes a file atomically; a failure is the user's to act on (exit 2), with the reason. */
async function writeOutput(
  target: string,
  content: string | Iterable<string>,
  { createOnly }: { createOnly: boolean }
): Promise<void> {
  try {
    await writeFileAtomically(target, content, { createOnly });
  } catch (error) {
    if (error instanceof FileExistsError)
      throw new InputError(
        `${target} already exists: it was not overwritten. Move it away, or export with another --at or --out.`
      );
    throw new InputError(`Cannot write ${target}: ${writeFailure(error)}; nothing was written.`);
  }
}

function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOSPC") return "the disk is full";
  if (code === "EFBIG") return "the file is larger than this system allows (a file-size limit)";
  if (code === "EDQUOT") return "the disk quota is used up";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the disk is read-only";
  if (code === "ENOTDIR" || code === "EEXIST") return "a file stands where a folder should be";
  return error instanceof Error ? error.message : String(error);
}

async function exportCommand(file: string, values: Values, io: CliIo): Promise<number> {
  const profile = await profileOption(values);
  const submitter = submitterOf(file, values, profile, true)!;
  const dco = values.dco ?? profile.catalogue.export.defaultDco;
  const dcoIssue = dcoProblem(dco);
  if (dcoIssue) throw new InputError(`--dco: ${dcoIssue}.`);
  const at = values.at === undefined ? io.now() : parseInstant(values.at);
  const outDir = values.out ?? "out";
  const { sheet, engine } = await check(file, values, io, profile, submitter);
  const result = buildMaFile(engine, {
    submitter,
    dco,
    at,
    acceptWarnings: values["accept-warnings"],
  });
  const facts = () =>
    reportFacts({ file, sheet, engine, findings: engine.findings(), submitter, checkedAt: at });
  if (!result.ok) {
    io.stderr.write(
      `${values.json ? "" : formatSummary(facts(), profile, engine.summary(), engine.findings(), io.color)}`
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
  await writeOutput(target, result.content, { createOnly: true });
  const sha256 = createHash("sha256").update(result.content, "utf8").digest("hex");
  const accepted =
    result.warningsAccepted > 0
      ? ` (${result.warningsAccepted} warning${result.warningsAccepted === 1 ? "" : "s"} acknowledged)`
      : "";
  io.stdout.write(
    `${target}\nrows: ${result.rows}${accepted}\nsha256: ${sha256}\nsheet: ${visibleText(sheet.sheetName)}\n`
  );
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

function explain(rest: readonly string[], profile: MamProfile, io: CliIo): number {
  if (rest.length !== 1) throw new UsageError("Give one rule code, e.g. mam explain MAM-102.");
  const query = rest[0].trim().toUpperCase();
  const rule = profile.findRule(/^\d{3}$/.test(query) ? `MAM-${query}` : query);
  if (!rule)
    throw new InputError(`There is no rule "${rest[0]}". Run "mam rules" for the catalogue.`);
  io.stdout.write(formatRule(rule, io.color));
  return 0;
}

export function runFromProcess(): void {
  const io: CliIo = {
    stdout: guardedStream(process.stdout, "the standard output"),
    stderr: guardedStream(process.stderr, "the standard error"),
    color: pc.isColorSupported && Boolean(process.stdout.isTTY),
    now: () => new Date(),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      // A stream error (other than a reader going away) already set 2.
      if (process.exitCode !== 2) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mam: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    }
  );
}
