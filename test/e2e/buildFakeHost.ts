/**
 * Bundles the fake Office/Excel host (fakeExcel.ts) into one browser script,
 * test/e2e/.build/fake-office.js, that the e2e tests serve in place of Microsoft's office.js.
 *
 * Loading it with a <script> tag defines `Office`, `Excel`, `OfficeExtension` and `__fakeExcel`
 * (the control object) at once, so a page can call `Office.onReady(...)` straight after. Setting
 * `window.__fakeExcelInit` before it loads (e.g. Playwright's page.addInitScript) seeds the workbook.
 *
 * Run: npx tsx test/e2e/buildFakeHost.ts
 * Exported for the e2e setup, which can await it instead of spawning a process.
 */
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import path from "node:path";

const here = __dirname;
export const FAKE_OFFICE_BUNDLE = path.join(here, ".build", "fake-office.js");

/** The entry lives here rather than in a file, so the module itself never installs anything when imported. */
const ENTRY = `
import { installFakeExcel } from "./fakeExcel";
installFakeExcel(window);
`;

export async function buildFakeHost(outfile: string = FAKE_OFFICE_BUNDLE): Promise<string> {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: ENTRY, resolveDir: here, sourcefile: "fake-office-entry.ts", loader: "ts" },
    bundle: true,
    format: "iife",
    platform: "browser",
    // The task pane runs in Edge WebView2 / Chromium; playwright drives a current Chromium.
    target: ["chrome110"],
    outfile,
    // No eval-based source maps: the task pane's Content-Security-Policy has no 'unsafe-eval'.
    sourcemap: "inline",
    legalComments: "none",
    logLevel: "warning",
    banner: {
      js: "/* Fake Office.js for MAM Workbench e2e tests (test/e2e/fakeExcel.ts). Not Microsoft's office.js. */",
    },
  });
  return outfile;
}

if (require.main === module) {
  buildFakeHost()
    .then((file) => {
      console.log(`fake Office host written to ${path.relative(process.cwd(), file)}`);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
