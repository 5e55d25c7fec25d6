/**
 * The incremental engine: each update returns exactly the findings that changed.
 */
import { MamEngine } from "../../src/domain/engine";
import { v06a } from "../../src/domain/profile";
import type { Delta, Finding } from "../../src/domain/types";
import {
  brief,
  check,
  COL,
  HEADER,
  KEYS,
  OTHER_PARTY,
  row,
  SUBMITTER,
  validRecord,
} from "./support";

const c = (key: (typeof KEYS)[number]) => KEYS.indexOf(key);

/** A delta as sorted `cell code` lists. */
function ids(delta: Delta): { added: string[]; removed: string[] } {
  const show = (fs: Finding[]) =>
    brief(fs)
      .map((s) => s.split(" ").slice(0, 2).join(" "))
      .sort();
  return { added: show(delta.added), removed: show(delta.removed) };
}

function threeRows(): MamEngine {
  return check([row({}, 1), row({}, 2), row({}, 3)]);
}

describe("load", () => {
  test("load returns every finding as added", () => {
    const engine = new MamEngine(v06a, { submitter: SUBMITTER });
    const delta = engine.load(HEADER, [row({ mpan: "1312345678901" }), row({ groupId: "x" }, 2)]);
    expect(ids(delta)).toEqual({ added: ["A2 MAM-102", "I3 MAM-141"], removed: [] });
    expect(engine.summary()).toEqual({ error: 2, warning: 0, info: 0 });
  });

  test("loading again returns the difference only", () => {
    const engine = new MamEngine(v06a, { submitter: SUBMITTER });
    engine.load(HEADER, [row({ mpan: "1312345678901" }), row({ groupId: "x" }, 2)]);
    const delta = engine.load(HEADER, [row({ mpan: "1312345678901" }), row({}, 2)]);
    expect(ids(delta)).toEqual({ added: [], removed: ["I3 MAM-141"] });
  });
});

describe("setCell", () => {
  test("creating a duplicate adds MAM-301 on both rows; clearing it removes both", () => {
    const engine = threeRows();
    const dup = engine.setCell(4, c("mpan"), validRecord(1).mpan);
    expect(ids(dup)).toEqual({ added: ["A2 MAM-301", "A4 MAM-301"], removed: [] });
    expect(dup.added.find((f) => f.cell === "A2")!.message).toContain("is also on row 4");
    const cleared = engine.setCell(4, c("mpan"), validRecord(3).mpan);
    expect(ids(cleared)).toEqual({ added: [], removed: ["A2 MAM-301", "A4 MAM-301"] });
    expect(engine.findings()).toEqual([]);
  });

  test("an unchanged finding is not re-reported", () => {
    const engine = check([row({ groupId: "x" }, 1), row({}, 2)]);
    // Another cell of the same row changes: I2 MAM-141 stands and is not in the delta.
    const delta = engine.setCell(2, c("mpan"), "1312345678901");
    expect(ids(delta)).toEqual({ added: ["A2 MAM-102"], removed: [] });
    // Writing the same value again changes nothing.
    expect(ids(engine.setCell(2, c("mpan"), "1312345678901"))).toEqual({ added: [], removed: [] });
    expect(ids(engine.setCell(3, c("groupId"), "AA"))).toEqual({ added: [], removed: [] });
  });

  test("a finding whose message changes is removed and added again under the same id", () => {
    const engine = threeRows();
    engine.setCell(3, c("mpan"), validRecord(1).mpan);
    engine.setCell(4, c("mpan"), validRecord(1).mpan);
    expect(engine.findingsOnRow(2).map((f) => f.message)).toEqual([
      `MPAN ${validRecord(1).mpan} is also on rows 3 and 4.`,
    ]);
    const delta = engine.setCell(4, c("mpan"), validRecord(3).mpan);
    expect(ids(delta)).toEqual({
      added: ["A2 MAM-301", "A3 MAM-301"],
      removed: ["A2 MAM-301", "A3 MAM-301", "A4 MAM-301"],
    });
    expect(delta.added.find((f) => f.cell === "A2")!.message).toContain("is also on row 3.");
    expect(delta.removed.find((f) => f.cell === "A2")!.message).toContain(
      "is also on rows 3 and 4."
    );
  });

  test("an edit that moves a finding within a row: MAM-102 to MAM-101", () => {
    const engine = check([row({ mpan: "1312345678901" })]);
    const delta = engine.setCell(2, c("mpan"), "131234567890");
    expect(ids(delta)).toEqual({ added: ["A2 MAM-101"], removed: ["A2 MAM-102"] });
  });

  test("a fix written back removes MAM-190", () => {
    const engine = check([row({ chfId: "00:0d:6f:00:00:00:00:99" })]);
    const [info] = engine.findings();
    expect(info.code).toBe("MAM-190");
    const delta = engine.setCell(2, c("chfId"), info.fixValue!);
    expect(ids(delta)).toEqual({ added: [], removed: ["E2 MAM-190"] });
    expect(engine.summary()).toEqual({ error: 0, warning: 0, info: 0 });
  });

  test("a party rule follows an EUID edit", () => {
    const engine = check([row()]);
    expect(ids(engine.setCell(2, c("importSupplierEuid"), OTHER_PARTY))).toEqual({
      added: ["G2 MAM-321"],
      removed: [],
    });
    expect(ids(engine.setCell(2, c("groupId"), "EC"))).toEqual({
      added: ["I2 MAM-142"],
      removed: ["G2 MAM-321"],
    });
  });

  test("clearing every cell of a row makes it an empty row: its findings go", () => {
    const engine = check([row({ groupId: "x" })]);
    const delta = engine.setCells(2, 0, [HEADER.map(() => "")]);
    expect(ids(delta)).toEqual({ added: [], removed: ["I2 MAM-141"] });
    expect(engine.rowCount).toBe(0);
  });

  test("row 1 is the header: data edits there are refused", () => {
    const engine = threeRows();
    expect(() => engine.setCell(1, 0, "MPAN")).toThrow(RangeError);
    expect(() => engine.insertRows(1, 1)).toThrow(RangeError);
    expect(() => engine.deleteRows(0, 1)).toThrow(RangeError);
  });
});

