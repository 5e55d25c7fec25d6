/**
 * The Migration Authorisation file: its name (Europe/London time), its bytes (RFC 4180, UTF-8
 * without BOM, CRLF), refusal while errors stand or warnings are not acknowledged, and the round
 * trip: parsing the file back and checking it again gives back exactly the rows that were checked.
 */
import fc from "fast-check";
import Papa from "papaparse";
import { catalogue } from "../../src/domain/catalogue";
import { serialFromIso } from "../../src/domain/dates";
import { checkSheet, type MamEngine } from "../../src/domain/engine";
import {
  buildMaFile,
  csvField,
  dcoProblem,
  exportHeaders,
  maFileName,
  zonedStamp,
  type ExportResult,
} from "../../src/domain/exportFile";
import type { CellValue } from "../../src/domain/types";
import {
  dateTyped,
  deviceTyped,
  euiTyped,
  groupTyped,
  mpanTyped,
  mprnTyped,
  pad,
  referenceTyped,
  statusTyped,
  type Typed,
} from "./arbitraries";
import {
  check,
  HEADER,
  KEYS,
  OTHER_PARTY,
  row,
  SUBMITTER,
  SUBMITTER_OTHER_EUID,
  toRow,
  validRecord,
} from "./support";

const AT_BST = new Date("2019-04-07T17:25:03Z");
const AT_GMT = new Date("2019-01-15T17:25:03Z");

function ok(result: ExportResult): Extract<ExportResult, { ok: true }> {
  if (!result.ok) throw new Error(`export refused: ${result.reason}`);
  return result;
}

