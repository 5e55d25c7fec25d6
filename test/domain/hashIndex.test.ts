/**
 * HashIndex on its own: a load finds the shared values by sorting (the table is built at the first
 * change), colliding hashes stay separate values, and the table built later agrees with the load;
 * changes in bulk (`update`) leave the table as the same changes cell by cell would.
 */
import fc from "fast-check";
import { HashIndex } from "../../src/domain/hashIndex";
import { hashText } from "../../src/domain/textHash";

function index(texts: string[], hashOf: (text: string) => number = hashText) {
  const table = new HashIndex((cell) => texts[cell]);
  const hashes = Int32Array.from(texts, hashOf);
  const cells = Int32Array.from(texts, (_, i) => i);
  table.load({ hashes, cells, n: texts.length });
  return table;
}

const none = { hashes: new Int32Array(0), cells: new Int32Array(0), n: 0 };

function shared(table: HashIndex): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  table.forEachShared((value, cells) => (out[value] = [...cells].sort((a, b) => a - b)));
  return out;
}

describe("HashIndex", () => {
  test("a load groups the cells of each value held more than once", () => {
    const table = index(["a", "b", "a", "c", "b", "a", "d"]);
    expect(shared(table)).toEqual({ a: [0, 2, 5], b: [1, 4] });
    expect(table.cells("a", hashText("a"))).toEqual([0, 2, 5]);
    expect(table.cells("d", hashText("d"))).toEqual([6]);
    expect(table.cells("z", hashText("z"))).toEqual([]);
  });

  test("values whose hashes collide stay apart, in the load and in the table", () => {
    const texts = ["x", "y", "x", "y", "z"];
    const table = index(texts, () => 42);
    expect(shared(table)).toEqual({ x: [0, 2], y: [1, 3] });
    expect(table.cells("y", 42)).toEqual([1, 3]);
    expect(table.cells("z", 42)).toEqual([4]);
  });

  test("a load sorts out values whose hashes share their top bits, however many cells hold them", () => {
    // Two values on 200 cells each, hashed 42 and 43: one bucket of 400 cells (the big-bucket sort).
    const texts = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? "x" : "y"));
    const table = index(texts, (text) => (text === "x" ? 42 : 43));
    const groups = shared(table);
    expect(Object.keys(groups).sort()).toEqual(["x", "y"]);
    expect(groups.x).toEqual(texts.flatMap((t, i) => (t === "x" ? [i] : [])));
    expect(groups.y).toHaveLength(200);
  });

  test("changes after a load go to the table built from it", () => {
    const texts = ["a", "b", "a", "c"];
    const table = index(texts);
    // Cell 2 now holds "c": out of a's group, into c's.
    expect(table.remove(hashText("a"), 2)).toBe(true);
    texts[2] = "c";
    expect(table.add(hashText("c"), 2)).toBe(true);
    expect(shared(table)).toEqual({ c: [2, 3] });
    expect(table.cells("a", hashText("a"))).toEqual([0]);
  });

  test("a large load agrees with the table built from it", () => {
    const texts = Array.from({ length: 20_000 }, (_, i) => `v${i % 15_000}`);
    const table = index(texts);
    const fromLoad = shared(table);
    expect(Object.keys(fromLoad)).toHaveLength(5_000);
    table.build();
    expect(shared(table)).toEqual(fromLoad);
    expect(table.cells("v7", hashText("v7"))).toEqual([7, 15_007]);
  });
});

