/**
 * A generated data set in a temporary data directory (never committed): the synthetic area appended through
 * the SQLite store, each batch recorded at its own moment. The load is preparation, not a benchmark goal,
 * so it runs with `synchronous=NORMAL` (no fsync per append); the append benchmark measures the default.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childrenIn, loadSyntheticArea, type SyntheticOptions } from "../fixtures/syntheticArea/index.js";
import { addMonths } from "../projections/calendar.js";
import { HISTORY_YEARS } from "../fixtures/syntheticArea/shapes.js";
import { seedClock } from "../src/demo/seed.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import { log, timed } from "./stats.js";

export interface DataSet {
  dir: string;
  file: string;
  options: SyntheticOptions;
  children: number;
  events: number;
  streams: number;
  batches: number;
  /** When the history begins and ends (recordedAt of the first and last event). */
  from: string;
  to: string;
  loadMs: number;
  fileMb: number;
  remove(): void;
}

export async function makeDataSet(options: SyntheticOptions, label: string): Promise<DataSet> {
  const dir = mkdtempSync(join(tmpdir(), `send-bench-${label}-`));
  const file = join(dir, "events.db");
  const clock = seedClock();
  const store = openSqliteStore(file, { clock: clock.now, synchronous: "NORMAL" });
  log(
    `${label}: generating and loading ${options.plans} plans + ${options.senSupport} SEN support into ${dir}`,
  );
  const { ms, value: report } = await timed(() => loadSyntheticArea(store, options, clock));
  await store.close();
  const wal = `${file}-wal`;
  const bytes = statSync(file).size + (statSync(wal, { throwIfNoEntry: false })?.size ?? 0);
  log(`${label}: ${report.events} events in ${report.batches} batches, ${Math.round(ms)} ms`);
  return {
    dir,
    file,
    options,
    children: childrenIn(options),
    events: report.events,
    streams: report.streams,
    batches: report.batches,
    from: report.firstRecordedAt ?? addMonths(options.today, -12 * HISTORY_YEARS),
    to: report.lastRecordedAt ?? options.today,
    loadMs: Math.round(ms),
    fileMb: Math.round(bytes / 1_048_576),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
