/**
 * The header row: columns are found by their text (case- and space-insensitive, with aliases), in
 * any order; a missing required column, an unknown column and a doubled column are reported once.
 */
import fc from "fast-check";
import { columnIndex, columnLetters, parseCellAddress } from "../../src/domain/address";
import { catalogue } from "../../src/domain/catalogue";
import { checkSheet } from "../../src/domain/engine";
import { mapHeader } from "../../src/domain/header";
import type { CellValue } from "../../src/domain/types";
import {
  brief,
  check,
  expectClean,
  expectExactly,
  HEADER,
  KEYS,
  row,
  SUBMITTER,
  validRecord,
} from "./support";

const columns = catalogue.profile.columns;
const opts = { submitter: SUBMITTER };

/** Spellings of a header as people write them: any alias, any case, extra or no-break spaces, underscores. */
function spelling(columnIndex: number): fc.Arbitrary<string> {
  const c = columns[columnIndex];
  return fc
    .tuple(
      fc.constantFrom(c.header, ...c.aliases),
      fc.constantFrom("upper", "lower", "same"),
      fc.constantFrom("", " ", "  ", "\u00a0"),
      fc.boolean()
    )
    .map(([name, casing, pad, underscore]) => {
      let text =
        casing === "upper" ? name.toUpperCase() : casing === "lower" ? name.toLowerCase() : name;
      if (underscore) text = text.replace(/ /g, "_");
      return `${pad}${text}${pad}`;
    });
}

describe("columns found by header text, in any order", () => {
  test("shuffled columns under aliases give the same findings (moved) and the same export", () => {
    // A sheet with a few findings so the cell addresses can be followed.
    const rows = [
      row({}, 1),
      row(
        {
          mpan: "1312345678901",
          chfId: "ab-cd-ef-01-02-03-04-05",
          meterStatus: "Dormant",
          smsoId: "AB12",
        },
        2
      ),
      row({ mprn: validRecord(1).mprn, groupId: "EA", authorisationDate: "07/04/2019" }, 3),
    ];
    const canonical = checkSheet(HEADER, rows, opts);
    const canonicalFindings = canonical.findings().map((f) => ({ ...f }));
    expect(brief(canonicalFindings).length).toBeGreaterThan(5);

    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          KEYS.map((_, i) => i),
          { minLength: KEYS.length, maxLength: KEYS.length }
        ),
        fc.tuple(...KEYS.map((_, i) => spelling(i))),
        (order, names) => {
          const header = order.map((i) => names[i]);
          const shuffledRows = rows.map((r) => order.map((i) => r[i]));
          const engine = checkSheet(header, shuffledRows, opts);
          expect(engine.columnMap.usable).toBe(true);
          expect(engine.exportRows()).toEqual(canonical.exportRows());
          // Every finding moved with its column: same code, row and message; column letter per the shuffle.
          const moved = canonicalFindings.map((f) => {
            const at = parseCellAddress(f.cell)!;
            return `${columnLetters(order.indexOf(at.column))}${f.row} ${f.code} ${f.message}`;
          });
          const got = engine.findings().map((f) => `${f.cell} ${f.code} ${f.message}`);
          expect(got.sort()).toEqual(moved.sort());
        }
      ),
      { numRuns: 150 }
    );
  });

  test("headers match ignoring case, spaces, no-break spaces and underscores", () => {
    const header = [
      " mpan ",
      "GAS MPRN",
      "esme_id",
      "Gsme  Id",
      "comms hub id",
      "PPMID",
      "EIS EUID",
      "gs euid",
      "Group\u00a0ID",
      "smso",
      "STATUS",
      "date",
      "your reference",
    ];
    const map = mapHeader(header);
    expect(map.findings).toEqual([]);
    expect(map.usable).toBe(true);
    expect(map.sheetColumnOf).toEqual(KEYS.map((_, i) => i));
    expectClean(checkSheet(header, [row()], opts));
  });

  test("row findings are addressed in the sheet's own column", () => {
    const header = ["Notes", "", ...HEADER];
    const engine = checkSheet(header, [["n", "", ...row({ mpan: "1312345678901" })]], opts);
    expectExactly(engine, [
      { code: "MAM-004", cell: "A1", severity: "info", message: ['"Notes"'] },
      { code: "MAM-102", cell: "C2", severity: "error" },
    ]);
  });

  test("columnLetters and columnIndex agree beyond Z", () => {
    expect(columnLetters(0)).toBe("A");
    expect(columnLetters(25)).toBe("Z");
    expect(columnLetters(26)).toBe("AA");
    expect(columnLetters(701)).toBe("ZZ");
    expect(columnLetters(702)).toBe("AAA");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16383 }), (i) => columnIndex(columnLetters(i)) === i)
    );
    expect(parseCellAddress("Sheet1!$C$14")).toEqual({ column: 2, row: 14 });
  });

  test("a profile column far to the right (past Z) is addressed with two letters", () => {
    const filler = Array.from({ length: 27 }, () => "");
    const header = [...filler, ...HEADER];
    const engine = checkSheet(header, [[...filler, ...row({ mpan: "1312345678901" })]], opts);
    expectExactly(engine, [{ code: "MAM-102", cell: "AB2", severity: "error" }]);
  });
});

