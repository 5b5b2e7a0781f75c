/**
 * Snapshots of read models, kept in their own SQLite file beside the events (`DATA_DIR/projections.db`):
 * a snapshot is a projection's state as JSON at a log position. The newest one is the checkpoint a
 * restart resumes from; older ones let "as at" start near its target instead of at the beginning.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

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

export function openSnapshotStore(file: string, keep = 40): SnapshotStore {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
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
      // Thin out: past `keep`, drop every other snapshot among the older half, so coverage of the
      // history stays even while the newest stay dense.
      const all = list.all(name, version);
      if (all.length > keep) {
        const older = all.slice(0, Math.floor(all.length / 2));
        for (let i = 1; i < older.length; i += 2) drop.run(name, version, older[i]!.position);
      }
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
