/**
 * The small parts that say where a workbook's sheets are: the package relationships (_rels/.rels
 * names the workbook part), workbook.xml (sheet names, order, visibility, the 1904 date system)
 * and its relationships (each sheet's part, the shared-string table), and the shared strings.
 */
import path from "node:path";
import { count, LimitError, MAX_SHARED_CHARS, MAX_SHARED_STRINGS } from "./limits";
import { SharedStrings } from "./sharedStrings";
import { type Attributes, type XmlHandler, XmlScanner } from "./xmlScanner";
import { DamagedError, type ZipParts } from "./zipParts";

export type SheetState = "visible" | "hidden" | "veryHidden";

export interface SheetEntry {
  readonly name: string;
  readonly state: SheetState;
  /** The part holding the sheet (`xl/worksheets/sheet1.xml`); null for a chart or dialog sheet. */
  readonly part: string | null;
}

export interface WorkbookLayout {
  readonly sheets: readonly SheetEntry[];
  readonly date1904: boolean;
  /** The shared-string part, when the workbook has one. */
  readonly sharedStrings: string | null;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;

interface Relationship {
  readonly type: string;
  readonly target: string;
}

/** Relationships of a part, by id, with targets resolved to part names. */
async function relationships(
  zip: ZipParts,
  relsPart: string,
  base: string
): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  if (!zip.has(relsPart)) return rels;
  await zip.read(
    relsPart,
    new XmlScanner({
      open(name, tag) {
        if (name !== "Relationship") return;
        const id = tag.get("Id");
        const target = tag.get("Target");
        if (id === undefined || target === undefined || tag.get("TargetMode") === "External")
          return;
        rels.set(id, { type: tag.get("Type") ?? "", target: resolvePart(base, target) });
      },
      close() {},
      text() {},
    })
  );
  return rels;
}

/** A relationship target as a part name: relative to the source part's folder, or absolute from the root. */
function resolvePart(base: string, target: string): string {
  const decoded = safeDecode(target);
  const joined = decoded.startsWith("/") ? decoded.slice(1) : path.posix.join(base, decoded);
  return path.posix.normalize(joined).replace(/^(\.\.\/)+/, "");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function readLayout(zip: ZipParts): Promise<WorkbookLayout> {
  const root = await relationships(zip, "_rels/.rels", "");
  const office = [...root.values()].find((r) => REL_OFFICE_DOCUMENT.test(r.type));
  const workbookPart = office?.target ?? "xl/workbook.xml";
  if (!zip.has(workbookPart))
    throw new DamagedError(
      zip.has("word/document.xml") || zip.has("ppt/presentation.xml")
        ? "it is a Word or PowerPoint file, not an Excel workbook"
        : `it has no workbook part (${workbookPart})`
    );
  const folder = path.posix.dirname(workbookPart);
  const rels = await relationships(
    zip,
    path.posix.join(folder, "_rels", `${path.posix.basename(workbookPart)}.rels`),
    folder
  );
  const listed: { name: string; state: SheetState; rel: string | undefined }[] = [];
  let date1904 = false;
  await zip.read(
    workbookPart,
    new XmlScanner({
      open(name, tag) {
        if (name === "workbookPr") {
          const value = tag.get("date1904");
          date1904 = value === "1" || value === "true";
        } else if (name === "sheet") {
          const state = tag.get("state");
          listed.push({
            name: tag.get("name") ?? `Sheet${listed.length + 1}`,
            state: state === "hidden" || state === "veryHidden" ? state : "visible",
            rel: tag.get("id"),
          });
        }
      },
      close() {},
      text() {},
    })
  );
  const sheets = listed.map(({ name, state, rel }) => {
    const target = rel === undefined ? undefined : rels.get(rel);
    const part =
      target && REL_WORKSHEET.test(target.type) && zip.has(target.target) ? target.target : null;
    if (target && REL_WORKSHEET.test(target.type) && part === null)
      throw new DamagedError(`the part of sheet "${name}" (${target.target}) is missing`);
    return { name, state, part };
  });
  const shared = [...rels.values()].find((r) => REL_SHARED_STRINGS.test(r.type));
  return {
    sheets,
    date1904,
    sharedStrings: shared && zip.has(shared.target) ? shared.target : null,
  };
}

/**
 * The shared-string table: each entry's text whole (every run of rich text, without phonetic
 * guides). Refused beyond MAX_SHARED_STRINGS entries or MAX_SHARED_CHARS characters.
 */
export async function readSharedStrings(zip: ZipParts, part: string): Promise<SharedStrings> {
  const reader = new SharedStringsReader();
  await zip.read(part, new XmlScanner(reader));
  return reader.strings;
}

/** The handler that reads a shared-string part into `strings`. */
export class SharedStringsReader implements XmlHandler {
  readonly strings = new SharedStrings();
  private chars = 0;
  // The entry being read: one piece of text is kept as its place, more are joined.
  private source = "";
  private from = 0;
  private to = 0;
  private joined: string | null = null;
  private inItem = false;
  private inText = false;
  private phonetic = 0;

  open(name: string, tag: Attributes, selfClosing: boolean): void {
    if (name === "si") {
      this.inItem = true;
      this.source = "";
      this.from = this.to = 0;
      this.joined = null;
    } else if (name === "t") this.inText = this.inItem && this.phonetic === 0 && !selfClosing;
    else if (name === "rPh") this.phonetic++;
    else if (name === "sst") {
      const unique = Number(tag.get("uniqueCount") ?? 0);
      if (unique > MAX_SHARED_STRINGS) throw tooMany();
      // Room at once for what the table declares, up to a size no small part could hold.
      if (Number.isInteger(unique)) this.strings.reserve(Math.min(unique, RESERVE_LIMIT));
    }
  }

  close(name: string): void {
    if (name === "si") {
      const { joined } = this;
      if (joined === null) this.add(this.source, this.from, this.to);
      else this.add(joined, 0, joined.length);
      this.inItem = false;
    } else if (name === "t") this.inText = false;
    else if (name === "rPh") this.phonetic--;
  }

  text(source: string, from: number, to: number): void {
    if (!this.inText || from === to) return;
    this.count(to - from);
    if (this.joined === null && this.from === this.to) {
      this.source = source;
      this.from = from;
      this.to = to;
    } else
      this.joined = (this.joined ?? this.source.slice(this.from, this.to)) + source.slice(from, to);
  }

  /** A plain entry (`<si><t>text</t></si>`), as the tags would have read it. */
  item(source: string, from: number, to: number): boolean {
    if (this.inItem) return false;
    this.count(to - from);
    this.add(source, from, to);
    return true;
  }

  private count(chars: number): void {
    this.chars += chars;
    if (this.chars > MAX_SHARED_CHARS) throw tooMany();
  }

  private add(source: string, from: number, to: number): void {
    if (this.strings.length >= MAX_SHARED_STRINGS) throw tooMany();
    this.strings.add(source, from, to);
  }
}

/** Shared-string entries made room for at once, at most (more grow the table as they come). */
const RESERVE_LIMIT = 1 << 21;

function tooMany(): LimitError {
  return new LimitError(
    `a shared-string table of more than ${count(MAX_SHARED_STRINGS)} entries or ${count(MAX_SHARED_CHARS)} characters`
  );
}
