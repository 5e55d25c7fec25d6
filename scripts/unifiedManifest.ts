/**
 * The same add-in with the unified app manifest for Microsoft 365 (JSON), made from manifest.xml so
 * that the two never drift apart:
 *
 *     npm run manifest:unified     manifest.json from manifest.xml (development URLs), committed
 *     npm run package:unified      after `npm run build`: dist/manifest.json from dist/manifest.xml
 *                                  (production URLs) and the app package dist/mam-workbench-app.zip
 *
 * Microsoft's converter (office-addin-manifest-converter, run offline: it downloads nothing unless
 * asked to) does the translation; this script then applies the edits Microsoft's conversion guide
 * asks for: a new app id (the unified and the XML add-in are two apps, and the unified one hides
 * the XML one where both are installed), a short description of at most 80 characters, the two
 * app-package icons, the schema version. test/unifiedManifest.test.ts checks the result against
 * the JSON schema that @microsoft/app-manifest ships, offline, and that manifest.json is in sync.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import JSZip from "jszip";
import { convert } from "office-addin-manifest-converter";
import { APP_COLOR_ICON, APP_OUTLINE_ICON, TEAL_HEX } from "./makeIcons";

const ROOT = path.resolve(__dirname, "..");

/**
 * The manifest schema version. Microsoft's conversion guide says to set the latest released
 * version; this is it as @microsoft/app-manifest ships it (its schema checks the result).
 */
export const MANIFEST_VERSION = "1.30";
export const SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json#`;
/** The unified add-in's own id: never the XML manifest's <Id> (the two are different apps). */
export const UNIFIED_APP_ID = "8276ad75-d121-439d-83b1-88e63e900340";
/** description.short has a limit of 80 characters; the converter would truncate the long one. */
export const SHORT_DESCRIPTION =
  "Checks SMETS1 Migration Authorisation workbooks and writes compliant MA files.";
/** File names of the icons inside the app package (root.icons). */
export const PACKAGE_ICONS = { color: "color.png", outline: "outline.png" } as const;
export const PACKAGE_NAME = "mam-workbench-app.zip";

/** The part of the unified manifest this script edits; the rest is the converter's. */
interface UnifiedManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  extensions: Array<{ alternates?: Array<Record<string, unknown>> }>;
  [key: string]: unknown;
}

/** The <Id> of an XML manifest. */
export function xmlAddinId(xml: string): string {
  const id = /<Id>\s*([0-9a-f-]{36})\s*<\/Id>/i.exec(xml);
  if (!id) throw new Error("manifest.xml has no <Id> GUID");
  return id[1]!;
}

/** Converts XML manifest text into the unified manifest, with the edits described above. */
export async function unifiedManifest(xml: string): Promise<UnifiedManifest> {
  const dir = mkdtempSync(path.join(tmpdir(), "mam-unified-"));
  try {
    const input = path.join(dir, "manifest.xml");
    writeFileSync(input, xml);
    const output = path.join(dir, "out");
    // (input, output folder, download images, $schema, manifestVersion, verbose)
    await convert(input, output, false, SCHEMA_URL, MANIFEST_VERSION, false);
    const manifest = JSON.parse(
      readFileSync(path.join(output, "manifest.json"), "utf8")
    ) as UnifiedManifest;
    manifest.id = UNIFIED_APP_ID;
    manifest.description.short = SHORT_DESCRIPTION;
    manifest.icons = { ...PACKAGE_ICONS };
    manifest.accentColor = TEAL_HEX;
    const extension = manifest.extensions[0]!;
    extension.alternates = [
      ...(extension.alternates ?? []),
      { hide: { customOfficeAddin: { officeAddinId: xmlAddinId(xml) } } },
    ];
    return manifest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The JSON schema of MANIFEST_VERSION, as @microsoft/app-manifest ships it (no network). */
export function manifestSchema(): object {
  const pkg = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const file = path.join(
    pkg,
    `build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`
  );
  return JSON.parse(readFileSync(file, "utf8")) as object;
}

/**
 * Schema errors of a unified manifest (empty when it is valid), checked offline with the validator
 * settings Microsoft's own tooling uses (@microsoft/app-manifest: Ajv for JSON Schema draft-04, all
 * errors, the uri, email and regex formats). Its own entry point cannot be loaded under Jest (it
 * requires an ES-module-only dependency), so the check is made here the same way.
 */
export function schemaErrors(manifest: object): string[] {
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ["uri", "email", "regex"]);
  const validate = ajv.compile(manifestSchema());
  if (validate(JSON.parse(JSON.stringify(manifest)))) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`
  );
}

/** Writes the manifest as JSON; in the repository, formatted by Prettier as `npm run lint` expects. */
function writeManifest(file: string, manifest: object): string {
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  if (!path.relative(ROOT, file).startsWith("dist")) {
    const cli = require.resolve("prettier/bin/prettier.cjs");
    execFileSync(process.execPath, [cli, "--write", "--log-level", "warn", file], { cwd: ROOT });
  }
  return readFileSync(file, "utf8");
}

/**
 * The app package an admin uploads: manifest.json and the two icons at the root of a zip.
 * Entries carry a fixed date so that the same input gives the same bytes.
 */
export async function appPackage(manifestText: string): Promise<Buffer> {
  const date = new Date(Date.UTC(2020, 11, 18));
  const zip = new JSZip();
  zip.file("manifest.json", manifestText, { date });
  zip.file(PACKAGE_ICONS.color, readFileSync(path.join(ROOT, "assets", APP_COLOR_ICON.file)), {
    date,
  });
  zip.file(PACKAGE_ICONS.outline, readFileSync(path.join(ROOT, "assets", APP_OUTLINE_ICON.file)), {
    date,
  });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The unified manifest of an XML manifest file, refused when it does not match its schema. */
async function checked(xmlFile: string): Promise<object> {
  const manifest = await unifiedManifest(readFileSync(xmlFile, "utf8"));
  const errors = schemaErrors(manifest);
  if (errors.length > 0)
    throw new Error(`the unified manifest does not match its schema:\n${errors.join("\n")}`);
  return manifest;
}

async function main(args: readonly string[]): Promise<void> {
  if (args.includes("--package")) {
    const dist = path.join(ROOT, "dist");
    let manifest: object;
    try {
      manifest = await checked(path.join(dist, "manifest.xml"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        throw new Error(
          "dist/manifest.xml is missing: run `npm run build` first (with ADDIN_BASE_URL set)."
        );
      throw error;
    }
    const text = writeManifest(path.join(dist, "manifest.json"), manifest);
    writeFileSync(path.join(dist, PACKAGE_NAME), await appPackage(text));
    console.log(`dist/manifest.json and dist/${PACKAGE_NAME} written`);
  } else {
    writeManifest(path.join(ROOT, "manifest.json"), await checked(path.join(ROOT, "manifest.xml")));
    console.log("manifest.json written from manifest.xml");
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`unifiedManifest: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
