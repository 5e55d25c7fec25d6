/**
 * Rules as modules: every catalogue code is implemented by exactly one rule, no rule raises a code
 * the catalogue lacks, each code's parameters are the ones its texts name, and a profile whose
 * rules and data disagree is refused with every problem listed. Rules report only the codes they
 * declare (strict mode throws otherwise), and checks keep no state between engines.
 */
import raw from "../../src/domain/data/mam-v06a.json";
import { catalogue, loadCatalogue, type Catalogue } from "../../src/domain/catalogue";
import { ColumnCheck, FORM_RULES, PIPELINE_RULES } from "../../src/domain/columns";
import * as dates from "../../src/domain/dates";
import { checkSheet, MamEngine } from "../../src/domain/engine";
import { createProfile, loadProfile, v06a } from "../../src/domain/profile";
import { standardRules } from "../../src/domain/rules";
import { ISSUE_PARAMS } from "../../src/domain/rules/issues";
import { headerRule, rowRule, type RuleModule } from "../../src/domain/rules/rule";
import { brief, check, HEADER, PINNED_TODAY, row, SUBMITTER } from "./support";

/** A fresh copy of the shipped data, to change in a test. */
function data(): typeof raw {
  return JSON.parse(JSON.stringify(raw)) as typeof raw;
}

function problemsOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the profile to be refused");
}

