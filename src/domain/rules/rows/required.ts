/**
 * Required values: a row names a meter point (MAM-003), and has every value its columns require
 * (MAM-002, saying why). When a column is required is defined once, in `conditions`: a profile
 * column's `required` names a condition, met when the row fills any column of its trigger mask.
 * Only columns the sheet has are asked for: a missing column is MAM-001, once, not per row.
 */
import type { ProfileColumn } from "../../catalogue";
import { lowestColumn } from "../../masks";
import { rowRule } from "../rule";

interface Condition {
  /** The condition holds on a row that fills any of these columns (-1: every non-empty row). */
  readonly trigger: number;
  /** Why the column is required on such a row. */
  reason(filled: number): string;
}

export const requiredValues = rowRule({
  name: "requiredValues",
  stage: "row",
  codes: ["MAM-002", "MAM-003"],
  needs: ["mpan", "mprn"],
  compile(setup) {
    const { columns } = setup;
    const mpan = setup.col("mpan");
    const mprn = setup.col("mprn");
    const meterPoints = (1 << mpan) | (1 << mprn);
    const electricity = setup.mask((c) => c.fuel === "electricity");
    const gas = setup.mask((c) => c.fuel === "gas");
    /** The header of the row's first filled column of a fuel. */
    const shown = (fuel: number, filled: number) => columns[lowestColumn(fuel & filled)].header;
    const conditions: Record<ProfileColumn["required"], Condition | null> = {
      always: { trigger: -1, reason: () => "on every row" },
      electricity: {
        trigger: electricity,
        reason: (filled) => `because the row has an electricity ${shown(electricity, filled)}`,
      },
      gas: { trigger: gas, reason: (filled) => `because the row has a gas ${shown(gas, filled)}` },
      mpanGiven: { trigger: 1 << mpan, reason: () => "because the row has an MPAN" },
      mprnGiven: { trigger: 1 << mprn, reason: () => "because the row has an MPRN" },
      activeRow: null, // the Active/Dormant pairing is MAM-331's to report
      optional: null,
    };
    const conditionOf = columns.map((c) => conditions[c.required]);
    // Per condition, the columns it requires: a row's required columns are a few mask tests.
    const triggers: number[] = [];
    const requires: number[] = [];
    for (const condition of new Set(conditionOf)) {
      if (condition === null) continue;
      triggers.push(condition.trigger);
      requires.push(setup.mask((c) => conditions[c.required] === condition));
    }
    return (row, report) => {
      const { filled, inSheet } = row;
      // Neither meter point: one MAM-003 says it, rather than a MAM-002 per fuel the other cells suggest.
      const noMeterPoint = (filled & meterPoints) === 0 && (inSheet & meterPoints) !== 0;
      if (noMeterPoint) report((inSheet & (1 << mpan)) !== 0 ? mpan : mprn, "MAM-003", {});
      let required = 0;
      for (let k = 0; k < triggers.length; k++)
        if ((filled & triggers[k]) !== 0) required |= requires[k];
      let missing = inSheet & ~filled & required;
      if (noMeterPoint) missing &= ~meterPoints;
      for (; missing !== 0; missing &= missing - 1) {
        const c = lowestColumn(missing);
        report(c, "MAM-002", { column: columns[c].header, reason: conditionOf[c]!.reason(filled) });
      }
    };
  },
});
