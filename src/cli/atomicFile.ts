/**
 * Writing a file so that it is either all there or not there at all: the content goes into a
 * temporary file in the same folder (created exclusively: never through a link), is flushed to the
 * disk (fsync), and only then takes its name. On any failure (a full disk, a file-size limit) the
 * temporary file is removed and nothing is left under the real name.
 *
 * `createOnly` (the MA file): the name is taken with link(2), which fails when anything, a file or
 * a symbolic link, already has it, so an existing file is never replaced. Otherwise (a report)
 * rename(2) replaces the name itself, never writing through a link that has it.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";

export class FileExistsError extends Error {}

export async function writeFileAtomically(
  target: string,
  content: string | Iterable<string>,
  { createOnly }: { createOnly: boolean }
): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  if (createOnly && (await exists(target))) throw new FileExistsError(target);
  const temporary = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`
  );
  const handle = await fs.open(temporary, "wx", 0o644);
  let named = false;
  try {
    try {
      if (typeof content === "string") await handle.writeFile(content, "utf8");
      else for (const piece of content) await handle.write(piece, null, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (createOnly) await takeNewName(temporary, target);
    else await fs.rename(temporary, target);
    named = true;
    await syncFolder(dir);
  } finally {
    if (!named) await fs.rm(temporary, { force: true });
  }
}

/** Gives the temporary file its name only if the name is free (no race with another writer). */
async function takeNewName(temporary: string, target: string): Promise<void> {
  try {
    await fs.link(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new FileExistsError(target);
    // A file system without hard links (FAT, some network shares): check, then rename.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS")
      throw error;
    if (await exists(target)) throw new FileExistsError(target);
    await fs.rename(temporary, target);
    return;
  }
  await fs.rm(temporary, { force: true });
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** The folder's entry for the new name on disk too (best effort: not every system allows it). */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch {
    // Windows cannot open a folder this way; the file's own data is already on disk.
  } finally {
    await handle?.close();
  }
}
