/**
 * Property: our XML tokenizer (src/cli/xlsx/xmlScanner.ts) reads every generated document as
 * saxes, a well-kept streaming XML parser, does: the same start tags with the same attributes,
 * end tags and text, however the text is cut into chunks; and where saxes finds the document not
 * well formed, so does ours.
 */
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { type Attributes, XmlError, XmlScanner } from "../../src/cli/xlsx/xmlScanner";

type Event = ["open", string, Record<string, string>] | ["close", string] | ["text", string];

const names = ["row", "c", "v", "x:c", "is", "t", "si"];
const attrNames = ["r", "t", "s", "x:q", "spans"];
const textPieces = [
  "a",
  "1",
  " ",
  "\n",
  "&amp;",
  "&lt;",
  "&#x41;",
  "&#66;",
  "é",
  "€",
  "😀",
  ">",
  "[",
];
const values = ["A1", "s", "1:13", "a&amp;b", "x > y", "'", ""];

/** A random well-formed element tree as text, with comments, CDATA and a processing instruction here and there. */
const element: fc.Memo<string> = fc.memo((depth) => {
  const attrs = fc
    .uniqueArray(fc.constantFrom(...attrNames), { maxLength: 3 })
    .chain((keys) =>
      fc.tuple(
        ...keys.map((k) => fc.tuple(fc.constant(k), fc.constantFrom(...values), fc.boolean()))
      )
    )
    .map((list) =>
      list
        .map(([k, v, single]) =>
          single && !v.includes("'") ? ` ${k}='${v}'` : ` ${k}="${v.replace(/"/g, "&quot;")}"`
        )
        .join("")
    );
  const text = fc.array(fc.constantFrom(...textPieces), { maxLength: 4 }).map((p) => p.join(""));
  const child: fc.Arbitrary<string> =
    depth <= 1
      ? text
      : fc.oneof(
          text,
          element(depth - 1),
          fc.constant("<!-- note -->"),
          text.map((t) => `<![CDATA[${t.replace(/]]/g, "")}<&]]>`)
        );
  return fc
    .tuple(fc.constantFrom(...names), attrs, fc.array(child, { maxLength: 4 }), fc.boolean())
    .map(([name, a, children, empty]) =>
      empty && children.length === 0
        ? `<${name}${a}/>`
        : `<${name}${a}>${children.join("")}</${name} >`
    );
});

const document = element(4).map((root) => `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`);

function ours(chunks: readonly string[]): Event[] | "error" {
  const events: Event[] = [];
  const attrsOf = (tag: Attributes) => {
    const out: Record<string, string> = {};
    for (let i = 0; i < tag.count; i++) out[tag.name(i)] = tag.value(i);
    return out;
  };
  const scanner = new XmlScanner({
    open: (name, tag) => events.push(["open", name, attrsOf(tag)]),
    close: (name) => events.push(["close", name]),
    text: (source, from, to) => events.push(["text", source.slice(from, to)]),
  });
  try {
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
  } catch (error) {
    if (error instanceof XmlError) return "error";
    throw error;
  }
  return merged(events);
}

function theirs(text: string): Event[] | "error" {
  const events: Event[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let failed = false;
  parser.on("error", () => (failed = true));
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    events.push(["open", tag.name.split(":").pop()!, attrs]);
  });
  parser.on("closetag", (tag) => events.push(["close", tag.name.split(":").pop()!]));
  parser.on("text", (t) => events.push(["text", t]));
  parser.on("cdata", (t) => events.push(["text", t]));
  parser.write(text).close();
  return failed ? "error" : merged(events);
}

/** Adjacent texts as one, blanks between tags dropped (saxes and ours cut text differently). */
function merged(events: Event[]): Event[] {
  const out: Event[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e[0] === "text" && last?.[0] === "text") last[1] += e[1];
    else out.push(e[0] === "text" ? ["text", e[1]] : e);
  }
  return out.filter((e) => e[0] !== "text" || e[1].trim() !== "");
}

/** The text cut at the given places. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

describe("XmlScanner reads as saxes does", () => {
  test("the same tags, attributes and text, in any chunks", () => {
    fc.assert(
      fc.property(document, fc.array(fc.nat(), { maxLength: 6 }), (text, at) => {
        expect(ours(cut(text, at))).toEqual(theirs(text));
      }),
      { numRuns: 1500 }
    );
  });

  test("a document damaged where it matters (tags, entities) is an error for both", () => {
    // Only the body is damaged: ours does not check the XML declaration, names or duplicate
    // attributes, which a zip's CRC-32 and the reader's own checks cover.
    const damaged = fc
      .tuple(document, fc.nat(), fc.constantFrom("<", "&", "</x>", "<a", "&bogus;"))
      .map(([text, at, insert]) => {
        // Damage goes between tokens (just before a "<"): ours checks the form of every
        // attribute, but not the characters of attribute names, nor the entities of a value no
        // reader asks for.
        const starts = [...text.matchAll(/</g)].map((m) => m.index).slice(1);
        const p = starts[at % starts.length];
        return text.slice(0, p) + insert + text.slice(p);
      });
    fc.assert(
      fc.property(damaged, (text) => {
        const a = ours([text]);
        const b = theirs(text);
        if (b === "error") expect(a).toBe("error");
        else expect(a).toEqual(b);
      }),
      { numRuns: 1500 }
    );
  });

  test("a DOCTYPE is refused (no entity expansion)", () => {
    expect(ours(['<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'])).toBe("error");
  });
});
