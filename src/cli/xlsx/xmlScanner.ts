/**
 * A streaming XML tokenizer for the parts of a workbook: start tags (with their attributes), end
 * tags and text, with entities decoded, comments and processing instructions skipped, CDATA as
 * text. It checks that the document is well formed as far as a reader needs (tags nest and close,
 * attributes are quoted, entities are known, nothing after the root) and refuses a DOCTYPE (no
 * entity expansion, so no "billion laughs").
 *
 * Why not saxes: it reads a character at a time, and on the 48 MB sheet of a 100,000-row workbook
 * it alone took longer than the budget for the whole `mam validate`. This one finds tags with
 * native `indexOf` searches, and hands over attributes and text as places in the text it was given
 * (no string is made for them unless a reader asks for one). A property test holds it to saxes on
 * generated documents (test/cli/xmlScanner.property.test.ts).
 *
 * Element names are given without their namespace prefix (`x:row` is `row`): SpreadsheetML parts
 * are written with and without prefixes.
 */
import { LimitError, MAX_XML_TOKEN } from "./limits";

/** The XML is not well formed: the part is damaged. */
export class XmlError extends Error {}

export interface XmlHandler {
  /** A start tag; its attributes are read from `tag`, during this call only. */
  open(name: string, tag: Attributes, selfClosing: boolean): void;
  close(name: string): void;
  /**
   * Character data, source[from, to) (entities decoded), between any two tags; blanks between
   * elements too. `source` is only valid during this call: keep a slice, not the place.
   */
  text(source: string, from: number, to: number): void;
  /**
   * Optional fast path for a sheet's plain cell, `<c r="B7" s="1" t="s"><v>42</v></c>` (no prefix,
   * no entity, double quotes, one space before each attribute): the whole element at once, as the
   * places of its `r` and `t` values (-1 when absent) and of its value. Returns false (before
   * doing anything) to have it read as tags instead; it is read as tags too when it is not plain.
   */
  cell?(
    source: string,
    refFrom: number,
    refTo: number,
    typeFrom: number,
    typeTo: number,
    valueFrom: number,
    valueTo: number
  ): boolean;
  /**
   * Optional fast path for a plain shared-string entry, `<si><t>text</t></si>` (no prefix, no
   * attribute, no entity): the whole element at once, as the place of its text. Returns false
   * (before doing anything) to have it read as tags instead.
   */
  item?(source: string, from: number, to: number): boolean;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const EQUALS = 61; // =
const SPACE = 32;
const C = 99; // c
const S = 115; // s
const R = 114; // r
const T = 116; // t
const V = 118; // v
const AMP = 38; // &
const COLON = 58; // :
const DQUOTE = 34;
const SQUOTE = 39;
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

/**
 * The attributes of the start tag being read, as places in its text: each attribute's name and
 * value (between the quotes, entities not yet decoded). One object serves every tag.
 */
export class Attributes {
  /** The text the places are in. */
  source = "";
  count = 0;
  /** Per attribute: name start, name end, value start, value end. */
  private bounds = new Int32Array(64);
  /** Per attribute: whether its value holds an entity (`&`). */
  private entities = new Uint8Array(16);

  /** The index of the attribute whose local name is `name` (`r:id` is `id`), or -1. */
  find(name: string): number {
    const { source, bounds } = this;
    const length = name.length;
    for (let i = 0; i < this.count; i++) {
      const from = bounds[4 * i];
      const end = bounds[4 * i + 1];
      const start = end - length;
      if (start < from) continue;
      if (start > from && source.charCodeAt(start - 1) !== COLON) continue;
      if (!source.startsWith(name, start)) continue;
      // Never a namespace declaration (`xmlns`, `xmlns:x`).
      if (
        start === from ? name === "xmlns" : start - from === 6 && source.startsWith("xmlns", from)
      )
        continue;
      return i;
    }
    return -1;
  }

