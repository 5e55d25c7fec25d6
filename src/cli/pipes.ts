/**
 * Output streams that a reader may close early (`mam validate FILE | head -1`): once the other end
 * is gone (EPIPE), the rest of the output is dropped quietly, with no stack trace, and the exit
 * status stays what the check found. Any other stream error is reported once on stderr.
 */
export interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function guardedStream(stream: NodeJS.WriteStream, name: string): Sink {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    try {
      process.stderr.write(`mam: cannot write to ${name}: ${error.message}\n`);
    } catch {
      // stderr is gone as well: nothing left to tell.
    }
    process.exitCode = 2;
  });
  return {
    get isTTY() {
      return stream.isTTY;
    },
    write(text: string) {
      if (closed) return false;
      return stream.write(text);
    },
  };
}
