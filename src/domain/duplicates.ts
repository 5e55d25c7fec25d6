/**
 * Cross-row duplicate indexes (MAM-301 MPAN, MAM-302 MPRN, MAM-303 device IDs). Each maps a
 * canonical value to the cells that hold it, so an edit touches only the groups of the values it
 * removes and adds: work proportional to the edit, not to the sheet.
 *
 * A cell is one number (`cellOf`): the row's index in the engine's row table and the profile
 * column. Rows that move (inserts and deletes above them) are taken out of the indexes before they
 * move and put back after, so a cell number always names the row where it is now.
 */
import { type CellList, HashIndex } from "./hashIndex";
import { hashText } from "./textHash";

export type { CellList };

export const INDEX_KINDS = ["mpan", "mprn", "device"] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];
/**
 * A kind by its position in INDEX_KINDS. The indexes are arrays looked up by this number: a
 * property looked up by a variable name on every indexed cell would go through V8's slow path.
 */
export type KindNumber = number;
export const duplicateCode: Readonly<Record<IndexKind, string>> = {
  mpan: "MAM-301",
  mprn: "MAM-302",
  device: "MAM-303",
};

/** Profile columns are bits of a 32-bit mask elsewhere, so 5 bits hold the column. */
const COLUMN_BITS = 5;

export function cellOf(row: number, column: number): number {
  return row * (1 << COLUMN_BITS) + column;
}

export function rowOfCell(cell: number): number {
  return Math.floor(cell / (1 << COLUMN_BITS));
}

export function columnOfCell(cell: number): number {
  return cell % (1 << COLUMN_BITS);
}

/** Values per kind (by KindNumber) whose groups an update changed: their duplicate findings need a fresh look. */
export type Affected = Set<string>[];

export function newAffected(): Affected {
  return INDEX_KINDS.map(() => new Set<string>());
}

export class DuplicateIndexes {
  private readonly tables: HashIndex[];

  /** `textOf(row, column)`: the canonical value a cell holds, to confirm a hit on an equal hash. */
  constructor(textOf: (row: number, column: number) => string | null) {
    const valueOf = (cell: number): string => {
      const value = textOf(rowOfCell(cell), columnOfCell(cell));
      if (value === null)
        throw new Error(`Duplicate index out of step: cell ${cell} holds no value`);
      return value;
    };
    this.tables = INDEX_KINDS.map(() => new HashIndex(valueOf));
  }

  /** Fills index `kind` afresh with the cells of `list` (cell numbers from `cellOf`; HashIndex.load). */
  load(kind: KindNumber, list: CellList): void {
    this.tables[kind].load(list);
  }

  /** Builds the tables a load left for later (HashIndex.build): before the rows of an `update` change. */
  build(): void {
    for (const table of this.tables) table.build();
  }

  /**
   * Takes the cells of `drops` out of index `kind` and puts those of `adds` in, all at once
   * (HashIndex.update): many rows' worth, once they have changed (call `build` before they do).
   * `onShared(row, column)` is told of added cells whose values turned out to be held already: of
   * one at least for every value that an added cell shares.
   */
  update(
    kind: KindNumber,
    drops: CellList,
    adds: CellList,
    onShared: (row: number, column: number) => void
  ): void {
    this.tables[kind].update(drops, adds, (cell) => onShared(rowOfCell(cell), columnOfCell(cell)));
  }

  /** Adds a cell (`hash` = hashText(value), see textHash.ts); true when its value is now shared (two or more cells). */
  add(kind: KindNumber, hash: number, row: number, column: number): boolean {
    return this.tables[kind].add(hash, cellOf(row, column));
  }

  /** Removes a cell whose value has hash `hash`; true when its value was shared. */
  remove(kind: KindNumber, hash: number, row: number, column: number): boolean {
    return this.tables[kind].remove(hash, cellOf(row, column));
  }

  cells(kind: KindNumber, value: string): readonly number[] {
    return this.tables[kind].cells(value, hashText(value));
  }

  forEachShared(kind: KindNumber, fn: (value: string, cells: readonly number[]) => void): void {
    this.tables[kind].forEachShared(fn);
  }
}

/** "row 14", "rows 14 and 20", "rows 14, 20, 31, 40, 52 and 6 more". */
export function describeRows(rows: number[]): string {
  rows.sort((a, b) => a - b);
  if (rows.length === 1) return `row ${rows[0]}`;
  const shown = rows.slice(0, 5);
  const more = rows.length - shown.length;
  if (more > 0) return `rows ${shown.join(", ")} and ${more} more`;
  return `rows ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}
