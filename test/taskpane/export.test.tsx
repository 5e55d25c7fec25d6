/** @jest-environment jsdom */
import "./setup";
import { createHash } from "node:crypto";
import { act, screen, waitFor } from "@testing-library/react";
import { terminalCommand } from "../../src/taskpane/saveSteps";
import {
  COL,
  mpanFor,
  openFilters,
  renderApp,
  renderedFindings,
  settle,
  SUBMITTER,
  type Rendered,
} from "./harness";

const FILE_NAME = /^MA_CGI_70-B3-D5-1F-30-00-A0-08_\d{8}_\d{6}\.csv$/;

function exportButton(): HTMLElement {
  return screen.getByRole("button", { name: /^Export MA file/ });
}

function isDisabled(el: HTMLElement): boolean {
  return el.hasAttribute("disabled") || el.getAttribute("aria-disabled") === "true";
}

let clipboardWrites: string[];
let clipboardRefuses: boolean;
let createObjectURL: jest.Mock;
let downloads: { href: string; download: string }[];

/** Call after userEvent.setup() (it installs a clipboard of its own). */
function stubBrowser(): void {
  clipboardWrites = [];
  clipboardRefuses = false;
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: {
      writeText: jest.fn(async (text: string) => {
        if (clipboardRefuses) throw new DOMException("Write permission denied.", "NotAllowedError");
        clipboardWrites.push(text);
      }),
    },
  });
  createObjectURL = jest.fn(() => "blob:mam/1");
  Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
  downloads = [];
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement
  ) {
    downloads.push({ href: this.href, download: this.download });
  });
}

afterEach(() => jest.restoreAllMocks());

/** Puts the sample's two errors right by typing, as the user would. */
async function fixErrorsByTyping({ host, workbench }: Rendered): Promise<void> {
  act(() => {
    host.edit("Installations", `${COL.mpan}3`, mpanFor(2));
    host.edit("Installations", `${COL.importSupplierEuid}8`, SUBMITTER);
    host.edit("Installations", `${COL.gasSupplierEuid}8`, SUBMITTER);
  });
  await waitFor(() => expect(workbench.getState().summary.error).toBe(0));
  await settle(workbench);
}