describe("the code → rule mapping", () => {
  test("every catalogue code is implemented by exactly one rule module", () => {
    for (const rule of catalogue.rules) {
      const implementers = standardRules.filter((m) => (m.codes as string[]).includes(rule.code));
      expect([rule.code, implementers.length]).toEqual([rule.code, 1]);
      expect(v06a.ruleOf(rule.code)).toBe(implementers[0]);
    }
  });

  test("every code a rule module declares is in the catalogue", () => {
    const codes = new Set(catalogue.rules.map((r) => r.code));
    for (const rule of standardRules)
      for (const code of rule.codes)
        expect([rule.name, code, codes.has(code)]).toEqual([rule.name, code, true]);
  });

  test("rule names are unique and each stage has its rules", () => {
    const names = standardRules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const stages = new Set(standardRules.map((r) => r.stage));
    expect([...stages].sort()).toEqual(["cell", "duplicates", "header", "row"]);
  });

  test("every column form has one compiled form rule; the pipeline's rules run for all forms", () => {
    const forms = FORM_RULES.map((r) => r.form).sort();
    expect(forms).toEqual([...new Set(catalogue.profile.columns.map((c) => c.form))].sort());
    for (const rule of PIPELINE_RULES) expect(rule.forms).toBe("all");
  });

  test("the typed issue union covers the catalogue, and each text names only its code's parameters", () => {
    expect(Object.keys(ISSUE_PARAMS).sort()).toEqual(catalogue.rules.map((r) => r.code).sort());
    for (const rule of catalogue.rules) {
      const declared = new Set<string>(ISSUE_PARAMS[rule.code as keyof typeof ISSUE_PARAMS]);
      const named = [...`${rule.message} ${rule.fix}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of named)
        expect([rule.code, name, declared.has(name)]).toEqual([rule.code, name, true]);
    }
  });
});

describe("a profile whose rules and data disagree is refused, naming every problem", () => {
  test("a catalogue code that no rule implements", () => {
    const d = data();
    d.rules.push({ ...d.rules[0], code: "MAM-999", title: "Nobody checks this" });
    expect(problemsOf(() => loadProfile(d))).toContain("MAM-999 is implemented by no rule");
  });

  test("a code implemented by two rules", () => {
    const twice = rowRule({
      name: "secondRequired",
      stage: "row",
      codes: ["MAM-002"],
      compile: () => () => {},
    });
    expect(problemsOf(() => createProfile(catalogue, { extraRules: [twice] }))).toContain(
      "MAM-002 is implemented by two rules, requiredValues and secondRequired"
    );
  });

  test("a rule that raises a code the catalogue lacks", () => {
    const stray = rowRule({
      name: "stray",
      stage: "row",
      codes: ["MAM-998"],
      compile: () => () => {},
    });
    expect(problemsOf(() => createProfile(catalogue, { extraRules: [stray] }))).toContain(
      "rule stray raises MAM-998, which the catalogue lacks"
    );
  });

  test("a column a rule needs is missing: no silent `1 << undefined`", () => {
    const d = data();
    d.profile.columns = d.profile.columns.filter((c) => c.key !== "smsoId");
    const message = problemsOf(() => loadProfile(d));
    expect(message).toContain('rule statusAndSmso needs column "smsoId", which the profile lacks');
  });

  test("more columns than the row table holds (32)", () => {
    const d = data();
    const extra = Array.from({ length: 20 }, (_, i) => ({
      key: `extra${String.fromCharCode(65 + i)}`,
      header: `Extra ${i}`,
      aliases: [],
      form: "text",
      required: "optional",
    }));
    d.profile.columns = [...d.profile.columns, ...extra] as typeof d.profile.columns;
    expect(problemsOf(() => loadCatalogue(d))).toContain(
      "the profile has 33 columns; the row table holds at most 32"
    );
    // 32 is the limit, not past it: such a profile loads and checks.
    d.profile.columns = d.profile.columns.slice(0, 32);
    const wide = loadProfile(d);
    const header = wide.columns.map((c) => c.header);
    const values = wide.columns.map((c, i) => (i < 13 ? row()[i] : `x${i}`));
    expect(brief(checkSheet(header, [values], { submitter: SUBMITTER }, wide).findings())).toEqual(
      []
    );
  });

  test("a duplicate kind that does not match the column's form", () => {
    const d = data();
    const ppmid = d.profile.columns.find((c) => c.key === "ppmidId")!;
    (ppmid as { duplicates?: string }).duplicates = "mpan";
    expect(problemsOf(() => loadCatalogue(d))).toContain(
      "column ppmidId (form eui64) cannot go into the mpan duplicate index, which holds mpan values"
    );
  });

  test("malformed data is named by its path", () => {
    const d = data() as unknown as { mam: Record<string, unknown> };
    d.mam.date = "18 December 2020";
    expect(problemsOf(() => loadCatalogue(d))).toMatch(/malformed:\n- mam\.date: /);
  });

  test("the shipped data loads, with the MAM version it follows", () => {
    const loaded: Catalogue = loadCatalogue(raw);
    expect(loaded.mam).toEqual({
      version: "2.1b",
      title: "Migration Authorisation Mechanism",
      date: "2020-12-18",
      status: "consultation draft",
    });
  });
});

describe("rules report only the codes they declare", () => {
  test("a row rule reporting an undeclared code throws in strict mode", () => {
    const liar = rowRule({
      name: "liar",
      stage: "row",
      codes: ["MAM-997"],
      // The compiler refuses report(0, "MAM-002", …) here: this cast is what a runtime check is for.
      compile: () => (_row, report) =>
        (report as unknown as (c: number, code: string, p: object) => void)(0, "MAM-002", {}),
    });
    const d = data();
    d.rules.push({ ...d.rules[0], code: "MAM-997" });
    const profile = loadProfile(d, { extraRules: [liar] });
    const strict = new MamEngine(profile, { today: PINNED_TODAY }, { strictRules: true });
    expect(() => strict.load(HEADER, [row()])).toThrow(
      "Row rule liar reported MAM-002, which it does not declare"
    );
  });

  test("a header rule reporting an undeclared code throws in strict mode", () => {
    const liar: RuleModule = headerRule({
      name: "headerLiar",
      stage: "header",
      codes: ["MAM-996"],
      check: (_header, report) =>
        (report as unknown as (issue: object) => void)({
          code: "MAM-001",
          sheetColumn: -1,
          column: "x",
          columnKey: null,
          params: {},
        }),
    });
    const d = data();
    d.rules.push({ ...d.rules[0], code: "MAM-996" });
    const profile = loadProfile(d, { extraRules: [liar] });
    expect(() =>
      new MamEngine(profile, { today: PINNED_TODAY }, { strictRules: true }).load(HEADER, [])
    ).toThrow("Header rule headerLiar reported MAM-001, which it does not declare");
  });
});

describe("the column checks' memo", () => {
  test("holds for one options object: new options (another day only) read values afresh", () => {
    const read = jest.spyOn(dates, "dateFromSerial");
    try {
      const column = v06a.columns[v06a.columnIndex("authorisationDate")];
      const today = { dateSystem: 1900 as const, testWorkbook: false, today: PINNED_TODAY };
      const check = new ColumnCheck(column, v06a.ids, today);
      const ignore = () => {};
      expect(check.check(44197, today, ignore)).toBe("2021-01-01");
      expect(check.check(44198, today, ignore)).toBe("2021-01-02");
      expect(check.check(44197, today, ignore)).toBe("2021-01-01"); // remembered
      expect(read).toHaveBeenCalledTimes(2);
      const tomorrow = { ...today, today: "2021-02-01" };
      expect(check.check(44197, tomorrow, ignore)).toBe("2021-01-01");
      expect(read).toHaveBeenCalledTimes(3);
    } finally {
      read.mockRestore();
    }
  });
});

describe("no state shared between engines", () => {
  test("two engines checking cells in turn give what each gives alone", () => {
    // Normalisation notes and identifier hashes were module-level slots once: interleave two
    // engines on values that need notes and hashes, and compare with each engine alone.
    const a = [row({ mpan: "1312 3456 7890 7", esmeId: "00:0d:6f:00:00:01:00:01" }, 1)];
    const b = [row({ mprn: ` ${row({}, 2)[1]}`, authorisationDate: "07/04/2019" }, 2)];
    const alone = [check(a).findings(), check(b).findings()];
    const first = new MamEngine(v06a, { submitter: SUBMITTER, today: PINNED_TODAY });
    const second = new MamEngine(v06a, { submitter: SUBMITTER, today: PINNED_TODAY });
    first.load(HEADER, []);
    second.load(HEADER, []);
    for (let k = 0; k < a[0].length; k++) {
      first.setCell(2, k, a[0][k]);
      second.setCell(2, k, b[0][k]);
    }
    expect([first.findings(), second.findings()]).toEqual(alone);
    expect(first.exportRows()).toEqual(check(a).exportRows());
    expect(second.exportRows()).toEqual(check(b).exportRows());
  });
});
