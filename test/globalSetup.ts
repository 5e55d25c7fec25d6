/**
 * Starts, in the background, the builds the selected suites need: the `mam` CLI for the CLI tests
 * and the production pane for the e2e tests (testBuilds.ts). The other suites run meanwhile.
 */
import { startBuilds } from "./testBuilds";

export default function globalSetup(): void {
  startBuilds();
}