describe("MAM-001 required column missing", () => {
  const required = columns.filter((c) => c.required !== "optional");
  const optional = columns.filter((c) => c.required === "optional");

  test("the profile's optional columns are PPMID ID and Supplier Reference", () => {
    expect(optional.map((c) => c.key)).toEqual(["ppmidId", "supplierReference"]);
  });

  test.each(required.map((c) => [c.header, c] as const))(
    "missing %s: MAM-001 on the header row naming every alias tried",
    (_name, column) => {
      const header = HEADER.filter((h) => h !== column.header);
      const engine = checkSheet(header, [], opts);
      const [f] = expectExactly(engine, [
        {
          code: "MAM-001",
          cell: "1:1",
          severity: "error",
          message: [`no "${column.header}" column`],
        },
      ]);
      for (const alias of [column.header, ...column.aliases])
        expect(f.message).toContain(`"${alias}"`);
      expect(f).toMatchObject({ row: 1, column: column.header, columnKey: column.key });
      expect(engine.columnMap.usable).toBe(false);
    }
  );

  test.each(optional.map((c) => [c.header, c] as const))(
    "missing optional %s: no finding",
    (_name, column) => {
      const keep = HEADER.map((h, i) => [h, i] as const).filter(([h]) => h !== column.header);
      const engine = checkSheet(
        keep.map(([h]) => h),
        [keep.map(([, i]) => row()[i])],
        opts
      );
      expectClean(engine);
      expect(engine.columnMap.usable).toBe(true);
    }
  );

  test("an empty header misses every required column, each named once", () => {
    const engine = checkSheet([], [], opts);
    const findings = engine.findings();
    expect(brief(findings).filter((f) => f === "1:1 MAM-001 error")).toHaveLength(required.length);
    expect(findings.map((f) => f.column).sort()).toEqual(required.map((c) => c.header).sort());
  });

  test("a missing column is reported once, not per row; rows are still checked", () => {
    const header = HEADER.filter((h) => h !== "Group ID");
    const groupAt = KEYS.indexOf("groupId");
    const rows = [1, 2, 3].map((n) =>
      row({ mpan: n === 2 ? "1312345678901" : validRecord(n).mpan }, n).filter(
        (_, i) => i !== groupAt
      )
    );
    expectExactly(checkSheet(header, rows, opts), [
      {
        code: "MAM-001",
        cell: "1:1",
        severity: "error",
        message: ['"Group ID", "GroupID", "Group"'],
      },
      { code: "MAM-102", cell: "A3", severity: "error" },
    ]);
  });
});

