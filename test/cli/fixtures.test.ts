/** The committed test/fixtures/ are exactly what scripts/makeFixtures.ts writes (it is deterministic). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildFixtures, FIXTURE_DIR } from "../../scripts/makeFixtures";

test("test/fixtures/ is current (if not, run `npx tsx scripts/makeFixtures.ts` and commit test/fixtures/)", async () => {
  const files = await buildFixtures();
  const stale: string[] = [];
  for (const [name, bytes] of files) {
    const file = path.join(FIXTURE_DIR, name);
    if (!existsSync(file) || !readFileSync(file).equals(bytes)) stale.push(name);
  }
  expect(stale).toEqual([]);
});

test("building the fixtures twice gives the same bytes", async () => {
  const [a, b] = [await buildFixtures(), await buildFixtures()];
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!)).toBe(true);
});