/** Parses the file the way a reader of RFC 4180 would. */
function parse(content: string): string[][] {
  expect(content.endsWith("\r\n")).toBe(true);
  const parsed = Papa.parse<string[]>(content.slice(0, -2), {
    header: false,
    newline: "\r\n",
    delimiter: ",",
    quoteChar: '"',
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** UTF-8 without BOM, CRLF line ends only. */
function expectFileBytes(content: string): void {
  const bytes = Buffer.from(content, "utf8");
  expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
  expect(content.charCodeAt(0)).not.toBe(0xfeff);
  expect(bytes.toString("utf8")).toBe(content);
  expect(content.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
}

describe("file name", () => {
  test("summer: BST, the sample name in docs/domain.md", () => {
    expect(maFileName(SUBMITTER, AT_BST)).toBe(
      "MA_CGI_70-B3-D5-1F-30-00-A0-08_20190407_182503.csv"
    );
    const result = ok(buildMaFile(check([row()]), { submitter: SUBMITTER, at: AT_BST }));
    expect(result.fileName).toBe("MA_CGI_70-B3-D5-1F-30-00-A0-08_20190407_182503.csv");
  });

  test("winter: GMT, the UTC time", () => {
    expect(maFileName(SUBMITTER, AT_GMT)).toBe(
      "MA_CGI_70-B3-D5-1F-30-00-A0-08_20190115_172503.csv"
    );
  });

  test("the London date is used around midnight and the clock changes", () => {
    expect(zonedStamp(new Date("2019-06-30T23:30:00Z"))).toEqual({
      date: "20190701",
      time: "003000",
    });
    expect(zonedStamp(new Date("2019-12-31T23:30:00Z"))).toEqual({
      date: "20191231",
      time: "233000",
    });
    // 2019-03-31 01:00 UTC the clocks went forward: 00:59:59 GMT, then 02:00:00 BST.
    expect(zonedStamp(new Date("2019-03-31T00:59:59Z")).time).toBe("005959");
    expect(zonedStamp(new Date("2019-03-31T01:00:00Z")).time).toBe("020000");
  });

  test("the submitter is written canonically and another DCO can be named", () => {
    const engine = check([row()], { submitter: "70b3d51f3000a008" });
    const result = ok(
      buildMaFile(engine, { submitter: "70:b3:d5:1f:30:00:a0:08", at: AT_BST, dco: "DSP1" })
    );
    expect(result.fileName).toBe("MA_DSP1_70-B3-D5-1F-30-00-A0-08_20190407_182503.csv");
  });

  test("a malformed DCO code is refused", () => {
    expect(dcoProblem("cgi")).toContain("2-8 capital letters or digits");
    const result = buildMaFile(check([row()]), { submitter: SUBMITTER, at: AT_BST, dco: "C/G" });
    expect(result.ok).toBe(false);
  });
});

describe("refusals", () => {
  test("never written while an error stands; the errors are listed", () => {
    const engine = check([
      row({}, 1),
      row({ mpan: "1312345678901" }, 2),
      row({ groupId: "EA" }, 3),
    ]);
    const result = buildMaFile(engine, { submitter: SUBMITTER, at: AT_BST, acceptWarnings: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("1 error must be fixed before the MA file can be written.");
    expect(result.blocking.map((f) => `${f.cell} ${f.code}`)).toEqual(["A3 MAM-102"]);
    expect(result).not.toHaveProperty("content");
  });

  test("warnings need acceptWarnings; then the file is written and says how many were accepted", () => {
    const engine = check([
      row({ gasSupplierEuid: SUBMITTER_OTHER_EUID }, 1),
      row({ importSupplierEuid: OTHER_PARTY }, 2),
    ]);
    expect(engine.summary()).toEqual({ error: 0, warning: 2, info: 1 });
    const refused = buildMaFile(engine, { submitter: SUBMITTER, at: AT_BST });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.reason).toBe(
        "2 warnings must be acknowledged before the MA file can be written."
      );
      expect(refused.blocking.map((f) => `${f.cell} ${f.code} ${f.severity}`)).toEqual([
        "H2 MAM-311 warning",
        "G3 MAM-321 warning",
      ]);
    }
    const accepted = ok(
      buildMaFile(engine, { submitter: SUBMITTER, at: AT_BST, acceptWarnings: true })
    );
    expect(accepted.warningsAccepted).toBe(2);
    expect(accepted.rows).toBe(2);
  });

  test("info findings do not block", () => {
    const engine = check([row({ groupId: "EA", mpan: ` ${validRecord(1).mpan}` })]);
    expect(engine.summary()).toEqual({ error: 0, warning: 0, info: 2 });
    const result = ok(buildMaFile(engine, { submitter: SUBMITTER, at: AT_BST }));
    expect(result.warningsAccepted).toBe(0);
    expect(parse(result.content)[1][0]).toBe(validRecord(1).mpan);
  });

  test("a sheet checked for another submitter, or without one, is refused", () => {
    const result = buildMaFile(check([row()], { submitter: SUBMITTER_OTHER_EUID }), {
      submitter: SUBMITTER,
      at: AT_BST,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain("checked for another submitting EUID");
    expect(buildMaFile(check([row()], {}), { submitter: SUBMITTER, at: AT_BST }).ok).toBe(false);
  });

  test("a submitter outside DCC's block is refused", () => {
    const result = buildMaFile(check([row()]), {
      submitter: "00-0D-6F-00-00-12-34-56",
      at: AT_BST,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain("is not a DCC User ID");
  });

  test("a sheet without installation rows is refused", () => {
    const result = buildMaFile(check([HEADER.map(() => "")]), { submitter: SUBMITTER, at: AT_BST });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain("no installation rows");
  });
});

describe("file content", () => {
  test("header line, canonical values, CRLF, quoting per RFC 4180", () => {
    const engine = check([
      row(
        {
          chfId: "00:0d:6f:00:00:00:00:aa",
          authorisationDate: "07/04/2019",
          supplierReference: 'job 7, "urgent"',
        },
        1
      ),
      HEADER.map(() => ""),
      row(
        {
          mprn: "",
          gsmeId: "",
          gasSupplierEuid: "",
          meterStatus: "dormant",
          smsoId: "NONE",
          authorisationDate: 44197,
        },
        2
      ),
    ]);
    const result = ok(buildMaFile(engine, { submitter: SUBMITTER, at: AT_BST }));
    expectFileBytes(result.content);
    const lines = result.content.split("\r\n");
    expect(lines[0]).toBe(
      "MPAN,MPRN,ESME ID,GSME ID,CHF ID,PPMID ID,Import Supplier EUID,Gas Supplier EUID,Group ID,SMSO ID,Meter Status,Authorisation Date,Supplier Reference"
    );
    const r1 = validRecord(1);
    expect(lines[1]).toBe(
      `${r1.mpan},${r1.mprn},${r1.esmeId},${r1.gsmeId},00-0D-6F-00-00-00-00-AA,,${SUBMITTER},${SUBMITTER},AA,AB12,Active,2019-04-07,"job 7, ""urgent"""`
    );
    const r2 = validRecord(2);
    expect(lines[2]).toBe(
      `${r2.mpan},,${r2.esmeId},,${r2.chfId},,${SUBMITTER},,AA,NONE,Dormant,2021-01-01,REF-2`
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(result.rows).toBe(2);
  });

  test("the header line is the profile's headers even when the sheet uses aliases, another order and extra columns", () => {
    const order = [...KEYS.keys()].reverse();
    const header = [
      "Notes",
      ...order.map((i) => catalogue.profile.columns[i].aliases[0] ?? HEADER[i]),
    ];
    const engine = checkSheet(header, [["x", ...order.map((i) => row()[i])]], {
      submitter: SUBMITTER,
    });
    const result = ok(buildMaFile(engine, { submitter: SUBMITTER, at: AT_BST }));
    const [head, first] = parse(result.content);
    expect(head).toEqual(exportHeaders());
    expect(first).toEqual(row().map((v) => String(v)));
  });

  test("csvField quotes only what needs quoting", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("")).toBe("");
  });
});

// ---------------------------------------------------------------- round trip property

const submitterHex = fc.constant(SUBMITTER.replace(/-/g, "").toLowerCase());
/** The submitter's EUID typed any way (so its canonical form is SUBMITTER). */
const submitterTyped = euiTyped(submitterHex);
/** A gas supplier of another party than the submitter's (00-A0). */
const otherPartyTyped = euiTyped(
  fc
    .tuple(
      fc.constantFrom(..."0123456789abcdef"),
      fc.constantFrom(..."0123456789abcdef"),
      fc.constantFrom(..."0123456789abcdef"),
      fc.constantFrom(..."0123456789abcdef")
    )
    .map((h) => `70b3d51f30${h.join("")}01`)
    .filter((h) => h.slice(10, 14) !== "00a0")
);
/** Dates typed, or as 1900-system serial numbers. */
const dateOrSerial: fc.Arbitrary<Typed> = fc.oneof(
  dateTyped,
  dateTyped.map((d) => ({ input: serialFromIso(d.canonical, 1900), canonical: d.canonical }))
);
const mprnAsNumber: fc.Arbitrary<Typed> = mprnTyped.map((m) => ({
  input: Number(m.canonical),
  canonical: m.canonical,
}));

interface GeneratedRow {
  fuel: "dual" | "electricity" | "gas";
  mpan: Typed;
  mprn: Typed;
  esme: Typed;
  gsme: Typed;
  chf: Typed;
  ppmid: Typed | null;
  importEuid: Typed;
  gasEuid: Typed;
  group: Typed;
  status: Typed;
  smsoPad: string;
  date: Typed;
  reference: Typed | null;
}

const generatedRow: fc.Arbitrary<GeneratedRow> = fc.record({
  fuel: fc.constantFrom("dual" as const, "electricity" as const, "gas" as const),
  mpan: mpanTyped,
  mprn: fc.oneof({ weight: 3, arbitrary: mprnTyped }, { weight: 1, arbitrary: mprnAsNumber }),
  esme: deviceTyped,
  gsme: deviceTyped,
  chf: deviceTyped,
  ppmid: fc.option(deviceTyped),
  importEuid: submitterTyped,
  gasEuid: fc.oneof(submitterTyped, otherPartyTyped),
  group: groupTyped,
  status: statusTyped,
  smsoPad: pad,
  date: dateOrSerial,
  reference: fc.option(referenceTyped),
});

/** A generated row as cells (profile order) with blank cells for the fuel it does not have. */
function cellsOf(g: GeneratedRow): CellValue[] {
  const elec = g.fuel !== "gas";
  const gas = g.fuel !== "electricity";
  const dormant = g.status.canonical === "Dormant";
  return toRow({
    mpan: elec ? g.mpan.input : "",
    mprn: gas ? g.mprn.input : "",
    esmeId: elec ? g.esme.input : "",
    gsmeId: gas ? g.gsme.input : "",
    chfId: g.chf.input,
    ppmidId: g.ppmid?.input ?? "",
    importSupplierEuid: elec ? g.importEuid.input : "",
    // A gas-only row's gas supplier is the submitter (else it is not the submitter's to authorise).
    gasSupplierEuid: gas ? (elec ? g.gasEuid.input : g.importEuid.input) : "",
    groupId: g.group.input,
    smsoId: dormant ? (g.smsoPad === "" ? "" : `${g.smsoPad}NONE`) : `${g.smsoPad}AB12`,
    meterStatus: g.status.input,
    authorisationDate: g.date.input,
    supplierReference: g.reference?.input ?? "",
  });
}

/** Identifiers that must be unique across the sheet (collisions of random values are filtered out). */
function uniqueIds(rows: GeneratedRow[]): boolean {
  const seen = new Set<string>();
  for (const g of rows) {
    const ids = [
      `mpan ${g.mpan.canonical}`,
      `mprn ${g.mprn.canonical}`,
      g.esme.canonical,
      g.gsme.canonical,
      g.chf.canonical,
    ];
    if (g.ppmid) ids.push(g.ppmid.canonical);
    for (const id of ids) {
      if (seen.has(id)) return false;
      seen.add(id);
    }
  }
  return true;
}

/** What the generated sheets exercised (checked by the test after the property). */
const exercised = { normalised: 0, quotedFields: 0, nonAscii: 0, files: 0 };

describe("round trip", () => {
  test("the MA file of any valid sheet parses back to exactly the rows that were checked", () => {
    fc.assert(
      fc.property(
        fc.array(generatedRow, { minLength: 1, maxLength: 6 }).filter(uniqueIds),
        fc.array(fc.nat(6), { maxLength: 2 }),
        fc.shuffledSubarray([...KEYS.keys()], { minLength: KEYS.length, maxLength: KEYS.length }),
        (generated, blankAt, order) => {
          const rows = generated.map(cellsOf);
          for (const at of blankAt)
            rows.splice(
              Math.min(at, rows.length),
              0,
              KEYS.map(() => "")
            );
          // The sheet's columns in a random order: the file is in profile order all the same.
          const engine: MamEngine = checkSheet(
            order.map((i) => HEADER[i]),
            rows.map((r) => order.map((i) => r[i])),
            { submitter: SUBMITTER }
          );
          expect(engine.findings().filter((f) => f.severity !== "info")).toEqual([]);
          exercised.normalised += engine.findings().filter((f) => f.code === "MAM-190").length;
          const result = ok(buildMaFile(engine, { submitter: SUBMITTER, at: AT_GMT }));
          expect(result.fileName).toBe("MA_CGI_70-B3-D5-1F-30-00-A0-08_20190115_172503.csv");
          expectFileBytes(result.content);
          exercised.files++;
          if (/(^|,)"/m.test(result.content)) exercised.quotedFields++;
          if (/[\u0080-\uffff]/.test(result.content)) exercised.nonAscii++;

          const [head, ...data] = parse(result.content);
          expect(head).toEqual(exportHeaders());
          expect(data).toHaveLength(generated.length);
          expect(result.rows).toBe(generated.length);
          // No cell can start a formula in a spreadsheet.
          for (const line of data)
            for (const value of line)
              expect(["=", "+", "-", "@", "\t", "\r"]).not.toContain(value[0]);

          const again = checkSheet(head, data, { submitter: SUBMITTER });
          expect(again.findings().filter((f) => f.severity !== "info")).toEqual([]);
          // Canonical values leave nothing to normalise.
          expect(again.findings().filter((f) => f.code === "MAM-190")).toEqual([]);
          expect(again.exportRows().map((r) => r.values)).toEqual(
            engine.exportRows().map((r) => r.values)
          );
          expect(data).toEqual(engine.exportRows().map((r) => r.values));
        }
      ),
      { numRuns: 150 }
    );
  });

  test("the generated sheets needed normalising and quoting, and carried non-ASCII text", () => {
    // Filled by the property above (tests in a file run in order).
    expect(exercised.files).toBeGreaterThanOrEqual(150);
    expect(exercised.normalised).toBeGreaterThan(150);
    expect(exercised.quotedFields).toBeGreaterThan(20);
    expect(exercised.nonAscii).toBeGreaterThan(20);
  });
});
