/**
 * The pane's copy of the findings: deltas applied in one call or a chunk at a time (as a check of a
 * big sheet applies them) give the same set, the same sheet order and the same touched cells, on
 * the small in-place path and on the rebuild path alike.
 */
import fc from "fast-check";
import { FindingSet } from "../../src/app/findingSet";
import { compareFindings } from "../../src/domain/engine";
import type { Delta, Finding } from "../../src/domain/types";

const COLUMNS = ["A", "B", "C", "K"];
const CODES = ["MAM-101", "MAM-102", "MAM-190"];

function finding(row: number, column: string, code: string, version = 0): Finding {
  const cell = `${column}${row}`;
  return {
    id: `${cell}|${code}|col`,
    row,
    column: "col",
    columnKey: null,
    cell,
    code,
    severity: code === "MAM-190" ? "info" : "error",
    basis: "modelled",
    message: `message ${cell} v${version}`,
    hint: "hint",
  };
}

const findingArb = fc
  .tuple(
    fc.integer({ min: 2, max: 60 }),
    fc.constantFrom(...COLUMNS),
    fc.constantFrom(...CODES),
    fc.nat(3)
  )
  .map(([row, column, code, version]) => finding(row, column, code, version));

/** Deltas as an engine makes them: what goes is what the set holds; what comes may replace it. */
function deltasFrom(start: readonly Finding[], steps: readonly (readonly Finding[])[]): Delta[] {
  const held = new Map(start.map((f) => [f.id, f]));
  return steps.map((added) => {
    const removed = added.map((f) => held.get(f.id)).filter((f): f is Finding => f !== undefined);
    for (const f of added) held.set(f.id, f);
    return { added: [...added], removed };
  });
}

test("chunk by chunk or all at once: the same findings, order and touched cells", () => {
  fc.assert(
    fc.property(
      fc.array(findingArb, { maxLength: 40 }),
      fc.array(fc.array(findingArb, { maxLength: 2500 }), { minLength: 1, maxLength: 4 }),
      (startList, steps) => {
        const start = [...new Map(startList.map((f) => [f.id, f])).values()];
        const deltas = deltasFrom(start, steps);
        const whole = new FindingSet();
        const chunked = new FindingSet();
        whole.apply([{ added: start, removed: [] }]);
        chunked.apply([{ added: start, removed: [] }]);
        const touchedWhole = whole.apply(deltas);
        const touchedChunked = new Set<string>();
        for (const d of deltas) expect(chunked.apply([d], touchedChunked)).toBe(touchedChunked);
        expect(chunked.list).toEqual(whole.list);
        expect([...touchedChunked].sort()).toEqual([...touchedWhole].sort());
        expect([...whole.list].sort(compareFindings)).toEqual(whole.list);
        expect(whole.size).toBe(whole.list.length);
      }
    ),
    { numRuns: 60 }
  );
});

test("a finding re-added without its removal replaces the old one", () => {
  const set = new FindingSet();
  set.apply([{ added: [finding(2, "A", "MAM-101", 0)], removed: [] }]);
  const touched = set.apply([{ added: [finding(2, "A", "MAM-101", 1)], removed: [] }]);
  expect(set.list.map((f) => f.message)).toEqual(["message A2 v1"]);
  expect([...touched]).toEqual(["A2"]);
  expect(set.onCell("A2")).toHaveLength(1);
});
