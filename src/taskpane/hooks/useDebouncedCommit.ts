/**
 * A text field whose value is committed a moment after the last key (or at once with `flush`, on
 * blur or before an export), and which follows the saved value when it changes elsewhere.
 */
import * as React from "react";

export function useDebouncedCommit(
  saved: string,
  commit: (text: string) => void,
  delayMs: number
): { text: string; type: (text: string) => void; flush: () => void } {
  const [text, setText] = React.useState(saved);
  const pending = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = React.useRef(text);
  const flush = React.useCallback(() => {
    if (pending.current === null) return;
    clearTimeout(pending.current);
    pending.current = null;
    commit(latest.current);
  }, [commit]);
  React.useEffect(() => {
    if (pending.current === null && saved !== latest.current) {
      latest.current = saved;
      setText(saved);
    }
  }, [saved]);
  // Whatever was typed is committed when the field goes away.
  React.useEffect(() => flush, [flush]);
  const type = (next: string) => {
    setText(next);
    latest.current = next;
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      pending.current = null;
      commit(latest.current);
    }, delayMs);
  };
  return { text, type, flush };
}