describe("HashIndex.update", () => {
  const list = (texts: string[], cells: number[], hashOf: (text: string) => number = hashText) => ({
    hashes: Int32Array.from(cells, (cell) => hashOf(texts[cell])),
    cells: Int32Array.from(cells),
    n: cells.length,
  });

  test("takes cells out and puts others in at once, telling of each added cell whose value is held", () => {
    const texts = ["a", "b", "c", "d"];
    const table = index(texts);
    table.build();
    const drops = list(texts, [1, 2]);
    texts[1] = "a"; // now shares a's value with cell 0
    texts[2] = "e"; // new to the table
    texts.push("e"); // cell 4: shares e with cell 2, both added in this update
    const told: number[] = [];
    table.update(drops, list(texts, [1, 2, 4]), (cell) => told.push(cell));
    // Cell 1 joins a; of the two e cells, the one added second finds the first.
    expect(told.sort((x, y) => x - y)).toEqual([1, 4]);
    expect(shared(table)).toEqual({ a: [0, 1], e: [2, 4] });
    expect(table.cells("b", hashText("b"))).toEqual([]);
    expect(table.cells("c", hashText("c"))).toEqual([]);
  });

  test("a value left with one cell is no longer shared; colliding hashes stay separate values", () => {
    const hashOf = () => 7;
    const texts = ["x", "x", "y", "y", "z"];
    const table = index(texts, hashOf);
    table.build();
    const drops = list(texts, [1, 3], hashOf);
    texts[1] = "z";
    texts[3] = "w";
    const told: number[] = [];
    table.update(drops, list(texts, [1, 3], hashOf), (cell) => told.push(cell));
    expect(told).toEqual([1]);
    expect(shared(table)).toEqual({ z: [1, 4] });
    expect(table.cells("x", 7)).toEqual([0]);
    expect(table.cells("y", 7)).toEqual([2]);
    expect(table.cells("w", 7)).toEqual([3]);
  });

  test("refuses to run on a table a load left unbuilt (building then would read the changed values)", () => {
    const table = index(["a", "a"]);
    expect(() => table.update(none, none, () => {})).toThrow(/build\(\)/);
  });
});

test("any changes, in bulk or cell by cell, leave the cells of each value as a plain map says", () => {
  // Few values and hashes that collide often (3 bits), on a few hundred cells: shared values, groups
  // that grow and shrink, probe runs that wrap round the end of the table.
  const value = fc.option(
    fc.integer({ min: 0, max: 11 }).map((v) => `v${v}`),
    { nil: null }
  );
  const change = fc.tuple(fc.nat(299), value);
  fc.assert(
    fc.property(
      fc.array(value, { maxLength: 300 }),
      fc.array(fc.tuple(fc.boolean(), fc.array(change, { maxLength: 60 })), { maxLength: 8 }),
      (initial, updates) => {
        const hashOf = (text: string) => hashText(text) & 7;
        const texts: (string | null)[] = Array.from(
          { length: 300 },
          (_, cell) => initial[cell] ?? null
        );
        const table = new HashIndex((cell) => texts[cell]!);
        const held = (cells: number[]) => ({
          hashes: Int32Array.from(cells, (cell) => hashOf(texts[cell]!)),
          cells: Int32Array.from(cells),
          n: cells.length,
        });
        const cellsWithValues = () => texts.flatMap((t, cell) => (t === null ? [] : [cell]));
        table.load(held(cellsWithValues()));
        for (const [bulk, changes] of updates) {
          const byCell = new Map(changes);
          const cells = [...byCell.keys()];
          if (bulk) {
            table.build();
            const drops = held(cells.filter((cell) => texts[cell] !== null));
            for (const [cell, next] of byCell) texts[cell] = next;
            const told = new Set<string>();
            table.update(drops, held(cells.filter((cell) => texts[cell] !== null)), (cell) =>
              told.add(texts[cell]!)
            );
            // Every value an added cell shares is told of.
            const sharedAdded = new Set(
              cells
                .filter(
                  (cell) =>
                    texts[cell] !== null && texts.filter((t) => t === texts[cell]).length > 1
                )
                .map((cell) => texts[cell]!)
            );
            expect([...told].sort()).toEqual([...sharedAdded].sort());
          } else {
            for (const [cell, next] of byCell) {
              if (texts[cell] !== null) table.remove(hashOf(texts[cell]!), cell);
              texts[cell] = next;
              if (next !== null) table.add(hashOf(next), cell);
            }
          }
          const expected: Record<string, number[]> = {};
          for (const cell of cellsWithValues()) (expected[texts[cell]!] ??= []).push(cell);
          for (let v = 0; v < 12; v++)
            expect([...table.cells(`v${v}`, hashOf(`v${v}`))].sort((a, b) => a - b)).toEqual(
              expected[`v${v}`] ?? []
            );
          expect(shared(table)).toEqual(
            Object.fromEntries(Object.entries(expected).filter(([, c]) => c.length > 1))
          );
        }
      }
    ),
    { numRuns: 300 }
  );
});
