/**
 * A streaming XML tokenizer for the parts of a workbook: start tags (with their raw attribute text),
 * end tags and text, with entities decoded, comments and processing instructions skipped, CDATA as
 * text. It checks that the document is well formed as far as a reader needs (tags nest and close,
 * attributes are quoted, entities are known, nothing after the root) and refuses a DOCTYPE (no
 * entity expansion, so no "billion laughs").
 *
 * Why not saxes: it reads a character at a time, and on the 48 MB sheet of a 100,000-row workbook
 * it alone took longer than the budget for the whole `mam validate`. This one finds tags with
 * native `indexOf` searches and leaves attributes as text until asked. A property test holds it to
 * saxes on generated documents (test/cli/xmlScanner.property.test.ts).
 *
 * Element names are given without their namespace prefix (`x:row` is `row`): SpreadsheetML parts
 * are written with and without prefixes.
 */
import { LimitError, MAX_XML_TOKEN } from "./limits";

/** The XML is not well formed: the part is damaged. */
export class XmlError extends Error {}

export interface XmlHandler {
  /** A start tag; `attributes` is its raw attribute text (read it with `attribute`). */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data (entities decoded), between any two tags; blanks between elements too. */
  text(text: string): void;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const DQUOTE = 34;
const NAME_SLOTS = 256;
/** How much of a new chunk is joined to an unfinished token to finish it (see `write`). */
const JOINT_WINDOW = 1 << 12;
const XML_NAME = /^[A-Za-z_:\u00c0-\uffff][\w.:\u00b7-\uffff-]*$/;
/** Names the readers compare against, as the same string constants (cheap to compare). */
const KNOWN_NAMES = new Map(
  [
    "row",
    "c",
    "v",
    "f",
    "is",
    "t",
    "r",
    "rPh",
    "si",
    "sst",
    "sheetData",
    "sheet",
    "workbookPr",
    "Relationship",
  ].map((n) => [n, n])
);
const SQUOTE = 39;

export class XmlScanner {
  private buffer = "";
  /** Chunks waiting until there is enough text to finish a long token (see `write`). */
  private waiting: string[] = [];
  private waitingLength = 0;
  private needed = 0;
  /** Open elements: their names as written (with any prefix), and their local names. */
  private readonly stack: string[] = [];
  private readonly localStack: string[] = [];
  private readonly qualified: string[] = new Array<string>(NAME_SLOTS);
  private readonly locals: string[] = new Array<string>(NAME_SLOTS);
  private sawRoot = false;
  private stopped = false;

  constructor(private readonly handler: XmlHandler) {}

  /** Ends the scan early: later text is ignored (a reader that has what it needs). */
  stop(): void {
    this.stopped = true;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  write(chunk: string): void {
    if (this.stopped) return;
    // A token longer than what is buffered waits for enough text to finish it, so a long token
    // costs one join, not one copy per chunk.
    if (this.needed > 0) {
      this.waiting.push(chunk);
      this.waitingLength += chunk.length;
      if (this.waitingLength < this.needed) return;
      chunk = this.waiting.join("");
      this.waiting = [];
      this.waitingLength = 0;
      this.needed = 0;
    }
    let from = 0;
    if (this.buffer.length === 0) this.buffer = chunk;
    else {
      // The unfinished token is finished with the head of the chunk, and the scan goes on in the
      // chunk itself: joining the two whole would copy every chunk once more.
      const kept = this.buffer.length;
      const joint = this.buffer + chunk.slice(0, JOINT_WINDOW);
      const done = this.scan(joint, 0, false, kept);
      if (this.stopped) return;
      if (done >= kept) {
        this.buffer = chunk;
        from = done - kept;
      } else this.buffer = this.buffer.slice(done) + chunk;
    }
    const rest = this.scan(this.buffer, from, false, Infinity);
    this.buffer = rest === 0 ? this.buffer : this.buffer.slice(rest);
    if (this.buffer.length > MAX_XML_TOKEN)
      throw new LimitError(
        `an XML element or text of more than ${MAX_XML_TOKEN.toLocaleString("en-GB")} characters`
      );
    if (this.buffer.length > 1 << 16) this.needed = this.buffer.length;
  }

  /** The end of the part: everything must have closed. */
  end(): void {
    if (this.stopped) return;
    if (this.waitingLength > 0) {
      this.buffer += this.waiting.join("");
      this.waiting = [];
      this.waitingLength = 0;
    }
    this.needed = 0;
    const rest = this.scan(this.buffer, 0, true, Infinity);
    if (this.stopped) return;
    if (rest < this.buffer.length) throw new XmlError("the part ends in the middle of a tag");
    if (this.stack.length > 0)
      throw new XmlError(`<${this.stack[this.stack.length - 1]}> is never closed`);
    if (!this.sawRoot) throw new XmlError("the part holds no XML element");
  }

  /**
   * Reads whole tokens of `text` from `from`, up to the first token boundary at or after
   * `until`; returns where the first token not read starts.
   */
  private scan(text: string, from: number, final: boolean, until: number): number {
    let pos = from;
    while (pos < text.length && pos < until && !this.stopped) {
      const lt = text.indexOf("<", pos);
      if (lt === -1) {
        // Text up to the end: it may go on in the next chunk, unless this is the end.
        if (!final) return pos;
        this.characters(text.slice(pos));
        return text.length;
      }
      if (lt > pos) this.characters(text.slice(pos, lt));
      pos = lt;
      if (lt + 1 >= text.length) return pos;
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) {
        const gt = text.indexOf(">", lt + 2);
        if (gt === -1) return pos;
        this.endTag(text, lt + 2, gt);
        pos = gt + 1;
      } else if (next === BANG) {
        const end = this.special(text, lt);
        if (end === -1) return pos;
        pos = end;
      } else if (next === QUESTION) {
        const end = text.indexOf("?>", lt + 2);
        if (end === -1) return pos;
        pos = end + 2;
      } else {
        const gt = tagEnd(text, lt + 1);
        if (gt === -1) return pos;
        this.startTag(text, lt + 1, gt);
        pos = gt + 1;
      }
    }
    return pos;
  }

