/**
 * @jest-environment jsdom
 *
 * The add-in package: manifest.xml, its icons, the task-pane page template and the production build
 * of the manifest. Runs offline: the manifest is validated with xmllint-wasm against Microsoft's
 * Office XML-manifest schemas, vendored in test/manifest-schemas (see its README for their source
 * and the repairs made), then checked for what the schemas cannot see. jsdom supplies DOMParser.
 *
 *     npx jest test/manifest.test.ts      (also: npm run validate:manifest)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { validateXML } from "xmllint-wasm";
import {
  DEFAULT_BASE_URL,
  DEV_BASE_URL,
  normaliseBaseUrl,
  productionBaseUrl,
  rewriteManifestUrls,
} from "../scripts/manifestUrls";

const ROOT = path.resolve(__dirname, "..");
const MANIFEST_PATH = path.join(ROOT, "manifest.xml");
const XSD_DIR = path.join(__dirname, "manifest-schemas");
const MAIN_XSD = "OfficeAppManifestV1_1.xsd";
const TEMPLATE_PATH = path.join(ROOT, "src/taskpane/taskpane.html");
/** A URL to this machine, in any form. */
const LOCAL_URL = /[a-z]+:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])/i;
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  ov11: "http://schemas.microsoft.com/office/taskpaneappversionoverrides/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

const manifestText = readFileSync(MANIFEST_PATH, "utf8");

function parse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`manifest is not well-formed XML: ${error.textContent}`);
  return doc;
}

/** Validates manifest text against the vendored XSDs; throws with xmllint's messages if invalid. */
async function validateAgainstXsd(xml: string): Promise<void> {
  const xsd = (name: string) => ({
    fileName: name,
    contents: readFileSync(path.join(XSD_DIR, name), "utf8"),
  });
  const preload = readdirSync(XSD_DIR)
    .filter((name) => name.endsWith(".xsd") && name !== MAIN_XSD)
    .map(xsd);
  const result = await validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [xsd(MAIN_XSD)],
    preload,
  });
  if (!result.valid) {
    throw new Error(
      `manifest.xml does not validate against ${MAIN_XSD}:\n${result.errors.map((e) => e.rawMessage).join("\n")}`
    );
  }
}

const doc = parse(manifestText);

function all(root: Document | Element, ns: string, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, name));
}

function one(root: Document | Element, ns: string, name: string): Element {
  const found = all(root, ns, name);
  if (found.length !== 1)
    throw new Error(`expected exactly one <${name}> (${ns}), found ${found.length}`);
  return found[0]!;
}

function xsiType(el: Element): string | null {
  return el.getAttributeNS(NS.xsi, "type");
}

function elements(root: Document): Element[] {
  return Array.from(root.getElementsByTagName("*"));
}

/** Resources by kind: id → DefaultValue. */
function resources(
  root: Document
): Record<"Images" | "Urls" | "ShortStrings" | "LongStrings", Map<string, string>> {
  const res = one(root, NS.ov, "Resources");
  const kind = (name: string, item: string) => {
    const map = new Map<string, string>();
    for (const group of all(res, NS.bt, name)) {
      for (const el of all(group, NS.bt, item)) {
        const id = el.getAttribute("id")!;
        if (map.has(id)) throw new Error(`resource id ${id} is defined twice in bt:${name}`);
        map.set(id, el.getAttribute("DefaultValue") ?? "");
      }
    }
    return map;
  };
  return {
    Images: kind("Images", "Image"),
    Urls: kind("Urls", "Url"),
    ShortStrings: kind("ShortStrings", "String"),
    LongStrings: kind("LongStrings", "String"),
  };
}

/** Every URL the manifest holds: DefaultValue/Override values and element text that look like URLs. */
function urlsIn(root: Document): string[] {
  const urls: string[] = [];
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:/i;
  for (const el of elements(root)) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name === "xmlns" || attr.name.startsWith("xmlns:") || attr.namespaceURI === NS.xsi)
        continue;
      if (looksLikeUrl.test(attr.value.trim())) urls.push(attr.value.trim());
    }
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === node.TEXT_NODE && looksLikeUrl.test((node.textContent ?? "").trim())) {
        urls.push(node.textContent!.trim());
      }
    }
  }
  return urls;
}

