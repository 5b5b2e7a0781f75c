/**
 * Snapshots of read models, kept in their own SQLite file beside the events (`DATA_DIR/projections.db`):
 * a snapshot is a projection's state as JSON at a log position. The newest one is the checkpoint a
 * restart resumes from; older ones let "as at" start near its target instead of at the beginning.
 */
import Database from "better-sqlite3";
import { privateFile } from "../store/privateFiles.js";

export interface SnapshotMeta {
  position: number;
  recordedAt?: string;
}

export interface Snapshot<S> extends SnapshotMeta {
  state: S;
}

export interface SnapshotStore {
  save(name: string, version: number, position: number, recordedAt: string | undefined, state: unknown): void;
  /** The newest snapshot at or before `position` (by position) or `time` (by recordedAt). */
  nearest<S>(
    name: string,
    version: number,
    target?: { position?: number; time?: string },
  ): Snapshot<S> | undefined;
  list(name: string, version: number): SnapshotMeta[];
  close(): void;
}

/** The positions to drop so that `keep` are left, evenly spread: see `save`. Sorted input. */
export function thinned(positions: readonly number[], keep: number): number[] {
  const left = [...positions];
  const dropped: number[] = [];
  while (left.length > Math.max(keep, 2)) {
    let best = 1;
    for (let i = 2; i < left.length - 1; i++)
      if (left[i + 1]! - left[i - 1]! < left[best + 1]! - left[best - 1]!) best = i;
    dropped.push(...left.splice(best, 1));
  }
  return dropped;
}

/** Snapshots kept per projection version: enough for "as at" to start near any moment. */
export const SNAPSHOTS_KEPT = 40;

export function openSnapshotStore(file: string, keep = SNAPSHOTS_KEPT): SnapshotStore {
  privateFile(file);
  // The server's runner and the history builder (a worker thread) write to the same file: wait for the
  // other's transaction rather than fail.
  const db = new Database(file, { timeout: 30_000 });
  db.pragma("journal_mode = WAL");
  db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
    name TEXT NOT NULL, version INTEGER NOT NULL, position INTEGER NOT NULL, recorded_at TEXT,
    state TEXT NOT NULL, PRIMARY KEY (name, version, position))`);
  const insert = db.prepare(
    "INSERT OR REPLACE INTO snapshots (name, version, position, recorded_at, state) VALUES (?, ?, ?, ?, ?)",
  );
  const list = db.prepare<[string, number], { position: number; recorded_at: string | null }>(
    "SELECT position, recorded_at FROM snapshots WHERE name = ? AND version = ? ORDER BY position",
  );
  const byPosition = db.prepare<
    [string, number, number],
    { position: number; recorded_at: string | null; state: string }
  >(
    "SELECT * FROM snapshots WHERE name = ? AND version = ? AND position <= ? ORDER BY position DESC LIMIT 1",
  );
  const byTime = db.prepare<
    [string, number, string],
    { position: number; recorded_at: string | null; state: string }
  >(
    "SELECT * FROM snapshots WHERE name = ? AND version = ? AND recorded_at <= ? ORDER BY position DESC LIMIT 1",
  );
  const drop = db.prepare("DELETE FROM snapshots WHERE name = ? AND version = ? AND position = ?");
  const dropOtherVersions = db.prepare("DELETE FROM snapshots WHERE name = ? AND version <> ?");

  return {
    save(name, version, position, recordedAt, state) {
      dropOtherVersions.run(name, version);
      insert.run(name, version, position, recordedAt ?? null, JSON.stringify(state));
      // Thin out: past `keep`, drop the snapshot (never the oldest or the newest) whose neighbours are
      // closest together, until `keep` are left, so the history stays evenly covered and "as at" any
      // moment is at most about two spacings of folding away from a snapshot.
      const positions = list.all(name, version).map((r) => r.position);
      for (const position of thinned(positions, keep)) drop.run(name, version, position);
    },
    nearest<S>(name: string, version: number, target: { position?: number; time?: string } = {}) {
      const row =
        target.time !== undefined
          ? byTime.get(name, version, target.time)
          : byPosition.get(name, version, target.position ?? Number.MAX_SAFE_INTEGER);
      if (!row) return undefined;
      return {
        position: row.position,
        ...(row.recorded_at ? { recordedAt: row.recorded_at } : {}),
        state: JSON.parse(row.state) as S,
      };
    },
    list: (name, version) =>
      list
        .all(name, version)
        .map((r) => ({ position: r.position, ...(r.recorded_at ? { recordedAt: r.recorded_at } : {}) })),
    close: () => db.close(),
  };
}