  /** `<!-- -->`, `<![CDATA[ ]]>`; a DOCTYPE is refused. Returns the end, or -1 if unfinished. */
  private special(text: string, lt: number): number {
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt + 4);
      if (end === -1) return -1;
      if (text.indexOf("--", lt + 4) !== end) throw new XmlError("a comment holding --");
      return end + 3;
    }
    if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt + 9);
      if (end === -1) return -1;
      if (this.stack.length === 0) throw new XmlError("text outside the root element");
      this.handler.text(text.slice(lt + 9, end));
      return end + 3;
    }
    if (text.length - lt < 9) return -1;
    if (text.startsWith("<!DOCTYPE", lt))
      throw new XmlError("a DOCTYPE declaration (never written by Excel)");
    throw new XmlError(`unexpected "${text.slice(lt, lt + 9)}"`);
  }

  private startTag(text: string, from: number, gt: number): void {
    const selfClosing = text.charCodeAt(gt - 1) === SLASH;
    const end = selfClosing ? gt - 1 : gt;
    let nameEnd = from;
    while (nameEnd < end && !isBlank(text.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === from) throw new XmlError("a tag without a name");
    if (this.stack.length === 0 && this.sawRoot) throw new XmlError("a second root element");
    const slot = this.nameSlot(text, from, nameEnd);
    this.sawRoot = true;
    const attributes = nameEnd < end ? text.slice(nameEnd, end) : "";
    const name = this.locals[slot];
    if (!selfClosing) {
      this.stack.push(this.qualified[slot]);
      this.localStack.push(name);
    }
    this.handler.open(name, attributes, selfClosing);
    if (selfClosing) this.handler.close(name);
  }

  /** `</name>` from `from` to `gt`: it must close the element open last. */
  private endTag(text: string, from: number, gt: number): void {
    const open = this.stack.pop();
    let end = gt;
    while (end > from && isBlank(text.charCodeAt(end - 1))) end--;
    if (open === undefined || end - from !== open.length || !text.startsWith(open, from)) {
      const name = text.slice(from, end);
      throw new XmlError(
        open === undefined ? `</${name}> closes nothing` : `<${open}> is closed by </${name}>`
      );
    }
    this.handler.close(this.localStack.pop()!);
  }

  /**
   * The slot of the name at text[from, end) in a small cache of names seen: a sheet has a handful
   * of element names, repeated millions of times, so each is made into a string once.
   */
  private nameSlot(text: string, from: number, end: number): number {
    let h = end - from;
    for (let i = from; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    const slot = h & (NAME_SLOTS - 1);
    const cached = this.qualified[slot];
    if (cached !== undefined && cached.length === end - from && text.startsWith(cached, from))
      return slot;
    const qualified = text.slice(from, end);
    if (!XML_NAME.test(qualified))
      throw new XmlError(`"${qualified.slice(0, 20)}" is not an element name`);
    const local = localName(qualified);
    this.qualified[slot] = qualified;
    this.locals[slot] = KNOWN_NAMES.get(local) ?? local;
    return slot;
  }

  private characters(raw: string): void {
    if (this.stack.length === 0) {
      if (!isAllBlank(raw)) throw new XmlError("text outside the root element");
      return;
    }
    this.handler.text(raw.indexOf("&") === -1 ? raw : decodeEntities(raw));
  }
}

/** The `>` that ends a start tag opened before `from` (quoted attribute values may hold `>`), or -1. */
function tagEnd(text: string, from: number): number {
  // A native (regular-expression) scan over the tag: text and quoted values up to the `>`.
  TAG_BODY.lastIndex = from;
  TAG_BODY.test(text);
  const end = TAG_BODY.lastIndex;
  if (end >= text.length) return -1;
  const c = text.charCodeAt(end);
  if (c === GT) return end;
  if (c === LT) throw new XmlError("a `<` inside a tag");
  // An unclosed quoted value: it may close in the next chunk, or hold a `<` (an error).
  const close = text.indexOf(String.fromCharCode(c), end + 1);
  const lt = text.indexOf("<", end + 1);
  if (close === -1 && lt === -1) return -1;
  throw new XmlError("a `<` inside a tag");
}

/** The characters of a start tag before its `>`: anything but quotes and angle brackets, and quoted values. */
const TAG_BODY = /(?:[^"'<>]+|"[^"<]*"|'[^'<]*')*/y;

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isAllBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Text with `&lt;` … `&#x1F600;` replaced; an unknown or malformed entity is an error. */
export function decodeEntities(raw: string): string {
  let out = "";
  let pos = 0;
  for (;;) {
    const amp = raw.indexOf("&", pos);
    if (amp === -1) return out + raw.slice(pos);
    const semi = raw.indexOf(";", amp + 1);
    if (semi === -1 || semi - amp > 12)
      throw new XmlError(`a bare "&" in "${raw.slice(amp, amp + 12)}"`);
    const name = raw.slice(amp + 1, semi);
    let value: string | undefined;
    if (name.charCodeAt(0) === 35 /* # */) {
      const code = /^#x[0-9a-fA-F]+$/.test(name)
        ? parseInt(name.slice(2), 16)
        : /^#[0-9]+$/.test(name)
          ? parseInt(name.slice(1), 10)
          : NaN;
      if (!isXmlChar(code)) throw new XmlError(`"&${name};" is not a character`);
      value = String.fromCodePoint(code);
    } else value = NAMED[name];
    if (value === undefined) throw new XmlError(`unknown entity "&${name};"`);
    out += raw.slice(pos, amp) + value;
    pos = semi + 1;
  }
}

function isXmlChar(code: number): boolean {
  return (
    code === 9 ||
    code === 10 ||
    code === 13 ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * The value of attribute `name` (local name: `r:id` is found as `id`) in raw attribute text, with
 * entities decoded; undefined when absent. Malformed attribute text is an error.
 */
export function attribute(raw: string, name: string): string | undefined {
  ONE[0] = name;
  readAttributes(raw, ONE, ONE_VALUE);
  return ONE_VALUE[0];
}

const ONE = [""];
const ONE_VALUE: (string | undefined)[] = [undefined];

/**
 * The values of the attributes `names` (local names, as for `attribute`) into `values` (same
 * positions; undefined when absent), in one pass over the raw attribute text.
 */
export function readAttributes(
  raw: string,
  names: readonly string[],
  values: (string | undefined)[]
): void {
  values.fill(undefined);
  let found = 0;
  let pos = 0;
  const n = raw.length;
  while (pos < n) {
    while (pos < n && isBlank(raw.charCodeAt(pos))) pos++;
    if (pos >= n) return;
    const eq = raw.indexOf("=", pos);
    if (eq === -1) throw new XmlError(`an attribute without a value in "${raw.trim()}"`);
    let nameEnd = eq;
    while (nameEnd > pos && isBlank(raw.charCodeAt(nameEnd - 1))) nameEnd--;
    if (!isNameStart(raw.charCodeAt(pos)))
      throw new XmlError(`a malformed attribute in "${raw.trim().slice(0, 40)}"`);
    let q = eq + 1;
    while (q < n && isBlank(raw.charCodeAt(q))) q++;
    const quote = raw.charCodeAt(q);
    if (quote !== DQUOTE && quote !== SQUOTE)
      throw new XmlError(`an unquoted attribute value in "${raw.trim()}"`);
    const close = raw.indexOf(quote === DQUOTE ? '"' : "'", q + 1);
    if (close === -1) throw new XmlError(`an unclosed attribute value in "${raw.trim()}"`);
    for (let k = 0; k < names.length; k++) {
      if (values[k] === undefined && namesAttribute(raw, pos, nameEnd, names[k])) {
        const value = raw.slice(q + 1, close);
        values[k] = value.indexOf("&") === -1 ? value : decodeEntities(value);
        // All found: the rest of the tag is not read (nor checked).
        if (++found === names.length) return;
        break;
      }
    }
    pos = close + 1;
  }
}

/** Whether raw[from, end) is attribute `name`, with or without a prefix (never a namespace declaration). */
function namesAttribute(raw: string, from: number, end: number, name: string): boolean {
  const start = end - name.length;
  if (start < from || !raw.startsWith(name, start)) return false;
  if (start === from) return name !== "xmlns";
  if (raw.charCodeAt(start - 1) !== 58 /* : */) return false;
  return !(start - from === 6 && raw.startsWith("xmlns", from));
}
