/** The read side as the server and the CLI both open it: the store, the snapshot file, the runner. */
import { join } from "node:path";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import type { Settings } from "../config.js";
import { openStore } from "../store/open.js";
import type { EventStore } from "../store/port.js";
import { ProjectionRunner } from "./runner.js";
import { openSnapshotStore, type SnapshotStore } from "./snapshots.js";

export interface ReadSide {
  store: EventStore;
  snapshots: SnapshotStore;
  runner: ProjectionRunner<EvidenceState>;
  close(): Promise<void>;
}

export async function openReadSide(
  settings: Pick<Settings, "DATA_DIR" | "EVENTSTORE_URL">,
): Promise<ReadSide> {
  const store = openStore(settings);
  const snapshots = openSnapshotStore(join(settings.DATA_DIR, "projections.db"));
  const runner = new ProjectionRunner(store, evidenceProjection, snapshots);
  await runner.start();
  return {
    store,
    snapshots,
    runner,
    async close() {
      await runner.stop();
      snapshots.close();
      await store.close();
    },
  };
}
