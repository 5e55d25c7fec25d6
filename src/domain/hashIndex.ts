/**
 * An open-addressing hash table from text values to the cells holding them, kept in typed arrays.
 *
 * Why not a Map<string, …>: at 100,000 rows the duplicate checks index about 450,000 values, and a
 * Map with string keys costs about half a microsecond per insert there (hashing into a growing
 * ordered table, plus garbage-collector work on its backing store). Here an insert is a hash of
 * the text, a few integer compares in flat arrays, and no allocation at all.
 *
 * The table stores a 32-bit hash and a cell number per slot, never the text: the owner of the
 * cells gives the text back on demand (`textOf`), and a hit on an equal hash is always confirmed
 * by comparing the texts, so two values whose hashes collide stay two values. Almost every value
 * is held by one cell; a value held by several cells points to a group (a small array of cells).
 */

/** Slot contents: 0 is empty, a positive number is cell + 1, a negative one is -(group + 1). */
const EMPTY = 0;
/** Grow when more than this fraction of the slots is taken (linear probing stays short below it). */
const MAX_LOAD = 0.7;
const MIN_BITS = 6;
/** Buckets of the sort in `update`: enough that a bucket's slots span a few cache lines. */
const BUCKET_BITS = 14;
/** 2^32 / φ: the multiplier of Fibonacci hashing (see `home`). */
const FIBONACCI = 0x9e3779b9;

/** Cells and the hashes of their values: cell cells[k] holds a value whose hash is hashes[k], for k < n. */
export interface CellList {
  hashes: Int32Array;
  cells: Int32Array;
  n: number;
}

export class HashIndex {
  private bits = MIN_BITS;
  /**
   * Slot s is table[2s] (the value's hash) and table[2s + 1] (its entry): side by side, so that a
   * probe at 100,000 rows (a table of megabytes, mostly out of cache) costs one memory read.
   */
  private table = new Int32Array(2 << MIN_BITS);
  /** Distinct values held. */
  private count = 0;
  /** Cells given to `load` and not yet in the table (see `built`). */
  private pending: CellList | null = null;
  /** The removals and additions of an `update` in sweep order: a removal's cell is stored as −(cell + 1). */
  private readonly sweep = new Sweep();
  private bucketStarts: Int32Array | null = null;
  /** Cells of the values held by more than one cell; null entries are free (listed in `freeGroups`). */
  private groups: (number[] | null)[] = [];
  private freeGroups: number[] = [];

  /** `textOf(cell)`: the value a cell holds (the owner's canonical text). */
  constructor(private readonly textOf: (cell: number) => string) {}

  /** Empties the table, sized for about `expected` distinct values. */
  private clear(expected = 0): void {
    let bits = MIN_BITS;
    while ((1 << bits) * MAX_LOAD < expected) bits++;
    this.bits = bits;
    this.table = new Int32Array(2 << bits);
    this.count = 0;
    this.groups = [];
    this.freeGroups = [];
    this.pending = null;
  }

  /**
   * Adds a cell under its value (`hash` = hashText(value); the value itself is read with `textOf`
   * only when another value has the same hash); true when the value is now held by two or more cells.
   */
  add(hash: number, cell: number): boolean {
    this.built();
    const shared = this.addCell(hash, cell);
    if (!shared && this.count > (1 << this.bits) * MAX_LOAD) this.grow();
    return shared;
  }

  /**
   * Fills the index afresh with `n` cells, cell `cells[k]` holding the value whose hash is
   * `hashes[k]`: a whole sheet's worth at once (MamEngine.load). The values held by several cells
   * are found at once, by sorting the cells by hash (`forEachShared` lists them). The table itself
   * is only built when the index is first changed or asked about a value (`built`): a sheet that is
   * checked once (`mam validate`) never needs it, and a sheet open in Excel builds it at its first
   * change, in one sweep. The arrays are kept until then: do not change them.
   */
  load(list: CellList): void {
    this.clear();
    this.pending = list;
    this.findShared(list.hashes, list.cells, list.n);
  }

  /**
   * Builds the table from the cells `load` left pending, if it has not been built yet. Call it
   * before the cells change: building reads the values of cells whose hashes are equal. (`add`,
   * `remove` and `cells` build it themselves; `update`, which comes after the change, cannot.)
   */
  build(): void {
    this.built();
  }

  /** The table, built first from the cells `load` left pending. */
  private built(): Int32Array {
    const pending = this.pending;
    if (pending === null) return this.table;
    this.pending = null;
    const { hashes, cells, n } = pending;
    this.clear(n);
    const order = new Int32Array(n);
    this.orderBySlot(hashes, n, order);
    for (let k = 0; k < n; k++) {
      const at = order[k];
      this.addCell(hashes[at], cells[at]);
    }
    return this.table;
  }

