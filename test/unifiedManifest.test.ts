/**
 * The unified app manifest (manifest.json, made by scripts/unifiedManifest.ts from manifest.xml):
 * valid against the JSON schema that @microsoft/app-manifest ships (offline), in sync with
 * manifest.xml, the same add-in as the XML one, and packaged as an admin uploads it.
 *
 *     npx jest test/unifiedManifest.test.ts       (regenerate: npm run manifest:unified)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { APP_COLOR_ICON, APP_OUTLINE_ICON, drawIcon, encodePng } from "../scripts/makeIcons";
import { DEV_BASE_URL, rewriteManifestUrls } from "../scripts/manifestUrls";
import {
  appPackage,
  MANIFEST_VERSION,
  PACKAGE_ICONS,
  schemaErrors,
  SHORT_DESCRIPTION,
  unifiedManifest,
  UNIFIED_APP_ID,
  xmlAddinId,
} from "../scripts/unifiedManifest";

const ROOT = path.resolve(__dirname, "..");
const xml = readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const committedText = readFileSync(path.join(ROOT, "manifest.json"), "utf8");
const committed = JSON.parse(committedText) as Record<string, unknown>;

/** Everything the manifest says, as `path = value` lines, for searching. */
function flatten(value: unknown, at = ""): string[] {
  if (value === null || typeof value !== "object") return [`${at} = ${String(value)}`];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, at ? `${at}.${k}` : k));
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("manifest.json (unified app manifest)", () => {
  test("is what scripts/unifiedManifest.ts makes from manifest.xml (run npm run manifest:unified)", async () => {
    // The text's formatting is Prettier's, checked by `npm run lint`.
    expect(committed).toEqual(await unifiedManifest(xml));
  });

  test("validates against the app manifest schema shipped in @microsoft/app-manifest", async () => {
    expect(committed.manifestVersion).toBe(MANIFEST_VERSION);
    expect(String(committed.$schema)).toContain(`/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
    expect(schemaErrors(committed)).toEqual([]);
  });

  test("the schema check is live: it rejects a broken manifest", async () => {
    const broken = structuredClone(committed) as Record<string, unknown> & {
      description: { short: string };
    };
    broken.description.short = "x".repeat(81);
    broken.unknownProperty = true;
    const errors = schemaErrors(broken);
    expect(errors.join("\n")).toMatch(/description\/short/);
    expect(errors.join("\n")).toMatch(/unknownProperty/);
  });

  test("is the same add-in as manifest.xml: version, host, requirement, permission, pane, button", () => {
    const lines = flatten(committed);
    const version = /<Version>(\d+\.\d+\.\d+)\.0<\/Version>/.exec(xml)![1];
    expect(committed.version).toBe(version);
    expect(lines).toContain("extensions.0.requirements.scopes.0 = workbook");
    expect(lines).toContain("extensions.0.requirements.capabilities.0.name = ExcelApi");
    expect(lines).toContain("extensions.0.requirements.capabilities.0.minVersion = 1.9");
    expect(lines).toContain(
      "authorization.permissions.resourceSpecific.0.name = Document.ReadWrite.User"
    );
    expect(lines).toContain(`extensions.0.runtimes.0.code.page = ${DEV_BASE_URL}taskpane.html`);
    expect(lines.filter((l) => l.endsWith(" = Check MA workbook"))).not.toHaveLength(0);
    expect(lines.filter((l) => /builtInTabId = TabHome$/.test(l))).toHaveLength(1);
  });

  test("is its own app, and hides the XML add-in where both are installed", () => {
    expect(committed.id).toBe(UNIFIED_APP_ID);
    expect(committed.id).not.toBe(xmlAddinId(xml));
    expect(flatten(committed)).toContain(
      `extensions.0.alternates.1.hide.customOfficeAddin.officeAddinId = ${xmlAddinId(xml)}`
    );
    expect((committed.description as { short: string }).short).toBe(SHORT_DESCRIPTION);
    expect(committed.icons).toEqual(PACKAGE_ICONS);
  });

  test("a production build's manifest points every URL at the production base and validates", async () => {
    const base = "https://addins.example.co.uk/mam/";
    const manifest = await unifiedManifest(rewriteManifestUrls(xml, base));
    const text = JSON.stringify(manifest);
    expect(text).not.toMatch(/localhost/);
    expect(manifest.validDomains).toEqual(["https://addins.example.co.uk"]);
    expect(flatten(manifest)).toContain(`extensions.0.runtimes.0.code.page = ${base}taskpane.html`);
    expect(schemaErrors(manifest)).toEqual([]);
  });
});

describe("the app package (npm run package:unified)", () => {
  test("holds manifest.json and the two icons at their sizes, and is the same bytes each time", async () => {
    const zipped = await appPackage(committedText);
    expect((await appPackage(committedText)).equals(zipped)).toBe(true);
    const zip = await JSZip.loadAsync(zipped);
    expect(Object.keys(zip.files).sort()).toEqual(
      ["manifest.json", PACKAGE_ICONS.color, PACKAGE_ICONS.outline].sort()
    );
    expect(await zip.file("manifest.json")!.async("string")).toBe(committedText);
    const color = await zip.file(PACKAGE_ICONS.color)!.async("nodebuffer");
    const outline = await zip.file(PACKAGE_ICONS.outline)!.async("nodebuffer");
    expect(pngSize(color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline)).toEqual({ width: 32, height: 32 });
  });
});

describe("the app icons (scripts/makeIcons.ts)", () => {
  test("the committed outline icon is what the script draws", () => {
    // (The 192-pixel colour icon takes seconds to draw; its size is checked with the package.)
    const { file, size } = APP_OUTLINE_ICON;
    const drawn = encodePng(size, size, drawIcon(size, 8, true));
    expect(readFileSync(path.join(ROOT, "assets", file)).equals(drawn)).toBe(true);
  });

  test("the outline icon is white on transparency, the colour icon is opaque in its middle", () => {
    const outline = drawIcon(APP_OUTLINE_ICON.size, 8, true);
    let marked = 0;
    for (let i = 0; i < outline.length; i += 4) {
      if (outline[i + 3] === 0) continue;
      marked++;
      expect([outline[i], outline[i + 1], outline[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(marked).toBeGreaterThan(0);
    expect(outline[3]).toBe(0); // the corner is transparent
    const size = APP_COLOR_ICON.size;
    const color = drawIcon(size, 2);
    expect(color[((size / 2) * size + size / 4) * 4 + 3]).toBe(255);
  });
});
