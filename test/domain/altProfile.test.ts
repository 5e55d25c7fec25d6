/**
 * The profile as a value: a second profile (test/profiles/alt1.json: other header texts, another
 * column order, no PPMID ID column) runs through the same engine, header matching and MA file
 * writer with no code change, and says what v06a says of the same data, in its own columns.
 */
import { headerFor, PINNED_TODAY, rowFor, SUBMITTER, validRecord } from "../../scripts/rowBuilder";
import { cellAddress } from "../../src/domain/address";
import { checkSheet } from "../../src/domain/engine";
import { buildMaFile, exportHeaders } from "../../src/domain/exportFile";
import { headerScore, mapHeader } from "../../src/domain/header";
import { v06a, type MamProfile } from "../../src/domain/profile";
import type { CellValue } from "../../src/domain/types";
import { alt1 } from "../profiles/profiles";
import { brief } from "./support";

/** Rows with a mistake or a note of most kinds, by column key (valid rows around them). */
const records: Record<string, CellValue>[] = [
  validRecord(1),
  { ...validRecord(2), mpan: "1312345678901" }, // MAM-102
  { ...validRecord(3), gsmeId: "00-0d-6f-00-00-02-00-03" }, // MAM-190
  { ...validRecord(4), meterStatus: "Dormant", smsoId: "AB12" }, // MAM-331
  { ...validRecord(5), groupId: "EA" }, // MAM-142
  { ...validRecord(6), chfId: validRecord(1).chfId }, // MAM-303 twice
  { ...validRecord(7), esmeId: "" }, // MAM-002
  { ...validRecord(8), authorisationDate: "31/02/2021" }, // MAM-171
  { ...validRecord(9), gasSupplierEuid: "70-B3-D5-1F-30-00-A0-09" }, // MAM-311, MAM-313
];

function checked(profile: MamProfile) {
  return checkSheet(
    headerFor(profile),
    records.map((r) => rowFor(profile, r)),
    { submitter: SUBMITTER, today: PINNED_TODAY },
    profile,
    { strictRules: true }
  );
}

test("alt1 differs from v06a in headers, order and columns", () => {
  expect(alt1.id).toBe("alt1");
  expect(headerFor(alt1)).not.toEqual(headerFor(v06a).filter((h) => h !== "PPMID ID"));
  expect(alt1.columns.map((c) => c.key).sort()).toEqual(
    v06a.columns
      .map((c) => c.key)
      .filter((k) => k !== "ppmidId")
      .sort()
  );
  expect(alt1.columns.map((c) => c.key)).not.toEqual(
    v06a.columns.map((c) => c.key).filter((k) => k !== "ppmidId")
  );
  // Neither profile's header is the other's.
  expect(headerScore(headerFor(v06a), alt1)).toBe(0);
  expect(headerScore(headerFor(alt1), alt1)).toBe(1);
  expect(mapHeader(headerFor(alt1), alt1).findings).toEqual([]);
});

test("the same rows give the same findings, each in the profile's own column", () => {
  const ours = checked(alt1).findings();
  const theirs = checked(v06a).findings();
  const what = (list: typeof ours) =>
    list.map((f) => `${f.row} ${f.columnKey} ${f.code} ${f.severity}`).sort();
  expect(what(ours)).toEqual(what(theirs));
  expect(ours.length).toBeGreaterThan(8);
  // Each finding sits in alt1's column of its key: MPAN is alt1's fourth column (D).
  for (const f of ours) {
    if (f.columnKey === null) continue;
    expect(f.cell).toBe(cellAddress(alt1.columnIndex(f.columnKey), f.row));
  }
  expect(brief(ours)).toContain("D3 MAM-102 error");
  expect(ours.find((f) => f.code === "MAM-190")!.message).toContain("Gas Meter EUI");
});

test("a v06a header on alt1 is missing every alt1 column (MAM-001 names alt1's headers)", () => {
  const engine = checkSheet(headerFor(v06a), [], { today: PINNED_TODAY }, alt1);
  const missing = engine.findings().filter((f) => f.code === "MAM-001");
  expect(missing.map((f) => f.column).sort()).toEqual(
    alt1.columns
      .filter((c) => c.required !== "optional")
      .map((c) => c.header)
      .sort()
  );
  expect(engine.findings().find((f) => f.code === "MAM-004")!.message).toContain(
    "is not part of the alt1 profile"
  );
});

test("the MA file carries alt1's headers in alt1's order", () => {
  const engine = checkSheet(
    headerFor(alt1),
    [1, 2, 3].map((n) => rowFor(alt1, validRecord(n))),
    { submitter: SUBMITTER, today: PINNED_TODAY },
    alt1
  );
  const result = buildMaFile(engine, {
    submitter: SUBMITTER,
    at: new Date("2021-01-31T12:00:00Z"),
  });
  if (!result.ok) throw new Error(result.reason);
  const [head, first] = result.content.split("\r\n");
  expect(head).toBe(exportHeaders(alt1).join(","));
  expect(first.split(",")).toEqual(alt1.columns.map((c) => String(validRecord(1)[c.key] ?? "")));
  expect(result.fileName).toBe(`MA_CGI_${SUBMITTER}_20210131_120000.csv`);
});
