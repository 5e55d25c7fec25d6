/**
 * A rule that exists only in tests, to show what adding a rule takes (docs/ARCHITECTURE.md, Rules):
 * MAM-901, an Authorisation Date more than 90 days before today. This module, its catalogue entry
 * (test/profiles/age90.rules.json), its test and the generated docs are all it needs: the engine
 * hands it the row's canonical date and today (options.today, Europe/London), and re-checks when
 * today changes.
 */
import { addDays, daysBetween } from "../../../src/domain/dates";
import { rowRule } from "../../../src/domain/rules/rule";

/** Older than this many days is reported. */
export const MAX_AGE_DAYS = 90;

export const authorisationAge = rowRule({
  name: "authorisationAge",
  stage: "row",
  codes: ["MAM-901"],
  needs: ["authorisationDate"],
  compile(setup) {
    const at = setup.col("authorisationDate");
    const { today } = setup.options;
    const oldest = addDays(today, -MAX_AGE_DAYS);
    return (row, report) => {
      const date = row.canon[at]; // canonical: YYYY-MM-DD, so dates compare as text
      if (date !== null && date < oldest)
        report(at, "MAM-901", { value: date, days: daysBetween(date, today), today });
    };
  },
});
