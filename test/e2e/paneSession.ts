/**
 * What each e2e test file sets up alike: the production pane (built once per jest run, in the
 * background: test/testBuilds.ts) served from dist/ on localhost, and one Chromium for the file.
 * Each scenario opens its own page (a new pane instance on a new fake workbook).
 */
import type { Browser, Page } from "playwright-core";
import { awaitBuild } from "../testBuilds";
import { launch, openPane, serveDist, type PaneOptions } from "./harness";

/** How long beforeAll may wait: the build starts with the run and takes a minute or two under load. */
const SETUP_MS = 400_000;

export interface PaneSession {
  /** Opens the pane in a new page (harness.openPane): the page, and what it tried to fetch from outside. */
  open(options: PaneOptions): Promise<{ page: Page; outside: string[] }>;
}

/** Registers the file's beforeAll (build, server, browser) and afterAll; call at the top of a test file. */
export function usePaneSession(): PaneSession {
  let browser: Browser | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    await awaitBuild("pane");
    server = await serveDist();
    browser = await launch();
  }, SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    open(options) {
      if (!browser || !server) throw new Error("The e2e session is not set up (beforeAll failed).");
      return openPane(browser, server.url, options);
    },
  };
}
