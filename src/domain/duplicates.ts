/**
 * Cross-row duplicate indexes (MAM-301 MPAN, MAM-302 MPRN, MAM-303 device IDs). Each maps a
 * canonical value to the cells that hold it, so an edit touches only the groups of the values it
 * removes and adds: work proportional to the edit, not to the sheet.
 */

/** A cell in the index: the row's state object (stable across row shifts) and its profile column. */
export interface IndexedCell<Row> {
  readonly row: Row;
  readonly column: number;
}

export class DuplicateIndex<Row> {
  /**
   * Almost every value is held by one cell: then the map holds the row itself (no per-cell object,
   * which at 100,000 rows is most of the indexing cost) and `columnOf` finds the column on demand.
   * Shared values hold an array of cells.
   */
  private readonly groups = new Map<string, Row | IndexedCell<Row>[]>();

  /** `columnOf(row, value)`: the column of a row holding a value once. */
  constructor(private readonly columnOf: (row: Row, value: string) => number) {}

  /** Adds a cell under a value; returns true when the value is now shared (a group of 2+). */
  add(value: string, row: Row, column: number): boolean {
    const existing = this.groups.get(value);
    if (existing === undefined) {
      this.groups.set(value, row);
      return false;
    }
    if (Array.isArray(existing)) existing.push({ row, column });
    else this.groups.set(value, [{ row: existing, column: this.columnOf(existing, value) }, { row, column }]);
    return true;
  }

  /** Removes a cell from a value's group; returns true when the value was shared before. */
  remove(value: string, row: Row, column: number): boolean {
    const existing = this.groups.get(value);
    if (existing === undefined) return false;
    if (!Array.isArray(existing)) {
      if (existing === row) this.groups.delete(value);
      return false;
    }
    const at = existing.findIndex((cell) => cell.row === row && cell.column === column);
    if (at >= 0) existing.splice(at, 1);
    if (existing.length === 1) this.groups.set(value, existing[0].row);
    else if (existing.length === 0) this.groups.delete(value);
    return true;
  }

  /** The cells holding a value (empty when none). */
  cells(value: string): readonly IndexedCell<Row>[] {
    const existing = this.groups.get(value);
    if (existing === undefined) return [];
    return Array.isArray(existing) ? existing : [{ row: existing, column: this.columnOf(existing, value) }];
  }

  /** Every value held by two or more cells, with its cells. */
  *shared(): Generator<[string, readonly IndexedCell<Row>[]]> {
    for (const [value, cells] of this.groups) if (Array.isArray(cells)) yield [value, cells];
  }

  clear(): void {
    this.groups.clear();
  }
}
