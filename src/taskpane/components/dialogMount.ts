/**
 * Where the pane's modal dialogs mount: the page's body, outside the pane's <main> (a modal must sit
 * outside the content it makes inert). Fluent gives a portal with a mount node of its own no theme
 * class, so the surface and its backdrop carry the theme's class themselves; without it they would
 * have no theme tokens (a transparent surface in the browser's serif font). The theme's class also
 * paints a background, so the backdrop's own overlay colour is put back over it.
 */
import {
  makeStyles,
  mergeClasses,
  tokens,
  useThemeClassName,
  type DialogSurfaceProps,
} from "@fluentui/react-components";

const useStyles = makeStyles({
  backdrop: { backgroundColor: tokens.colorBackgroundOverlay },
});

export function useDialogMount(): Pick<DialogSurfaceProps, "mountNode" | "className" | "backdrop"> {
  const theme = useThemeClassName();
  const styles = useStyles();
  return {
    mountNode: typeof document === "undefined" ? undefined : document.body,
    className: theme,
    backdrop: { className: mergeClasses(theme, styles.backdrop) },
  };
}
