/** Worker thread: fill the history's snapshots (see historySnapshots.ts) and report what it saved. */
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { evidenceProjection } from "../../projections/evidence.js";
import { openStore } from "../store/open.js";
import { fillHistory, HISTORY_SNAPSHOTS, historyTargets } from "./historySnapshots.js";
import { openSnapshotStore } from "./snapshots.js";

const settings = workerData as { DATA_DIR: string; EVENTSTORE_URL?: string };
const store = openStore(settings);
const snapshots = openSnapshotStore(join(settings.DATA_DIR, "projections.db"));
try {
  const existing = snapshots.list(evidenceProjection.name, evidenceProjection.version).map((s) => s.position);
  // The log's head as it is now: the runner may have written no checkpoint (the read side leaves the
  // checkpoint after a catch-up to this worker), and events may have arrived since.
  const head = (await store.head()).position;
  const report = await fillHistory(
    store,
    snapshots,
    evidenceProjection,
    historyTargets(existing, head, HISTORY_SNAPSHOTS),
  );
  parentPort?.postMessage(report);
} finally {
  snapshots.close();
  await store.close();
}
