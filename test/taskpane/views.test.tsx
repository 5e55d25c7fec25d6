/** @jest-environment jsdom */
import "./setup";
import type { Finding } from "../../src/domain/types";
import {
  countsText,
  describeRowList,
  filterFindings,
  findingFacts,
  flattenRows,
  groupFindings,
  likeThisKey,
  revealIn,
} from "../../src/taskpane/findingsView";
import { PARTY_OCTETS_NOTE, partiesView } from "../../src/taskpane/partiesView";
import { findRule } from "../../src/domain/catalogue";

function finding(
  cell: string,
  code: string,
  severity: Finding["severity"],
  extra: Partial<Finding> = {}
): Finding {
  const row = Number(cell.replace(/^[A-Z]+/, ""));
  return {
    id: `${cell}|${code}`,
    row,
    column: "MPAN",
    columnKey: "mpan",
    cell,
    code,
    severity,
    basis: "modelled",
    message: `message ${cell}`,
    hint: "hint",
    ...extra,
  };
}

const list: Finding[] = [
  finding("A2", "MAM-102", "error"),
  finding("C2", "MAM-190", "info", { fixValue: "X", column: "ESME ID", columnKey: "esmeId" }),
  finding("A3", "MAM-103", "warning"),
  finding("C3", "MAM-190", "info", { fixValue: "Y", column: "ESME ID", columnKey: "esmeId" }),
  finding("A4", "MAM-101", "error"),
];

