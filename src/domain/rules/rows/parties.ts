/**
 * The party rules (MAM 7.2.2; MAM §4-§6; TMAD 4.27, 4.29, 4.30, 4.31-4.40, 4.47, 4.48, 6.5, 10.1).
 * An EUID's party octets (octets 6-7: unique to each SEC party, but not the SEC Party ID) say which
 * party it belongs to; a party may hold several EUIDs.
 *
 * - MAM-311: the row's Import and Gas Supplier EUIDs differ but have the same party octets.
 * - MAM-312: the submitting EUID's party is neither of the row's suppliers.
 * - MAM-313: a row EUID differs from the submitting EUID but has its party octets (an info).
 * - MAM-321: dual fuel, two parties, no group exception, and the submitter is the gas supplier: the
 *   Electricity Import Supplier coordinates and must authorise too.
 *
 * Without a submitting EUID only MAM-311 applies.
 */
import type { EuidRules } from "../../dccUserId";
import { rowRule, type RowReport } from "../rule";

/** What the rule knows about a pair of EUIDs (canonical, or null) for the submitter it was compiled for. */
interface PairFacts {
  readonly imp: string | null;
  readonly gas: string | null;
  readonly importIsGas: boolean;
  readonly importGasSameParty: boolean;
  readonly importSubmitterParty: boolean;
  readonly gasSubmitterParty: boolean;
  readonly importIsSubmitter: boolean;
  readonly gasIsSubmitter: boolean;
}

/** Pairs of EUIDs whose facts are kept (a sheet of ever-new pairs must not grow them without end). */
const PAIR_LIMIT = 1024;

type PartyCode = "MAM-311" | "MAM-312" | "MAM-313" | "MAM-321";

export const parties = rowRule({
  name: "parties",
  stage: "row",
  codes: ["MAM-311", "MAM-312", "MAM-313", "MAM-321"],
  needs: ["importSupplierEuid", "gasSupplierEuid", "groupId", "mpan", "mprn"],
  compile(setup) {
    const impAt = setup.col("importSupplierEuid");
    const gasAt = setup.col("gasSupplierEuid");
    const groupAt = setup.col("groupId");
    const dualFuel = (1 << setup.col("mpan")) | (1 << setup.col("mprn"));
    const { euids, groupExceptions } = setup.ids;
    const headers = setup.columns.map((c) => c.header);
    const sub = setup.options.submitter;
    const subParty = sub === null ? null : euids.partyOf(sub);
    const facts = new PairMemo(euids, sub);

    /** MAM-313 on an EUID cell of the submitter's party that is not the submitting EUID. */
    const reportSameParty = (column: number, euid: string, report: RowReport<PartyCode>) =>
      report(column, "MAM-313", {
        column: headers[column],
        value: euid,
        submitter: sub!,
        party: subParty!,
      });

    return (row, report) => {
      const imp = row.canon[impAt];
      const gas = row.canon[gasAt];
      const pair = facts.of(imp, gas);
      if (imp && gas && !pair.importIsGas && pair.importGasSameParty)
        report(gasAt, "MAM-311", { import: imp, gas, party: euids.partyOf(imp) });
      if (sub === null || subParty === null) return;
      // An EUID cell that holds something unusable already has its own error; judging the supplier
      // from half the row would add a second, misleading one.
      const unusable =
        ((row.filled & (1 << impAt)) !== 0 && !imp) || ((row.filled & (1 << gasAt)) !== 0 && !gas);
      if ((imp || gas) && !unusable && !pair.importSubmitterParty && !pair.gasSubmitterParty) {
        const named = [imp && `import ${imp}`, gas && `gas ${gas}`].filter(Boolean).join(", ");
        report(imp ? impAt : gasAt, "MAM-312", { submitter: sub, party: subParty, euids: named });
      }
      if (imp && !pair.importIsSubmitter && pair.importSubmitterParty)
        reportSameParty(impAt, imp, report);
      if (gas && !pair.gasIsSubmitter && pair.gasSubmitterParty)
        reportSameParty(gasAt, gas, report);
      const group = row.canon[groupAt];
      if (
        (row.filled & dualFuel) === dualFuel &&
        imp &&
        gas &&
        !pair.importGasSameParty &&
        group &&
        !groupExceptions.has(group) &&
        pair.gasSubmitterParty
      ) {
        report(impAt, "MAM-321", {
          importParty: euids.partyOf(imp),
          gasParty: euids.partyOf(gas),
          group,
        });
      }
    };
  },
});

/**
 * How a row's import and gas EUIDs relate to each other and to the submitter, kept per pair: rows
 * repeat a supplier's few EUIDs, as the very same strings from the EUID check's memo.
 */
class PairMemo {
  private readonly pairs = new Map<string | null, Map<string | null, PairFacts>>();
  private count = 0;
  private last: PairFacts | null = null;

  constructor(
    private readonly euids: EuidRules,
    private readonly sub: string | null
  ) {}

  of(imp: string | null, gas: string | null): PairFacts {
    const last = this.last;
    if (last !== null && last.imp === imp && last.gas === gas) return last;
    if (this.count >= PAIR_LIMIT) {
      this.pairs.clear();
      this.count = 0;
    }
    let byGas = this.pairs.get(imp);
    if (byGas === undefined) this.pairs.set(imp, (byGas = new Map()));
    let facts = byGas.get(gas);
    if (facts === undefined) {
      const { euids, sub } = this;
      facts = {
        imp,
        gas,
        importIsGas: imp !== null && imp === gas,
        importGasSameParty: imp !== null && gas !== null && euids.sameParty(imp, gas),
        importSubmitterParty: imp !== null && sub !== null && euids.sameParty(imp, sub),
        gasSubmitterParty: gas !== null && sub !== null && euids.sameParty(gas, sub),
        importIsSubmitter: imp !== null && imp === sub,
        gasIsSubmitter: gas !== null && gas === sub,
      };
      byGas.set(gas, facts);
      this.count++;
    }
    this.last = facts;
    return facts;
  }
}
