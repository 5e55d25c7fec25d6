/**
 * Text from a workbook made safe to show: control characters (a terminal's escape codes, a
 * carriage return that would overwrite a line, a line break inside a value) and the invisible
 * characters that reorder text (bidirectional overrides) are shown as escapes (`\x1B`, `\n`,
 * `\u202E`) instead of acting. Text without them is returned as it is.
 */
// Control characters are what this looks for.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function visibleText(text: string): string {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return text;
  return text.replace(HIDDEN, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`
      : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  });
}