/** The repository file that webpack serves or emits at a dev-server URL. */
function sourceFileFor(url: string): string {
  const rel = url.slice(DEV_BASE_URL.length).split(/[?#]/)[0]!;
  if (rel === "taskpane.html") return TEMPLATE_PATH;
  if (rel.startsWith("assets/")) return path.join(ROOT, rel);
  throw new Error(
    `${url}: webpack.config.js emits nothing at this path (only taskpane.html and assets/*)`
  );
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 8).toString("hex") !== "89504e470d0a1a0a")
    throw new Error(`${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("manifest.xml", () => {
  test("validates against the Office add-in manifest schemas (v1.1, offline)", async () => {
    await validateAgainstXsd(manifestText);
  });

  test("the validator rejects an invalid manifest (the check is live)", async () => {
    const broken = manifestText.replace(
      "<Permissions>ReadWriteDocument</Permissions>",
      "<Permissions>Everything</Permissions>"
    );
    await expect(validateAgainstXsd(broken)).rejects.toThrow(/Permissions/);
  });

  test("is an Excel task-pane add-in named MAM Workbench", () => {
    const app = doc.documentElement;
    expect(app.namespaceURI).toBe(NS.app);
    expect(app.localName).toBe("OfficeApp");
    expect(xsiType(app)).toBe("TaskPaneApp");
    expect(one(doc, NS.app, "ProviderName").textContent).toBe("MAM Workbench");
    expect(one(doc, NS.app, "DisplayName").getAttribute("DefaultValue")).toBe("MAM Workbench");
    expect(one(doc, NS.app, "Id").textContent).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
    );
    const hosts = all(one(doc, NS.app, "Hosts"), NS.app, "Host").map((h) => h.getAttribute("Name"));
    expect(hosts).toEqual(["Workbook"]);
  });

  test("asks for ReadWriteDocument permission", () => {
    expect(one(doc, NS.app, "Permissions").textContent).toBe("ReadWriteDocument");
  });

  test("requires ExcelApi 1.9 or later (worksheets.onChanged on the collection is ExcelApi 1.9)", () => {
    const requirements = one(doc, NS.app, "Requirements");
    const sets = all(requirements, NS.app, "Set").filter(
      (s) => s.getAttribute("Name") === "ExcelApi"
    );
    expect(sets).toHaveLength(1);
    const [major, minor] = sets[0]!.getAttribute("MinVersion")!.split(".").map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(9);
  });

  test("version matches package.json (Office caches manifests by Id and Version)", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const core = pkg.version.split(/[-+]/)[0]!;
    expect(one(doc, NS.app, "Version").textContent).toBe(`${core}.0`);
  });

  test("uses only elements the 2019 schemas check (no VersionOverrides 1.1, no <Runtimes>)", () => {
    expect(all(doc, NS.ov11, "*")).toHaveLength(0);
    expect(elements(doc).filter((el) => el.localName === "Runtimes")).toHaveLength(0);
  });

  test("every resid refers to a resource of the right kind, and every resource is used", () => {
    const res = resources(doc);
    const used = new Set<string>();
    const problems: string[] = [];
    for (const el of elements(doc)) {
      const resid = el.getAttribute("resid");
      if (resid === null) continue;
      used.add(resid);
      const kind =
        el.namespaceURI === NS.bt && el.localName === "Image"
          ? "Images"
          : ["SourceLocation", "LearnMoreUrl", "FunctionFile"].includes(el.localName)
            ? "Urls"
            : ["Label", "Title"].includes(el.localName)
              ? "ShortStrings"
              : el.localName === "Description"
                ? "LongStrings"
                : null;
      if (kind === null)
        problems.push(`<${el.localName} resid="${resid}">: unknown kind of resource reference`);
      else if (!res[kind].has(resid))
        problems.push(`<${el.localName} resid="${resid}">: no bt:${kind} entry with that id`);
    }
    for (const [kind, map] of Object.entries(res)) {
      for (const id of map.keys())
        if (!used.has(id)) problems.push(`bt:${kind} "${id}" is defined but never used`);
    }
    expect(problems).toEqual([]);
  });

  test("every URL is https, and every local URL is under the dev base URL that the build rewrites", () => {
    const urls = urlsIn(doc);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url).toMatch(/^https:\/\//);
      expect(() => new URL(url)).not.toThrow();
      if (/localhost|127\.0\.0\.1|\[::1\]/i.test(url))
        expect(url.startsWith(DEV_BASE_URL)).toBe(true);
    }
  });

  test("every file the manifest points to exists, and each icon has its declared size", () => {
    const urls = urlsIn(doc).filter((u) => u.startsWith(DEV_BASE_URL));
    for (const url of urls) {
      const file = sourceFileFor(url);
      if (!existsSync(file))
        throw new Error(
          `${url}: ${path.relative(ROOT, file)} does not exist (run npx tsx scripts/makeIcons.ts for icons)`
        );
    }
    const expectSquare = (url: string, size: number) => {
      expect({ url, ...pngSize(sourceFileFor(url)) }).toEqual({ url, width: size, height: size });
    };
    expectSquare(one(doc, NS.app, "IconUrl").getAttribute("DefaultValue")!, 32);
    expectSquare(one(doc, NS.app, "HighResolutionIconUrl").getAttribute("DefaultValue")!, 64);
    const images = resources(doc).Images;
    const iconRefs = all(doc, NS.bt, "Image").filter((el) => el.hasAttribute("size"));
    expect(iconRefs.length).toBeGreaterThan(0);
    for (const ref of iconRefs) {
      expectSquare(images.get(ref.getAttribute("resid")!)!, Number(ref.getAttribute("size")));
    }
  });

  test("a Home-tab group labelled MAM Workbench has a button that opens the task pane", () => {
    const res = resources(doc);
    const overrides = one(doc, NS.ov, "VersionOverrides");
    expect(xsiType(overrides)).toBe("VersionOverridesV1_0");
    const host = one(overrides, NS.ov, "Host");
    expect(xsiType(host)).toBe("Workbook");
    const surface = all(host, NS.ov, "ExtensionPoint").find(
      (e) => xsiType(e) === "PrimaryCommandSurface"
    );
    expect(surface).toBeDefined();
    const tab = one(surface!, NS.ov, "OfficeTab");
    expect(tab.getAttribute("id")).toBe("TabHome");
    const group = one(tab, NS.ov, "Group");
    const groupLabel = Array.from(group.children).find((c) => c.localName === "Label")!;
    expect(res.ShortStrings.get(groupLabel.getAttribute("resid")!)).toBe("MAM Workbench");

    const buttons = all(group, NS.ov, "Control").filter((c) => xsiType(c) === "Button");
    expect(buttons).toHaveLength(1);
    const icons = all(buttons[0]!, NS.bt, "Image").map((i) => Number(i.getAttribute("size")));
    expect(icons.sort((a, b) => a - b)).toEqual([16, 32, 80]);
    const action = one(buttons[0]!, NS.ov, "Action");
    expect(xsiType(action)).toBe("ShowTaskpane");
    const pane = res.Urls.get(one(action, NS.ov, "SourceLocation").getAttribute("resid")!);
    expect(pane).toBe(`${DEV_BASE_URL}taskpane.html`);
    const defaultPane = one(
      one(doc, NS.app, "DefaultSettings"),
      NS.app,
      "SourceLocation"
    ).getAttribute("DefaultValue");
    expect(defaultPane).toBe(pane);
  });
});

describe("production manifest URLs (scripts/manifestUrls.js)", () => {
  const base = "https://addins.example.co.uk/mam/";

  test("rewriting leaves no localhost URL and points every local URL at the base", async () => {
    const out = rewriteManifestUrls(manifestText, base);
    expect(out).not.toMatch(LOCAL_URL);
    const before = urlsIn(doc).filter((u) => u.startsWith(DEV_BASE_URL));
    const after = urlsIn(parse(out));
    expect(after.filter((u) => u.startsWith(base))).toHaveLength(before.length);
    expect(after.every((u) => u.startsWith("https://"))).toBe(true);
    await validateAgainstXsd(out);
  });

  test("the base URL defaults when ADDIN_BASE_URL is unset, and gains a trailing slash", () => {
    expect(productionBaseUrl({})).toBe(DEFAULT_BASE_URL);
    expect(productionBaseUrl({ ADDIN_BASE_URL: "  " })).toBe(DEFAULT_BASE_URL);
    expect(productionBaseUrl({ ADDIN_BASE_URL: "https://addins.example.co.uk/mam" })).toBe(base);
    expect(rewriteManifestUrls(manifestText)).toContain(`${DEFAULT_BASE_URL}taskpane.html`);
  });

  test("rejects base URLs Office cannot load or that would leave a local address", () => {
    expect(() => normaliseBaseUrl("http://addins.example.co.uk/")).toThrow(/https/);
    expect(() => normaliseBaseUrl("addins.example.co.uk")).toThrow(/absolute/);
    expect(() => normaliseBaseUrl("https://addins.example.co.uk/?v=1")).toThrow(/query/);
    expect(() => normaliseBaseUrl("https://localhost:8443/")).toThrow(/loopback/);
    expect(() =>
      rewriteManifestUrls(
        manifestText.replace("</OfficeApp>", "<!-- https://localhost:4000/x --></OfficeApp>"),
        base
      )
    ).toThrow(/local address/);
  });

  test("webpack --mode production writes dist/manifest.xml with ADDIN_BASE_URL and a page with the CDN office.js", () => {
    // A real build into a temporary folder, with a trivial JavaScript entry: the task-pane entry
    // is tested elsewhere, and this checks the copying, rewriting and HTML template wiring.
    const out = mkdtempSync(path.join(tmpdir(), "mam-webpack-"));
    try {
      const entry = path.join(out, "entry.js");
      writeFileSync(entry, 'document.getElementById("container").textContent = "ok";\n');
      const cli = require.resolve("webpack-cli/bin/cli.js");
      execFileSync(
        process.execPath,
        [
          cli,
          "--mode",
          "production",
          "--env",
          `entry=${entry}`,
          "--output-path",
          path.join(out, "dist"),
        ],
        {
          cwd: ROOT,
          env: { ...process.env, ADDIN_BASE_URL: base },
          stdio: "pipe",
        }
      );
      const built = readFileSync(path.join(out, "dist/manifest.xml"), "utf8");
      expect(built).not.toMatch(LOCAL_URL);
      expect(built).toContain(`${base}taskpane.html`);
      for (const icon of ["icon-16.png", "icon-32.png", "icon-64.png", "icon-80.png"]) {
        expect(existsSync(path.join(out, "dist/assets", icon))).toBe(true);
      }
      const html = readFileSync(path.join(out, "dist/taskpane.html"), "utf8");
      expect(html).toContain(`src=${OFFICE_JS}`);
      expect(html).toMatch(/<script defer(="")? src="?taskpane\.[0-9a-f]{20}\.js"?>/);
      expect(html.indexOf(OFFICE_JS)).toBeLessThan(html.indexOf("taskpane."));
      expect(html).toContain("Content-Security-Policy");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("task-pane page template (src/taskpane/taskpane.html)", () => {
  const page = new DOMParser().parseFromString(readFileSync(TEMPLATE_PATH, "utf8"), "text/html");

  test("loads office.js from the Microsoft CDN before anything else and has the React container", () => {
    const scripts = Array.from(page.querySelectorAll("script"));
    expect(scripts.map((s) => s.getAttribute("src"))).toEqual([OFFICE_JS]);
    expect(page.getElementById("container")).not.toBeNull();
  });

  test("has a strict Content-Security-Policy: scripts from 'self' and the office.js CDN only", () => {
    const meta = page.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(meta).not.toBeNull();
    const directives = new Map(
      meta!
        .getAttribute("content")!
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map((parts) => [parts[0]!, parts.slice(1)] as const)
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(directives.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    // Nothing but 'self', 'none', 'unsafe-inline' (styles) and the office.js CDN anywhere.
    const allowed = new Set([
      "'self'",
      "'none'",
      "'unsafe-inline'",
      "https://appsforoffice.microsoft.com",
    ]);
    for (const [name, sources] of directives) {
      for (const source of sources)
        expect({ name, source, allowed: allowed.has(source) }).toEqual({
          name,
          source,
          allowed: true,
        });
    }
    expect(directives.get("script-src")).not.toContain("'unsafe-inline'");
  });

  test("the README's deployment guide quotes the page's Content-Security-Policy exactly", () => {
    const meta = page.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const quoted = /```\n((?:\s*default-src[^`]*?))```/.exec(readme);
    expect(quoted).not.toBeNull();
    const words = (text: string) => text.trim().split(/\s+/).join(" ");
    expect(words(quoted![1]!)).toBe(words(meta.getAttribute("content")!));
  });
});
