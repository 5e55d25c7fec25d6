/**
 * Shared jsdom setup for the task-pane tests (imported first by each test file): the browser APIs
 * Fluent UI, the virtual list and the Workbench need that jsdom lacks, and element sizes so
 * the virtual list renders rows.
 */
import { TextDecoder, TextEncoder } from "node:util";
import { webcrypto } from "node:crypto";

const g = globalThis as Record<string, unknown>;

if (typeof g.TextEncoder === "undefined") g.TextEncoder = TextEncoder;
if (typeof g.TextDecoder === "undefined") g.TextDecoder = TextDecoder;

// The Workbench hashes the MA file with crypto.subtle (SHA-256); jsdom's crypto has no subtle.
if (!(globalThis.crypto as Crypto | undefined)?.subtle) {
  Object.defineProperty(globalThis, "crypto", {
    value: webcrypto,
    configurable: true,
    writable: true,
  });
}

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (typeof g.ResizeObserver === "undefined") g.ResizeObserver = ResizeObserverStub;

if (typeof window.matchMedia !== "function") {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// Scrolling: jsdom has no layout; keep scrollTop and raise the scroll event the virtualizer listens to.
Element.prototype.scrollTo = function scrollTo(
  this: Element,
  a?: ScrollToOptions | number,
  b?: number
) {
  const top = typeof a === "number" ? b : a?.top;
  if (typeof top === "number") {
    this.scrollTop = top;
    // Browsers raise "scroll" asynchronously; raising it inside React's commit would flushSync.
    setTimeout(() => this.dispatchEvent(new Event("scroll")), 0);
  }
} as Element["scrollTo"];
Element.prototype.scrollIntoView = function scrollIntoView() {};

/** Height of the virtual list's viewport and of each row, in jsdom "pixels". */
export const VIEWPORT_HEIGHT = 2000;
export const ROW_HEIGHT = 80;

const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, "clientHeight")!;
const clientWidth = Object.getOwnPropertyDescriptor(Element.prototype, "clientWidth")!;
const offsetHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetHeight")!;
const offsetWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetWidth")!;

Object.defineProperty(HTMLElement.prototype, "clientHeight", {
  configurable: true,
  get(this: HTMLElement) {
    return this.hasAttribute("data-virtual-scroll")
      ? VIEWPORT_HEIGHT
      : clientHeight.get!.call(this);
  },
});
Object.defineProperty(HTMLElement.prototype, "clientWidth", {
  configurable: true,
  get(this: HTMLElement) {
    return this.hasAttribute("data-virtual-scroll") ? 320 : clientWidth.get!.call(this);
  },
});
const scrollHeight = Object.getOwnPropertyDescriptor(Element.prototype, "scrollHeight")!;
Object.defineProperty(HTMLElement.prototype, "scrollHeight", {
  configurable: true,
  get(this: HTMLElement) {
    // The virtual list's content is one sizer element whose style height is the list's total size.
    if (this.hasAttribute("data-virtual-scroll"))
      return parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? "") || 0;
    return scrollHeight.get!.call(this);
  },
});
Object.defineProperty(HTMLElement.prototype, "offsetHeight", {
  configurable: true,
  get(this: HTMLElement) {
    return this.hasAttribute("data-index") ? ROW_HEIGHT : offsetHeight.get!.call(this);
  },
});
Object.defineProperty(HTMLElement.prototype, "offsetWidth", {
  configurable: true,
  get(this: HTMLElement) {
    return this.hasAttribute("data-index") || this.hasAttribute("data-virtual-scroll")
      ? 320
      : offsetWidth.get!.call(this);
  },
});

/**
 * Fluent UI's styles (Griffel) are hundreds of one-declaration rules, and jsdom's getComputedStyle
 * matches an element against every rule in the document. Testing Library calls it for every element
 * whose role or name it works out, which made it most of these suites' time. jsdom lays nothing out:
 * what is read from computed styles here is whether an element is hidden (display, visibility, for
 * Testing Library and user-event), takes pointer events (user-event), and what Fluent's positioning
 * and focus code reads (overflow, direction, transform). Only Griffel's rules that declare one of
 * these (or `all`) reach jsdom's style sheets, in their order, so those values are as before.
 */
const READ_IN_JSDOM =
  /[{;]\s*(display|visibility|pointer-events|overflow|overflow-x|overflow-y|direction|transform|all)\s*:/;
const griffelSheets = new WeakSet<CSSStyleSheet>();
const styleSheet = Object.getOwnPropertyDescriptor(HTMLStyleElement.prototype, "sheet")!;
Object.defineProperty(HTMLStyleElement.prototype, "sheet", {
  configurable: true,
  get(this: HTMLStyleElement) {
    const sheet = styleSheet.get!.call(this) as CSSStyleSheet | null;
    // jsdom's sheets have no ownerNode: Griffel's are known by their <style> element.
    if (sheet && this.hasAttribute("data-make-styles-bucket")) griffelSheets.add(sheet);
    return sheet;
  },
});
const insertRule = CSSStyleSheet.prototype.insertRule;
CSSStyleSheet.prototype.insertRule = function insertRuleReadInJsdom(
  this: CSSStyleSheet,
  rule: string,
  index?: number
): number {
  // Griffel always appends, and does not use the index returned.
  if (griffelSheets.has(this) && !READ_IN_JSDOM.test(rule)) return this.cssRules.length;
  return insertRule.call(this, rule, index);
};
