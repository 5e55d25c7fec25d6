/**
 * HashIndex on its own: a load finds the shared values by sorting (the table is built at the first
 * change), colliding hashes stay separate values, and the table built later agrees with the load.
 */
import { HashIndex } from "../../src/domain/hashIndex";
import { hashText } from "../../src/domain/textHash";

function index(texts: string[], hashOf: (text: string) => number = hashText) {
  const table = new HashIndex((cell) => texts[cell]);
  const hashes = Int32Array.from(texts, hashOf);
  const cells = Int32Array.from(texts, (_, i) => i);
  table.load(hashes, cells, texts.length);
  return table;
}

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
    table.startBatch(null);
    table.endBatch();
    expect(shared(table)).toEqual(fromLoad);
    expect(table.cells("v7", hashText("v7"))).toEqual([7, 15_007]);
  });
});
