/**
 * Exact steps to save the MA file by hand where the pane cannot download it (Excel for Mac's web
 * view): a Terminal command that waits while the user copies the file's lines, then writes them
 * with the CRLF line endings the MA format needs (TextEdit would save LF: another file, another
 * SHA-256) and prints the SHA-256 to compare with the pane's.
 */

/** Single-quoted for the shell (file names hold no quote, but be safe). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command. Every line from the clipboard is written with CRLF whatever line endings the
 * clipboard gave it, so the bytes are the file's exactly.
 */
export function terminalCommand(fileName: string): string {
  const file = shellQuote(fileName);
  return [
    "cd ~/Downloads",
    `echo "Now click 'Copy the file's lines' in MAM Workbench, then press Return here."`,
    "read _",
    `pbpaste | perl -ne 's/\\r?\\n\\z//; print "$_\\r\\n"' > ${file}`,
    `shasum -a 256 ${file}`,
  ].join(" && ");
}

/** How to check a saved file's SHA-256 on each platform. */
export function checkCommand(fileName: string, mac: boolean): string {
  return mac
    ? `shasum -a 256 ~/Downloads/${shellQuote(fileName)}`
    : `Get-FileHash -Algorithm SHA256 .\\${fileName}`;
}
