/**
 * Webpack entry: the only file in src/taskpane that touches Office. It waits for Office, creates the
 * Excel host and the Workbench, picks the Fluent theme from Office's theme, and renders App.
 */
import { createRoot } from "react-dom/client";
import {
  teamsHighContrastTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";
import pkg from "../../package.json";
import { Workbench } from "../app/workbench";
import { createExcelHost } from "../host/excel/excelHost";
import { App } from "./App";

const VERSION: string = pkg.version;

const media = (query: string): boolean =>
  typeof window.matchMedia === "function" && window.matchMedia(query).matches;

/**
 * Light, dark, or high contrast, from Office's theme (and Windows high-contrast mode); where
 * Office gives no theme (Excel on the web, Mac), the system's light or dark setting.
 */
function officeTheme(): Theme {
  if (media("(forced-colors: active)")) return teamsHighContrastTheme;
  const theme = Office.context?.officeTheme;
  if (!theme) return media("(prefers-color-scheme: dark)") ? webDarkTheme : webLightTheme;
  if (typeof theme.isDarkTheme === "boolean")
    return theme.isDarkTheme ? webDarkTheme : webLightTheme;
  return isDark(theme.bodyBackgroundColor) ? webDarkTheme : webLightTheme;
}

function isDark(hex: string | undefined): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return false;
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

void Office.onReady(() => {
  const host = createExcelHost();
  const workbench = new Workbench(host, VERSION);
  const container = document.getElementById("container");
  if (!container) throw new Error('The task pane page has no <div id="container">.');
  const root = createRoot(container);
  const render = () =>
    root.render(
      <App workbench={workbench} platform={host.platform} theme={officeTheme()} version={VERSION} />
    );
  render();
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", render);
  // Follow Office theme changes where the host reports them (not every host does).
  try {
    Office.context.document?.addHandlerAsync?.(
      Office.EventType.OfficeThemeChanged,
      render,
      () => undefined
    );
  } catch {
    // No theme events on this host: the theme chosen at start stays.
  }
  void workbench.start();
});
