/** A problem reading the file: the CLI prints its message and exits 2, never a stack trace. */
export class InputError extends Error {}

/** "permission denied" for EACCES and the like: the reason a person can act on. */
export function readFailure(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "EISDIR"
        ? "it is a directory"
        : error instanceof Error
          ? error.message
          : String(error);
  return new InputError(`Cannot read ${file}: ${reason}.`);
}
