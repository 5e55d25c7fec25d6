/**
 * The findings list's rows kept as segments (rowList.ts) and their positions (rowLayout.ts), held
 * to a plain array of rows built the obvious way: the same rows, indexes, parents and offsets.
 */
import fc from "fast-check";
import type { Finding } from "../../src/domain/types";
import { flattenParts, flattenRows, groupFindings } from "../../src/taskpane/findingsView";
import type { ListRow, RowList } from "../../src/taskpane/rowList";
import { RowLayout, type KindSizes } from "../../src/taskpane/rowLayout";

const CODES = [
  ["MAM-101", "error"],
  ["MAM-103", "warning"],
  ["MAM-190", "info"],
] as const;

function finding(row: number, c: number): Finding {
  const [code, severity] = CODES[c];
  const cell = `${"ABC"[c]}${row}`;
  return {
    id: `${cell}|${code}`,
    code,
    severity,
    cell,
    row,
    column: "Column",
    message: `message ${cell}`,
    hint: "hint",
  } as unknown as Finding;
}

/** The rows as an array: what the list held before it kept segments. */
function plainRows(list: RowList): ListRow[] {
  return list.segments.flatMap((s) => [
    s.header,
    ...s.findings.map((f, k): ListRow => ({
      kind: "finding",
      key: f.id,
      finding: f,
      groupKey: s.header.key,
      level: s.header.level === 1 ? 2 : 3,
      pos: k + 1,
      size: s.findings.length,
    })),
  ]);
}

const findingsArb = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 2 })), {
    selector: ([r, c]) => `${r}:${c}`,
    maxLength: 60,
  })
  .map((cells) => cells.map(([r, c]) => finding(r, c)));

const listArb = fc.oneof(
  fc
    .record({
      findings: findingsArb,
      groupBy: fc.constantFrom("rule" as const, "row" as const),
      collapse: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 4 }),
    })
    .map(({ findings, groupBy, collapse }) => {
      const grouped = groupFindings(findings, groupBy);
      const keys = grouped.sections.flatMap((s) => [s.key, ...s.groups.map((g) => g.key)]);
      return flattenRows(grouped, new Set(collapse.map((i) => keys[i % Math.max(1, keys.length)])));
    }),
  fc.tuple(findingsArb, fc.integer({ min: 0, max: 60 })).map(([findings, cut]) =>
    flattenParts([
      { key: "h:exact", label: "Cell A2", findings: findings.slice(0, cut) },
      { key: "h:others", label: "Other matches", findings: findings.slice(cut) },
    ])
  )
);

const sizesArb = fc.record({
  section: fc.integer({ min: 1, max: 60 }),
  group: fc.integer({ min: 1, max: 60 }),
  heading: fc.integer({ min: 1, max: 60 }),
  finding: fc.integer({ min: 1, max: 60 }),
});

test("a row list gives the rows, keys, kinds and parents a plain array of rows gives", () => {
  fc.assert(
    fc.property(listArb, (list) => {
      const rows = plainRows(list);
      expect(list.length).toBe(rows.length);
      rows.forEach((row, i) => {
        expect(list.at(i)).toEqual(row);
        expect(list.kindAt(i)).toBe(row.kind);
        expect(list.indexOfKey(row.key)).toBe(i);
        if (row.kind === "finding") expect(list.indexOfFinding(row.key)).toBe(i);
        let parent = i;
        for (let p = i - 1; p >= 0; p--)
          if (rows[p].level < row.level) {
            parent = p;
            break;
          }
        expect(list.parentOf(i)).toBe(parent);
      });
      expect(list.indexOfKey("no such key")).toBeUndefined();
      expect(() => list.at(rows.length)).toThrow(RangeError);
    }),
    { numRuns: 200 }
  );
});

test("a layout puts each row after the one before, at its kind's height or its own", () => {
  fc.assert(
    fc.property(
      listArb,
      sizesArb,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 90 })), { maxLength: 6 }),
      fc.nat(),
      fc.integer({ min: 1, max: 500 }),
      (list, sizes: KindSizes, measured, scroll, height) => {
        const rows = plainRows(list);
        const overrides = new Map(
          measured.filter(([i]) => i < rows.length).map(([i, size]) => [i, size] as const)
        );
        const layout = new RowLayout(list, sizes, overrides);
        let top = 0;
        rows.forEach((row, i) => {
          const size = overrides.get(i) ?? sizes[row.kind];
          expect(layout.start(i)).toBe(top);
          expect(layout.size(i)).toBe(size);
          expect(layout.indexAt(top)).toBe(i);
          expect(layout.indexAt(top + size - 0.5)).toBe(i);
          top += size;
        });
        expect(layout.total).toBe(top);
        if (rows.length === 0) return;
        // The rows a viewport shows are those that overlap it, and overscan more each side.
        const at = scroll % Math.max(1, top);
        const { first, last } = layout.range(at, height, 2);
        const overlapping = rows
          .map((_, i) => i)
          .filter((i) => layout.start(i) + layout.size(i) > at && layout.start(i) < at + height);
        expect(first).toBe(Math.max(0, overlapping[0] - 2));
        expect(last).toBe(Math.min(rows.length - 1, overlapping[overlapping.length - 1] + 2));
        // Scrolling a row into view moves the least that shows it whole.
        const i = scroll % rows.length;
        const to = layout.scrollFor(i, at, height);
        const start = layout.start(i);
        const end = start + layout.size(i);
        if (end - start <= height) {
          expect(start).toBeGreaterThanOrEqual(to);
          expect(end).toBeLessThanOrEqual(to + height);
          if (start >= at && end <= at + height) expect(to).toBe(at);
        } else expect(to).toBe(start);
      }
    ),
    { numRuns: 300 }
  );
});

test("an empty list has no rows to draw", () => {
  const layout = new RowLayout(flattenParts([]), {
    section: 1,
    group: 1,
    heading: 1,
    finding: 1,
  });
  expect(layout.total).toBe(0);
  expect(layout.range(0, 100, 6)).toEqual({ first: 0, last: -1 });
});
