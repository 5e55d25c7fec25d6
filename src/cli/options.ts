/** The command line of `mam`: its usage text, its options, and how they are read and checked. */
import { promises as fs } from "node:fs";
import { parseArgs } from "node:util";
import { isRealIsoDate, todayIn } from "../domain/dates";
import { loadProfile, v06a, type MamProfile } from "../domain/profile";
import { InputError } from "./inputError";

export const USAGE = `Usage:
  mam validate FILE [--format text|json|csv|html] [--output FILE] [--submitter EUID] [--sheet NAME] [--test-workbook] [--all]
  mam export FILE --submitter EUID [--dco CGI] [--at ISO-8601] [--out DIR] [--accept-warnings] [--sheet NAME]
  mam explain CODE
  mam rules [--json]
  mam --version
FILE is an .xlsx or .xlsm workbook, or a .csv file. --json is short for --format json.
validate and export also take
  --today YYYY-MM-DD   the day date rules count from (default: today in Europe/London)
  --profile FILE.json  another profile and rule catalogue (default: the shipped ${v06a.id});
                       explain, rules and --version take it too`;

export const options = {
  json: { type: "boolean" },
  format: { type: "string" },
  output: { type: "string" },
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

export type Values = {
  [K in keyof typeof options]?: (typeof options)[K]["type"] extends "boolean" ? boolean : string;
};

/** A usage problem: print it with the usage line and exit 2. */
export class UsageError extends Error {}

export interface CommandLine {
  readonly command: string | undefined;
  readonly rest: readonly string[];
  readonly values: Values;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command, ...rest] = parsed.positionals;
  return { command, rest, values: parsed.values };
}

export const REPORT_FORMATS = ["text", "json", "csv", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report format asked for: --format, or --json; text by default. */
export function reportFormat(values: Values): ReportFormat {
  const asked = values.format?.toLowerCase();
  if (asked !== undefined && !(REPORT_FORMATS as readonly string[]).includes(asked))
    throw new UsageError(`--format "${values.format}": give one of ${REPORT_FORMATS.join(", ")}.`);
  if (values.json && asked !== undefined && asked !== "json")
    throw new UsageError(`--json and --format ${asked} ask for two different reports: give one.`);
  return values.json ? "json" : ((asked as ReportFormat | undefined) ?? "text");
}

/** --today, or today in the profile's time zone. */
export function todayOption(values: Values, profile: MamProfile, now: Date): string {
  if (values.today === undefined) return todayIn(profile.catalogue.export.timeZone, now);
  if (!isRealIsoDate(values.today))
    throw new UsageError(`--today "${values.today}" is not a date written YYYY-MM-DD.`);
  return values.today;
}

/** --profile FILE.json read and checked (with the standard rules), or the shipped profile. */
export async function profileOption(values: Values): Promise<MamProfile> {
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