describe("findings view model", () => {
  test("counts are words", () => {
    expect(countsText({ error: 1, warning: 0, info: 1234 })).toBe(
      "1 error, 0 warnings, 1,234 info"
    );
  });

  test("groups keep severity order, rules by code, rows ascending; ordered is the walk order", () => {
    const byRule = groupFindings(list, "rule");
    expect(byRule.sections.map((s) => [s.severity, s.groups.map((g) => g.code)])).toEqual([
      ["error", ["MAM-101", "MAM-102"]],
      ["warning", ["MAM-103"]],
      ["info", ["MAM-190"]],
    ]);
    expect(byRule.ordered.map((f) => f.cell)).toEqual(["A4", "A2", "A3", "C2", "C3"]);
    const byRow = groupFindings(list, "row");
    expect(byRow.ordered.map((f) => f.cell)).toEqual(["A2", "A4", "A3", "C2", "C3"]);
  });

  test("flattening skips collapsed sections and groups; revealIn opens them again", () => {
    const grouped = groupFindings(list, "rule");
    const all = flattenRows(grouped, new Set());
    expect(all.length).toBe(3 + 4 + 5);
    const collapsed = new Set(["s:info", "g:error:rule:MAM-101"]);
    const some = flattenRows(grouped, collapsed);
    expect(Array.from({ length: some.length }, (_, i) => some.at(i).key)).toEqual([
      "s:error",
      "g:error:rule:MAM-101",
      "g:error:rule:MAM-102",
      "A2|MAM-102",
      "s:warning",
      "g:warning:rule:MAM-103",
      "A3|MAM-103",
      "s:info",
    ]);
    expect(some.indexOfFinding("A2|MAM-102")).toBe(3);
    expect(some.indexOfFinding("A4|MAM-101")).toBeUndefined();
    expect(some.indexOfKey("s:warning")).toBe(4);
    expect(some.indexOfKey("g:info:rule:MAM-190")).toBeUndefined();
    const opened = revealIn(collapsed, list[1], "rule");
    expect([...opened]).toEqual(["g:error:rule:MAM-101"]);
    expect(revealIn(opened, list[1], "rule")).toBe(opened);
  });

  test("filters; codes present; fixable counts", () => {
    expect(filterFindings(list, { code: null, onlyErrors: false, search: "" })).toBe(list);
    expect(
      filterFindings(list, { code: null, onlyErrors: true, search: "" }).map((f) => f.cell)
    ).toEqual(["A2", "A4"]);
    expect(
      filterFindings(list, { code: "MAM-190", onlyErrors: false, search: "c3" }).map((f) => f.cell)
    ).toEqual(["C3"]);
    expect(
      filterFindings(list, { code: null, onlyErrors: false, search: "esme" }).map((f) => f.cell)
    ).toEqual(["C2", "C3"]);
    expect(findingFacts(list).codes.map((c) => `${c.code}:${c.count}`)).toEqual([
      "MAM-101:1",
      "MAM-102:1",
      "MAM-103:1",
      "MAM-190:2",
    ]);
    expect(findingFacts(list).fixCounts.get(likeThisKey(list[1]))).toBe(2);
    const mixed = [
      ...list,
      finding("D2", "MAM-190", "info", { fixValue: "Z", column: "GSME ID", columnKey: "gsmeId" }),
      finding("E2", "MAM-190", "info", { fixValue: "W", columnKey: null }),
    ];
    const counts = findingFacts(mixed).fixCounts;
    expect([...counts].sort()).toEqual([
      ["MAM-190|", 1],
      ["MAM-190|esmeId", 2],
      ["MAM-190|gsmeId", 1],
    ]);
    expect(counts.get(likeThisKey(mixed[6]))).toBe(1);
    const exceptions = findingFacts([
      ...list,
      finding("F7", "MAM-142", "info", { column: "Group ID" }),
      finding("F9", "MAM-142", "info", { column: "Group ID" }),
    ]).exceptionRows;
    expect([...exceptions].sort()).toEqual([7, 9]);
    expect(findingFacts(list).exceptionRows.size).toBe(0);
  });

  test("row lists are summarised", () => {
    expect(describeRowList([5])).toBe("row 5");
    expect(describeRowList([2, 3, 4, 7, 9, 10])).toBe("rows 2–4, 7, 9–10");
    expect(describeRowList([1, 3, 5, 7, 9, 11, 13, 15], 3)).toBe("rows 1, 3, 5 and 5 more");
  });

  test("parties: flags per party from the findings", () => {
    const view = partiesView(
      [
        {
          party: "01-B0",
          isSubmitter: false,
          euids: [{ euid: "70-B3-D5-1F-30-01-B0-08", rows: [4], roles: ["gas", "import"] }],
        },
        {
          party: "00-A0",
          isSubmitter: true,
          euids: [
            { euid: "70-B3-D5-1F-30-00-A0-08", rows: [2, 3], roles: ["import"] },
            { euid: "70-B3-D5-1F-30-00-A0-07", rows: [3], roles: ["gas"] },
          ],
        },
      ],
      [
        finding("H3", "MAM-311", "warning"),
        finding("H3", "MAM-313", "info"),
        finding("G4", "MAM-312", "error"),
      ],
      "70-b3-d5-1f-30-00-a0-08"
    );
    expect(view.totals).toEqual({ "MAM-311": 1, "MAM-312": 1, "MAM-313": 1 });
    expect(
      view.parties.map((p) => [
        p.party,
        p.isSubmitter,
        p.duplicate311,
        p.notResponsible312,
        p.sameParty313,
      ])
    ).toEqual([
      ["00-A0", true, 1, 0, 1],
      ["01-B0", false, 0, 1, 0],
    ]);
    expect(view.parties[0].euids.map((e) => [e.isSubmitterEuid, e.sameParty313])).toEqual([
      [true, 0],
      [false, 1],
    ]);
    expect(view.parties.map((p) => p.label)).toEqual(["Party octets 00-A0", "Party octets 01-B0"]);
  });

  test("parties: each rule's severity is the catalogue's, not restated", () => {
    const view = partiesView([], [], null);
    expect(view.severity).toEqual({
      "MAM-311": findRule("MAM-311")!.severity,
      "MAM-312": findRule("MAM-312")!.severity,
      "MAM-313": findRule("MAM-313")!.severity,
    });
    // A catalogue that says otherwise is followed.
    const stricter = (code: string) => ({ ...findRule(code)!, severity: "error" as const });
    expect(Object.values(partiesView([], [], null, stricter).severity)).toEqual([
      "error",
      "error",
      "error",
    ]);
    expect(PARTY_OCTETS_NOTE).toContain("not the SEC Party ID");
  });
});
