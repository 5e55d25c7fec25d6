/**
 * Reads the MA sheet of an .xlsx/.xlsm workbook: the parts it needs, through the zip's central
 * directory, in this order: the workbook's layout, the shared strings, the first row of each
 * worksheet (to find the MA sheet by its header), then the chosen sheet whole. Nothing is written
 * to disk. A hidden sheet is never chosen silently, and when more than one sheet could be the MA
 * sheet the user is asked to name one with --sheet.
 */
import { promises as fs } from "node:fs";
import { headerScore } from "../../domain/header";
import type { MamProfile } from "../../domain/profile";
import type { DateSystem, RowSource } from "../../domain/types";
import { LimitError } from "./limits";
import { SharedStrings } from "./sharedStrings";
import { CellFormatError, SheetRowsHandler, type SheetRow } from "./sheetRows";
import { readLayout, readSharedStrings, type SheetEntry, type SheetState } from "./workbookParts";
import { XmlScanner } from "./xmlScanner";
import { DamagedError, ZipParts } from "./zipParts";

export interface WorkbookSheet {
  readonly sheetName: string;
  /** Row 1, then the data rows from row 2 (gaps kept as empty rows). */
  readonly header: SheetRow;
  readonly rows: RowSource;
  readonly dateSystem: DateSystem;
  /** Every hidden sheet of the workbook, read or not. */
  readonly hiddenSheets: readonly { readonly name: string; readonly state: SheetState }[];
  /** Cells of the sheet read holding a formula with no saved result. */
  readonly uncalculated: readonly string[];
}

/** The workbook cannot be read as asked: the message says why and what to do (exit 2). */
export class WorkbookError extends Error {}

export interface WorkbookOptions {
  /** The sheet to read, by name (case-insensitively if no name matches exactly). */
  readonly sheet?: string;
  /** The profile whose header row marks the MA sheet (default: the shipped v06a). */
  readonly profile?: MamProfile;
  /** Fraction of the file read so far (0-1) and rows read so far. */
  readonly onProgress?: (fraction: number, rows: number) => void;
}

/** A header scoring at least this much is taken for the MA header (headerScore: share of profile columns found). */
const MA_HEADER_SCORE = 0.5;

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function readWorkbook(
  file: string,
  options: WorkbookOptions = {}
): Promise<WorkbookSheet> {
  await checkSignature(file);
  let zip: ZipParts;
  try {
    zip = await ZipParts.open(file);
  } catch (error) {
    throw explain(error);
  }
  try {
    const layout = await readLayout(zip);
    const worksheets = layout.sheets.filter((s) => s.part !== null);
    if (worksheets.length === 0) throw new WorkbookError("it has no worksheets");
    const shared = layout.sharedStrings
      ? await readSharedStrings(zip, layout.sharedStrings)
      : new SharedStrings();
    const chosen =
      options.sheet !== undefined
        ? named(worksheets, options.sheet)
        : await byHeader(zip, worksheets, shared, layout.date1904, options.profile);
    const part = chosen.part!;
    const size = zip.size(part);
    const handler = new SheetRowsHandler(
      shared,
      layout.date1904,
      (row) => {
        if (row % 5000 === 0) options.onProgress?.(bytesRead / Math.max(1, size), row);
      },
      size
    );
    let bytesRead = 0;
    await zip.read(part, new XmlScanner(handler), (bytes) => (bytesRead = bytes));
    options.onProgress?.(1, handler.lastRow);
    const cells = handler.cells;
    return {
      sheetName: chosen.name,
      header: cells.row(0),
      rows: cells.rowsFrom(1),
      dateSystem: layout.date1904 ? 1904 : 1900,
      hiddenSheets: layout.sheets
        .filter((s) => s.state !== "visible")
        .map(({ name, state }) => ({ name, state })),
      uncalculated: handler.uncalculated,
    };
  } catch (error) {
    throw explain(error);
  } finally {
    zip.close();
  }
}

/** A CFB (OLE2) file is an encrypted workbook or an old .xls; anything else must be a zip. */
async function checkSignature(file: string): Promise<void> {
  const handle = await fs.open(file, "r");
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (head.equals(CFB_SIGNATURE))
    throw new WorkbookError(
      "it is password-protected or an old .xls workbook: open it in Excel and save it as .xlsx (without a password)"
    );
  if (head[0] !== 0x50 || head[1] !== 0x4b)
    throw new WorkbookError(
      "it is not an Excel workbook (an .xlsx file is a zip archive, and this is not one)"
    );
}

function explain(error: unknown): Error {
  if (error instanceof WorkbookError || error instanceof LimitError) return error;
  if (error instanceof DamagedError || error instanceof CellFormatError)
    return new WorkbookError(
      `the workbook is damaged (${error.message}): open it in Excel and save it again`
    );
  return error instanceof Error ? error : new Error(String(error));
}

function describe(sheets: readonly SheetEntry[]): string {
  return sheets
    .map(
      (s) =>
        `"${s.name}"${s.state === "visible" ? "" : ` (${s.state === "hidden" ? "hidden" : "very hidden"})`}`
    )
    .join(", ");
}

function named(sheets: readonly SheetEntry[], name: string): SheetEntry {
  const chosen =
    sheets.find((s) => s.name === name) ??
    sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!chosen)
    throw new WorkbookError(`it has no sheet "${name}"; its sheets are: ${describe(sheets)}`);
  return chosen;
}

/** The MA sheet found by its header (row 1): the one sheet that has it, visible. */
async function byHeader(
  zip: ZipParts,
  sheets: readonly SheetEntry[],
  shared: SharedStrings,
  date1904: boolean,
  profile: MamProfile | undefined
): Promise<SheetEntry> {
  const scored: { sheet: SheetEntry; score: number }[] = [];
  for (const sheet of sheets) {
    const handler: SheetRowsHandler = new SheetRowsHandler(shared, date1904, () => scanner.stop());
    const scanner: XmlScanner = new XmlScanner(handler);
    await zip.read(sheet.part!, scanner);
    scored.push({ sheet, score: headerScore(handler.cells.row(0), profile) });
  }
  const candidates = scored.filter((s) => s.score >= MA_HEADER_SCORE).map((s) => s.sheet);
  if (candidates.length > 1)
    throw new WorkbookError(
      `${candidates.length} of its sheets could be the MA sheet (${describe(candidates)}): choose one with --sheet NAME`
    );
  if (candidates.length === 1) {
    const [only] = candidates;
    if (only.state !== "visible")
      throw new WorkbookError(
        `the only sheet with the MA header, "${only.name}", is hidden: if it is the one to check, name it with --sheet "${only.name}"`
      );
    return only;
  }
  // No sheet has the MA header: check the visible sheet that comes closest (the findings will say what is missing).
  const visible = scored.filter((s) => s.sheet.state === "visible");
  if (visible.length === 0)
    throw new WorkbookError(
      `every worksheet is hidden (${describe(sheets)}): name the one to check with --sheet NAME`
    );
  return visible.reduce((best, s) => (s.score > best.score ? s : best)).sheet;
}
