/**
 * Property: canonicalisation is idempotent. For identifiers typed any way people type them, the
 * engine exports the canonical form, and writing each MAM-190 fixValue back into its cell leaves no
 * MAM-190, the same export, and every other finding as it was.
 */
import fc from "fast-check";
import { parseCellAddress } from "../../src/domain/address";
import type { CellValue } from "../../src/domain/types";
import {
  dateTyped,
  deviceTyped,
  euidTyped,
  groupTyped,
  mpanTyped,
  mprnTyped,
  pad,
  referenceTyped,
  statusTyped,
  type Typed,
} from "./arbitraries";
import { check, KEYS, SUBMITTER, toRow, type Key } from "./support";

const typedRow = fc.record({
  mpan: mpanTyped,
  mprn: mprnTyped,
  esmeId: deviceTyped,
  gsmeId: deviceTyped,
  chfId: deviceTyped,
  ppmidId: deviceTyped,
  importSupplierEuid: euidTyped,
  gasSupplierEuid: euidTyped,
  groupId: groupTyped,
  meterStatus: statusTyped,
  authorisationDate: dateTyped,
  supplierReference: referenceTyped,
  smsoPad: fc.tuple(pad, pad),
});

type TypedRow = Omit<Record<Key, Typed>, "smsoId"> & { smsoPad: [string, string] };

function toCells(t: TypedRow): { cells: CellValue[]; canonical: string[] } {
  const dormant = t.meterStatus.canonical === "Dormant";
  const smso = dormant ? "NONE" : "AB12";
  const record: Record<string, CellValue> = { smsoId: `${t.smsoPad[0]}${smso}${t.smsoPad[1]}` };
  const canonical: Record<string, string> = { smsoId: smso };
  for (const key of KEYS) {
    if (key === "smsoId") continue;
    record[key] = t[key].input;
    canonical[key] = t[key].canonical;
  }
  return { cells: toRow(record), canonical: KEYS.map((k) => canonical[k]) };
}

/** The submitter is the Import Supplier: party rules can then only add information. */
function optionsFor(canonical: string[]) {
  return { submitter: canonical[KEYS.indexOf("importSupplierEuid")] };
}

describe("canonicalisation is idempotent", () => {
  test("typed identifiers export canonically; writing every fix back gives no MAM-190 and the same export", () => {
    fc.assert(
      fc.property(typedRow, (typed) => {
        const { cells, canonical } = toCells(typed as TypedRow);
        const first = check([cells], optionsFor(canonical));
        const findings = first.findings();
        // Only notes, and warnings from a coincidence of parties (MAM-311): never an error.
        expect(findings.filter((f) => f.severity === "error")).toEqual([]);
        expect(first.exportRows()).toEqual([{ sheetRow: 2, values: canonical }]);

        const fixed = cells.slice();
        for (const f of findings.filter((x) => x.code === "MAM-190")) {
          expect(f.fixValue).toBeDefined();
          const at = parseCellAddress(f.cell)!;
          expect(f.fixValue).toBe(canonical[at.column]);
          fixed[at.column] = f.fixValue!;
        }
        // Every cell whose input differs from its canonical text (and is text) has a MAM-190.
        cells.forEach((input, i) => {
          if (typeof input === "string" && input !== canonical[i])
            expect(fixed[i]).toBe(canonical[i]);
        });

        const second = check([fixed], optionsFor(canonical));
        expect(second.findings().filter((f) => f.code === "MAM-190")).toEqual([]);
        expect(second.exportRows()).toEqual(first.exportRows());
        const others = (fs: typeof findings) =>
          fs.filter((f) => f.code !== "MAM-190").map((f) => `${f.id} ${f.message}`);
        expect(others(second.findings())).toEqual(others(findings));
      }),
      { numRuns: 400 }
    );
  });

  test.each([
    ["MPAN", "mpan", mpanTyped],
    ["MPRN", "mprn", mprnTyped],
    ["EUI-64", "chfId", deviceTyped],
    ["EUID", "gasSupplierEuid", euidTyped],
    ["Meter Status", "meterStatus", statusTyped],
    ["UK date", "authorisationDate", dateTyped],
  ] as const)("%s: the fix is a fixed point, for one value at a time", (_what, key, arb) => {
    const column = KEYS.indexOf(key);
    fc.assert(
      fc.property(arb, (typed) => {
        const base = toCells({
          ...Object.fromEntries(KEYS.map((k) => [k, { input: "", canonical: "" }])),
          mpan: { input: "1312345678907", canonical: "1312345678907" },
          mprn: { input: "3938424403", canonical: "3938424403" },
          esmeId: { input: "00-0D-6F-00-00-00-00-01", canonical: "00-0D-6F-00-00-00-00-01" },
          gsmeId: { input: "00-0D-6F-00-00-00-00-02", canonical: "00-0D-6F-00-00-00-00-02" },
          chfId: { input: "00-0D-6F-00-00-00-00-03", canonical: "00-0D-6F-00-00-00-00-03" },
          importSupplierEuid: { input: SUBMITTER, canonical: SUBMITTER },
          gasSupplierEuid: { input: SUBMITTER, canonical: SUBMITTER },
          groupId: { input: "AA", canonical: "AA" },
          meterStatus: { input: "Dormant", canonical: "Dormant" },
          authorisationDate: { input: "2021-01-01", canonical: "2021-01-01" },
          [key]: typed,
          smsoPad: ["", ""],
        } as TypedRow);
        const engine = check([base.cells], { submitter: SUBMITTER });
        const notes = engine.findings().filter((f) => f.code === "MAM-190");
        const exportedValue = engine.exportRows()[0].values[column];
        expect(exportedValue).toBe(typed.canonical);
        if (typeof typed.input === "string" && typed.input !== typed.canonical) {
          expect(notes.map((f) => [f.cell, f.fixValue])).toEqual([
            [`${String.fromCharCode(65 + column)}2`, typed.canonical],
          ]);
        } else {
          expect(notes).toEqual([]);
        }
        const again = base.cells.slice();
        again[column] = exportedValue;
        const second = check([again], { submitter: SUBMITTER });
        expect(second.findings().filter((f) => f.code === "MAM-190")).toEqual([]);
        expect(second.exportRows()[0].values[column]).toBe(exportedValue);
      }),
      { numRuns: 200 }
    );
  });
});