  /**
   * Groups the cells of values held more than once. Almost every value is held once, so first two
   * bitmaps, eight bits a cell (half a megabyte at 100,000 rows), keep which top bits of the hashes
   * were seen once and which more often; only the cells whose top bits were seen more often (the
   * few shared values, and chance meetings) go on. Those are sorted by the top bits of their hash
   * (a counting sort, a few cells a bucket); each bucket is then sorted by the whole hash, and each
   * run of equal hashes split by the values' texts (hashes can collide).
   */
  private findShared(allHashes: Int32Array, allCells: Int32Array, all: number): void {
    if (all < 2) return;
    let prefixBits = 10;
    while (prefixBits < 30 && 1 << prefixBits < all * 8) prefixBits++;
    const prefixShift = 32 - prefixBits;
    const seen = new Uint32Array(1 << (prefixBits - 5));
    const again = new Uint32Array(1 << (prefixBits - 5));
    for (let k = 0; k < all; k++) {
      const prefix = allHashes[k] >>> prefixShift;
      const bit = 1 << (prefix & 31);
      const word = prefix >>> 5;
      if ((seen[word] & bit) !== 0) again[word] |= bit;
      else seen[word] |= bit;
    }
    let n = 0;
    for (let k = 0; k < all; k++) {
      const prefix = allHashes[k] >>> prefixShift;
      if ((again[prefix >>> 5] & (1 << (prefix & 31))) !== 0) n++;
    }
    if (n < 2) return;
    const hashes = new Int32Array(n);
    const cells = new Int32Array(n);
    for (let k = 0, at = 0; k < all; k++) {
      const prefix = allHashes[k] >>> prefixShift;
      if ((again[prefix >>> 5] & (1 << (prefix & 31))) === 0) continue;
      hashes[at] = allHashes[k];
      cells[at++] = allCells[k];
    }
    let bits = 1;
    while (bits < 16 && 1 << (bits + 2) < n) bits++;
    const shift = 32 - bits;
    const starts = new Int32Array((1 << bits) + 1);
    for (let k = 0; k < n; k++) starts[(hashes[k] >>> shift) + 1]++;
    for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
    // The cells and their hashes, side by side in bucket order: the passes below read them in order.
    const order = new Int32Array(n);
    const sorted = new Int32Array(n);
    const next = starts.slice(0, 1 << bits);
    for (let k = 0; k < n; k++) {
      const at = next[hashes[k] >>> shift]++;
      order[at] = cells[k];
      sorted[at] = hashes[k];
    }
    for (let b = 0; b < 1 << bits; b++) {
      const start = starts[b];
      const end = starts[b + 1];
      if (end - start < 2) continue;
      // A bucket holds a handful of cells; a big one (a few values, each on many rows, whose hashes
      // share their top bits) would take an insertion sort quadratic time.
      if (end - start > 32) sortBucket(order, sorted, start, end);
      else insertionSort(order, sorted, start, end);
      for (let run = start; run < end;) {
        let runEnd = run + 1;
        while (runEnd < end && sorted[runEnd] === sorted[run]) runEnd++;
        if (runEnd - run > 1) this.groupRun(order, run, runEnd);
        run = runEnd;
      }
    }
  }

  /** Cells cells[start … end) share a hash: those that share a value too become groups. */
  private groupRun(cells: Int32Array, start: number, end: number): void {
    const byText = new Map<string, number[]>();
    for (let j = start; j < end; j++) {
      const cell = cells[j];
      const text = this.textOf(cell);
      const group = byText.get(text);
      if (group === undefined) byText.set(text, [cell]);
      else group.push(cell);
    }
    for (const group of byText.values())
      if (group.length > 1) this.groups.push(group.sort((a, b) => a - b));
  }

