/**
 * The test-only profiles: alt1 (other headers, another order, no PPMID column: alt1.json) and age90
 * (the shipped v06a plus the test-only rule MAM-901 and its catalogue entry, age90.rules.json).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import raw from "../../src/domain/data/mam-v06a.json";
import { loadProfile, type MamProfile } from "../../src/domain/profile";
import { authorisationAge } from "../domain/rules/authorisationAge";
import extra from "./age90.rules.json";

/** Where alt1.json is, for `mam validate --profile`. */
export const ALT1_FILE = path.join("test", "profiles", "alt1.json");

export const alt1: MamProfile = loadProfile(
  JSON.parse(readFileSync(path.join(__dirname, "alt1.json"), "utf8"))
);

export const age90: MamProfile = loadProfile(
  { ...raw, rules: [...raw.rules, ...extra.rules] },
  { extraRules: [authorisationAge] }
);
