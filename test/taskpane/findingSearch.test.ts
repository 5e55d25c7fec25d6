/**
 * Search for a helpdesk call: a cell finds that cell first ("A5" is not A55), a row number or
 * "row 25" finds the row, words find messages, codes and columns; "Go to" knows the cell.
 */
import {
  findingName,
  goToCell,
  parseQuery,
  prepareSearchText,
  searchFindings,
} from "../../src/taskpane/findingSearch";
import type { Finding } from "../../src/domain/types";

function finding(cell: string, code: string, message = `message ${cell}`): Finding {
  return {
    id: `${cell}|${code}`,
    row: Number(cell.replace(/^[A-Z]+/, "")),
    column: "MPAN",
    columnKey: "mpan",
    cell,
    code,
    severity: "error",
    basis: "verified",
    message,
    hint: "hint",
  };
}

const list = [
  finding("A55", "MAM-102", "MPAN in A5 style"),
  finding("A5", "MAM-101"),
  finding("C25", "MAM-190"),
  finding("A250", "MAM-102", "row 25 is mentioned here"),
  finding("A25", "MAM-101"),
];

const cells = (fs: readonly Finding[]) => fs.map((f) => f.cell);

test("queries: a cell, a row, or words", () => {
  expect(parseQuery("  ")).toEqual({ kind: "none" });
  expect(parseQuery("a5")).toEqual({ kind: "cell", cell: "A5", text: "a5" });
  expect(parseQuery("25")).toEqual({ kind: "row", row: 25, text: "25" });
  expect(parseQuery("Row 25")).toEqual({ kind: "row", row: 25, text: "row 25" });
  expect(parseQuery("mpan")).toEqual({ kind: "text", text: "mpan" });
  expect(parseQuery("0").kind).toBe("text");
  expect(goToCell(parseQuery("c7"))).toBe("C7");
  expect(goToCell(parseQuery("row 25"))).toBe("A25");
  expect(goToCell(parseQuery("esme"))).toBeNull();
  expect(findingName(list[4])).toBe("A25 · MAM-101");
});

test("A5 finds A5 first, then the others that mention it", () => {
  const r = searchFindings(list, parseQuery("A5"));
  expect(r.exactLabel).toBe("Cell A5");
  expect(cells(r.exact)).toEqual(["A5"]);
  expect(cells(r.others)).toEqual(["A55"]); // its cell starts with a5 and its message says A5
});

test("25 and row 25 find row 25 (in the order given), before any text match", () => {
  const r = searchFindings(list, parseQuery("25"));
  expect(r.exactLabel).toBe("Row 25");
  expect(cells(r.exact)).toEqual(["C25", "A25"]);
  expect(cells(r.others)).toEqual(["A250"]);
  expect(cells(searchFindings(list, parseQuery("row 25")).exact)).toEqual(["C25", "A25"]);
  expect(cells(searchFindings(list, parseQuery("row 25")).others)).toEqual(["A250"]);
});

test("words match the message, code and column; no query keeps the list as it is", () => {
  expect(cells(searchFindings(list, parseQuery("mam-190")).others)).toEqual(["C25"]);
  expect(searchFindings(list, parseQuery("")).others).toBe(list);
  expect(cells(searchFindings(list, parseQuery("style")).others)).toEqual(["A55"]);
});

test("search text made ahead in slices gives the same results as made on the first search", () => {
  const fresh = list.map((f) => ({ ...f }));
  expect(prepareSearchText(fresh, 0, 2)).toBe(2);
  expect(prepareSearchText(fresh, 2, 2)).toBe(4);
  expect(prepareSearchText(fresh, 4, 2)).toBe(5);
  expect(prepareSearchText(fresh, 5, 2)).toBe(5);
  // A search that comes before the warm-up has finished reads the rest as it goes.
  const half = list.map((f) => ({ ...f }));
  expect(prepareSearchText(half, 0, 2)).toBe(2);
  for (const q of ["mam-190", "style", "a5", "25", "mpan"]) {
    const expected = cells(searchFindings(list, parseQuery(q)).others);
    expect(cells(searchFindings(fresh, parseQuery(q)).others)).toEqual(expected);
    expect(cells(searchFindings(half, parseQuery(q)).others)).toEqual(expected);
  }
});
