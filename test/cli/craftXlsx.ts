/**
 * Small workbooks crafted byte by byte for the CLI's edge tests: a tiny zip writer (stored or
 * deflated entries, in any order, sizes and CRC as given or as they are) and the few parts an
 * .xlsx needs. Nothing here is committed as a binary: each test builds the file it runs on.
 */
import * as zlib from "node:zlib";
import { headerFor, SUBMITTER, textRowFor, validRecord } from "../../scripts/rowBuilder";
import { columnLetters } from "../../src/domain/address";
import { v06a } from "../../src/domain/profile";

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer | string;
  /** Already deflated bytes to store as the entry's data (with `size` and `crc` as declared). */
  readonly deflated?: Buffer;
  readonly size?: number;
  readonly crc?: number;
  readonly store?: boolean;
}

function crc32(data: Buffer): number {
  return zlib.crc32(data);
}

/** A zip archive with the entries in the order given. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, "utf8");
    const method = entry.store ? 0 : 8;
    const body = entry.deflated ?? (entry.store ? raw : zlib.deflateRawSync(raw));
    const size = entry.size ?? raw.length;
    const crc = entry.crc ?? crc32(raw);
    const name = Buffer.from(entry.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(0x0800, 8);
    head.writeUInt16LE(method, 10);
    head.writeUInt32LE(crc >>> 0, 16);
    head.writeUInt32LE(body.length, 20);
    head.writeUInt32LE(size >>> 0, 24);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt32LE(offset, 42);
    central.push(head, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const MA_HEADER = headerFor(v06a);

export { SUBMITTER };

/** One clean row (sheet row `r`) from the shared row builder, as cell texts in profile order. */
export function cleanRow(r: number, reference = `REF-${r}`): string[] {
  return textRowFor(v06a, { ...validRecord(r), supplierReference: reference });
}

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A cell's XML: a string is an inline string, unless it is already XML (starting with "<c"). */
export function cellXml(r: number, c: number, value: string): string {
  if (value.startsWith("<c")) return value;
  return `<c r="${columnLetters(c)}${r}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
}

/** Sheet XML from rows of cell texts (row 1 first; an empty string is no cell). */
export function sheetXml(rows: readonly (readonly string[])[], extraRows = ""): string {
  const body = rows
    .map(
      (cells, i) =>
        `<row r="${i + 1}">${cells.map((v, c) => (v === "" ? "" : cellXml(i + 1, c, v))).join("")}</row>`
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}${extraRows}</sheetData></worksheet>`;
}

export interface SheetSpec {
  readonly name: string;
  readonly xml: string;
  readonly state?: "hidden" | "veryHidden";
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The parts of an .xlsx; `sheetsLast` puts the sheet parts after everything else. */
export function xlsxEntries(
  sheets: readonly SheetSpec[],
  { sharedStrings, date1904 = false }: { sharedStrings?: string; date1904?: boolean } = {}
): ZipEntry[] {
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><workbookPr${date1904 ? ' date1904="1"' : ""}/><sheets>${sheets
    .map(
      (s, i) =>
        `<sheet name="${escape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`
    )
    .join("")}</sheets></workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
    )
    .join(
      ""
    )}${sharedStrings !== undefined ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ""}</Relationships>`;
  return [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
    },
    {
      name: "_rels/.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    { name: "xl/workbook.xml", data: workbook },
    { name: "xl/_rels/workbook.xml.rels", data: rels },
    ...(sharedStrings !== undefined ? [{ name: "xl/sharedStrings.xml", data: sharedStrings }] : []),
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml })),
  ];
}

export function xlsx(
  sheets: readonly SheetSpec[],
  options?: Parameters<typeof xlsxEntries>[1]
): Buffer {
  return zip(xlsxEntries(sheets, options));
}

/** A workbook with one MA sheet of `rows` clean rows (plus any extra rows of XML). */
export function maWorkbook(rows = 2, extraRows = ""): Buffer {
  const data = Array.from({ length: rows }, (_, i) => cleanRow(i + 2));
  return xlsx([
    { name: "Migration Authorisation", xml: sheetXml([MA_HEADER, ...data], extraRows) },
  ]);
}
