/** Child process of the memory figure: 1M synthetic rows in memory, one full check, peak RSS. */
import { DEFAULT_SUBMITTER, PROFILE_HEADER, syntheticRows } from "../scripts/syntheticRows";
import type { CellValue } from "../src/domain/types";
import { compiled } from "./compiled";
import { asHostRow } from "./lib";

const { MamEngine, v06a } = compiled();
const rows: CellValue[][] = [];
// Each row as a host would hand it over (flat strings: see asHostRow), made as it is generated.
for (const row of syntheticRows({ rows: 1_000_000, errorRate: 0.01, dates: "serial" }, []))
  rows.push(asHostRow(row as CellValue[]));
const engine = new MamEngine(v06a, { submitter: DEFAULT_SUBMITTER });
engine.load(PROFILE_HEADER, rows);
const summary = engine.summary();
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ peakRssMB, rows: engine.rowCount, findings: summary.error + summary.warning + summary.info })}\n`
);
