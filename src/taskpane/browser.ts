/**
 * The two things the pane asks of the browser itself (not of Excel): save a file through a Blob
 * download, and put text on the clipboard. Both report failure instead of throwing, so the pane can
 * offer its fallbacks (Excel for Mac's web view often refuses downloads and clipboard writes).
 */

/** Starts a download of `content` as `fileName`; false when the browser refused outright. */
export function downloadTextFile(
  fileName: string,
  content: string,
  type = "text/csv;charset=utf-8"
): boolean {
  try {
    const blob = new Blob([content], { type });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.rel = "noopener";
    a.style.display = "none";
    document.body.appendChild(a);
    try {
      a.click();
    } finally {
      a.remove();
      // Give the browser time to start reading the Blob before it goes.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
    return true;
  } catch {
    return false;
  }
}

/** Copies text; tries the async Clipboard API, then the older copy command. Resolves to success. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission in the Office web view, or no user gesture): try the old way.
  }
  return legacyCopy(text);
}

function legacyCopy(text: string): boolean {
  if (typeof document === "undefined" || typeof document.execCommand !== "function") return false;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  const active = document.activeElement as HTMLElement | null;
  document.body.appendChild(area);
  try {
    area.select();
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
    active?.focus?.();
  }
}
