/**
 * The repository stands on its own: no file in it (source, tests, scripts, docs, README, configs)
 * reads, links or names a path outside it, because a fresh clone has nothing beside it. The checker
 * (test/outsideReferences.ts) is proved on planted violations first, then run over every file git
 * tracks or would track (new files count before they are committed).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  escapesRepository,
  isBinary,
  isMarkdown,
  localLinks,
  outsideReferences,
} from "./outsideReferences";

const ROOT = path.resolve(__dirname, "..");
/** Generated, and names only registry URLs and package paths. */
const SKIPPED = new Set(["package-lock.json"]);
/** Folders that are never part of the project (used only when git is not available). */
const NOT_PROJECT = new Set([".git", "node_modules", "build", "dist", "out", "coverage"]);

/** Repository files: what git tracks plus untracked files it does not ignore. */
function repositoryFiles(): string[] {
  try {
    const out = execFileSync(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }
    );
    return out.split("\0").filter((f) => f !== "");
  } catch {
    // Not a git checkout (an unpacked archive): walk the tree instead.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(path.join(ROOT, dir))) {
        const rel = dir ? `${dir}/${name}` : name;
        if (statSync(path.join(ROOT, rel)).isDirectory()) {
          if (!NOT_PROJECT.has(name) && !rel.startsWith("bench/tmp")) walk(rel);
        } else files.push(rel);
      }
    };
    walk("");
    return files;
  }
}

// Samples are assembled from parts, so that this file itself holds no violation.
const UP = "..";
const SIBLING = ["shared", "domain"].join("/");

describe("the outside-reference checker", () => {
  test.each([
    ["an upward path to a sibling folder", "test/x.test.ts", `read("${UP}/${UP}/${SIBLING}/a.md")`],
    ["a sibling folder named on its own", "README.md", `see \`${UP}/${SIBLING}/MAM-BRIEF.md\``],
    [
      "path.resolve(__dirname, …) that climbs out",
      "test/x.test.ts",
      `const d = path.resolve(__dirname, "${UP}", "${UP}", "other");`,
    ],
    ["a Markdown link above the root", "docs/a.md", `the [brief](${UP}/${UP}/brief.md) says`],
    ["a Markdown reference link above the root", "docs/a.md", `[brief]: ${UP}/${UP}/brief.md`],
    ["a Markdown link to an absolute path", "README.md", `[x](${"/"}srv/notes.md)`],
    ["a work folder path", "scripts/a.js", `const dir = "/${"work"}/data/x";`],
    ["a temporary folder path", "docs/a.md", `written to /${"tmp"}/scratch/out.csv`],
    ["a Linux home folder", "jest.config.js", `cacheDirectory: "/${"home"}/alice/.cache"`],
    ["a macOS home folder", "docs/a.md", `open /${"Users"}/alice/Desktop/x.xlsx`],
    ["a Windows home folder", "docs/a.md", `C:\\${"Users"}\\alice\\Desktop\\x.xlsx`],
    ["a file URL", "src/a.ts", `fetch("${"file"}://server/share/x")`],
  ])("finds %s", (_what, file, text) => {
    const found = outsideReferences(file, `first line\n${text}\nlast line\n`);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ file, line: 2 });
  });

  test.each([
    ["imports that stay inside", "src/host/excel/a.ts", `import x from "${UP}/${UP}/domain/y";`],
    ["package.json from a nested file", "src/cli/main.ts", `require("${UP}/${UP}/package.json")`],
    [
      "path.resolve(__dirname, …) inside",
      "test/a.test.ts",
      `path.resolve(__dirname, "${UP}", "assets")`,
    ],
    ["a Markdown link inside", "docs/a.md", `see [the README](${UP}/README.md)`],
    ["web links and anchors", "README.md", `[MS](https://learn.microsoft.com/x) [up](#layout)`],
    ["a placeholder home folder", "README.md", `/${"Users"}/<username>/Library/Containers/wef`],
    ["a folder whose name ends in tmp", "eslint.config.mjs", `"bench/${"tmp"}/"`],
    ["an ellipsis", "docs/a.md", `values such as "70-B3-…" and ...`],
    ["a URL path", "README.md", `https://example.com/${"home"}/alice/x`],
  ])("accepts %s", (_what, file, text) => {
    expect(outsideReferences(file, text)).toEqual([]);
  });

  test("resolves relative to the file's own folder", () => {
    expect(escapesRepository("a/b/c.ts", `${UP}/${UP}/x`)).toBe(false);
    expect(escapesRepository("a/b/c.ts", `${UP}/${UP}/${UP}/x`)).toBe(true);
    expect(escapesRepository("README.md", `docs/${UP}/${UP}/x`)).toBe(true);
    expect(escapesRepository("README.md", UP)).toBe(true);
  });

  test("lists a Markdown text's links to files, not its web links and anchors", () => {
    const text =
      "[a](docs/x.md#part) [b](https://example.com) [c](#top)\n[d]: a%20b.md\n![i](img.png)";
    expect(localLinks(text).map((l) => l.target)).toEqual(["docs/x.md", "a b.md", "img.png"]);
  });

  test("tells binary files from text", () => {
    expect(isBinary(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBe(true);
    expect(isBinary(new TextEncoder().encode("plain text\n"))).toBe(false);
  });
});

describe("the repository", () => {
  test("no file refers to a path outside the repository", () => {
    const files = repositoryFiles().filter((f) => !SKIPPED.has(path.basename(f)));
    expect(files).toEqual(expect.arrayContaining(["README.md", "package.json", "manifest.xml"]));
    const found = files.flatMap((file) => {
      const bytes = readFileSync(path.join(ROOT, file));
      return isBinary(bytes) ? [] : outsideReferences(file, bytes.toString("utf8"));
    });
    expect(found.map((f) => `${f.file}:${f.line}: ${f.reference} (${f.reason})`)).toEqual([]);
  });

  test("every relative link in the Markdown files points at a file of the repository", () => {
    const broken = repositoryFiles()
      .filter(isMarkdown)
      .flatMap((file) =>
        localLinks(readFileSync(path.join(ROOT, file), "utf8"))
          .filter(({ target }) => !target.startsWith("/"))
          .map(({ target }) => path.posix.join(path.posix.dirname(file), target))
          .filter((target) => !existsSync(path.join(ROOT, target)))
          .map((target) => `${file} links to ${target}, which does not exist`)
      );
    expect(broken).toEqual([]);
  });
});
