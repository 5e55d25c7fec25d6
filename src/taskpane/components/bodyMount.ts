/**
 * Where modal dialogs mount: the page's body. The pane mounts its other layers (tooltips, menus)
 * inside its own landmark; a modal must sit outside the content it makes inert, or it would be
 * made inert with it.
 */
export function bodyMount(): HTMLElement | undefined {
  return typeof document === "undefined" ? undefined : document.body;
}
