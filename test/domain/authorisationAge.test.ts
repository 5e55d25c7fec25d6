/**
 * Adding a rule: MAM-901 "Authorisation Date more than 90 days in the past", in a test-only profile
 * (the shipped v06a data and rules unchanged). It needs the rule module, its catalogue entry, this
 * test and the generated docs, nothing else; and it depends on the clock, so it also shows that the
 * engine follows `today` (options compared as a whole, every row re-checked when the day changes).
 */
import { authorisationDate, PINNED_TODAY, rowFor, validRecord } from "../../scripts/rowBuilder";
import { age90 } from "../profiles/profiles";
import { rulesMarkdown } from "../../src/cli/rulesDoc";
import { addDays } from "../../src/domain/dates";
import { MamEngine } from "../../src/domain/engine";
import { v06a } from "../../src/domain/profile";
import { MAX_AGE_DAYS } from "./rules/authorisationAge";
import { brief, HEADER, SUBMITTER } from "./support";

/** A valid row authorised `ageDays` before the pinned day, as ISO text or an Excel serial. */
function rowAged(n: number, ageDays: number, dates: "iso" | "serial" = "iso") {
  return rowFor(age90, validRecord(n, { ageDays, dates }));
}

function engineOn(today: string): MamEngine {
  return new MamEngine(age90, { submitter: SUBMITTER, today }, { strictRules: true });
}

test("a date more than 90 days before today is MAM-901 on its cell; 90 days is not", () => {
  const engine = engineOn(PINNED_TODAY);
  engine.load(HEADER, [rowAged(1, MAX_AGE_DAYS + 1), rowAged(2, MAX_AGE_DAYS), rowAged(3, 30)]);
  const findings = engine.findings();
  expect(brief(findings)).toEqual(["L2 MAM-901 warning"]);
  expect(findings[0].message).toBe(
    `Authorisation Date ${addDays(PINNED_TODAY, -91)} is 91 days before today (${PINNED_TODAY}): more than 90 days in the past.`
  );
  expect(findings[0].basis).toBe("modelled");
});

test("serial dates and typed dates alike (the rule reads the canonical date)", () => {
  const engine = engineOn(PINNED_TODAY);
  engine.load(HEADER, [rowAged(1, 200, "serial"), rowAged(2, 200)]);
  expect(brief(engine.findings())).toEqual(["L2 MAM-901 warning", "L3 MAM-901 warning"]);
});

test("when the day changes, setOptions({ today }) re-checks every row for the new day", () => {
  const engine = engineOn(PINNED_TODAY);
  // Serial dates go through the column's memo: the same values, read again for a new day.
  engine.load(HEADER, [rowAged(1, MAX_AGE_DAYS, "serial"), rowAged(2, MAX_AGE_DAYS, "serial")]);
  expect(engine.findings()).toEqual([]);
  const delta = engine.setOptions({ today: addDays(PINNED_TODAY, 1) });
  expect(brief(delta.added)).toEqual(["L2 MAM-901 warning", "L3 MAM-901 warning"]);
  expect(delta.removed).toEqual([]);
  // And back: the findings go again.
  expect(brief(engine.setOptions({ today: PINNED_TODAY }).removed)).toHaveLength(2);
  expect(engine.summary()).toEqual({ error: 0, warning: 0, info: 0 });
});

test("edits follow today too", () => {
  const engine = engineOn(PINNED_TODAY);
  engine.load(HEADER, [rowAged(1, 10)]);
  const old = authorisationDate({ ageDays: 120 });
  expect(brief(engine.setCell(2, 11, old).added)).toEqual(["L2 MAM-901 warning"]);
});

test("the shipped profile has no such rule: old dates are fine there", () => {
  const engine = new MamEngine(v06a, { submitter: SUBMITTER, today: PINNED_TODAY });
  engine.load(HEADER, [rowFor(v06a, validRecord(1, { ageDays: 1000 }))]);
  expect(engine.findings()).toEqual([]);
  expect(v06a.catalogue.rules.some((r) => r.code === "MAM-901")).toBe(false);
});

test("the generated docs name the rule and the module that checks it", () => {
  const markdown = rulesMarkdown(age90);
  expect(markdown).toContain("## MAM-901 — Authorisation more than 90 days old");
  expect(markdown).toContain("rule module: authorisationAge");
  expect(markdown).toContain(
    "| MAM-901 | warning | modelled | Authorisation more than 90 days old | Test profile only (an example of adding a rule) | no | authorisationAge |"
  );
});
