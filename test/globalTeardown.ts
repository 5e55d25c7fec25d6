/** Stops a build no suite waited for (a run of a few suites), so jest exits at once. */
import { stopBuilds } from "./testBuilds";

export default function globalTeardown(): Promise<void> {
  return stopBuilds();
}
