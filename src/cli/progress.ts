/**
 * A progress bar on stderr for big files, only on a terminal (never in pipes, CI logs or --json
 * output), redrawn at most every 100 ms so it costs nothing measurable.
 */
export interface Progress {
  update(label: string, fraction: number, detail?: string): void;
  done(): void;
}

const WIDTH = 28;

export function progressBar(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(label, fraction, detail = "") {
      const now = Date.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      const f = Math.max(0, Math.min(1, fraction));
      const filled = Math.round(f * WIDTH);
      stream.write(
        `\r${label.padEnd(9)} [${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${detail}\x1b[K`
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}