describe("setCells", () => {
  test("a 2x2 block edits two columns of two rows, leaving the rest of each row", () => {
    const engine = threeRows();
    const delta = engine.setCells(3, c("groupId"), [
      ["aa", "AB1"],
      ["EB", "NONE"],
    ]);
    expect(ids(delta)).toEqual({
      added: ["I3 MAM-141", "I4 MAM-142", "J3 MAM-151", "J4 MAM-331"],
      removed: [],
    });
    expect(engine.rowValues(3)[c("mpan")]).toBe(validRecord(2).mpan);
    expect(engine.rowValues(3)[c("groupId")]).toBe("aa");
  });

  test("a block below the last row appends rows (the gap stays empty)", () => {
    const engine = threeRows();
    const delta = engine.setCells(7, c("mpan"), [[validRecord(1).mpan]]);
    expect(ids(delta).added).toEqual([
      "A2 MAM-301",
      "A7 MAM-301",
      "C7 MAM-002",
      "E7 MAM-002",
      "G7 MAM-002",
      "I7 MAM-002",
      "K7 MAM-002",
      "L7 MAM-002",
    ]);
    expect(engine.lastRow).toBe(7);
    expect(engine.rowCount).toBe(4);
  });
});

describe("setRows", () => {
  test("replacing rows returns only the difference", () => {
    const engine = check([row({ groupId: "x" }, 1), row({}, 2)]);
    const delta = engine.setRows(2, [
      row({ groupId: "x", meterStatus: "?" }, 1),
      row({ mprn: validRecord(1).mprn }, 2),
    ]);
    expect(ids(delta)).toEqual({ added: ["B2 MAM-302", "B3 MAM-302", "K2 MAM-161"], removed: [] });
  });

  test("appending rows", () => {
    const engine = check([row({}, 1)]);
    const delta = engine.setRows(3, [row({}, 2), row({ chfId: validRecord(1).chfId }, 3)]);
    expect(ids(delta)).toEqual({ added: ["E2 MAM-303", "E4 MAM-303"], removed: [] });
    expect(engine.rowCount).toBe(3);
  });
});

describe("insertRows", () => {
  test("inserting above moves the findings below: old addresses removed, new ones added", () => {
    const engine = check([row({}, 1), row({ groupId: "x" }, 2)]);
    const delta = engine.insertRows(2, 1);
    expect(ids(delta)).toEqual({ added: ["I4 MAM-141"], removed: ["I3 MAM-141"] });
    expect(engine.lastRow).toBe(4);
    expect(engine.rowValues(2)).toEqual([]);
  });

  test("inserting rows with values checks them, and renames duplicate partners", () => {
    const engine = check([row({}, 1), row({ mpan: validRecord(1).mpan }, 2)]);
    expect(engine.findingsOnRow(2)[0].message).toContain("also on row 3");
    const delta = engine.insertRows(3, [row({}, 5)]);
    expect(ids(delta)).toEqual({
      added: ["A2 MAM-301", "A4 MAM-301"],
      removed: ["A2 MAM-301", "A3 MAM-301"],
    });
    expect(delta.added.find((f) => f.cell === "A2")!.message).toContain("also on row 4");
  });

  test("inserting an unrelated row above a finding that keeps its message still moves it", () => {
    const engine = check([row({ mpan: "1312345678901" }, 1)]);
    expect(ids(engine.insertRows(2, [row({}, 2)]))).toEqual({
      added: ["A3 MAM-102"],
      removed: ["A2 MAM-102"],
    });
  });

  test("inserting rows below the last row puts them at the row asked for", () => {
    const engine = check([row({}, 1)]);
    const delta = engine.insertRows(6, [row({ groupId: "x" }, 2)]);
    expect(ids(delta)).toEqual({ added: ["I6 MAM-141"], removed: [] });
    expect(engine.lastRow).toBe(6);
    expect(engine.exportRows().map((r) => r.sheetRow)).toEqual([2, 6]);
  });
});

