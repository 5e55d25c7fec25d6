/**
 * The header row against the profile: a column the profile cannot do without is missing (MAM-001;
 * template v06a carries every column, so only its optional ones may be left out), a header names
 * no profile column (MAM-004, an info), a profile column is named twice (MAM-005). An exact header
 * outranks an alias: the alias column is then one the profile does not use (MAM-004), not a second
 * copy (MAM-005). Nothing is said here of a header row that is another template's (MAM-006 is).
 */
import { cellAddress } from "../../address";
import { clipText } from "../../cellValue";
import { headerRule } from "../rule";

export const headerColumns = headerRule({
  name: "headerColumns",
  stage: "header",
  codes: ["MAM-001", "MAM-004", "MAM-005"],
  check(header, report) {
    if (header.otherTemplate !== null) return;
    const { columns, headers, profileId } = header;
    const outranked = new Map(header.outranked.map((o) => [o.sheetColumn, o.column]));
    const ignored = [...header.unknown, ...outranked.keys()].sort((a, b) => a - b);
    for (const sheetColumn of ignored) {
      const shadow = outranked.get(sheetColumn);
      const detail =
        shadow === undefined
          ? ""
          : ` (${columns[shadow].header} is read from ${cellAddress(header.used[shadow], 1)}, headed exactly so)`;
      const text = clipText(headers[sheetColumn]);
      report({
        code: "MAM-004",
        sheetColumn,
        column: text,
        columnKey: null,
        params: { column: text, profile: profileId, detail },
      });
    }
    columns.forEach((column, c) => {
      const exact = header.exact[c];
      // Two exact headers, or two aliases and no exact one: it is unclear which to read.
      const named = exact.length > 0 ? exact : header.byAlias[c];
      if (named.length === 0) {
        if (column.required !== "optional")
          report({
            code: "MAM-001",
            sheetColumn: -1,
            column: column.header,
            columnKey: column.key,
            params: {
              column: column.header,
              aliases: [column.header, ...column.aliases].map((a) => `"${a}"`).join(", "),
            },
          });
      } else if (named.length > 1) {
        report({
          code: "MAM-005",
          sheetColumn: named[1],
          column: column.header,
          columnKey: column.key,
          params: {
            column: column.header,
            cells: named.map((sc) => cellAddress(sc, 1)).join(", "),
          },
        });
      }
    });
  },
});
