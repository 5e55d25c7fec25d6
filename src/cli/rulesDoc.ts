/** docs/rules.md, generated from the catalogue (a test keeps the committed file current). */
import { describeMam } from "../domain/catalogue";
import { v06a, type MamProfile } from "../domain/profile";

export function rulesMarkdown(profile: MamProfile = v06a): string {
  const catalogue = profile.catalogue;
  const lines: string[] = [];
  lines.push("# MAM Workbench rule catalogue");
  lines.push("");
  lines.push(
    `<!-- Generated from src/domain/data/mam-v06a.json by \`npm run docs:rules\`; do not edit by hand. -->`
  );
  lines.push("");
  lines.push(
    `Profile **${catalogue.profile.id}** (${catalogue.profile.template}). The rules follow ${describeMam(catalogue.mam)}.`
  );
  lines.push("Codes are stable: the DCC helpdesk quotes them,");
  lines.push(
    "so a code never changes meaning. **error** blocks the MA file; **warning** needs one acknowledgement at"
  );
  lines.push(
    "export; **info** only tells. `basis`: *verified* (a public standard) or *modelled* (our reading of the MAM)."
  );
  lines.push("");
  lines.push("| code | severity | basis | rule | clause | fixable | checked by |");
  lines.push("|---|---|---|---|---|---|---|");
  for (const r of catalogue.rules) {
    lines.push(
      `| ${r.code} | ${r.severity} | ${r.basis} | ${escape(r.title)} | ${escape(r.clause)} | ${r.fixable ? "yes" : "no"} | ${profile.ruleOf(r.code).name} |`
    );
  }
  lines.push("");
  for (const r of catalogue.rules) {
    lines.push(`## ${r.code} — ${r.title}`);
    lines.push("");
    lines.push(
      `- Severity: **${r.severity}** · basis: ${r.basis} · clause: ${r.clause} · rule module: ${profile.ruleOf(r.code).name}`
    );
    lines.push(`- Message: ${r.message}`);
    lines.push(`- How to fix: ${r.fix}`);
    if (r.fixable)
      lines.push("- The add-in offers **Fix** and **Fix all like this** for this finding.");
    lines.push("");
  }
  lines.push("## Profile columns");
  lines.push("");
  lines.push("| header | also accepted | required | form |");
  lines.push("|---|---|---|---|");
  for (const c of catalogue.profile.columns) {
    lines.push(`| ${c.header} | ${c.aliases.map(escape).join(", ")} | ${c.required} | ${c.form} |`);
  }
  lines.push("");
  return lines.join("\n");
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|");
}
