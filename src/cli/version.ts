/** The version of `mam`, from package.json (two levels above build/cli/ and src/cli/ alike). */
export const VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../../package.json") as { version: string }).version;
  } catch {
    return "0.0.0";
  }
})();
