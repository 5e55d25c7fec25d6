/**
 * Child process of the CLI memory figures: `mam validate FILE --json` run in this process, as the
 * binary runs it (compiled, output to a sink that counts and drops it), then its exit code and
 * peak RSS as JSON on the last line.
 */
import { DEFAULT_SUBMITTER } from "../scripts/syntheticRows";
import { compiled } from "./compiled";

async function main(): Promise<void> {
  const file = process.argv[2];
  const { run } = compiled();
  let bytes = 0;
  const sink = { write: (text: string) => (bytes += text.length), isTTY: false };
  const code = await run(["validate", file, "--json", "--submitter", DEFAULT_SUBMITTER], {
    stdout: sink,
    stderr: { write: (text: string) => process.stderr.write(text), isTTY: false },
    color: false,
    now: () => new Date(),
  });
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\n${JSON.stringify({ code, bytes, peakRssMB })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`cliPeak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});