  /** The value of attribute `name` (as `find`), entities decoded; undefined when absent. */
  get(name: string): string | undefined {
    const i = this.find(name);
    return i === -1 ? undefined : this.value(i);
  }

  /** Attribute `i`'s qualified name, as written. */
  name(i: number): string {
    return this.source.slice(this.bounds[4 * i], this.bounds[4 * i + 1]);
  }

  /** Attribute `i`'s value, entities decoded. */
  value(i: number): string {
    const raw = this.source.slice(this.bounds[4 * i + 2], this.bounds[4 * i + 3]);
    return this.entities[i] === 0 ? raw : decodeEntities(raw);
  }

  /** Where attribute `i`'s value starts and ends in `source` (valid when `hasEntity(i)` is false). */
  valueFrom(i: number): number {
    return this.bounds[4 * i + 2];
  }

  valueTo(i: number): number {
    return this.bounds[4 * i + 3];
  }

  hasEntity(i: number): boolean {
    return this.entities[i] !== 0;
  }

  /** Starts a new tag in `source`. */
  reset(source: string): void {
    this.source = source;
    this.count = 0;
  }

  add(nameFrom: number, nameTo: number, valueFrom: number, valueTo: number, entity: boolean): void {
    const i = this.count++;
    if (4 * i + 4 > this.bounds.length) {
      const bounds = new Int32Array(this.bounds.length * 2);
      bounds.set(this.bounds);
      this.bounds = bounds;
      const entities = new Uint8Array(this.entities.length * 2);
      entities.set(this.entities);
      this.entities = entities;
    }
    this.bounds[4 * i] = nameFrom;
    this.bounds[4 * i + 1] = nameTo;
    this.bounds[4 * i + 2] = valueFrom;
    this.bounds[4 * i + 3] = valueTo;
    this.entities[i] = entity ? 1 : 0;
  }
}

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
  private readonly attributes = new Attributes();
  /** The next `&` at or after the text being read, in the text `scan` reads (its length: none). */
  private nextAmp = 0;
  private sawRoot = false;
  private stopped = false;
  private readonly fastCells: boolean;
  private readonly fastItems: boolean;

