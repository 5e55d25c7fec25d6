/**
 * The pane's controller takes the profile and the clock as values: a second profile runs through
 * it unchanged, and when the day changes (the pane open past midnight) the date rules are checked
 * again for the new day, by the DayWatch's timer or on demand.
 */
import { headerFor, PINNED_TODAY, rowFor, SUBMITTER, validRecord } from "../../scripts/rowBuilder";
import { Workbench } from "../../src/app/workbench";
import { v06a, type MamProfile } from "../../src/domain/profile";
import type { CellValue } from "../../src/domain/types";
import { age90, alt1 } from "../profiles/profiles";
import { MemoryHost } from "../taskpane/memoryHost";

/** Europe/London noon of the pinned day, and a clock the test moves. */
function clock(iso = `${PINNED_TODAY}T12:00:00Z`) {
  let now = new Date(iso);
  return { now: () => now, set: (to: string) => (now = new Date(to)) };
}

function sheet(profile: MamProfile, records: Record<string, CellValue>[]): CellValue[][] {
  return [headerFor(profile), ...records.map((r) => rowFor(profile, r))];
}

async function started(host: MemoryHost, workbench: Workbench): Promise<void> {
  await workbench.start();
  await workbench.idle();
  expect(workbench.getState().phase).toBe("ready");
  expect(host.isWatched("Installations")).toBe(true);
}

test("alt1 through the controller: its sheet is found, checked and exported with its headers", async () => {
  const rows = sheet(alt1, [validRecord(1), { ...validRecord(2), mpan: "1312345678901" }]);
  // A sheet with the shipped profile's headers is no candidate for alt1: the Workbench judges the
  // sheets with its own profile, so it opens the one sheet that matches without asking.
  const shipped = sheet(v06a, [validRecord(1)]);
  const host = new MemoryHost(
    { Notes: [["notes"]], "MA v06a": shipped, Installations: rows },
    { settings: { submitter: SUBMITTER } }
  );
  const time = clock();
  const workbench = new Workbench(host, "test", { profile: alt1, now: time.now, dayCheckMs: 0 });
  await started(host, workbench);
  expect(workbench.getState().sheet).toBe("Installations");
  expect(workbench.getState().findings.map((f) => `${f.cell} ${f.code}`)).toEqual(["D3 MAM-102"]);
  host.edit("Installations", "D3", validRecord(2).mpan);
  await new Promise((r) => setTimeout(r, 200)); // the typing debounce
  await workbench.idle();
  expect(workbench.getState().findings).toEqual([]);
  const file = await workbench.prepareExport(false, new Date(`${PINNED_TODAY}T12:00:00Z`));
  if (!file.ok) throw new Error(file.reason);
  expect(file.content.split("\r\n")[0]).toBe(headerFor(alt1).join(","));
  await workbench.dispose();
});

test("past midnight the date rules are checked for the new day (checkDay)", async () => {
  const rows = sheet(age90, [validRecord(1, { ageDays: 90 }), validRecord(2, { ageDays: 10 })]);
  const host = new MemoryHost({ Installations: rows }, { settings: { submitter: SUBMITTER } });
  const time = clock(`${PINNED_TODAY}T23:59:00Z`);
  const workbench = new Workbench(host, "test", { profile: age90, now: time.now, dayCheckMs: 0 });
  await started(host, workbench);
  expect(workbench.getState().findings).toEqual([]);
  await workbench.checkDay(); // the same day: nothing to do
  expect(workbench.getState().findings).toEqual([]);
  time.set("2021-02-01T00:00:30Z"); // midnight in London (GMT in winter)
  await workbench.checkDay();
  expect(workbench.getState().findings.map((f) => `${f.cell} ${f.code}`)).toEqual(["L2 MAM-901"]);
  expect(host.highlights.get("Installations")?.get("L2")).toBe("warning");
  await workbench.dispose();
});

test("the DayWatch's timer notices the new day by itself", async () => {
  const rows = sheet(age90, [validRecord(1, { ageDays: 90 })]);
  const host = new MemoryHost({ Installations: rows }, { settings: { submitter: SUBMITTER } });
  const time = clock(`${PINNED_TODAY}T23:59:00Z`);
  const workbench = new Workbench(host, "test", { profile: age90, now: time.now, dayCheckMs: 5 });
  await started(host, workbench);
  expect(workbench.getState().findings).toEqual([]);
  time.set("2021-02-01T00:00:30Z");
  for (let i = 0; i < 100 && workbench.getState().findings.length === 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  await workbench.idle();
  expect(workbench.getState().findings.map((f) => f.code)).toEqual(["MAM-901"]);
  await workbench.dispose();
});

test("in summer the day turns at midnight British Summer Time, not UTC", async () => {
  const host = new MemoryHost(
    { Installations: sheet(age90, [validRecord(1, { today: "2021-07-01", ageDays: 90 })]) },
    { settings: { submitter: SUBMITTER } }
  );
  const time = clock("2021-07-01T22:00:00Z"); // 23:00 BST on 1 July
  const workbench = new Workbench(host, "test", { profile: age90, now: time.now, dayCheckMs: 0 });
  await started(host, workbench);
  expect(workbench.getState().findings).toEqual([]);
  time.set("2021-07-01T23:00:00Z"); // midnight BST: 2 July in London, still 1 July in UTC
  await workbench.checkDay();
  expect(workbench.getState().findings.map((f) => f.code)).toEqual(["MAM-901"]);
  await workbench.dispose();
});
