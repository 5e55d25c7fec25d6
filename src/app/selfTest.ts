/**
 * "Run self-test": runs every check of a SelfTestHost (the Office calls the add-in depends on) on a
 * scratch sheet, times each, always removes the scratch sheet, and writes a plain-text report for
 * the helpdesk: platform, Office version, requirement sets, each check with its time and any
 * failure. No Office calls here: the host does them.
 */
import type { SelfTestHost } from "../host/hostApi";

export interface SelfTestStep {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  /** What the check saw, or why it failed. */
  readonly detail: string;
}

export interface SelfTestReport {
  readonly ok: boolean;
  readonly steps: readonly SelfTestStep[];
  /** The report to copy to the helpdesk. */
  readonly text: string;
}

export interface SelfTestOptions {
  /** The add-in's version, for the report. */
  readonly version: string;
  readonly now?: () => number;
  readonly at?: Date;
}

export async function runSelfTest(
  host: SelfTestHost,
  options: SelfTestOptions
): Promise<SelfTestReport> {
  const now = options.now ?? (() => performance.now());
  const steps: SelfTestStep[] = [];
  const step = async (name: string, run: () => Promise<string>): Promise<boolean> => {
    const start = now();
    try {
      const detail = await run();
      steps.push({ name, ok: true, ms: now() - start, detail });
      return true;
    } catch (error) {
      steps.push({ name, ok: false, ms: now() - start, detail: describe(error) });
      return false;
    }
  };

  let scratch: string | null = null;
  const created = await step("create a scratch sheet", async () => {
    scratch = await host.createScratch();
    return `"${scratch}"`;
  });
  if (created && scratch !== null) {
    const sheet: string = scratch;
    for (const check of host.checks) await step(check.name, () => check.run(sheet));
    await step("remove the scratch sheet", async () => {
      await host.removeScratch(sheet);
      return `"${sheet}" deleted`;
    });
  }
  const ok = steps.every((s) => s.ok);
  return { ok, steps, text: reportText(host, steps, options) };
}

function reportText(
  host: SelfTestHost,
  steps: readonly SelfTestStep[],
  options: SelfTestOptions
): string {
  const env = host.environment();
  const passed = steps.filter((s) => s.ok).length;
  const lines = [
    `MAM Workbench self-test, ${(options.at ?? new Date()).toISOString()}`,
    `Add-in version: ${options.version}`,
    `Excel: ${env.platform}, Office ${env.version}`,
    "Requirement sets:",
    ...env.sets.map((s) => `  ${s.supported ? "yes" : "NO "}  ${s.name}`),
    "Checks:",
    ...steps.map(
      (s) => `  ${s.ok ? "ok    " : "FAILED"}  ${s.name} (${Math.round(s.ms)} ms): ${s.detail}`
    ),
    `Result: ${passed} of ${steps.length} checks passed${passed === steps.length ? "." : ": please send this report to the helpdesk."}`,
  ];
  return lines.join("\n");
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" && code !== "" ? `${code}: ${message}` : message;
}