describe("deleteRows", () => {
  test("deleting one of two duplicates removes both findings", () => {
    const engine = check([row({}, 1), row({ mpan: validRecord(1).mpan }, 2), row({}, 3)]);
    const delta = engine.deleteRows(3, 1);
    expect(ids(delta)).toEqual({ added: [], removed: ["A2 MAM-301", "A3 MAM-301"] });
    expect(engine.lastRow).toBe(3);
  });

  test("deleting moves the findings below up", () => {
    const engine = check([row({}, 1), row({}, 2), row({ groupId: "x" }, 3)]);
    expect(ids(engine.deleteRows(2, 2))).toEqual({
      added: ["I2 MAM-141"],
      removed: ["I4 MAM-141"],
    });
  });

  test("deleting past the end, or nothing, changes nothing", () => {
    const engine = threeRows();
    expect(ids(engine.deleteRows(9, 2))).toEqual({ added: [], removed: [] });
    expect(ids(engine.deleteRows(2, 0))).toEqual({ added: [], removed: [] });
    expect(engine.lastRow).toBe(4);
  });
});

describe("setOptions and setHeader", () => {
  test("a different submitter adds MAM-312 on every row; setting it back removes them", () => {
    const engine = check([row({}, 1), row({}, 2)]);
    const other = engine.setOptions({ submitter: OTHER_PARTY });
    expect(ids(other)).toEqual({ added: ["G2 MAM-312", "G3 MAM-312"], removed: [] });
    expect(engine.summary()).toEqual({ error: 2, warning: 0, info: 0 });
    expect(ids(engine.setOptions({ submitter: SUBMITTER }))).toEqual({
      added: [],
      removed: ["G2 MAM-312", "G3 MAM-312"],
    });
    expect(engine.settings.submitter).toBe(SUBMITTER);
  });

  test("another EUID of the same party: MAM-313 info only", () => {
    const engine = check([row({}, 1)]);
    expect(ids(engine.setOptions({ submitter: "70-b3-d5-1f-30-00-a0-99" }))).toEqual({
      added: ["G2 MAM-313", "H2 MAM-313"],
      removed: [],
    });
  });

  test("the test-workbook flag admits the test block", () => {
    const test = "90-B3-D5-1F-30-00-A0-08";
    const engine = check([row({ importSupplierEuid: test, gasSupplierEuid: test })], {
      submitter: test,
    });
    expect(ids({ added: engine.findings(), removed: [] }).added).toEqual([
      "G2 MAM-131",
      "H2 MAM-131",
    ]);
    expect(ids(engine.setOptions({ testWorkbook: true }))).toEqual({
      added: [],
      removed: ["G2 MAM-131", "H2 MAM-131"],
    });
  });

  test("the date system changes exported dates without changing findings", () => {
    const engine = check([row({ authorisationDate: 42735 })]);
    expect(engine.exportRows()[0].values[c("authorisationDate")]).toBe("2016-12-31");
    expect(ids(engine.setOptions({ dateSystem: 1904 }))).toEqual({ added: [], removed: [] });
    expect(engine.exportRows()[0].values[c("authorisationDate")]).toBe("2021-01-01");
  });

  test("setHeader finds the columns again", () => {
    const engine = check([row({ mpan: "1312345678901" })]);
    const renamed = HEADER.map((h) => (h === "MPAN" ? "Notes" : h));
    const delta = engine.setHeader(renamed);
    expect(ids(delta)).toEqual({ added: ["1:1 MAM-001", "A1 MAM-004"], removed: ["A2 MAM-102"] });
  });
});

describe("views", () => {
  test("findingsOnRow, findings order and summary", () => {
    const engine = check([
      row({ mpan: "1312345678901", groupId: "EA" }, 1),
      row({ smsoId: "" }, 2),
    ]);
    expect(engine.findingsOnRow(2).map((f) => f.cell)).toEqual(["A2", "I2"]);
    expect(engine.findingsOnRow(1)).toEqual([]);
    expect(engine.findingsOnRow(99)).toEqual([]);
    expect(engine.findings().map((f) => f.id)).toEqual([
      "A2|MAM-102",
      "I2|MAM-142",
      `${COL.smsoId}3|MAM-331`,
    ]);
    expect(engine.summary()).toEqual({ error: 2, warning: 0, info: 1 });
  });

  test("parties lists each party's EUIDs, roles and rows", () => {
    const engine = check([row({}, 1), row({ gasSupplierEuid: OTHER_PARTY }, 2)]);
    expect(engine.parties()).toEqual([
      {
        party: "00-A0",
        isSubmitter: true,
        euids: [{ euid: SUBMITTER, rows: [2, 3], roles: ["gas", "import"] }],
      },
      {
        party: "01-B0",
        isSubmitter: false,
        euids: [{ euid: OTHER_PARTY, rows: [3], roles: ["gas"] }],
      },
    ]);
  });
});
