/**
 * Reads a supplier's workbook into the engine's cell values: .xlsx/.xlsm with our own reader
 * (xlsx/: dates arrive as serial numbers, with the workbook's 1900/1904 date system), .csv with
 * our own reader (csv.ts: papaparse's reading, papaparse's dialect guess). Row numbers are kept as
 * the sheet has them, so findings name the right cells.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { readCsvFile } from "./csvFile";
import { InputError, readFailure } from "./inputError";
import type { CellValue, Rows } from "../domain/types";
import { LimitError } from "./xlsx/limits";
import {
  readWorkbook,
  WorkbookError,
  type WorkbookOptions,
  type WorkbookSheet,
} from "./xlsx/readWorkbook";

/** What the CLI checks: the sheet read, as the engine's rows, and what the reader noticed. */
export interface SheetData extends Pick<
  WorkbookSheet,
  "sheetName" | "dateSystem" | "hiddenSheets" | "uncalculated"
> {
  readonly header: CellValue[];
  /** Data rows from sheet row 2, gaps kept as empty rows (a CSV file's are made as they are read). */
  readonly rows: Rows;
}

export { InputError };

export type ReadOptions = WorkbookOptions;

export async function readInput(file: string, options: ReadOptions = {}): Promise<SheetData> {
  const ext = path.extname(file).toLowerCase();
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new InputError(`Cannot open ${file}: no such file.`);
  }
  if (!stat.isFile()) throw new InputError(`${file} is not a file.`);
  if (ext === ".xls")
    throw new InputError(
      `${file} is an old binary .xls workbook: open it in Excel and save it as .xlsx or .xlsm.`
    );
  if (ext !== ".csv" && ext !== ".xlsx" && ext !== ".xlsm") {
    throw new InputError(
      `${file}: unsupported file type "${ext || "(none)"}"; give an .xlsx, .xlsm or .csv file.`
    );
  }
  if (stat.size === 0) throw new InputError(`${file} is empty.`);
  if (ext === ".csv") {
    const { header, rows } = readCsvFile(file, options.onProgress);
    return {
      sheetName: path.basename(file),
      header,
      rows,
      dateSystem: 1900,
      hiddenSheets: [],
      uncalculated: [],
    };
  }
  return readXlsx(file, options);
}

async function readXlsx(file: string, options: ReadOptions): Promise<SheetData> {
  try {
    const book = await readWorkbook(file, options);
    return {
      sheetName: book.sheetName,
      header: [...book.header],
      rows: book.rows,
      dateSystem: book.dateSystem,
      hiddenSheets: book.hiddenSheets,
      uncalculated: book.uncalculated,
    };
  } catch (error) {
    if (error instanceof WorkbookError || error instanceof LimitError)
      throw new InputError(`${file} not checked: ${error.message}.`);
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === "string") throw readFailure(file, error);
    throw error;
  }
}
