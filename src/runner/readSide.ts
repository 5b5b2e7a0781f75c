/** The read side as the server and the CLI both open it: the store, the snapshot file, the runner. */
import { join } from "node:path";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import type { Settings } from "../config.js";
import { openStore } from "../store/open.js";
import type { EventStore } from "../store/port.js";
import { type HeavyWork, startHeavyWork } from "./heavyWork.js";
import { type HistoryRun, startHistorySnapshots } from "./historySnapshots.js";
import { type ProjectionFailure, ProjectionRunner, type RunnerOptions } from "./runner.js";
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

/** A projection failed on an event while the read side caught up: nothing can be read from it. */
export class ReadModelsUnavailable extends Error {
  constructor(readonly failure: ProjectionFailure) {
    super(
      `the read models are unavailable: projection ${failure.projection} failed on ${failure.type} at log position ${failure.position} (${failure.stream}): ${failure.message}`,
    );
    this.name = "ReadModelsUnavailable";
  }
}

/**
 * Open the read side and catch up. If a projection fails on an event the server stays up and answers 503s
 * (`serveWhenFailed`, see src/http/readHealth.ts); anyone else (the CLI writing a file) gets
 * `ReadModelsUnavailable`, never a file built from a half-folded model.
 */
export async function openReadSide(
  settings: Pick<Settings, "DATA_DIR" | "EVENTSTORE_URL">,
  options: { historySnapshots?: boolean; serveWhenFailed?: boolean; heavyWorkers?: number } = {},
): Promise<ReadSide> {
  const store = openStore(settings);
  const snapshots = openSnapshotStore(join(settings.DATA_DIR, "projections.db"));
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots, readSideRunnerOptions(options));
  await runner.start();
  const failure = runner.failure();
  if (failure && !options.serveWhenFailed) {
    await runner.stop();
    snapshots.close();
    await store.close();
    throw new ReadModelsUnavailable(failure);
  }
  // After the catch-up: the worker writes the checkpoint and fills the history, off the event loop.
  const history = options.historySnapshots && !failure ? startHistorySnapshots(settings) : undefined;
  const heavyWork =
    options.heavyWorkers && !failure
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