  constructor(private readonly handler: XmlHandler) {
    this.fastCells = handler.cell !== undefined;
    this.fastItems = handler.item !== undefined;
  }

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
    this.nextAmp = -1;
    while (pos < text.length && pos < until && !this.stopped) {
      const lt = text.indexOf("<", pos);
      if (lt === -1) {
        // Text up to the end: it may go on in the next chunk, unless this is the end.
        if (!final) return pos;
        this.characters(text, pos, text.length);
        return text.length;
      }
      if (lt > pos) this.characters(text, pos, lt);
      pos = lt;
      if (lt + 1 >= text.length) return pos;
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) {
        const gt = this.endTag(text, lt + 2);
        if (gt === -1) return pos;
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
        if (next === C && this.fastCells && this.stack.length > 0) {
          const end = this.plainCell(text, lt);
          if (end !== -1) {
            pos = end;
            continue;
          }
        } else if (next === S && this.fastItems && this.stack.length > 0) {
          const end = this.plainItem(text, lt);
          if (end !== -1) {
            pos = end;
            continue;
          }
        }
        const gt = this.startTag(text, lt + 1);
        if (gt === -1) return pos;
        pos = gt + 1;
      }
    }
    return pos;
  }

  /**
   * A plain cell element at `lt` handed to the handler's `cell` whole; returns where it ends, or -1
   * when it is not plain (or not finished in `text`): then it is read as tags, which also finds
   * any error in it.
   */
  private plainCell(text: string, lt: number): number {
    const n = text.length;
    let pos = lt + 2;
    let refFrom = -1;
    let refTo = -1;
    let typeFrom = -1;
    let typeTo = -1;
    for (;;) {
      if (pos >= n) return -1;
      let c = text.charCodeAt(pos);
      if (c === GT) break;
      if (c !== SPACE) return -1;
      const nameFrom = ++pos;
      while (pos < n && (((c = text.charCodeAt(pos)) >= 97 && c <= 122) || (c >= 65 && c <= 90)))
        pos++;
      const nameLength = pos - nameFrom;
      if (nameLength === 0 || c !== EQUALS || text.charCodeAt(pos + 1) !== DQUOTE) return -1;
      pos += 2;
      const valueFrom = pos;
      while (pos < n && (c = text.charCodeAt(pos)) !== DQUOTE) {
        if (c === LT || c === AMP) return -1;
        pos++;
      }
      if (pos >= n) return -1;
      if (nameLength === 1) {
        const name = text.charCodeAt(nameFrom);
        if (name === R && refFrom === -1) {
          refFrom = valueFrom;
          refTo = pos;
        } else if (name === T && typeFrom === -1) {
          typeFrom = valueFrom;
          typeTo = pos;
        }
      }
      pos++;
    }
    // `<v>`, text without markup, `</v></c>`.
    if (
      text.charCodeAt(pos + 1) !== LT ||
      text.charCodeAt(pos + 2) !== V ||
      text.charCodeAt(pos + 3) !== GT
    )
      return -1;
    const valueFrom = pos + 4;
    const valueTo = text.indexOf("<", valueFrom);
    if (valueTo === -1 || !text.startsWith("</v></c>", valueTo)) return -1;
    if (this.nextAmp < valueFrom) {
      const amp = text.indexOf("&", valueFrom);
      this.nextAmp = amp === -1 ? n : amp;
    }
    if (this.nextAmp < valueTo) return -1;
    if (!this.handler.cell!(text, refFrom, refTo, typeFrom, typeTo, valueFrom, valueTo)) return -1;
    return valueTo + 8;
  }

  /** As `plainCell`, for a plain shared-string entry (`item`). */
  private plainItem(text: string, lt: number): number {
    if (!text.startsWith("<si><t>", lt)) return -1;
    const from = lt + 7;
    const to = text.indexOf("<", from);
    if (to === -1 || !text.startsWith("</t></si>", to)) return -1;
    if (this.nextAmp < from) {
      const amp = text.indexOf("&", from);
      this.nextAmp = amp === -1 ? text.length : amp;
    }
    if (this.nextAmp < to) return -1;
    if (!this.handler.item!(text, from, to)) return -1;
    return to + 9;
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
      this.handler.text(text, lt + 9, end);
      return end + 3;
    }
    if (text.length - lt < 9) return -1;
    if (text.startsWith("<!DOCTYPE", lt))
      throw new XmlError("a DOCTYPE declaration (never written by Excel)");
    throw new XmlError(`unexpected "${text.slice(lt, lt + 9)}"`);
  }

  /**
   * The start tag whose name starts at `from`: its name and attributes read, the handler told.
   * Returns the place of its `>`, or -1 if the tag goes on past the end of `text`.
   */
  private startTag(text: string, from: number): number {
    const n = text.length;
    let pos = from;
    let c = 0;
    while (pos < n) {
      c = text.charCodeAt(pos);
      if (c === GT || c === SLASH || isBlank(c)) break;
      if (c === LT || c === DQUOTE || c === SQUOTE || c === EQUALS)
        throw new XmlError(`a malformed tag "${text.slice(from - 1, pos + 1)}"`);
      pos++;
    }
    if (pos >= n) return -1;
    if (pos === from) throw new XmlError("a tag without a name");
    const nameEnd = pos;
    const attributes = this.attributes;
    attributes.reset(text);
    // The attributes, up to the `>` (quoted values may hold `>`, never `<`).
    let selfClosing = false;
    for (;;) {
      while (pos < n && isBlank((c = text.charCodeAt(pos)))) pos++;
      if (pos >= n) return -1;
      if (c === GT) break;
      if (c === SLASH) {
        if (pos + 1 >= n) return -1;
        if (text.charCodeAt(pos + 1) !== GT) throw new XmlError("a `/` inside a tag");
        selfClosing = true;
        pos++;
        break;
      }
      if (c === LT) throw new XmlError("a `<` inside a tag");
      if (!isNameStart(c))
        throw new XmlError(`a malformed attribute in "${text.slice(from, pos + 1)}"`);
      const nameFrom = pos;
      while (pos < n) {
        c = text.charCodeAt(pos);
        if (c === EQUALS || isBlank(c)) break;
        if (c === GT || c === LT || c === SLASH || c === DQUOTE || c === SQUOTE)
          throw new XmlError(`an attribute without a value in "${text.slice(from, pos + 1)}"`);
        pos++;
      }
      const nameTo = pos;
      while (pos < n && isBlank((c = text.charCodeAt(pos)))) pos++;
      if (pos >= n) return -1;
      if (c !== EQUALS)
        throw new XmlError(`an attribute without a value in "${text.slice(from, pos + 1)}"`);
      pos++;
      while (pos < n && isBlank((c = text.charCodeAt(pos)))) pos++;
      if (pos >= n) return -1;
      if (c !== DQUOTE && c !== SQUOTE)
        throw new XmlError(`an unquoted attribute value in "${text.slice(from, pos + 1)}"`);
      const quote = c;
      const valueFrom = ++pos;
      let entity = false;
      while (pos < n && (c = text.charCodeAt(pos)) !== quote) {
        if (c === LT) throw new XmlError("a `<` inside a tag");
        if (c === AMP) entity = true;
        pos++;
      }
      if (pos >= n) return -1;
      attributes.add(nameFrom, nameTo, valueFrom, pos, entity);
      pos++;
    }
    if (this.stack.length === 0 && this.sawRoot) throw new XmlError("a second root element");
    const slot = this.nameSlot(text, from, nameEnd);
    this.sawRoot = true;
    const name = this.locals[slot];
    if (!selfClosing) {
      this.stack.push(this.qualified[slot]);
      this.localStack.push(name);
    }
    this.handler.open(name, attributes, selfClosing);
    if (selfClosing) this.handler.close(name);
    return pos;
  }

  /**
   * `</name>` whose name starts at `from`: it must close the element open last. Returns the place
   * of its `>`, or -1 if the tag goes on past the end of `text`.
   */
  private endTag(text: string, from: number): number {
    const open = this.stack.length === 0 ? undefined : this.stack[this.stack.length - 1];
    if (open !== undefined && text.startsWith(open, from)) {
      // The usual case: the name, then at once the `>`.
      let pos = from + open.length;
      let c = 0;
      while (pos < text.length && isBlank((c = text.charCodeAt(pos)))) pos++;
      if (pos >= text.length) return -1;
      if (c === GT) {
        this.stack.pop();
        this.handler.close(this.localStack.pop()!);
        return pos;
      }
    }
    const gt = text.indexOf(">", from);
    if (gt === -1) return -1;
    let end = gt;
    while (end > from && isBlank(text.charCodeAt(end - 1))) end--;
    const name = text.slice(from, end);
    throw new XmlError(
      open === undefined ? `</${name}> closes nothing` : `<${open}> is closed by </${name}>`
    );
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

  /** Text at text[from, to): handed over in place unless it holds an entity. */
  private characters(text: string, from: number, to: number): void {
    if (this.stack.length === 0) {
      for (let i = from; i < to; i++)
        if (!isBlank(text.charCodeAt(i))) throw new XmlError("text outside the root element");
      return;
    }
    if (this.nextAmp < from) {
      const amp = text.indexOf("&", from);
      this.nextAmp = amp === -1 ? text.length : amp;
    }
    if (this.nextAmp >= to) this.handler.text(text, from, to);
    else {
      const decoded = decodeEntities(text.slice(from, to));
      this.handler.text(decoded, 0, decoded.length);
    }
  }
}

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
