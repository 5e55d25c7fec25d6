/**
 * End-to-end harness: the BUILT task pane (dist/) served on localhost, opened in Debian's Chromium
 * (playwright-core, never a downloaded browser), with Microsoft's office.js request answered by our
 * fake Office/Excel host (test/e2e/fakeExcel.ts, bundled). The page sees a workbook it can read,
 * paint, select in and be edited in, and the test drives "the user" through `window.__fakeExcel`.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { FAKE_OFFICE_BUNDLE } from "./buildFakeHost";
import type { FakeExcelInit } from "./fakeExcel";

export const ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
export const RESULTS = path.join(ROOT, "test-results");
const CHROMIUM = "/usr/bin/chromium";
const OFFICE_JS = "https://appsforoffice.microsoft.com/**";

/** A static server for dist/ (or another built pane folder) on an ephemeral localhost port. */
export async function serveDist(
  dir: string = DIST
): Promise<{ url: string; close(): Promise<void> }> {
  const dist = path.resolve(dir);
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".png": "image/png",
    ".xml": "application/xml",
    ".css": "text/css",
  };
  const server = http.createServer((req, res) => {
    const rel =
      decodeURIComponent((req.url ?? "/").split("?")[0]).replace(/^\/+/, "") || "taskpane.html";
    const file = path.join(dist, rel);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/taskpane.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does.`
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export interface PaneOptions {
  readonly init: FakeExcelInit;
  readonly width?: number;
  readonly height?: number;
  /** The system's light or dark setting the page sees (prefers-color-scheme); light by default. */
  readonly colorScheme?: "light" | "dark";
  /** Runs on the new page before it loads the pane (e.g. `page.addInitScript` for observers, event listeners). */
  readonly beforeGoto?: (page: Page) => Promise<void> | void;
}

/**
 * Opens the pane on a seeded fake workbook. Every request leaving localhost fails the test, except
 * office.js, which the fake host answers: the add-in must send nothing anywhere.
 */
export async function openPane(
  browser: Browser,
  url: string,
  options: PaneOptions
): Promise<{ page: Page; outside: string[] }> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 420, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? "light",
  });
  const outside: string[] = [];
  const fakeOffice = readFileSync(FAKE_OFFICE_BUNDLE, "utf8");
  await page.route(OFFICE_JS, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: fakeOffice })
  );
  await page.route(/^(?!http:\/\/localhost:)/, (route) => {
    const requested = route.request().url();
    if (requested.startsWith("https://appsforoffice.microsoft.com/")) return route.fallback();
    if (requested.startsWith("data:") || requested.startsWith("blob:")) return route.continue();
    outside.push(requested);
    return route.abort();
  });
  await page.addInitScript(
    (init) => {
      (window as unknown as { __fakeExcelInit: unknown }).__fakeExcelInit = init;
    },
    options.init as unknown as Record<string, unknown>
  );
  await options.beforeGoto?.(page);
  await page.goto(url);
  return { page, outside };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  // Finished transitions (e.g. the tab indicator sliding), so the picture shows the settled layout.
  await page.screenshot({
    path: path.join(RESULTS, `${name}.png`),
    fullPage: true,
    animations: "disabled",
  });
}