describe("MAM-004 and MAM-005", () => {
  test("an unknown extra column is one MAM-004 info, however many rows fill it", () => {
    const header = [...HEADER.slice(0, 5), "Engineer notes", ...HEADER.slice(5)];
    const rows = [1, 2, 3].map((n) => {
      const r = row({}, n);
      return [...r.slice(0, 5), `note ${n}`, ...r.slice(5)];
    });
    const engine = checkSheet(header, rows, opts);
    expectExactly(engine, [
      {
        code: "MAM-004",
        cell: "F1",
        severity: "info",
        message: ['Column "Engineer notes" is not part of the v06a profile', "not exported"],
      },
    ]);
    expect(engine.columnMap.usable).toBe(true);
    // Not exported: the export rows carry the profile columns only.
    expect(engine.exportRows()[0].values).not.toContain("note 1");
    expect(engine.exportRows()[0].values).toHaveLength(HEADER.length);
  });

  test("a numeric header cell is an unknown column named as shown", () => {
    expectExactly(checkSheet([...HEADER, 2021], [row()], opts), [
      { code: "MAM-004", cell: "N1", severity: "info", message: ['"2021"'] },
    ]);
  });

  test("blank header cells between columns are ignored", () => {
    const header = [HEADER[0], "", null, ...HEADER.slice(1)];
    const r = row();
    expectClean(checkSheet(header, [[r[0], "", null, ...r.slice(1)]], opts));
  });

  test("a doubled column is MAM-005 at its second cell, naming both", () => {
    const header = [...HEADER.slice(0, 4), "chf id", ...HEADER.slice(4)];
    const engine = checkSheet(header, [], opts);
    expectExactly(engine, [
      {
        code: "MAM-005",
        cell: "F1",
        severity: "error",
        message: ['"CHF ID" appears more than once', "(E1, F1)"],
      },
    ]);
    expect(engine.columnMap.usable).toBe(false);
  });

  test("the same header text three times is one MAM-005", () => {
    const engine = checkSheet([...HEADER, "Group ID", "GROUP_ID"], [], opts);
    expectExactly(engine, [
      { code: "MAM-005", cell: "N1", severity: "error", message: ["(I1, N1, O1)"] },
    ]);
  });

  test("with a doubled column, rows are read from the first one", () => {
    const engine = checkSheet(
      [...HEADER, "MPAN"],
      [[...row({ mpan: "1312345678901" }), "1312345678907"]],
      opts
    );
    expectExactly(engine, [
      { code: "MAM-005", cell: "N1", severity: "error" },
      { code: "MAM-102", cell: "A2", severity: "error" },
    ]);
  });
});

describe("empty rows", () => {
  test("rows with every cell empty are skipped, and sheet rows keep their numbers", () => {
    const blankRows: CellValue[][] = [
      [],
      HEADER.map(() => ""),
      HEADER.map(() => null),
      HEADER.map(() => "  \u00a0"),
      [undefined],
    ];
    const rows = [row({}, 1), ...blankRows, row({ mpan: "1312345678901" }, 2)];
    const engine = check(rows);
    expectExactly(engine, [{ code: "MAM-102", cell: "A8", severity: "error" }]);
    expect(engine.rowCount).toBe(2);
    expect(engine.lastRow).toBe(8);
    expect(engine.exportRows().map((r) => r.sheetRow)).toEqual([2, 8]);
  });

  test("a row with a value only in a column outside the profile is skipped too", () => {
    const engine = checkSheet(
      [...HEADER, "Notes"],
      [[...HEADER.map(() => ""), "just a note"]],
      opts
    );
    expectExactly(engine, [{ code: "MAM-004", cell: "N1", severity: "info" }]);
    expect(engine.rowCount).toBe(0);
    expect(engine.exportRows()).toEqual([]);
  });
});
