/** The read side as the server and the CLI both open it: the store, the snapshot file, the runner. */
import { join } from "node:path";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import type { Settings } from "../config.js";
import { openStore } from "../store/open.js";
import type { EventStore } from "../store/port.js";
import { type HeavyWork, startHeavyWork } from "./heavyWork.js";
import { type HistoryRun, startHistorySnapshots } from "./historySnapshots.js";
import { ProjectionRunner, type RunnerOptions } from "./runner.js";
import { openSnapshotStore, type SnapshotStore } from "./snapshots.js";

export interface ReadSide {
  store: EventStore;
  snapshots: SnapshotStore;
  runner: ProjectionRunner<EvidenceState>;
  /** The worker filling the history's snapshots for "as at", when asked for. */
  history?: HistoryRun;
  /** Worker threads for heavy reads (workbook, packs, verify), when asked for. */
  heavyWork?: HeavyWork;
  close(): Promise<void>;
}

/**
 * The runner's options as the read side sets them: with the history worker, the worker writes the
 * checkpoint after a catch-up (with the history's snapshots), so the event loop never waits for it.
 */
export const readSideRunnerOptions = (options: { historySnapshots?: boolean }): RunnerOptions => ({
  checkpointAfterCatchUp: !options.historySnapshots,
});

export async function openReadSide(
  settings: Pick<Settings, "DATA_DIR" | "EVENTSTORE_URL">,
  options: { historySnapshots?: boolean; heavyWorkers?: number } = {},
): Promise<ReadSide> {
  const store = openStore(settings);
  const snapshots = openSnapshotStore(join(settings.DATA_DIR, "projections.db"));
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, readSideRunnerOptions(options));
  await runner.start();
  // After the catch-up: the worker writes the checkpoint and fills the history, off the event loop.
  const history = options.historySnapshots ? startHistorySnapshots(settings) : undefined;
  const heavyWork = options.heavyWorkers
    ? startHeavyWork(settings, { workers: options.heavyWorkers })
    : undefined;
  return {
    store,
    snapshots,
    runner,
    ...(history ? { history } : {}),
    ...(heavyWork ? { heavyWork } : {}),
    async close() {
      await heavyWork?.close();
      await history?.stop();
      await runner.stop();
      snapshots.close();
      await store.close();
    },
  };
}
