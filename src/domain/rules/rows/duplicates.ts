/**
 * Duplicates across rows (MAM 7.3.4: one row per installation, a device in one installation): the
 * same MPAN (MAM-301) or MPRN (MAM-302) on several rows, the same device ID in several places
 * (MAM-303, within a row too). The engine's indexes (duplicates.ts, hashIndex.ts) find the groups
 * of equal canonical values; this rule says what each cell of a group is told.
 */
import { describeRows } from "../../duplicates";
import { duplicateRule, type GroupCell } from "../rule";

/** Others beyond this many are counted, not listed. */
const LISTED = 5;

export const duplicates = duplicateRule({
  name: "duplicates",
  stage: "duplicates",
  codes: ["MAM-301", "MAM-302", "MAM-303"],
  kinds: { mpan: "MAM-301", mprn: "MAM-302", device: "MAM-303" },
  describe(kind, value, cell, group, columns) {
    const others = group.filter((o) => o.row !== cell.row || o.column !== cell.column);
    if (kind !== "device") {
      const rows = describeRows(others.map((o) => o.row));
      return kind === "mpan"
        ? { code: "MAM-301", params: { value, rows } }
        : { code: "MAM-302", params: { value, rows } };
    }
    const named = others
      .sort((a: GroupCell, b: GroupCell) => a.row - b.row || a.column - b.column)
      .map(
        (o) =>
          `${columns[o.column].header} ${o.row === cell.row ? "in this row" : `on row ${o.row}`}`
      );
    const shown =
      named.length > LISTED
        ? `${named.slice(0, LISTED).join(", ")} and ${named.length - LISTED} more`
        : named.join(", ");
    return {
      code: "MAM-303",
      params: { column: columns[cell.column].header, value, others: shown },
    };
  },
});