  /**
   * Removes the cells of `drops` from their values and adds those of `adds`: many rows' worth at
   * once (a block pasted, rows that moved). One at a time, each of these updates missed the cache in
   * a table of megabytes; here they are sorted by home slot (a counting sort on its top bits) and
   * done in one sweep, front to back. A value's removals and additions share its home slot, so its
   * bucket, where the removals go first: the table ends as all the removals, then all the
   * additions, one by one would leave it. `onShared(cell)` is told of each added cell whose value
   * was held already, by a cell in the table or one added before it: of one at least for every
   * value that an added cell shares.
   */
  update(drops: CellList, adds: CellList, onShared: (cell: number) => void): void {
    if (this.pending !== null)
      throw new Error("HashIndex.update: call build() before the cells change");
    const nd = drops.n;
    const n = nd + adds.n;
    if (n === 0) return;
    while (this.count + adds.n > (1 << this.bits) * MAX_LOAD) this.grow();
    const sweep = this.sweep.reserve(n);
    const shift = Math.max(0, this.bits - BUCKET_BITS);
    const starts = this.bucketCounts();
    for (let k = 0; k < nd; k++) starts[(this.home(drops.hashes[k]) >>> shift) + 1]++;
    for (let k = 0; k < adds.n; k++) starts[(this.home(adds.hashes[k]) >>> shift) + 1]++;
    for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
    for (let k = 0; k < nd; k++) {
      const at = starts[this.home(drops.hashes[k]) >>> shift]++;
      sweep.hashes[at] = drops.hashes[k];
      sweep.cells[at] = -(drops.cells[k] + 1);
    }
    for (let k = 0; k < adds.n; k++) {
      const at = starts[this.home(adds.hashes[k]) >>> shift]++;
      sweep.hashes[at] = adds.hashes[k];
      sweep.cells[at] = adds.cells[k];
    }
    this.apply(sweep.hashes, sweep.cells, n, onShared);
  }

