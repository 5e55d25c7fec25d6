/** The compiled engine and CLI (build/, produced by tsc at the start of the run): what `mam` runs. */
import path from "node:path";

type Engine = typeof import("../src/domain/engine");
type ExportFile = typeof import("../src/domain/exportFile");
type Cli = typeof import("../src/cli/main");
type Profile = typeof import("../src/domain/profile");

export function compiled(): Engine & ExportFile & Cli & Profile {
  const build = path.resolve(__dirname, "..", "build");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (p: string) => require(path.join(build, p));
  return {
    ...load("domain/engine.js"),
    ...load("domain/exportFile.js"),
    ...load("domain/profile.js"),
    ...load("cli/main.js"),
  };
}
