/**
 * Finds references from a repository file to paths outside the repository: a fresh clone has
 * nothing beside it, so whatever the project reads, links or names must be inside it.
 *
 * What counts as a reference outside:
 * - a relative path (an upward `../x`, a Markdown link, `path.resolve(__dirname, "..", "x")`)
 *   that, resolved from the folder of the file that holds it, climbs above the repository root;
 * - an absolute path on a developer's machine (see MACHINE_PATH: the work, tmp, root and mnt
 *   folders of a Unix root, a home folder on Linux, macOS or Windows, a `file:` URL); a home folder
 *   written with a placeholder user name, as deployment instructions for a Mac do, is fine;
 * - the folders that sat beside the checkout while the project was built (SIBLING_FOLDER).
 *
 * The source texts below are written so that this file does not match its own patterns.
 * Paths are resolved with the posix rules on repository-relative names, so the result does not
 * depend on where the clone is.
 */
import path from "node:path";

export interface OutsideReference {
  /** Repository-relative file name, with forward slashes. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** The text that refers outside. */
  readonly reference: string;
  readonly reason: string;
}

/** Folders that sat beside the checkout: naming them sends a reader outside the clone. */
const SIBLING_FOLDER =
  /(?<![\w.-])(?:\.\.\/)?shared\/(?:domain|seeds|office-manifest-xsd|hooks)\b/g;

/** A relative path that starts by going up one or more folders, or a quoted `..` on its own. */
const UPWARD_PATH = /(?<![\w./-])((?:\.\.\/)+[^\s"'`()<>[\]{}*,;|]*|\.\.(?=["'`]))/g;

/** `path.resolve(__dirname, "a", "b")` or `path.join(__dirname, …)` with literal arguments only. */
const DIRNAME_CALL = /\b(?:resolve|join)\(\s*__dirname((?:\s*,\s*(?:"[^"\n]*"|'[^'\n]*'))+)\s*\)/g;
const LITERAL = /"([^"\n]*)"|'([^'\n]*)'/g;

/** Markdown inline links and images `[text](target "title")`, and reference definitions `[x]: target`. */
const MARKDOWN_LINK =
  /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm;

/** Absolute paths on a particular machine (a placeholder user name is allowed). */
const MACHINE_PATH =
  /(?<![\w.:/~-])(\/(?:work|tmp|root|mnt)\/[^\s"'`()<>]*|\/(?:home|Users)\/(?![<$%{])[\w.-]+[^\s"'`()<>]*|[A-Za-z]:\\(?:Users|home)\\(?![<$%{])[^\s"'`()<>]+|file:\/\/[^\s"'`()<>]*)/g;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** True when `target`, relative to the folder of `file` (both repository-relative), leaves the repository. */
export function escapesRepository(file: string, target: string): boolean {
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
  return resolved === ".." || resolved.startsWith("../");
}

/** The targets of a Markdown text's links that are files, not URLs or anchors (decoded, without `#…`). */
export function localLinks(text: string): { index: number; target: string }[] {
  const links: { index: number; target: string }[] = [];
  for (const m of text.matchAll(MARKDOWN_LINK)) {
    const target = (m[1] ?? m[2] ?? "").split(/[?#]/)[0]!;
    if (target === "" || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // a URL or an anchor
    links.push({ index: m.index, target: decodeURI(target) });
  }
  return links;
}

/** True for Markdown files, whose links are checked too. */
export function isMarkdown(file: string): boolean {
  return /\.(md|markdown)$/i.test(file);
}

/** Every reference in `text` (the content of repository file `file`) to a path outside the repository. */
export function outsideReferences(file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const from =
    path.posix.dirname(file) === "." ? "the repository root" : `${path.posix.dirname(file)}/`;
  const add = (index: number, reference: string, reason: string) => {
    const line = lineOf(text, index);
    if (!found.some((f) => f.line === line && f.reference === reference))
      found.push({ file, line, reference, reason });
  };

  for (const m of text.matchAll(SIBLING_FOLDER))
    add(m.index, m[0], "names a folder that sits beside a checkout, not in it");

  for (const m of text.matchAll(UPWARD_PATH)) {
    const target = m[1]!.replace(/[.:]+$/, (dots) => (dots.startsWith("..") ? dots : ""));
    if (escapesRepository(file, target))
      add(m.index, target, `resolves above the repository root from ${from}`);
  }

  for (const m of text.matchAll(DIRNAME_CALL)) {
    const parts = [...m[1]!.matchAll(LITERAL)].map((l) => l[1] ?? l[2] ?? "");
    if (parts.some((p) => p.startsWith("/"))) continue; // an absolute part is MACHINE_PATH's case
    const target = path.posix.join(...parts);
    if (escapesRepository(file, target))
      add(m.index, m[0], `resolves above the repository root from ${from}`);
  }

  if (isMarkdown(file)) {
    for (const { index, target } of localLinks(text)) {
      if (target.startsWith("/"))
        add(index, target, "a link to an absolute path; link relative to this file");
      else if (escapesRepository(file, target))
        add(index, target, `the link resolves above the repository root from ${file}`);
    }
  }

  for (const m of text.matchAll(MACHINE_PATH))
    add(m.index, m[1]!, "an absolute path on a particular machine");

  return found.sort((a, b) => a.line - b.line);
}

/** Files whose content is not text (a NUL byte in the first 8 KB, as git decides). */
export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