  /**
   * Does the sweep's removals and additions in order. The common cases, a cell alone with its value
   * leaving and a value new to the table coming, are found here with the table in local variables;
   * the rest (shared values, equal hashes) go to removeNow and addCell, which start again from the
   * home slot. The sweep of a 10,000-row paste into 100,000 rows took a quarter longer through
   * those two.
   */
  private apply(
    hashes: Int32Array,
    cells: Int32Array,
    n: number,
    onShared: (cell: number) => void
  ): void {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    const shift = 32 - this.bits;
    for (let k = 0; k < n; k++) {
      const cell = cells[k];
      const hash = hashes[k];
      let slot = Math.imul(hash, FIBONACCI) >>> shift;
      if (cell < 0) {
        // Removal: the entry is −cell (= the cell + 1) when the cell holds its value alone. A cell
        // is in the table once, so that entry is the one, whatever its hash.
        for (let entry = table[2 * slot + 1]; entry !== -cell; entry = table[2 * slot + 1]) {
          if (entry === EMPTY || (entry < 0 && table[2 * slot] === hash)) {
            this.removeNow(hash, -cell - 1);
            slot = -1;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (slot >= 0) this.vacate(slot);
      } else {
        let free = true;
        for (let entry = table[2 * slot + 1]; entry !== EMPTY; entry = table[2 * slot + 1]) {
          if (table[2 * slot] === hash) {
            free = false;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (free) {
          table[2 * slot] = hash;
          table[2 * slot + 1] = cell + 1;
          this.count++;
        } else if (this.addCell(hash, cell)) onShared(cell);
      }
    }
  }

  /** Zeroed counts for a counting sort by home slot (kept from one sort to the next). */
  private bucketCounts(): Int32Array {
    return (this.bucketStarts ??= new Int32Array((1 << BUCKET_BITS) + 1)).fill(0);
  }

  /** Fills `order` with the positions 0 … n − 1 of `hashes` sorted by home slot (a counting sort on its top bits). */
  private orderBySlot(hashes: Int32Array, n: number, order: Int32Array): void {
    if (n === 0) return;
    const shift = Math.max(0, this.bits - BUCKET_BITS);
    const starts = this.bucketCounts();
    for (let k = 0; k < n; k++) starts[(this.home(hashes[k]) >>> shift) + 1]++;
    for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
    for (let k = 0; k < n; k++) order[starts[this.home(hashes[k]) >>> shift]++] = k;
  }

  /** Puts a cell into the table (room is made beforehand); true when its value was held already. */
  private addCell(hash: number, cell: number): boolean {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let slot = this.home(hash);
    for (let entry = table[2 * slot + 1]; entry !== EMPTY; entry = table[2 * slot + 1]) {
      if (table[2 * slot] === hash && this.textAt(entry) === this.textOf(cell)) {
        if (entry > 0) table[2 * slot + 1] = -(this.newGroup([entry - 1, cell]) + 1);
        else this.groups[-entry - 1]!.push(cell);
        return true;
      }
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = hash;
    table[2 * slot + 1] = cell + 1;
    this.count++;
    return false;
  }

  /**
   * Removes a cell from the value it holds, given that value's hash; true when the value was held
   * by several cells. The cell itself identifies the entry, so the value's text is not needed: a
   * pasted-over row's old values need not be read again (at 100,000 rows they are out of cache).
   */
  remove(hash: number, cell: number): boolean {
    this.built();
    return this.removeNow(hash, cell);
  }

  private removeNow(hash: number, cell: number): boolean {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let slot = this.home(hash);
    for (let entry = table[2 * slot + 1]; entry !== EMPTY; entry = table[2 * slot + 1]) {
      if (table[2 * slot] === hash) {
        if (entry > 0) {
          if (entry - 1 === cell) {
            this.vacate(slot);
            return false;
          }
        } else {
          const group = this.groups[-entry - 1]!;
          const at = group.indexOf(cell);
          if (at >= 0) {
            group.splice(at, 1);
            if (group.length === 1) {
              this.freeGroup(-entry - 1);
              table[2 * slot + 1] = group[0] + 1;
            }
            return true;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** The cells holding a value (empty when none). */
  cells(value: string, hash: number): readonly number[] {
    this.built();
    const slot = this.find(value, hash);
    if (slot < 0) return [];
    const entry = this.table[2 * slot + 1];
    return entry > 0 ? [entry - 1] : this.groups[-entry - 1]!;
  }

  /** Calls `fn` for every value held by two or more cells, with its cells. */
  forEachShared(fn: (value: string, cells: readonly number[]) => void): void {
    for (const group of this.groups) if (group !== null) fn(this.textOf(group[0]), group);
  }

  private home(hash: number): number {
    // Fibonacci hashing: the top bits of hash × 2^32/φ pick the slot.
    return Math.imul(hash, FIBONACCI) >>> (32 - this.bits);
  }

  private textAt(entry: number): string {
    return this.textOf(entry > 0 ? entry - 1 : this.groups[-entry - 1]![0]);
  }

  private find(value: string, hash: number): number {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let slot = this.home(hash);
    for (let entry = table[2 * slot + 1]; entry !== EMPTY; entry = table[2 * slot + 1]) {
      if (table[2 * slot] === hash && this.textAt(entry) === value) return slot;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /**
   * Empties a slot by moving later entries of the same probe run back (no tombstones, so lookups
   * never wade through deleted slots after many edits).
   */
  private vacate(slot: number): void {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let hole = slot;
    let next = (hole + 1) & mask;
    while (table[2 * next + 1] !== EMPTY) {
      const home = this.home(table[2 * next]);
      // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!stays) {
        table[2 * hole] = table[2 * next];
        table[2 * hole + 1] = table[2 * next + 1];
        hole = next;
      }
      next = (next + 1) & mask;
    }
    table[2 * hole] = 0;
    table[2 * hole + 1] = EMPTY;
    this.count--;
  }

  private grow(): void {
    const old = this.table;
    this.bits++;
    const table = (this.table = new Int32Array(2 << this.bits));
    const mask = (1 << this.bits) - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === EMPTY) continue;
      // Values are distinct: each goes to the first free slot from its home, no compares needed.
      let slot = this.home(old[i]);
      while (table[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      table[2 * slot] = old[i];
      table[2 * slot + 1] = old[i + 1];
    }
  }

  private newGroup(cells: number[]): number {
    const free = this.freeGroups.pop();
    if (free !== undefined) {
      this.groups[free] = cells;
      return free;
    }
    this.groups.push(cells);
    return this.groups.length - 1;
  }

  private freeGroup(index: number): void {
    this.groups[index] = null;
    this.freeGroups.push(index);
  }
}

/** Sorts cells[start … end) by their hashes (hashes[start … end), moved alongside), in place. */
function insertionSort(cells: Int32Array, hashes: Int32Array, start: number, end: number): void {
  for (let j = start + 1; j < end; j++) {
    const cell = cells[j];
    const hash = hashes[j];
    let at = j - 1;
    while (at >= start && hashes[at] > hash) {
      cells[at + 1] = cells[at];
      hashes[at + 1] = hashes[at];
      at--;
    }
    cells[at + 1] = cell;
    hashes[at + 1] = hash;
  }
}

/** insertionSort for a big bucket, by the built-in sort. */
function sortBucket(cells: Int32Array, hashes: Int32Array, start: number, end: number): void {
  const at = Array.from({ length: end - start }, (_, j) => start + j).sort(
    (x, y) => hashes[x] - hashes[y]
  );
  const sortedCells = at.map((k) => cells[k]);
  const sortedHashes = at.map((k) => hashes[k]);
  cells.set(sortedCells, start);
  hashes.set(sortedHashes, start);
}

/** The hashes and cells of an update in sweep order (HashIndex.update), kept from one update to the next. */
class Sweep {
  hashes: Int32Array = new Int32Array(0);
  cells: Int32Array = new Int32Array(0);

  /** Room for `n` entries (the contents are not kept). */
  reserve(n: number): this {
    if (this.hashes.length < n) {
      this.hashes = new Int32Array(n);
      this.cells = new Int32Array(n);
    }
    return this;
  }
}