describe("export", () => {
  test("disabled with the reason in view while errors stand; Show the errors filters to them", async () => {
    const r = await renderApp();
    stubBrowser();
    await r.user.click(screen.getByRole("tab", { name: "Export" }));
    expect(isDisabled(exportButton())).toBe(true);
    const reason = screen.getByTestId("export-reason");
    expect(reason.textContent).toBe("2 errors must be fixed before the MA file can be written.");
    expect(exportButton().getAttribute("aria-describedby")).toBe(reason.id);
    await r.user.click(exportButton());
    expect(createObjectURL).not.toHaveBeenCalled();
    await r.user.click(screen.getByRole("button", { name: "Show the errors" }));
    expect(renderedFindings()).toEqual(["A3 MAM-102", "G8 MAM-312"]);
    // Focus lands on the Findings panel's heading, not on the page's body.
    expect(document.activeElement?.id).toBe("panel-heading-findings");
    await openFilters(r.user);
    expect((screen.getByRole("switch", { name: "Only errors" }) as HTMLInputElement).checked).toBe(
      true
    );
  });

  test("the submitting EUID and the DCO code are validated (the EUID once the field is left)", async () => {
    const r = await renderApp();
    await r.user.click(screen.getByRole("tab", { name: "Export" }));
    expect(document.activeElement?.id).toBe("panel-heading-export");
    const euid = screen.getByRole("textbox", { name: /Submitting supplier EUID/ });
    expect((euid as HTMLInputElement).value).toBe(SUBMITTER);
    expect(screen.getByText("Valid DCC User ID.")).toBeTruthy();
    await r.user.clear(euid);
    expect(screen.getByText("Enter the submitting supplier's EUID (DCC User ID).")).toBeTruthy();
    await r.user.type(euid, "70-B3-D5");
    expect(screen.getByText(/^Not a DCC User ID: /)).toBeTruthy();
    expect(euid.getAttribute("aria-invalid")).toBe("true");
    await r.user.clear(euid);
    await r.user.type(euid, "70b3d51f3000a008");
    expect(screen.getByText("Valid DCC User ID.")).toBeTruthy();
    await r.user.tab(); // commits at once (otherwise after a pause)
    await settle(r.workbench);
    expect(r.workbench.getState().submitter).toBe("70b3d51f3000a008");
    expect(r.host.settings.submitter).toBe("70b3d51f3000a008");

    const dco = screen.getByRole("textbox", { name: /DCO code/ });
    expect((dco as HTMLInputElement).value).toBe("CGI");
    await r.user.clear(dco);
    await r.user.type(dco, "cg");
    expect(screen.getByText(/DCO code "cg" must be 2-8 capital letters or digits/)).toBeTruthy();
    await r.user.clear(dco);
    await r.user.type(dco, "CGI");
    expect(screen.queryByText(/must be 2-8 capital letters/)).toBeNull();
  });

  test("an invalid EUID blocks export with its reason; the Test workbook switch is saved", async () => {
    const r = await renderApp();
    await fixErrorsByTyping(r);
    await r.user.click(screen.getByRole("tab", { name: "Export" }));
    const euid = screen.getByRole("textbox", { name: /Submitting supplier EUID/ });
    await r.user.clear(euid);
    await r.user.type(euid, "90-B3-D5-1F-30-00-A0-08");
    expect(screen.getByTestId("export-reason").textContent).toMatch(
      /^The submitting EUID is not valid: Not a DCC User ID: /
    );
    expect(isDisabled(exportButton())).toBe(true);
    await r.user.click(screen.getByRole("switch", { name: /Test workbook/ }));
    await settle(r.workbench);
    expect(r.host.settings.testWorkbook).toBe(true);
    expect(screen.getByText("Valid DCC User ID.")).toBeTruthy();
  });

  test("enabled once the errors are fixed; warnings need the one acknowledgement; the Blob download shows name, rows and SHA-256", async () => {
    const r = await renderApp();
    stubBrowser();
    await fixErrorsByTyping(r);
    await r.user.click(screen.getByRole("tab", { name: "Export" }));
    expect(screen.getByTestId("warnings-ack").textContent).toContain(
      "MAM-311 Duplicate-supplier EUIDs × 1: H7"
    );
    expect(screen.getByTestId("export-reason").textContent).toBe(
      'Tick "I have checked this warning" first.'
    );
    expect(isDisabled(exportButton())).toBe(true);

    await r.user.click(screen.getByRole("checkbox", { name: "I have checked this warning" }));
    expect(screen.queryByTestId("export-reason")).toBeNull();
    expect(isDisabled(exportButton())).toBe(false);
    await exportAndWait(r);

    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const blob = createObjectURL.mock.calls[0][0] as Blob;
    expect(blob.type).toBe("text/csv;charset=utf-8");
    expect(downloads).toHaveLength(1);
    expect(downloads[0].href).toBe("blob:mam/1");
    expect(downloads[0].download).toMatch(FILE_NAME);

    const content = await readBlob(blob);
    expect(content.split("\r\n")[0]).toBe(
      "MPAN,MPRN,ESME ID,GSME ID,CHF ID,PPMID ID,Import Supplier EUID,Gas Supplier EUID,Group ID,SMSO ID,Meter Status,Authorisation Date,Supplier Reference"
    );
    expect(screen.getByTestId("export-file-name").textContent).toBe(downloads[0].download);
    expect(screen.getByTestId("export-rows").textContent).toBe("7");
    expect(screen.getByTestId("export-sha256").textContent).toBe(
      createHash("sha256").update(content, "utf8").digest("hex")
    );
    expect(screen.getByRole("button", { name: "Download didn't work?" })).toBeTruthy();
    expect(screen.queryByTestId("mac-fallback")).toBeNull();
  });

  test("on a Mac: exact Terminal steps that save the file byte for byte, the SHA-256 to check, and the lines on a new sheet", async () => {
    const r = await renderApp(undefined, { platform: "Mac" });
    stubBrowser();
    await fixErrorsByTyping(r);
    await r.user.click(screen.getByRole("tab", { name: "Export" }));
    await r.user.click(screen.getByRole("checkbox", { name: "I have checked this warning" }));
    await exportAndWait(r);
    const fileName = screen.getByTestId("export-file-name").textContent!;
    expect(fileName).toMatch(FILE_NAME);
    expect(screen.getByTestId("mac-fallback").textContent).toContain("Downloads from add-ins");
    const steps = screen.getByTestId("save-by-hand");
    expect(steps.textContent).toContain(fileName);
    expect(steps.textContent).toContain("TextEdit would not");
    const sha = screen.getByTestId("export-sha256").textContent!;
    expect(steps.textContent).toContain(
      `shasum -a 256 ~/Downloads/'${fileName}' must print the SHA-256 ${sha}`
    );

    await r.user.click(screen.getByRole("button", { name: "Copy the Terminal command" }));
    await r.user.click(screen.getByRole("button", { name: "Copy the file's lines" }));
    await settle(r.workbench);
    expect(clipboardWrites[0]).toBe(terminalCommand(fileName));
    expect(clipboardWrites[1].endsWith("\r\n")).toBe(true);
    expect(clipboardWrites[1].split("\r\n")).toHaveLength(9); // header + 7 rows + the last CRLF

    await r.user.click(screen.getByRole("button", { name: "Put the lines on a new sheet too" }));
    await settle(r.workbench);
    expect(r.host.textSheets).toHaveLength(1);
    const sheet = r.host.textSheets[0];
    // The sheet keeps the file's date and time (its full name is over Excel's 31 characters).
    const [, date, time] = /_(\d{8})_(\d{6})\.csv$/.exec(fileName)!;
    expect(sheet.name).toBe(`MA file ${date} ${time}`);
    expect(sheet.lines.join("\r\n") + "\r\n").toBe(clipboardWrites[1]);
    expect(screen.getByTestId("fallback-status").textContent).toContain(
      `on the new sheet "${sheet.name}"`
    );
  });

  test("Download didn't work? on any platform; a refused clipboard shows the lines, selected", async () => {
    const r = await renderApp();
    stubBrowser();
    await fixErrorsByTyping(r);
    await r.user.click(screen.getByRole("tab", { name: "Export" }));
    await r.user.click(screen.getByRole("checkbox", { name: "I have checked this warning" }));
    await exportAndWait(r);
    clipboardRefuses = true;
    await r.user.click(screen.getByRole("button", { name: "Download didn't work?" }));
    const steps = screen.getByTestId("save-by-hand");
    expect(steps.textContent).toContain("Notepad");
    expect(steps.textContent).toContain("Get-FileHash -Algorithm SHA256");
    await r.user.click(screen.getByRole("button", { name: "Copy the file's lines" }));
    await settle(r.workbench);
    expect(clipboardWrites).toEqual([]);
    const area = screen.getByRole("textbox", { name: "The file's lines" }) as HTMLTextAreaElement;
    expect(area.value.split("\r\n")[0]).toMatch(/^MPAN,MPRN,/);
    expect(document.activeElement).toBe(area);
    expect([area.selectionStart, area.selectionEnd]).toEqual([0, area.value.length]);
  });
});

/**
 * Clicks Export and waits for the file: its SHA-256 is worked out off the Workbench's queue
 * (crypto.subtle), so `settle` alone can return first on a busy machine.
 */
async function exportAndWait(r: Rendered): Promise<void> {
  await r.user.click(exportButton());
  await screen.findByTestId("export-file-name", undefined, { timeout: 10_000 });
  await settle(r.workbench);
}

function readBlob(blob: Blob): Promise<string> {
  if (typeof blob.text === "function") return blob.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}
