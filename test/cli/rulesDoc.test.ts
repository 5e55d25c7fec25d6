/** docs/rules.md is generated from the catalogue; the committed file must be current. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { rulesMarkdown } from "../../src/cli/rulesDoc";
import { catalogue } from "../../src/domain/catalogue";

const DOC = path.resolve(__dirname, "..", "..", "docs", "rules.md");

test("docs/rules.md equals rulesMarkdown() (if not, run `npm run docs:rules` and commit docs/rules.md)", () => {
  const committed = readFileSync(DOC, "utf8");
  const current = rulesMarkdown();
  if (committed !== current) {
    throw new Error(
      "docs/rules.md is out of date with the rule catalogue: run `npm run docs:rules` and commit docs/rules.md."
    );
  }
});

test("every catalogue code has its own section in docs/rules.md", () => {
  const markdown = rulesMarkdown();
  for (const rule of catalogue.rules) expect(markdown).toContain(`## ${rule.code} — ${rule.title}`);
});
